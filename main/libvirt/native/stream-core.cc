#include "stream-core.h"

#include <libvirt/virterror.h>

#include <algorithm>
#include <system_error>
#include <thread>

namespace virtdesk {

namespace {

using CoreHolder = std::shared_ptr<StreamCore>;

// Reads/sends (of up to kChunk each) per stream callback: enough for
// throughput, bounded so that one busy stream (a multi-GB write() queued at
// once) cannot starve the other users of the shared event loop. The callback
// fires again at once while there is more to do.
constexpr int kReadsPerEvent = 8;
constexpr int kSendsPerEvent = 8;

class ChunkTask : public JsTask {
 public:
  ChunkTask(CoreHolder core, std::vector<char> chunk)
      : core_(std::move(core)), chunk_(std::move(chunk)) {}
  void Run(Napi::Env env, Napi::Function) override {
    if (core_->sink != nullptr) {
      core_->sink->OnChunk(env, std::move(chunk_));
    } else {
      // Collected meanwhile (an abort is on its way): just keep the books.
      core_->Consumed(chunk_.size() + StreamCore::kChunkOverhead);
    }
  }

 private:
  CoreHolder core_;
  std::vector<char> chunk_;
};

class WriteDoneTask : public JsTask {
 public:
  WriteDoneTask(CoreHolder core, uint64_t id) : core_(std::move(core)), id_(id) {}
  void Run(Napi::Env env, Napi::Function) override {
    if (core_->sink != nullptr) core_->sink->OnWriteDone(env, id_);
  }

 private:
  CoreHolder core_;
  uint64_t id_;
};

class TerminatedTask : public JsTask {
 public:
  TerminatedTask(CoreHolder core, StreamOutcome outcome)
      : core_(std::move(core)), outcome_(std::move(outcome)) {}
  void Run(Napi::Env env, Napi::Function) override {
    if (core_->sink != nullptr) core_->sink->OnTerminated(env, std::move(outcome_));
  }

