// 64-bit integers for JS: a number while it is a safe integer (|v| <= 2^53-1,
// i.e. every real byte count up to 8 PiB), else a BigInt, so no counter is
// silently rounded (drivers do report values like 2^64 - n).
#pragma once

#include <napi.h>

#include <cstdint>

namespace virtdesk {

constexpr uint64_t kMaxSafeInteger = (uint64_t{1} << 53) - 1;

inline Napi::Value Uint64ToJs(Napi::Env env, uint64_t v) {
  if (v <= kMaxSafeInteger) return Napi::Number::New(env, static_cast<double>(v));
  return Napi::BigInt::New(env, v);
}

inline Napi::Value Int64ToJs(Napi::Env env, int64_t v) {
  uint64_t magnitude = v < 0 ? 0 - static_cast<uint64_t>(v) : static_cast<uint64_t>(v);
  if (magnitude <= kMaxSafeInteger) return Napi::Number::New(env, static_cast<double>(v));
  return Napi::BigInt::New(env, v);
}

}  // namespace virtdesk
