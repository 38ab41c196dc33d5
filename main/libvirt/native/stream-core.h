// StreamCore: the thread-crossing engine behind a NativeStream.
//
// One virStreamPtr opened NONBLOCKING, and three threads, each with its part:
//  * the connection's worker opens it (virStreamNew + e.g. virDomainOpenConsole)
//    and calls Attach(); it never touches the stream again, so a console that
//    lives for hours never occupies the worker;
//  * libvirt's event-loop thread (EL) does all the I/O: virStreamRecv/Send,
//    virStreamEventUpdateCallback and the final EventRemoveCallback, in the
//    stream callback registered with virStreamEventAddCallback. Data reaches
//    JS through the stream's own JsChannel (a thread-safe function);
//  * the JS thread only records requests (pause, write, finish, abort) under
//    mu_ and "kicks" the EL with a zero-delay libvirt timeout, so every
//    decision about the stream is taken on one thread (no races on st_).
// The closing calls (virStreamFinish / virStreamAbort, which wait for the
// daemon's reply, then virStreamFree) run on a short-lived thread of their
// own: neither the EL (shared by every connection) nor the worker (possibly
// busy for minutes with a volume wipe) should wait for them.
//
// Exactly-once release: only the EL starts it (Release(), guarded by
// released_), after removing the callback and the kick timer; the teardown
// thread frees the stream and posts the single final Outcome.
#pragma once

#include <libvirt/libvirt.h>
#include <napi.h>

#include <cstdint>
#include <deque>
#include <memory>
#include <mutex>
#include <optional>
#include <vector>

#include "errors.h"
#include "js-channel.h"

namespace virtdesk {

enum class StreamEnding {
  Eof,       // the peer ended the stream; it was then finished (error set if that failed)
  Finished,  // finish() drained the writes and called virStreamFinish (error if it failed)
  Aborted,   // abort() or garbage collection
  Failed,    // an I/O error, or the connection was closed (error always set)
};

struct StreamOutcome {
  StreamEnding ending = StreamEnding::Aborted;
  std::optional<NativeError> error;
  std::vector<uint64_t> unsentWrites;  // ids of writes libvirt never fully took
};

// What the JS side implements (NativeStream). Called on the JS thread only.
class StreamSink {
 public:
  virtual ~StreamSink() = default;
  virtual void OnChunk(Napi::Env env, std::vector<char> chunk) = 0;
  virtual void OnWriteDone(Napi::Env env, uint64_t id) = 0;
  virtual void OnTerminated(Napi::Env env, StreamOutcome outcome) = 0;
};

class StreamCore : public std::enable_shared_from_this<StreamCore> {
 public:
  // One virStreamRecv/Send. 256 KiB is the payload of one libvirt RPC stream
  // packet (VIR_NET_MESSAGE_LEGACY_PAYLOAD_MAX rounded), so larger buffers
  // would not help.
  static constexpr size_t kChunk = 256 * 1024;
  // Bytes read but not yet handed to onData (queued in the thread-safe
  // function or held while paused). Reading stops above it, so a slow or
  // paused consumer never makes us buffer more than this.
  static constexpr size_t kMaxInFlight = 1024 * 1024;
  // Accounted per chunk on top of its size, so a console's 1-byte chunks
  // cannot pile up by the million under the byte cap.
  static constexpr size_t kChunkOverhead = 256;

  // JS thread: creates the stream's JsChannel (unref'd).
  static std::shared_ptr<StreamCore> Create(Napi::Env env, bool readable, bool writable);

  // Worker thread, right after the stream was opened. Takes ownership of
  // `st` (frees it itself on failure, then throws NativeError).
  void Attach(virStreamPtr st);

  // Requests, from the JS thread (thread-safe). Each records its wish and
  // kicks the EL, which acts on it.
  void SetWantRead(bool want);
  void QueueWrite(uint64_t id, std::vector<char> bytes);
  void RequestFinish();
  // `reason` set: report the end as Failed with it (e.g. connection closed).
  void RequestAbort(std::optional<NativeError> reason);
  // JS delivered `bytes` (+overhead) to onData: may restart reading.
  void Consumed(size_t accountedBytes);

  // ---- JS thread only ----
  StreamSink* sink = nullptr;  // null once the NativeStream was collected
  JsChannel& Channel() { return *channel_; }
  bool Readable() const { return readable_; }
  bool Writable() const { return writable_; }

  ~StreamCore();
  StreamCore(bool readable, bool writable) : readable_(readable), writable_(writable) {}

 private:
  struct PendingWrite {
    uint64_t id;
    std::vector<char> bytes;
    size_t sent = 0;
  };

  static void OnStreamEvent(virStreamPtr st, int events, void* opaque) noexcept;
  static void OnKick(int timer, void* opaque) noexcept;
  static void FreeHolder(void* opaque) noexcept;

  void Kick();  // any thread; mu_ must NOT be held

  // ---- EL only ----
  void HandleEvents(int events);
  bool ReadSome();   // false once released
  bool WriteSome();  // false once released
  void Step();       // applies requests: events mask, finish, abort
  void Release(StreamEnding ending, std::optional<NativeError> error);
  void Teardown(virStreamPtr st, StreamOutcome outcome);  // on its own thread

  const bool readable_;
  const bool writable_;
  std::shared_ptr<JsChannel> channel_;

  // EL only (and the worker before Attach returns).
  virStreamPtr st_ = nullptr;
  // The opaque of the stream event callback, deleted by Release() (libvirt's
  // remote driver never calls a free callback for it: see Attach).
  std::shared_ptr<StreamCore>* eventHolder_ = nullptr;
  int events_ = 0;  // mask currently registered with libvirt
  bool released_ = false;
  std::vector<char> scratch_;

  std::mutex mu_;  // guards everything below
  bool wantRead_ = false;
  bool throttled_ = false;  // EL stopped reading because of kMaxInFlight
  bool finishRequested_ = false;
  bool abortRequested_ = false;
  std::optional<NativeError> abortReason_;
  size_t inFlight_ = 0;
  // JS pushes at the back, only the EL pops: references to front() stay
  // valid without the lock (std::deque never moves elements on push_back).
  std::deque<PendingWrite> writes_;
  int timer_ = -1;
  bool timerAlive_ = false;
};

}  // namespace virtdesk
