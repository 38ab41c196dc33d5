#include "errors.h"

#include <libvirt/virterror.h>

namespace virtdesk {

NativeError NativeError::FromLastLibvirtError(const char* what) {
  NativeError e;
  e.fromLibvirt = true;
  virErrorPtr last = virGetLastError();
  if (last != nullptr) {
    e.message = last->message != nullptr ? last->message : "unknown libvirt error";
    e.code = last->code;
    e.domain = last->domain;
    e.level = last->level;
  } else {
    // Some calls fail without recording an error; keep the shape anyway.
    e.message = std::string(what) + " failed";
    e.code = VIR_ERR_INTERNAL_ERROR;
    e.level = VIR_ERR_ERROR;
  }
  virResetLastError();
  return e;
}

NativeError NativeError::Plain(std::string message) {
  NativeError e;
  e.message = std::move(message);
  return e;
}

Napi::Value NativeError::ToJs(Napi::Env env) const {
  Napi::Object err = Napi::Error::New(env, message).Value();
  if (fromLibvirt) {
    err.Set("code", Napi::Number::New(env, code));
    err.Set("domain", Napi::Number::New(env, domain));
    err.Set("level", Napi::Number::New(env, level));
    err.Set("libvirtError", Napi::Boolean::New(env, true));
  }
  return err;
}

void ThrowLibvirtError(const char* what) {
  throw NativeError::FromLastLibvirtError(what);
}

namespace {
// libvirt's default handler prints every error to stderr. Errors are already
// reported through promise rejections, so swallow them here.
void QuietErrorHandler(void* /*userData*/, virErrorPtr /*error*/) {}
}  // namespace

void SilenceLibvirtErrorPrinting() {
  virSetErrorFunc(nullptr, QuietErrorHandler);
}

}  // namespace virtdesk
