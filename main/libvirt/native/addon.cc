// Module entry point: initialises libvirt once per process, then exports
// open(), openAuth() and libVersion(). See addon.d.ts for the JS-facing contract.
#include <libvirt/libvirt.h>
#include <napi.h>

#include "connection.h"
#include "event-loop.h"

namespace virtdesk {

namespace {

// virGetVersion is a constant lookup, no I/O: fine on the JS thread.
Napi::Value LibVersion(const Napi::CallbackInfo& info) {
  unsigned long version = 0;
  if (virGetVersion(&version, nullptr, nullptr) < 0) {
    throw Napi::Error::New(info.Env(), "virGetVersion failed");
  }
  return Napi::Number::New(info.Env(), static_cast<double>(version));
}

}  // namespace

}  // namespace virtdesk

// Global scope: NODE_API_MODULE pastes the function name into an identifier.
static Napi::Object InitVirtdeskLibvirt(Napi::Env env, Napi::Object exports) {
  using namespace virtdesk;
  // Before anything can call virConnectOpen (see event-loop.h).
  EnsureLibvirtInitialized();
  Connection::Init(env);
  exports.Set("open", Napi::Function::New<Connection::Open>(env, "open"));
  exports.Set("openAuth", Napi::Function::New<Connection::OpenAuth>(env, "openAuth"));
  exports.Set("libVersion", Napi::Function::New<LibVersion>(env, "libVersion"));
  return exports;
}

NODE_API_MODULE(virtdesk_libvirt, InitVirtdeskLibvirt)
