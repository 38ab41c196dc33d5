#include "args.h"

#include <cmath>
#include <limits>

namespace virtdesk {

namespace {

[[noreturn]] void Fail(Napi::Env env, const char* name, const char* expected) {
  throw Napi::TypeError::New(env, std::string(name) + " must be " + expected);
}

double IntegerIn(const Napi::CallbackInfo& info, size_t index, const char* name, double min,
                 double max, const char* expected) {
  Napi::Value v = info[index];
  if (!v.IsNumber()) Fail(info.Env(), name, expected);
  double d = v.As<Napi::Number>().DoubleValue();
  if (!std::isfinite(d) || std::trunc(d) != d || d < min || d > max) {
    Fail(info.Env(), name, expected);
  }
  return d;
}

}  // namespace

std::string StringArg(const Napi::CallbackInfo& info, size_t index, const char* name) {
  Napi::Value v = info[index];
  if (!v.IsString()) Fail(info.Env(), name, "a string");
  std::string s = v.As<Napi::String>().Utf8Value();
  // libvirt takes C strings; an embedded NUL would silently truncate.
  if (s.find('\0') != std::string::npos) Fail(info.Env(), name, "a string without NUL characters");
  return s;
}

bool BoolArg(const Napi::CallbackInfo& info, size_t index, const char* name) {
  Napi::Value v = info[index];
  if (!v.IsBoolean()) Fail(info.Env(), name, "a boolean");
  return v.As<Napi::Boolean>().Value();
}

uint32_t FlagsArg(const Napi::CallbackInfo& info, size_t index, const char* name) {
  return static_cast<uint32_t>(IntegerIn(info, index, name, 0,
                                         std::numeric_limits<uint32_t>::max(),
                                         "an unsigned 32-bit integer"));
}

int32_t IntArg(const Napi::CallbackInfo& info, size_t index, const char* name) {
  return static_cast<int32_t>(IntegerIn(info, index, name, std::numeric_limits<int32_t>::min(),
                                        std::numeric_limits<int32_t>::max(),
                                        "a 32-bit integer"));
}

uint32_t UintArg(const Napi::CallbackInfo& info, size_t index, const char* name) {
  return FlagsArg(info, index, name);
}

Napi::Function FunctionArg(const Napi::CallbackInfo& info, size_t index, const char* name) {
  Napi::Value v = info[index];
  if (!v.IsFunction()) Fail(info.Env(), name, "a function");
  return v.As<Napi::Function>();
}

Napi::Value RejectedPromise(Napi::Env env, Napi::Value error) {
  auto deferred = Napi::Promise::Deferred::New(env);
  deferred.Reject(error);
  return deferred.Promise();
}

}  // namespace virtdesk
