// Opening a NativeStream from a connection method (console, volume upload
// and download share this).
#pragma once

#include <libvirt/libvirt.h>
#include <napi.h>

#include <functional>

#include "connection.h"

namespace virtdesk {

// Runs on the connection's worker: given the connection and a fresh
// NONBLOCK stream, starts the transfer (virDomainOpenConsole, ...). Throws
// NativeError on failure (the caller frees the stream).
using StreamOpener = std::function<void(virConnectPtr conn, virStreamPtr st)>;

// Queues the open on the worker; the promise resolves with a NativeStream.
// `readable`/`writable` say which directions the stream carries.
Napi::Value DispatchOpenStream(Connection& self, Napi::Env env, bool readable, bool writable,
                               StreamOpener open);

}  // namespace virtdesk
