// ConnState: everything one connection owns, shared (via shared_ptr) by the
// JS wrapper object and every in-flight job, so a job can finish even after
// the wrapper was garbage-collected.
#pragma once

#include <libvirt/libvirt.h>
#include <napi.h>

#include <map>
#include <memory>
#include <string>
#include <unordered_map>
#include <vector>

#include "js-channel.h"
#include "worker-thread.h"

namespace virtdesk {

// Which libvirt registration API an event callback went through (each kind
// has its own Register/DeregisterAny pair).
enum class EventKind { Domain, Network, StoragePool, NodeDevice };

struct EventRegistration {
  EventKind kind;
  int libvirtId;  // as returned by the kind's RegisterAny
  std::shared_ptr<JsChannel> channel;
};

struct ConnState : std::enable_shared_from_this<ConnState> {
  enum class Phase { Open, Closing, Closed };

  explicit ConnState(Napi::Env env);

  // ---- worker thread only (no locking needed: one thread per connection) --
  virConnectPtr conn = nullptr;
  // Every registered event callback of any kind, by OUR id (see events.h):
  // libvirt numbers each kind's callbacks separately, so its ids may collide.
  std::map<int, EventRegistration> events;
  int nextEventId = 1;
  // Current onClose() target, if any. Its address is libvirt's opaque for
  // OnConnectionClosed (see Connection::OnClose).
  std::shared_ptr<JsChannel> closeChannel;

  // Domain handles kept from one DomainGetInfoMany to the next (the per-guest
  // stats fallback), by UUID: a tick then costs one call per guest instead of
  // a lookup, the call and a free (three round trips on a remote host).
  std::unordered_map<std::string, virDomainPtr> infoHandles;

  // Returns conn or throws "connection is closed".
  virConnectPtr RequireConn() const;
  // Deregisters event + close callbacks, then virConnectClose. Idempotent.
  void CloseOnWorker();

  // ---- JS thread only ------------------------------------------------------
  WorkerThread worker;
  // Carries job results back. Ref'd only while jobs are pending, so an idle
  // connection never keeps the process alive but a pending promise does.
  // One TSFN per connection (rather than per job) avoids creating and tearing
  // down a uv_async handle for every call; ordering of replies then also
  // matches the order of the worker queue.
  std::shared_ptr<JsChannel> replies;
  int pending = 0;
  Phase phase = Phase::Open;
  std::vector<Napi::Promise::Deferred> closeWaiters;  // close() callers

  void JobStarted(Napi::Env env);
  void JobFinished(Napi::Env env);
  // No more jobs will be submitted; release resources once replies drain.
  void MarkShuttingDown();
};

}  // namespace virtdesk
