// Device hot(un)plug and live updates: (uuid, device XML, flags) where flags
// are virDomainDeviceModifyFlags (AFFECT_CURRENT 0, AFFECT_LIVE 1,
// AFFECT_CONFIG 2, FORCE 4 for update).
#include <libvirt/libvirt.h>

#include "args.h"
#include "connection.h"
#include "domain-helpers.h"
#include "errors.h"
#include "long-jobs.h"

namespace virtdesk {

namespace {

using DeviceCall = int (*)(virDomainPtr, const char*, unsigned int);

DomainFn CallWithXML(DeviceCall call, const char* what, std::string xml, unsigned int flags) {
  return [call, what, xml = std::move(xml), flags](virDomainPtr dom) {
    if (call(dom, xml.c_str(), flags) < 0) ThrowLibvirtError(what);
    return ResolveUndefined();
  };
}

Napi::Value DomainAttachDeviceFlags(Connection& self, const Napi::CallbackInfo& info) {
  Napi::Env env = info.Env();
  return RejectOnThrow(env, [&] {
    std::string uuid = StringArg(info, 0, "uuid");
    std::string xml = StringArg(info, 1, "xml");
    unsigned int flags = FlagsArg(info, 2, "flags");
    return self.Dispatch(env, WithDomain(uuid, CallWithXML(virDomainAttachDeviceFlags,
                                                           "virDomainAttachDeviceFlags",
                                                           std::move(xml), flags)));
  });
}

// A live detach asks the guest to let go and then waits for it (QEMU: up to
// 5 s before returning with the unplug still pending), so it runs on its own
// thread rather than stalling the connection's queue.
Napi::Value DomainDetachDeviceFlags(Connection& self, const Napi::CallbackInfo& info) {
  Napi::Env env = info.Env();
  return RejectOnThrow(env, [&] {
    std::string uuid = StringArg(info, 0, "uuid");
    std::string xml = StringArg(info, 1, "xml");
    unsigned int flags = FlagsArg(info, 2, "flags");
    return DispatchLongOnDomain(self, env, uuid,
                                CallWithXML(virDomainDetachDeviceFlags,
                                            "virDomainDetachDeviceFlags", std::move(xml), flags));
  });
}

Napi::Value DomainUpdateDeviceFlags(Connection& self, const Napi::CallbackInfo& info) {
  Napi::Env env = info.Env();
  return RejectOnThrow(env, [&] {
    std::string uuid = StringArg(info, 0, "uuid");
    std::string xml = StringArg(info, 1, "xml");
    unsigned int flags = FlagsArg(info, 2, "flags");
    return self.Dispatch(env, WithDomain(uuid, CallWithXML(virDomainUpdateDeviceFlags,
                                                           "virDomainUpdateDeviceFlags",
                                                           std::move(xml), flags)));
  });
}

RegisterMethods registered({
    {"domainAttachDeviceFlags", &DomainAttachDeviceFlags},
    {"domainDetachDeviceFlags", &DomainDetachDeviceFlags},
    {"domainUpdateDeviceFlags", &DomainUpdateDeviceFlags},
});

}  // namespace

}  // namespace virtdesk
