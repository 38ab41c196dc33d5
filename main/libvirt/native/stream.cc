#include "stream.h"

#include <algorithm>
#include <map>
#include <mutex>

#include "args-ext.h"
#include "args.h"

namespace virtdesk {

namespace {

// ---- class registration ----------------------------------------------------
// The env's instance-data slot belongs to connection.cc, so the constructor
// is kept in a per-env map, dropped by an env cleanup hook.

std::mutex classesMu;
std::map<napi_env, Napi::FunctionReference*> classes;

struct NewStreamArgs {
  std::shared_ptr<StreamCore> core;
};

// ---- connection watch --------------------------------------------------------
// A stream holds its own reference to the libvirt connection (virStreamNew
// takes one), so close() on the NativeConnection would not stop it: the
// socket would stay open until the stream ends. To end streams with their
// connection, one waiter per connection is added to ConnState::closeWaiters,
// which close() settles once the connection is closed; it then aborts the
// connection's live streams with an error. (JS thread only, hence
// thread_local: every env has its own JS thread.)

struct ConnWatch {
  std::weak_ptr<ConnState> owner;  // tells a reused address from the original
  std::vector<std::weak_ptr<StreamCore>> streams;
};

thread_local std::map<const ConnState*, ConnWatch> watches;

void AbortStreams(std::vector<std::weak_ptr<StreamCore>> streams) {
  for (auto& weak : streams) {
    std::shared_ptr<StreamCore> core = weak.lock();
    if (core && core->sink != nullptr) static_cast<NativeStream*>(core->sink)->ConnectionClosed();
  }
}

void StreamsConnectionClosed(const ConnState* key) {
  auto it = watches.find(key);
  if (it == watches.end()) return;
  auto streams = std::move(it->second.streams);
  watches.erase(it);
  AbortStreams(std::move(streams));
}

void WatchConnection(Napi::Env env, const std::shared_ptr<ConnState>& conn,
                     const std::shared_ptr<StreamCore>& core) {
  if (conn->phase == ConnState::Phase::Closed) {
    AbortStreams({core});
    return;
  }
  const ConnState* key = conn.get();
  auto it = watches.find(key);
  if (it != watches.end() && it->second.owner.expired()) {
    watches.erase(it);  // a previous connection at the same address
    it = watches.end();
  }
  if (it == watches.end()) {
    auto waiter = Napi::Promise::Deferred::New(env);
    conn->closeWaiters.push_back(waiter);
    waiter.Promise().Then(Napi::Function::New(env, [key](const Napi::CallbackInfo&) {
      StreamsConnectionClosed(key);
    }));
    it = watches.emplace(key, ConnWatch{conn, {}}).first;
  }
  auto& streams = it->second.streams;
  streams.erase(std::remove_if(streams.begin(), streams.end(),
                               [](const std::weak_ptr<StreamCore>& w) { return w.expired(); }),
                streams.end());
  streams.push_back(core);
}

Napi::Value PlainError(Napi::Env env, const std::string& message) {
  return NativeError::Plain(message).ToJs(env);
}

}  // namespace

Napi::Object NativeStream::New(Napi::Env env, std::shared_ptr<StreamCore> core,
                               std::shared_ptr<ConnState> conn) {
  Napi::Function cls;
  {
    std::lock_guard<std::mutex> lock(classesMu);
    auto it = classes.find(env);
    if (it == classes.end()) {
      Napi::Function defined = DefineClass(
          env, "NativeStream",
          {
              InstanceMethod<&NativeStream::OnData>("onData"),
              InstanceMethod<&NativeStream::OnEnd>("onEnd"),
              InstanceMethod<&NativeStream::OnError>("onError"),
              InstanceMethod<&NativeStream::Write>("write"),
              InstanceMethod<&NativeStream::Pause>("pause"),
              InstanceMethod<&NativeStream::Resume>("resume"),
              InstanceMethod<&NativeStream::IsPaused>("isPaused"),
              InstanceMethod<&NativeStream::Finish>("finish"),
              InstanceMethod<&NativeStream::Abort>("abort"),
          });
      auto* ref = new Napi::FunctionReference(Napi::Persistent(defined));
      it = classes.emplace(env, ref).first;
      napi_add_env_cleanup_hook(
          env,
          [](void* arg) {
            std::lock_guard<std::mutex> lock(classesMu);
            auto found = classes.find(static_cast<napi_env>(arg));
            if (found == classes.end()) return;
            delete found->second;
            classes.erase(found);
          },
          static_cast<napi_env>(env));
    }
    cls = it->second->Value();
  }
  auto external = Napi::External<NewStreamArgs>::New(
      env, new NewStreamArgs{core}, [](Napi::Env, NewStreamArgs* p) { delete p; });
  Napi::Object object = cls.New({external});
  WatchConnection(env, conn, core);
  return object;
}

NativeStream::NativeStream(const Napi::CallbackInfo& info) : Napi::ObjectWrap<NativeStream>(info) {
  if (info.Length() != 1 || !info[0].IsExternal()) {
    throw Napi::TypeError::New(info.Env(), "NativeStream cannot be constructed directly");
  }
  core_ = info[0].As<Napi::External<NewStreamArgs>>().Data()->core;
  core_->sink = this;
}

NativeStream::~NativeStream() {
  // GC (or env teardown) without finish/abort: release the stream. Only
  // thread-safe requests here, no JS.
  core_->sink = nullptr;
  if (terminal_ == Terminal::Open) core_->RequestAbort(std::nullopt);
}

// ---- listeners -----------------------------------------------------------------

void NativeStream::RequestRead() {
  core_->SetWantRead(terminal_ == Terminal::Open && !paused_ && !onData_.IsEmpty());
}

Napi::Value NativeStream::OnData(const Napi::CallbackInfo& info) {
  onData_ = Napi::Persistent(FunctionArg(info, 0, "cb"));
  RequestRead();
  ScheduleFlush(info.Env());  // never call back synchronously from here
  UpdateLiveness(info.Env());
  return info.Env().Undefined();
}

Napi::Value NativeStream::OnEnd(const Napi::CallbackInfo& info) {
  onEnd_ = Napi::Persistent(FunctionArg(info, 0, "cb"));
  return info.Env().Undefined();
}

Napi::Value NativeStream::OnError(const Napi::CallbackInfo& info) {
  onError_ = Napi::Persistent(FunctionArg(info, 0, "cb"));
  return info.Env().Undefined();
}

Napi::Value NativeStream::Pause(const Napi::CallbackInfo& info) {
  paused_ = true;
  RequestRead();
  UpdateLiveness(info.Env());
  return info.Env().Undefined();
}

Napi::Value NativeStream::Resume(const Napi::CallbackInfo& info) {
  paused_ = false;
  RequestRead();
  ScheduleFlush(info.Env());
  UpdateLiveness(info.Env());
  return info.Env().Undefined();
}

Napi::Value NativeStream::IsPaused(const Napi::CallbackInfo& info) {
  return Napi::Boolean::New(info.Env(), paused_);
}

// ---- delivery ------------------------------------------------------------------

void NativeStream::OnChunk(Napi::Env env, std::vector<char> chunk) {
  if (request_ == Request::Abort) {
    // Read before the abort reached the event loop: nobody wants it now.
    core_->Consumed(chunk.size() + StreamCore::kChunkOverhead);
    return;
  }
  inbox_.push_back(std::move(chunk));
  Pump(env);
}

void NativeStream::ScheduleFlush(Napi::Env env) {
  if (flushScheduled_) return;
  flushScheduled_ = true;
  // A microtask, like process.nextTick for Node streams: listeners never run
  // inside onData()/resume() themselves, so onEnd registered right after
  // onData is never missed.
  std::weak_ptr<StreamCore> weak = core_;
  auto ready = Napi::Promise::Deferred::New(env);
  ready.Resolve(env.Undefined());
  ready.Promise().Then(Napi::Function::New(env, [weak](const Napi::CallbackInfo& info) {
    std::shared_ptr<StreamCore> core = weak.lock();
    if (core && core->sink != nullptr) static_cast<NativeStream*>(core->sink)->Flush(info.Env());
  }));
}

void NativeStream::Flush(Napi::Env env) {
  flushScheduled_ = false;
  Pump(env);
}

void NativeStream::Pump(Napi::Env env) {
  if (pumping_) return;  // a listener called back into us: the outer loop continues
  pumping_ = true;
  try {
    while (!paused_ && !inbox_.empty() && !onData_.IsEmpty()) {
      std::vector<char> chunk = std::move(inbox_.front());
      inbox_.pop_front();
      core_->Consumed(chunk.size() + StreamCore::kChunkOverhead);
      onData_.Call({Napi::Buffer<char>::Copy(env, chunk.data(), chunk.size())});
    }
    if (endQueued_ && !paused_ && inbox_.empty()) {
      endQueued_ = false;
      if (!onEnd_.IsEmpty()) onEnd_.Call({});
    }
  } catch (...) {
    // A listener threw: it surfaces as an uncaught exception (like a throwing
    // EventEmitter listener); what is left is delivered on the next turn.
    pumping_ = false;
    if (!inbox_.empty() || endQueued_) ScheduleFlush(env);
    throw;
  }
  pumping_ = false;
}

// ---- writing and closing ---------------------------------------------------------

Napi::Value NativeStream::ClosedError(Napi::Env env, const char* what) const {
  switch (terminal_) {
    case Terminal::Ended:
      return PlainError(env, std::string(what) + ": the stream has ended");
    case Terminal::Finished:
      return PlainError(env, std::string(what) + ": the stream is finished");
    case Terminal::Aborted:
      return PlainError(env, std::string(what) + ": the stream was aborted");
    case Terminal::Failed:
      return terminalError_ ? terminalError_->ToJs(env)
                            : PlainError(env, std::string(what) + ": the stream failed");
    case Terminal::Open:
      break;
  }
  return PlainError(env, std::string(what) + (request_ == Request::Abort
                                                  ? ": the stream is being aborted"
                                                  : ": the stream is being finished"));
}

Napi::Value NativeStream::Write(const Napi::CallbackInfo& info) {
  Napi::Env env = info.Env();
  return RejectOnThrow(env, [&]() -> Napi::Value {
    std::vector<char> bytes = BytesArg(info, 0, "chunk");
    if (!core_->Writable()) {
      return RejectedPromise(env, PlainError(env, "write(): this stream is read-only"));
    }
    if (terminal_ != Terminal::Open || request_ != Request::None) {
      return RejectedPromise(env, ClosedError(env, "write()"));
    }
    auto deferred = Napi::Promise::Deferred::New(env);
    uint64_t id = nextWriteId_++;
    writes_.emplace(id, deferred);
    core_->QueueWrite(id, std::move(bytes));
    UpdateLiveness(env);
    return deferred.Promise();
  });
}

void NativeStream::OnWriteDone(Napi::Env env, uint64_t id) {
  auto it = writes_.find(id);
  if (it == writes_.end()) return;
  Napi::Promise::Deferred deferred = it->second;
  writes_.erase(it);
  UpdateLiveness(env);
  deferred.Resolve(env.Undefined());
}

Napi::Value NativeStream::Finish(const Napi::CallbackInfo& info) {
  Napi::Env env = info.Env();
  auto deferred = Napi::Promise::Deferred::New(env);
  switch (terminal_) {
    case Terminal::Ended:
    case Terminal::Finished:
      deferred.Resolve(env.Undefined());
      return deferred.Promise();
    case Terminal::Aborted:
    case Terminal::Failed:
      deferred.Reject(ClosedError(env, "finish()"));
      return deferred.Promise();
    case Terminal::Open:
      break;
  }
  finishWaiters_.push_back(deferred);
  if (request_ == Request::None) {
    request_ = Request::Finish;
    core_->RequestFinish();  // after the queued writes
  }
  UpdateLiveness(env);
  return deferred.Promise();
}

Napi::Value NativeStream::Abort(const Napi::CallbackInfo& info) {
  Napi::Env env = info.Env();
  auto deferred = Napi::Promise::Deferred::New(env);
  if (terminal_ != Terminal::Open) {
    deferred.Resolve(env.Undefined());
    return deferred.Promise();
  }
  abortWaiters_.push_back(deferred);
  if (request_ != Request::Abort) {
    // Also overrides a finish() still waiting for its writes. No onData or
    // onEnd after abort(), not even for what was already read.
    request_ = Request::Abort;
    inbox_.clear();
    endQueued_ = false;
    core_->RequestAbort(std::nullopt);
  }
  UpdateLiveness(env);
  return deferred.Promise();
}

void NativeStream::ConnectionClosed() {
  if (terminal_ != Terminal::Open) return;
  request_ = Request::Abort;
  inbox_.clear();
  core_->RequestAbort(NativeError::Plain("libvirt connection was closed (close() was called)"));
}

void NativeStream::OnTerminated(Napi::Env env, StreamOutcome outcome) {
  bool failed = outcome.error.has_value();
  switch (outcome.ending) {
    case StreamEnding::Eof:
      terminal_ = failed ? Terminal::Failed : Terminal::Ended;
      break;
    case StreamEnding::Finished:
      terminal_ = failed ? Terminal::Failed : Terminal::Finished;
      break;
    case StreamEnding::Aborted:
      terminal_ = Terminal::Aborted;
      break;
    case StreamEnding::Failed:
      terminal_ = Terminal::Failed;
      break;
  }
  terminalError_ = outcome.error;

  // Take every pending promise first: listeners may call back into us.
  auto writes = std::move(writes_);
  writes_.clear();
  auto finishWaiters = std::move(finishWaiters_);
  finishWaiters_.clear();
  auto abortWaiters = std::move(abortWaiters_);
  abortWaiters_.clear();
  UpdateLiveness(env);

  for (auto& [id, deferred] : writes) deferred.Reject(ClosedError(env, "write()"));
  for (auto& deferred : finishWaiters) {
    if (terminal_ == Terminal::Ended || terminal_ == Terminal::Finished) {
      deferred.Resolve(env.Undefined());
    } else {
      deferred.Reject(ClosedError(env, "finish()"));
    }
  }
  for (auto& deferred : abortWaiters) deferred.Resolve(env.Undefined());

  if (terminal_ == Terminal::Ended) {
    endQueued_ = true;  // after the chunks still in the inbox
    Pump(env);
  } else if (terminal_ == Terminal::Failed && outcome.ending != StreamEnding::Finished) {
    // An asynchronous failure (a failed explicit finish() is reported by its
    // promise instead). Undelivered chunks are dropped: nothing follows an error.
    inbox_.clear();
    if (!onError_.IsEmpty()) onError_.Call({terminalError_->ToJs(env)});
  } else {
    inbox_.clear();
  }
}

void NativeStream::UpdateLiveness(Napi::Env env) {
  bool flowing = !onData_.IsEmpty() && !paused_ && core_->Readable();
  bool alive = terminal_ == Terminal::Open &&
               (!writes_.empty() || !finishWaiters_.empty() || !abortWaiters_.empty() || flowing);
  if (alive && !strong_) {
    Ref();
    strong_ = true;
  } else if (!alive && strong_) {
    Unref();
    strong_ = false;
  }
  core_->Channel().SetKeepAlive(env, alive);
}

}  // namespace virtdesk
