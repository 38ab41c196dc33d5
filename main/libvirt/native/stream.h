// NativeStream: the JS object of one libvirt stream (console, volume upload
// or download). The I/O engine is StreamCore (stream-core.h); this class is
// its JS face: callbacks, promises, pause/resume and the "inbox" of chunks
// read but not yet delivered. Everything here runs on the JS thread.
//
// Lifetime: the object holds itself strongly (ObjectWrap::Ref) only while it
// is doing something JS waits for: a pending write/finish/abort promise, or
// flowing data to an onData listener. Otherwise it can be collected, and the
// collection aborts and frees the stream (so a forgotten console does not
// keep the host's console busy forever). The same condition keeps the Node
// event loop alive.
#pragma once

#include <napi.h>

#include <cstdint>
#include <deque>
#include <map>
#include <memory>
#include <optional>
#include <vector>

#include "conn-state.h"
#include "stream-core.h"

namespace virtdesk {

class NativeStream : public Napi::ObjectWrap<NativeStream>, public StreamSink {
 public:
  // The JS object for an attached core. `conn` is the connection it was
  // opened on: closing that connection aborts the stream with an error.
  static Napi::Object New(Napi::Env env, std::shared_ptr<StreamCore> core,
                          std::shared_ptr<ConnState> conn);

  explicit NativeStream(const Napi::CallbackInfo& info);
  ~NativeStream() override;  // GC: aborts the stream if still open

  // StreamSink
  void OnChunk(Napi::Env env, std::vector<char> chunk) override;
  void OnWriteDone(Napi::Env env, uint64_t id) override;
  void OnTerminated(Napi::Env env, StreamOutcome outcome) override;

  // The connection it belongs to was closed (see ConnectionWatch in stream.cc).
  void ConnectionClosed();
  // Deferred delivery of the inbox (a microtask), see ScheduleFlush.
  void Flush(Napi::Env env);

 private:
  enum class Terminal { Open, Ended, Finished, Aborted, Failed };
  enum class Request { None, Finish, Abort };

  Napi::Value OnData(const Napi::CallbackInfo& info);
  Napi::Value OnEnd(const Napi::CallbackInfo& info);
  Napi::Value OnError(const Napi::CallbackInfo& info);
  Napi::Value Write(const Napi::CallbackInfo& info);
  Napi::Value Pause(const Napi::CallbackInfo& info);
  Napi::Value Resume(const Napi::CallbackInfo& info);
  Napi::Value IsPaused(const Napi::CallbackInfo& info);
  Napi::Value Finish(const Napi::CallbackInfo& info);
  Napi::Value Abort(const Napi::CallbackInfo& info);

  void Pump(Napi::Env env);
  void ScheduleFlush(Napi::Env env);
  void UpdateLiveness(Napi::Env env);
  void RequestRead();
  Napi::Value ClosedError(Napi::Env env, const char* what) const;

  std::shared_ptr<StreamCore> core_;
  Napi::FunctionReference onData_;
  Napi::FunctionReference onEnd_;
  Napi::FunctionReference onError_;

  std::deque<std::vector<char>> inbox_;  // read, not yet given to onData
  bool endQueued_ = false;               // deliver onEnd once the inbox is empty
  bool paused_ = false;
  bool pumping_ = false;
  bool flushScheduled_ = false;

  std::map<uint64_t, Napi::Promise::Deferred> writes_;
  uint64_t nextWriteId_ = 1;
  std::vector<Napi::Promise::Deferred> finishWaiters_;
  std::vector<Napi::Promise::Deferred> abortWaiters_;
  Request request_ = Request::None;
  Terminal terminal_ = Terminal::Open;
  std::optional<NativeError> terminalError_;
  bool strong_ = false;  // Ref()'d (see the header comment)
};

}  // namespace virtdesk
