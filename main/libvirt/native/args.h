// Argument validation for the JS-facing methods. Each helper throws a
// Napi::TypeError naming the bad argument; RejectOnThrow turns that into a
// rejected promise so every method fails the same (async) way.
#pragma once

#include <napi.h>

#include <cstdint>
#include <string>

namespace virtdesk {

std::string StringArg(const Napi::CallbackInfo& info, size_t index, const char* name);
bool BoolArg(const Napi::CallbackInfo& info, size_t index, const char* name);
// libvirt flag words are unsigned int: accept integers 0..2^32-1 only.
uint32_t FlagsArg(const Napi::CallbackInfo& info, size_t index, const char* name);
int32_t IntArg(const Napi::CallbackInfo& info, size_t index, const char* name);
uint32_t UintArg(const Napi::CallbackInfo& info, size_t index, const char* name);
Napi::Function FunctionArg(const Napi::CallbackInfo& info, size_t index, const char* name);

// A promise already rejected with `error`.
Napi::Value RejectedPromise(Napi::Env env, Napi::Value error);

// Runs `body` (which returns a promise); a thrown Napi::Error becomes a
// rejected promise instead of a synchronous throw.
template <typename Body>
Napi::Value RejectOnThrow(Napi::Env env, Body&& body) {
  try {
    return body();
  } catch (const Napi::Error& e) {
    return RejectedPromise(env, e.Value());
  }
}

}  // namespace virtdesk
