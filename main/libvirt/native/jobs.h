// Job plumbing: run a closure on a connection's worker thread, then settle a
// promise on the JS thread with its result.
#pragma once

#include <napi.h>

#include <functional>
#include <memory>
#include <string>

#include "conn-state.h"

namespace virtdesk {

// Built on the worker, called on the JS thread to produce the resolution
// value. Must capture only plain C++ data (no napi values).
using JsResult = std::function<Napi::Value(Napi::Env)>;

// Runs on the worker thread; may throw NativeError (e.g. ThrowLibvirtError).
using Work = std::function<JsResult(ConnState&)>;

// Optional JS-thread hook, run before the promise settles.
using AfterJob = std::function<void(Napi::Env, ConnState&, bool succeeded)>;

// JS thread. Queues `work`; the promise of `deferred` settles with its result.
void SubmitJob(Napi::Env env, const std::shared_ptr<ConnState>& state, Work work,
               Napi::Promise::Deferred deferred, AfterJob after = nullptr);

// Common JsResult builders.
JsResult ResolveUndefined();
JsResult ResolveString(std::string value);
JsResult ResolveNumber(double value);
JsResult ResolveBool(bool value);

// Copies a libvirt-allocated string and frees it; throws the libvirt error
// for `what` if it is null.
std::string TakeLibvirtString(char* s, const char* what);

}  // namespace virtdesk
