// Persistent-definition calls: define with flags, metadata, rename.
#include <libvirt/libvirt.h>

#include <optional>

#include "args.h"
#include "connection.h"
#include "domain-helpers.h"
#include "errors.h"

namespace virtdesk {

namespace {

const char* CStrOrNull(const std::optional<std::string>& s) {
  return s ? s->c_str() : nullptr;
}

Napi::Value DomainDefineXMLFlags(Connection& self, const Napi::CallbackInfo& info) {
  Napi::Env env = info.Env();
  return RejectOnThrow(env, [&] {
    std::string xml = StringArg(info, 0, "xml");
    unsigned int flags = FlagsArg(info, 1, "flags");
    return self.Dispatch(env, [xml, flags](ConnState& s) {
      virDomainPtr raw = virDomainDefineXMLFlags(s.RequireConn(), xml.c_str(), flags);
      if (raw == nullptr) ThrowLibvirtError("virDomainDefineXMLFlags");
      DomainRef dom(raw);
      return ResolveDomainInfoOf(dom.get());
    });
  });
}

Napi::Value DomainGetMetadata(Connection& self, const Napi::CallbackInfo& info) {
  Napi::Env env = info.Env();
  return RejectOnThrow(env, [&] {
    std::string uuid = StringArg(info, 0, "uuid");
    int type = IntArg(info, 1, "type");
    std::optional<std::string> uri = OptionalStringArg(info, 2, "uri");
    unsigned int flags = FlagsArg(info, 3, "flags");
    return self.Dispatch(env, WithDomain(uuid, [type, uri, flags](virDomainPtr dom) {
      return ResolveString(TakeLibvirtString(
          virDomainGetMetadata(dom, type, CStrOrNull(uri), flags), "virDomainGetMetadata"));
    }));
  });
}

Napi::Value DomainSetMetadata(Connection& self, const Napi::CallbackInfo& info) {
  Napi::Env env = info.Env();
  return RejectOnThrow(env, [&] {
    std::string uuid = StringArg(info, 0, "uuid");
    int type = IntArg(info, 1, "type");
    std::optional<std::string> value = OptionalStringArg(info, 2, "metadata");
    std::optional<std::string> key = OptionalStringArg(info, 3, "key");
    std::optional<std::string> uri = OptionalStringArg(info, 4, "uri");
    unsigned int flags = FlagsArg(info, 5, "flags");
    return self.Dispatch(env, WithDomain(uuid, [type, value, key, uri, flags](virDomainPtr dom) {
      if (virDomainSetMetadata(dom, type, CStrOrNull(value), CStrOrNull(key), CStrOrNull(uri),
                               flags) < 0) {
        ThrowLibvirtError("virDomainSetMetadata");
      }
      return ResolveUndefined();
    }));
  });
}

Napi::Value DomainRename(Connection& self, const Napi::CallbackInfo& info) {
  Napi::Env env = info.Env();
  return RejectOnThrow(env, [&] {
    std::string uuid = StringArg(info, 0, "uuid");
    std::string newName = StringArg(info, 1, "newName");
    unsigned int flags = FlagsArg(info, 2, "flags");
    return self.Dispatch(env, WithDomain(uuid, [newName, flags](virDomainPtr dom) {
      if (virDomainRename(dom, newName.c_str(), flags) < 0) ThrowLibvirtError("virDomainRename");
      return ResolveUndefined();
    }));
  });
}

RegisterMethods registered({
    {"domainDefineXMLFlags", &DomainDefineXMLFlags},
    {"domainGetMetadata", &DomainGetMetadata},
    {"domainSetMetadata", &DomainSetMetadata},
    {"domainRename", &DomainRename},
});

}  // namespace

}  // namespace virtdesk
