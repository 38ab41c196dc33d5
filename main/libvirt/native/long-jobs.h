// Long jobs: libvirt calls that may take many seconds (migration, managed
// save, snapshot create/revert/delete) and the job queries made while they
// run. The connection's worker runs jobs one at a time, so such a call there
// would stall every other call on the connection (stats ticks, the UI).
//
// DispatchLong runs the work on its own short-lived thread instead. It still
// settles through the connection's reply channel and counts as a pending job,
// so its promise keeps Node alive exactly as a normal job does, and close()
// or a GC of the connection object cannot cut it short: the thread holds its
// own virConnectRef (taken on the worker, the only thread that may read
// ConnState::conn), so the connection is really released when the last of
// the worker and the long jobs lets go of it.
#pragma once

#include <libvirt/libvirt.h>
#include <napi.h>

#include <functional>
#include <memory>

#include "connection.h"
#include "jobs.h"

namespace virtdesk {

// Runs on the long job's own thread. `peer` is null unless a peer was given.
// May throw NativeError (ThrowLibvirtError) like any Work.
using LongWork = std::function<JsResult(virConnectPtr conn, virConnectPtr peer)>;

// JS thread. Rejects at once if `self` (or `peer`) is closed. With a peer
// (e.g. a migration destination), a reference on the peer's connection is
// taken on the peer's own worker first. Both references are held until
// `work` returns.
Napi::Value DispatchLong(Connection& self, Napi::Env env, LongWork work,
                         Connection* peer = nullptr);

// Convenience: a long job on one domain of `self` (looked up on the long thread).
Napi::Value DispatchLongOnDomain(Connection& self, Napi::Env env, std::string uuid,
                                 std::function<JsResult(virDomainPtr dom)> fn);

}  // namespace virtdesk
