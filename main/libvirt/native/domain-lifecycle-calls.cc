// Lifecycle calls beyond start/stop (domain-calls.cc): reset, managed save,
// autostart.
#include <libvirt/libvirt.h>

#include "args.h"
#include "connection.h"
#include "domain-helpers.h"
#include "errors.h"
#include "long-jobs.h"

namespace virtdesk {

namespace {

Napi::Value DomainReset(Connection& self, const Napi::CallbackInfo& info) {
  Napi::Env env = info.Env();
  return RejectOnThrow(env, [&] {
    std::string uuid = StringArg(info, 0, "uuid");
    return self.Dispatch(env, WithDomain(uuid, [](virDomainPtr dom) {
      if (virDomainReset(dom, 0) < 0) ThrowLibvirtError("virDomainReset");
      return ResolveUndefined();
    }));
  });
}

// Writing the guest's RAM to disk takes as long as the disk needs: a long job.
Napi::Value DomainManagedSave(Connection& self, const Napi::CallbackInfo& info) {
  Napi::Env env = info.Env();
  return RejectOnThrow(env, [&] {
    std::string uuid = StringArg(info, 0, "uuid");
    unsigned int flags = FlagsArg(info, 1, "flags");
    return DispatchLongOnDomain(self, env, uuid, [flags](virDomainPtr dom) {
      if (virDomainManagedSave(dom, flags) < 0) ThrowLibvirtError("virDomainManagedSave");
      return ResolveUndefined();
    });
  });
}

Napi::Value DomainHasManagedSaveImage(Connection& self, const Napi::CallbackInfo& info) {
  Napi::Env env = info.Env();
  return RejectOnThrow(env, [&] {
    std::string uuid = StringArg(info, 0, "uuid");
    return self.Dispatch(env, WithDomain(uuid, [](virDomainPtr dom) {
      int has = virDomainHasManagedSaveImage(dom, 0);
      if (has < 0) ThrowLibvirtError("virDomainHasManagedSaveImage");
      return ResolveBool(has == 1);
    }));
  });
}

Napi::Value DomainManagedSaveRemove(Connection& self, const Napi::CallbackInfo& info) {
  Napi::Env env = info.Env();
  return RejectOnThrow(env, [&] {
    std::string uuid = StringArg(info, 0, "uuid");
    return self.Dispatch(env, WithDomain(uuid, [](virDomainPtr dom) {
      if (virDomainManagedSaveRemove(dom, 0) < 0) ThrowLibvirtError("virDomainManagedSaveRemove");
      return ResolveUndefined();
    }));
  });
}

Napi::Value DomainGetAutostart(Connection& self, const Napi::CallbackInfo& info) {
  Napi::Env env = info.Env();
  return RejectOnThrow(env, [&] {
    std::string uuid = StringArg(info, 0, "uuid");
    return self.Dispatch(env, WithDomain(uuid, [](virDomainPtr dom) {
      int autostart = 0;
      if (virDomainGetAutostart(dom, &autostart) < 0) ThrowLibvirtError("virDomainGetAutostart");
      return ResolveBool(autostart != 0);
    }));
  });
}

Napi::Value DomainSetAutostart(Connection& self, const Napi::CallbackInfo& info) {
  Napi::Env env = info.Env();
  return RejectOnThrow(env, [&] {
    std::string uuid = StringArg(info, 0, "uuid");
    bool autostart = BoolArg(info, 1, "autostart");
    return self.Dispatch(env, WithDomain(uuid, [autostart](virDomainPtr dom) {
      if (virDomainSetAutostart(dom, autostart ? 1 : 0) < 0) {
        ThrowLibvirtError("virDomainSetAutostart");
      }
      return ResolveUndefined();
    }));
  });
}

RegisterMethods registered({
    {"domainReset", &DomainReset},
    {"domainManagedSave", &DomainManagedSave},
    {"domainHasManagedSaveImage", &DomainHasManagedSaveImage},
    {"domainManagedSaveRemove", &DomainManagedSaveRemove},
    {"domainGetAutostart", &DomainGetAutostart},
    {"domainSetAutostart", &DomainSetAutostart},
});

}  // namespace

}  // namespace virtdesk
