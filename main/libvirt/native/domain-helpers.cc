#include "domain-helpers.h"

#include <cmath>

#include "args.h"
#include "errors.h"

namespace virtdesk {

namespace {
constexpr uint64_t kMaxSafeInteger = 9007199254740992ULL;  // 2^53
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

uint64_t U64Arg(const Napi::CallbackInfo& info, size_t index, const char* name) {
  Napi::Value v = info[index];
  auto fail = [&]() {
    throw Napi::TypeError::New(
        info.Env(), std::string(name) + " must be a non-negative integer (number or bigint)");
  };
  if (v.IsBigInt()) {
    bool lossless = false;
    uint64_t u = v.As<Napi::BigInt>().Uint64Value(&lossless);
    if (!lossless) fail();  // negative or wider than 64 bits
    return u;
  }
  if (!v.IsNumber()) fail();
  double d = v.As<Napi::Number>().DoubleValue();
  if (!std::isfinite(d) || std::trunc(d) != d || d < 0 || d > static_cast<double>(kMaxSafeInteger)) {
    fail();
  }
  return static_cast<uint64_t>(d);
}

Napi::Value U64ToJs(Napi::Env env, uint64_t v) {
  if (v <= kMaxSafeInteger) return Napi::Number::New(env, static_cast<double>(v));
  return Napi::BigInt::New(env, v);
}

Napi::Value I64ToJs(Napi::Env env, int64_t v) {
  if (v <= static_cast<int64_t>(kMaxSafeInteger) && v >= -static_cast<int64_t>(kMaxSafeInteger)) {
    return Napi::Number::New(env, static_cast<double>(v));
  }
  return Napi::BigInt::New(env, v);
}

}  // namespace virtdesk
