// Error values that travel from a worker thread to the JS thread.
//
// libvirt keeps its "last error" in thread-local storage, so a failure must be
// captured on the very thread that made the failing call, immediately after
// it. NativeError is a plain copy (no napi values) so it can cross threads.
#pragma once

#include <napi.h>

#include <string>

namespace virtdesk {

struct NativeError {
  std::string message;
  bool fromLibvirt = false;  // true: code/domain/level are libvirt's values
  int code = 0;              // virErrorNumber
  int domain = 0;            // virErrorDomain
  int level = 0;             // virErrorLevel

  // Copies libvirt's thread-local last error (then resets it). `what` names
  // the failed call and is used only if libvirt recorded no error.
  static NativeError FromLastLibvirtError(const char* what);
  static NativeError Plain(std::string message);

  // JS thread only. Builds an Error; libvirt errors get own properties
  // code, domain, level and libvirtError: true.
  Napi::Value ToJs(Napi::Env env) const;
};

// Throws NativeError::FromLastLibvirtError(what). Worker-thread helper.
[[noreturn]] void ThrowLibvirtError(const char* what);

// Installs a no-op global error handler so libvirt never prints to stderr.
void SilenceLibvirtErrorPrinting();

}  // namespace virtdesk
