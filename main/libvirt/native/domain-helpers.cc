#include "domain-helpers.h"

#include <cmath>

#include "args.h"
#include "errors.h"

namespace virtdesk {

namespace {
}

JsResult RunWithDomain(virConnectPtr conn, const std::string& uuid, const DomainFn& fn) {
  DomainRef dom = LookupDomainByUUID(conn, uuid);
  return fn(dom.get());
}

Work WithDomain(std::string uuid, DomainFn fn) {
  return [uuid = std::move(uuid), fn = std::move(fn)](ConnState& s) {
    return RunWithDomain(s.RequireConn(), uuid, fn);
  };
}

JsResult ResolveDomainInfoOf(virDomainPtr dom) {
  return [info = ReadDomainInfo(dom)](Napi::Env env) -> Napi::Value {
    return DomainInfoToJs(env, info);
  };
}

std::optional<std::string> OptionalStringArg(const Napi::CallbackInfo& info, size_t index,
                                             const char* name) {
  Napi::Value v = info[index];
  if (v.IsNull() || v.IsUndefined()) return std::nullopt;
  if (!v.IsString()) {
    throw Napi::TypeError::New(info.Env(), std::string(name) + " must be a string or null");
  }
  return StringArg(info, index, name);
}


}  // namespace virtdesk
