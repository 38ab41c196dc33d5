#include "args-ext.h"

#include <cmath>

namespace virtdesk {

namespace {

[[noreturn]] void Fail(Napi::Env env, const char* name, const char* expected) {
  throw Napi::TypeError::New(env, std::string(name) + " must be " + expected);
}

}  // namespace

std::optional<std::string> NullableStringArg(const Napi::CallbackInfo& info, size_t index,
                                             const char* name) {
  Napi::Value v = info[index];
  if (v.IsNull()) return std::nullopt;
  if (!v.IsString()) Fail(info.Env(), name, "a string or null");
  std::string s = v.As<Napi::String>().Utf8Value();
  if (s.find('\0') != std::string::npos) Fail(info.Env(), name, "a string without NUL characters");
  return s;
}

uint64_t U64Arg(const Napi::CallbackInfo& info, size_t index, const char* name) {
  constexpr const char* expected = "a non-negative integer (number <= 2^53-1 or bigint < 2^64)";
  Napi::Value v = info[index];
  if (v.IsBigInt()) {
    bool lossless = false;
    uint64_t value = v.As<Napi::BigInt>().Uint64Value(&lossless);
    if (!lossless) Fail(info.Env(), name, expected);  // negative or >= 2^64
    return value;
  }
  if (!v.IsNumber()) Fail(info.Env(), name, expected);
  double d = v.As<Napi::Number>().DoubleValue();
  if (!std::isfinite(d) || std::trunc(d) != d || d < 0 || d > 9007199254740991.0) {
    Fail(info.Env(), name, expected);
  }
  return static_cast<uint64_t>(d);
}

std::vector<std::string> StringArrayArg(const Napi::CallbackInfo& info, size_t index, const char* name) {
  if (!info[index].IsArray()) Fail(info.Env(), name, "an array of strings");
  Napi::Array array = info[index].As<Napi::Array>();
  std::vector<std::string> out;
  out.reserve(array.Length());
  for (uint32_t i = 0; i < array.Length(); i++) {
    Napi::Value v = array.Get(i);
    if (!v.IsString()) Fail(info.Env(), name, "an array of strings");
    out.push_back(v.As<Napi::String>().Utf8Value());
  }
  return out;
}

std::vector<char> BytesArg(const Napi::CallbackInfo& info, size_t index, const char* name) {
  Napi::Value v = info[index];
  if (!v.IsTypedArray() || v.As<Napi::TypedArray>().TypedArrayType() != napi_uint8_array) {
    Fail(info.Env(), name, "a Buffer or Uint8Array");
  }
  auto bytes = v.As<Napi::Uint8Array>();
  const char* data = reinterpret_cast<const char*>(bytes.Data());
  return std::vector<char>(data, data + bytes.ByteLength());
}

}  // namespace virtdesk
