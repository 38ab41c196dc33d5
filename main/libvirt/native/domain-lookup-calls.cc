// Domain lookups other than by UUID (that one is domainInfo in domain-calls.cc).
#include <libvirt/libvirt.h>

#include "args.h"
#include "connection.h"
#include "domain-helpers.h"
#include "errors.h"

namespace virtdesk {

namespace {

Napi::Value DomainLookupByName(Connection& self, const Napi::CallbackInfo& info) {
  Napi::Env env = info.Env();
  return RejectOnThrow(env, [&] {
    std::string name = StringArg(info, 0, "name");
    return self.Dispatch(env, [name](ConnState& s) {
      virDomainPtr raw = virDomainLookupByName(s.RequireConn(), name.c_str());
      if (raw == nullptr) ThrowLibvirtError("virDomainLookupByName");
      DomainRef dom(raw);
      return ResolveDomainInfoOf(dom.get());
    });
  });
}

Napi::Value DomainLookupByID(Connection& self, const Napi::CallbackInfo& info) {
  Napi::Env env = info.Env();
  return RejectOnThrow(env, [&] {
    int id = IntArg(info, 0, "id");
    return self.Dispatch(env, [id](ConnState& s) {
      virDomainPtr raw = virDomainLookupByID(s.RequireConn(), id);
      if (raw == nullptr) ThrowLibvirtError("virDomainLookupByID");
      DomainRef dom(raw);
      return ResolveDomainInfoOf(dom.get());
    });
  });
}

RegisterMethods registered({
    {"domainLookupByName", &DomainLookupByName},
    {"domainLookupByID", &DomainLookupByID},
});

}  // namespace

}  // namespace virtdesk
