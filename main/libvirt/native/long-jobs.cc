#include "long-jobs.h"

#include <libvirt/virterror.h>
#include <pthread.h>

#include <exception>
#include <optional>
#include <thread>

#include "args.h"
#include "domain-helpers.h"
#include "errors.h"

namespace virtdesk {

namespace {

// One reference on a virConnect, dropped with virConnectClose (any thread).
struct ConnUnref {
  void operator()(virConnectPtr c) const {
    if (c != nullptr) virConnectClose(c);
  }
};
using ConnHold = std::shared_ptr<virConnect>;

// Worker thread of the connection that owns `s`: a new reference, or throws.
ConnHold RefConn(ConnState& s, const char* which) {
  if (s.conn == nullptr) {
    throw NativeError::Plain(std::string(which) + " libvirt connection is closed");
  }
  if (virConnectRef(s.conn) < 0) ThrowLibvirtError("virConnectRef");
  return ConnHold(s.conn, ConnUnref());
}

// The settled outcome, delivered through the connection's reply channel.
class LongReply : public JsTask {
 public:
  LongReply(std::shared_ptr<ConnState> state, Napi::Promise::Deferred deferred)
      : state_(std::move(state)), deferred_(deferred) {}

  JsResult result;
  std::optional<NativeError> error;

  void Run(Napi::Env env, Napi::Function) override {
    state_->JobFinished(env);
    if (error) {
      deferred_.Reject(error->ToJs(env));
      return;
    }
    try {
      deferred_.Resolve(result(env));
    } catch (const Napi::Error& e) {
      deferred_.Reject(e.Value());
    }
  }

  // Any thread; exactly once per dispatched job (it balances JobStarted).
  static void Deliver(const std::shared_ptr<ConnState>& state, std::unique_ptr<LongReply> r) {
    state->replies->Post(std::move(r));
  }

 private:
  std::shared_ptr<ConnState> state_;
  Napi::Promise::Deferred deferred_;
};

// Runs `fn`, storing its result or error in `reply`.
template <typename Fn>
void Capture(LongReply& reply, Fn&& fn) {
  virResetLastError();  // never report a stale error from an earlier call
  try {
    fn();
  } catch (const NativeError& e) {
    reply.error = e;
  } catch (const std::exception& e) {
    reply.error = NativeError::Plain(e.what());
  } catch (...) {
    reply.error = NativeError::Plain("unknown native error");
  }
}

// std::function needs copyable captures; the reply travels as a shared_ptr
// until it is handed to the channel, which wants sole ownership.
using SharedReply = std::shared_ptr<std::unique_ptr<LongReply>>;

void Fail(const std::shared_ptr<ConnState>& state, const SharedReply& reply, NativeError e) {
  (*reply)->error = std::move(e);
  LongReply::Deliver(state, std::move(*reply));
}

// Own worker: take our reference, then start the thread that does the work.
void StartOnWorker(const std::shared_ptr<ConnState>& state, const SharedReply& reply,
                   const LongWork& work, ConnHold peer) {
  ConnHold conn;
  Capture(**reply, [&] { conn = RefConn(*state, ""); });
  if ((*reply)->error) {
    LongReply::Deliver(state, std::move(*reply));
    return;
  }
  try {
    std::thread([state, reply, work, conn, peer]() mutable {
      pthread_setname_np(pthread_self(), "virt-long-job");
      LongReply& r = **reply;
      Capture(r, [&] { r.result = work(conn.get(), peer.get()); });
      // Drop the references before replying, so a close() that already
      // resolved really releases the connection by the time this settles.
      conn.reset();
      peer.reset();
      LongReply::Deliver(state, std::move(*reply));
    }).detach();
  } catch (const std::exception& e) {  // std::system_error: no thread available
    Fail(state, reply, NativeError::Plain(std::string("cannot start a thread: ") + e.what()));
  }
}

}  // namespace

Napi::Value DispatchLong(Connection& self, Napi::Env env, LongWork work, Connection* peer) {
  if (!self.IsOpen()) return self.RejectClosed(env);
  if (peer != nullptr && !peer->IsOpen()) {
    return RejectedPromise(
        env, NativeError::Plain("destination libvirt connection is closed").ToJs(env));
  }
  std::shared_ptr<ConnState> state = self.State();
  auto deferred = Napi::Promise::Deferred::New(env);
  auto reply = std::make_shared<std::unique_ptr<LongReply>>(
      std::make_unique<LongReply>(state, deferred));

  bool queued;
  if (peer == nullptr) {
    queued = state->worker.Post([state, reply, work] { StartOnWorker(state, reply, work, nullptr); });
  } else {
    // The peer's conn may only be read on the peer's worker: take the peer
    // reference there, then hop to our own worker.
    std::shared_ptr<ConnState> peerState = peer->State();
    queued = peerState->worker.Post([state, peerState, reply, work] {
      ConnHold peerConn;
      Capture(**reply, [&] { peerConn = RefConn(*peerState, "destination"); });
      if ((*reply)->error) {
        LongReply::Deliver(state, std::move(*reply));
        return;
      }
      bool posted = state->worker.Post(
          [state, reply, work, peerConn] { StartOnWorker(state, reply, work, peerConn); });
      if (!posted) Fail(state, reply, NativeError::Plain("libvirt connection is closed"));
    });
  }
  if (!queued) {
    deferred.Reject(NativeError::Plain("libvirt connection is closed").ToJs(env));
    return deferred.Promise();
  }
  state->JobStarted(env);
  return deferred.Promise();
}

Napi::Value DispatchLongOnDomain(Connection& self, Napi::Env env, std::string uuid,
                                 std::function<JsResult(virDomainPtr dom)> fn) {
  return DispatchLong(self, env,
                      [uuid = std::move(uuid), fn = std::move(fn)](virConnectPtr conn,
                                                                   virConnectPtr) {
                        return RunWithDomain(conn, uuid, fn);
                      });
}

}  // namespace virtdesk