 private:
  CoreHolder core_;
  StreamOutcome outcome_;
};

}  // namespace

std::shared_ptr<StreamCore> StreamCore::Create(Napi::Env env, bool readable, bool writable) {
  auto core = std::make_shared<StreamCore>(readable, writable);
  core->channel_ = JsChannel::Create(env, Napi::Function(), "virtdesk:libvirt-stream", false);
  return core;
}

StreamCore::~StreamCore() {
  // Normally closed by Teardown already; this covers a core dropped before
  // Attach (open failed). Close() is idempotent and thread-safe.
  if (channel_) channel_->Close();
}

void StreamCore::FreeHolder(void* opaque) noexcept { delete static_cast<CoreHolder*>(opaque); }

void StreamCore::Attach(virStreamPtr st) {
  st_ = st;
  scratch_.resize(kChunk);
  // The kick timer first: it is the only way for JS to reach the stream.
  // Disabled (-1) until a request arrives.
  auto* timerHolder = new CoreHolder(shared_from_this());
  int timer = virEventAddTimeout(-1, OnKick, timerHolder, FreeHolder);
  if (timer < 0) {
    NativeError error = NativeError::FromLastLibvirtError("virEventAddTimeout");
    delete timerHolder;  // libvirt does not call the free callback on failure
    st_ = nullptr;
    virStreamAbort(st);
    virStreamFree(st);
    throw error;
  }
  {
    std::lock_guard<std::mutex> lock(mu_);
    timer_ = timer;
    timerAlive_ = true;
  }
  // No events yet: reading starts when JS asks (onData), writing when a
  // write is queued. (WRITABLE on a remote stream fires continuously, so it
  // must only be requested while there is something to send.)
  //
  // No free callback: libvirt's remote driver never calls the one given to
  // virStreamEventAddCallback (remoteStreamCallbackFree only calls it when
  // the callback pointer is NULL, which it never is; libvirt 9.0), so every
  // stream leaked its holder and, through it, the whole StreamCore (found
  // by scripts/native-memcheck.sh). Release() deletes it instead, right
  // after removing the callback; local (fd) streams, which do honour a free
  // callback, are handled the same way.
  auto* holder = new CoreHolder(shared_from_this());
  eventHolder_ = holder;
  if (virStreamEventAddCallback(st, 0, OnStreamEvent, holder, nullptr) < 0) {
    NativeError error = NativeError::FromLastLibvirtError("virStreamEventAddCallback");
    eventHolder_ = nullptr;
    delete holder;
    {
      std::lock_guard<std::mutex> lock(mu_);
      timerAlive_ = false;
    }
    virEventRemoveTimeout(timer);  // frees timerHolder
    st_ = nullptr;
    virStreamAbort(st);
    virStreamFree(st);
    virResetLastError();
    throw error;
  }
}

// ---- requests (any thread) -------------------------------------------------

void StreamCore::Kick() {
  std::lock_guard<std::mutex> lock(mu_);
  // Lock order is always mu_ -> libvirt's event lock: the event loop calls
  // our callbacks without holding its lock, so this cannot deadlock.
  if (timerAlive_) virEventUpdateTimeout(timer_, 0);
}

void StreamCore::SetWantRead(bool want) {
  {
    std::lock_guard<std::mutex> lock(mu_);
    if (wantRead_ == want) return;
    wantRead_ = want;
  }
  Kick();
}

void StreamCore::QueueWrite(uint64_t id, std::vector<char> bytes) {
  {
    std::lock_guard<std::mutex> lock(mu_);
    writes_.push_back(PendingWrite{id, std::move(bytes), 0});
  }
  Kick();
}

void StreamCore::RequestFinish() {
  {
    std::lock_guard<std::mutex> lock(mu_);
    finishRequested_ = true;
  }
  Kick();
}

void StreamCore::RequestAbort(std::optional<NativeError> reason) {
  {
    std::lock_guard<std::mutex> lock(mu_);
    if (!abortRequested_) abortReason_ = std::move(reason);
    abortRequested_ = true;
  }
  Kick();
}

void StreamCore::Consumed(size_t accountedBytes) {
  bool restart = false;
  {
    std::lock_guard<std::mutex> lock(mu_);
    inFlight_ -= std::min(inFlight_, accountedBytes);
    // Hysteresis: resume at half the cap, not at every delivered chunk.
    if (throttled_ && inFlight_ <= kMaxInFlight / 2) {
      throttled_ = false;
      restart = true;
    }
  }
  if (restart) Kick();
}

// ---- event-loop thread -----------------------------------------------------

void StreamCore::OnKick(int timer, void* opaque) noexcept {
  CoreHolder core = *static_cast<CoreHolder*>(opaque);
  virEventUpdateTimeout(timer, -1);  // one-shot: re-armed by the next Kick()
  try {
    core->Step();
  } catch (...) {
    // Out of memory: never unwind into libvirt's C frames.
  }
}

void StreamCore::OnStreamEvent(virStreamPtr, int events, void* opaque) noexcept {
  CoreHolder core = *static_cast<CoreHolder*>(opaque);
  try {
    core->HandleEvents(events);
  } catch (...) {
    try {
      if (!core->released_) core->Release(StreamEnding::Failed, NativeError::Plain("out of memory"));
    } catch (...) {
    }
  }
}

void StreamCore::HandleEvents(int events) {
  if (released_) return;
  if ((events & VIR_STREAM_EVENT_WRITABLE) && !WriteSome()) return;
  // HANGUP/ERROR (local fd streams): a read reports the EOF or the error.
  if ((events & (VIR_STREAM_EVENT_READABLE | VIR_STREAM_EVENT_HANGUP |
                 VIR_STREAM_EVENT_ERROR)) &&
      !ReadSome()) {
    return;
  }
  Step();
}

bool StreamCore::ReadSome() {
  if (!readable_) return true;
  for (int i = 0; i < kReadsPerEvent; i++) {
    {
      std::lock_guard<std::mutex> lock(mu_);
      if (!wantRead_ || abortRequested_ || inFlight_ >= kMaxInFlight) break;
    }
    int n = virStreamRecv(st_, scratch_.data(), scratch_.size());
    if (n == -2) break;  // nothing more for now
    if (n < 0) {
      Release(StreamEnding::Failed, NativeError::FromLastLibvirtError("virStreamRecv"));
      return false;
    }
    if (n == 0) {
      Release(StreamEnding::Eof, std::nullopt);
      return false;
    }
    // Copy out of the scratch buffer at the exact size: a 1-byte console
    // chunk must not pin 256 KiB while it waits for JS.
    std::vector<char> chunk(scratch_.data(), scratch_.data() + n);
    {
      std::lock_guard<std::mutex> lock(mu_);
      inFlight_ += chunk.size() + kChunkOverhead;
    }
    channel_->Post(std::make_unique<ChunkTask>(shared_from_this(), std::move(chunk)));
  }
  return true;
}

bool StreamCore::WriteSome() {
  for (int i = 0; i < kSendsPerEvent; i++) {
    PendingWrite* w = nullptr;
    {
      std::lock_guard<std::mutex> lock(mu_);
      if (writes_.empty() || abortRequested_) return true;
      w = &writes_.front();
    }
    size_t len = std::min(w->bytes.size() - w->sent, kChunk);
    int n = len == 0 ? 0 : virStreamSend(st_, w->bytes.data() + w->sent, len);
    if (n == -2 || (n == 0 && len > 0)) return true;  // would block: wait for WRITABLE
    if (n < 0) {
      Release(StreamEnding::Failed, NativeError::FromLastLibvirtError("virStreamSend"));
      return false;
    }
    w->sent += static_cast<size_t>(n);
    if (w->sent < w->bytes.size()) continue;
    uint64_t id = w->id;
    {
      std::lock_guard<std::mutex> lock(mu_);
      writes_.pop_front();
    }
    channel_->Post(std::make_unique<WriteDoneTask>(shared_from_this(), id));
  }
  return true;
}

void StreamCore::Step() {
  if (released_) return;
  int events = 0;
  bool abort = false;
  bool finish = false;
  std::optional<NativeError> reason;
  {
    std::lock_guard<std::mutex> lock(mu_);
    if (abortRequested_) {
      abort = true;
      reason = abortReason_;
    } else if (finishRequested_ && writes_.empty()) {
      finish = true;
    } else {
      if (readable_ && wantRead_) {
        if (inFlight_ < kMaxInFlight) {
          events |= VIR_STREAM_EVENT_READABLE;
        } else {
          throttled_ = true;
        }
      }
      if (!writes_.empty()) events |= VIR_STREAM_EVENT_WRITABLE;
    }
  }
  if (abort) {
    Release(reason ? StreamEnding::Failed : StreamEnding::Aborted, std::move(reason));
    return;
  }
  if (finish) {
    Release(StreamEnding::Finished, std::nullopt);
    return;
  }
  if (events == events_) return;
  if (virStreamEventUpdateCallback(st_, events) < 0) {
    Release(StreamEnding::Failed,
            NativeError::FromLastLibvirtError("virStreamEventUpdateCallback"));
    return;
  }
  events_ = events;
}

void StreamCore::Release(StreamEnding ending, std::optional<NativeError> error) {
  CoreHolder self = shared_from_this();  // the holders below may be the last refs
  released_ = true;
  // After this returns no stream callback runs again (we are on the EL).
  virStreamEventRemoveCallback(st_);
  virResetLastError();
  // Ours to free (see Attach). `self` keeps the core alive, and a running
  // OnStreamEvent works on its own copy of the holder, never on this one.
  delete eventHolder_;
  eventHolder_ = nullptr;
  StreamOutcome outcome;
  outcome.ending = ending;
  outcome.error = std::move(error);
  int timer = -1;
  {
    std::lock_guard<std::mutex> lock(mu_);
    timerAlive_ = false;  // Kick() from now on is a no-op
    timer = timer_;
    for (const PendingWrite& w : writes_) outcome.unsentWrites.push_back(w.id);
    writes_.clear();
  }
  if (timer >= 0) virEventRemoveTimeout(timer);
  virStreamPtr st = st_;
  st_ = nullptr;
  scratch_.clear();
  scratch_.shrink_to_fit();
  auto job = [self, st, outcome = std::move(outcome)]() mutable {
    self->Teardown(st, std::move(outcome));
  };
  try {
    std::thread(job).detach();
  } catch (const std::system_error&) {
    job();  // no thread available: do it here rather than leak the stream
  }
}

void StreamCore::Teardown(virStreamPtr st, StreamOutcome outcome) {
  if (outcome.ending == StreamEnding::Eof || outcome.ending == StreamEnding::Finished) {
    // Tells the daemon we are done and waits for its verdict: for an upload
    // this is where a failed write on the host side is reported.
    if (virStreamFinish(st) < 0) {
      outcome.error = NativeError::FromLastLibvirtError("virStreamFinish");
    }
  } else if (virStreamAbort(st) < 0) {
    // Already dead (error, closed connection): nothing left to tell it.
  }
  virResetLastError();
  virStreamFree(st);  // the one and only free
  virResetLastError();
  channel_->Post(std::make_unique<TerminatedTask>(shared_from_this(), std::move(outcome)));
  channel_->Close();  // nothing is posted after the outcome
}

}  // namespace virtdesk
