// Domain methods. Each is one job: look up by UUID, call, free the handle.
#include <libvirt/libvirt.h>
#include <libvirt/virterror.h>

#include "args.h"
#include "connection.h"
#include "domain-info.h"
#include "errors.h"

namespace virtdesk {

namespace {

// Shape shared by the "(uuid, flags) -> void" style actions.
using DomainAction = int (*)(virDomainPtr dom, unsigned int flags);

Work RunDomainAction(std::string uuid, unsigned int flags, DomainAction action,
                     const char* what) {
  return [uuid = std::move(uuid), flags, action, what](ConnState& s) {
    DomainRef dom = LookupDomainByUUID(s.RequireConn(), uuid);
    if (action(dom.get(), flags) < 0) ThrowLibvirtError(what);
    return ResolveUndefined();
  };
}

int Suspend(virDomainPtr dom, unsigned int) { return virDomainSuspend(dom); }
int Resume(virDomainPtr dom, unsigned int) { return virDomainResume(dom); }

JsResult ResolveDomainInfo(virtdesk::DomainInfo info) {
  return [info = std::move(info)](Napi::Env env) -> Napi::Value {
    return DomainInfoToJs(env, info);
  };
}

}  // namespace

Napi::Value Connection::DomainInfo(const Napi::CallbackInfo& info) {
  Napi::Env env = info.Env();
  return RejectOnThrow(env, [&] {
    std::string uuid = StringArg(info, 0, "uuid");
    return Dispatch(env, [uuid](ConnState& s) {
      DomainRef dom = LookupDomainByUUID(s.RequireConn(), uuid);
      return ResolveDomainInfo(ReadDomainInfo(dom.get()));
    });
  });
}

Napi::Value Connection::DomainGetXMLDesc(const Napi::CallbackInfo& info) {
  Napi::Env env = info.Env();
  return RejectOnThrow(env, [&] {
    std::string uuid = StringArg(info, 0, "uuid");
    unsigned int flags = FlagsArg(info, 1, "flags");
    return Dispatch(env, [uuid, flags](ConnState& s) {
      DomainRef dom = LookupDomainByUUID(s.RequireConn(), uuid);
      return ResolveString(
          TakeLibvirtString(virDomainGetXMLDesc(dom.get(), flags), "virDomainGetXMLDesc"));
    });
  });
}

Napi::Value Connection::DomainDefineXML(const Napi::CallbackInfo& info) {
  Napi::Env env = info.Env();
  return RejectOnThrow(env, [&] {
    std::string xml = StringArg(info, 0, "xml");
    return Dispatch(env, [xml](ConnState& s) {
      virDomainPtr raw = virDomainDefineXML(s.RequireConn(), xml.c_str());
      if (raw == nullptr) ThrowLibvirtError("virDomainDefineXML");
      DomainRef dom(raw);
      return ResolveDomainInfo(ReadDomainInfo(dom.get()));
    });
  });
}

// The (uuid, flags) actions differ only in the libvirt function they call.
#define VIRTDESK_DOMAIN_ACTION(Method, LibvirtFn)                                   \
  Napi::Value Connection::Method(const Napi::CallbackInfo& info) {                  \
    Napi::Env env = info.Env();                                                     \
    return RejectOnThrow(env, [&] {                                                 \
      std::string uuid = StringArg(info, 0, "uuid");                                \
      unsigned int flags = FlagsArg(info, 1, "flags");                              \
      return Dispatch(env, RunDomainAction(std::move(uuid), flags, LibvirtFn, #LibvirtFn)); \
    });                                                                             \
  }

VIRTDESK_DOMAIN_ACTION(DomainCreate, virDomainCreateWithFlags)
VIRTDESK_DOMAIN_ACTION(DomainShutdown, virDomainShutdownFlags)
VIRTDESK_DOMAIN_ACTION(DomainReboot, virDomainReboot)
VIRTDESK_DOMAIN_ACTION(DomainDestroy, virDomainDestroyFlags)
VIRTDESK_DOMAIN_ACTION(DomainUndefine, virDomainUndefineFlags)
#undef VIRTDESK_DOMAIN_ACTION

Napi::Value Connection::DomainSuspend(const Napi::CallbackInfo& info) {
  Napi::Env env = info.Env();
  return RejectOnThrow(env, [&] {
    std::string uuid = StringArg(info, 0, "uuid");
    return Dispatch(env, RunDomainAction(std::move(uuid), 0, Suspend, "virDomainSuspend"));
  });
}

Napi::Value Connection::DomainResume(const Napi::CallbackInfo& info) {
  Napi::Env env = info.Env();
  return RejectOnThrow(env, [&] {
    std::string uuid = StringArg(info, 0, "uuid");
    return Dispatch(env, RunDomainAction(std::move(uuid), 0, Resume, "virDomainResume"));
  });
}

}  // namespace virtdesk
