// Connection-level methods (no domain involved).
#include <libvirt/libvirt.h>
#include <libvirt/virterror.h>

#include <cstdlib>
#include <vector>

#include "args.h"
#include "connection.h"
#include "domain-info.h"
#include "errors.h"

namespace virtdesk {

Napi::Value Connection::GetURI(const Napi::CallbackInfo& info) {
  return Dispatch(info.Env(), [](ConnState& s) {
    return ResolveString(TakeLibvirtString(virConnectGetURI(s.RequireConn()), "virConnectGetURI"));
  });
}

Napi::Value Connection::GetHostname(const Napi::CallbackInfo& info) {
  return Dispatch(info.Env(), [](ConnState& s) {
    return ResolveString(
        TakeLibvirtString(virConnectGetHostname(s.RequireConn()), "virConnectGetHostname"));
  });
}

Napi::Value Connection::GetLibVersion(const Napi::CallbackInfo& info) {
  return Dispatch(info.Env(), [](ConnState& s) {
    unsigned long version = 0;
    if (virConnectGetLibVersion(s.RequireConn(), &version) < 0) {
      ThrowLibvirtError("virConnectGetLibVersion");
    }
    return ResolveNumber(static_cast<double>(version));
  });
}

Napi::Value Connection::IsAlive(const Napi::CallbackInfo& info) {
  return Dispatch(info.Env(), [](ConnState& s) {
    int alive = virConnectIsAlive(s.RequireConn());
    if (alive < 0) ThrowLibvirtError("virConnectIsAlive");
    return ResolveBool(alive == 1);
  });
}

Napi::Value Connection::SetKeepAlive(const Napi::CallbackInfo& info) {
  Napi::Env env = info.Env();
  return RejectOnThrow(env, [&] {
    int interval = IntArg(info, 0, "intervalSec");
    unsigned int count = UintArg(info, 1, "count");
    return Dispatch(env, [interval, count](ConnState& s) {
      // Returns 1 when the peer has no keepalive support: not an error.
      if (virConnectSetKeepAlive(s.RequireConn(), interval, count) < 0) {
        ThrowLibvirtError("virConnectSetKeepAlive");
      }
      return ResolveUndefined();
    });
  });
}

Napi::Value Connection::ListAllDomains(const Napi::CallbackInfo& info) {
  Napi::Env env = info.Env();
  return RejectOnThrow(env, [&] {
    unsigned int flags = FlagsArg(info, 0, "flags");
    return Dispatch(env, [flags](ConnState& s) -> JsResult {
      virDomainPtr* raw = nullptr;
      int n = virConnectListAllDomains(s.RequireConn(), &raw, flags);
      if (n < 0) ThrowLibvirtError("virConnectListAllDomains");
      // Take ownership of every handle before anything can throw.
      std::vector<DomainRef> domains;
      domains.reserve(n);
      for (int i = 0; i < n; i++) domains.emplace_back(raw[i]);
      free(raw);

      std::vector<virtdesk::DomainInfo> infos;
      infos.reserve(n);
      for (auto& dom : domains) {
        try {
          infos.push_back(ReadDomainInfo(dom.get()));
        } catch (const NativeError& e) {
          // Undefined/destroyed between listing and reading: just skip it.
          if (e.code == VIR_ERR_NO_DOMAIN) continue;
          throw;
        }
      }
      return [infos = std::move(infos)](Napi::Env env) -> Napi::Value {
        Napi::Array array = Napi::Array::New(env, infos.size());
        for (size_t i = 0; i < infos.size(); i++) array.Set(i, DomainInfoToJs(env, infos[i]));
        return array;
      };
    });
  });
}

}  // namespace virtdesk
