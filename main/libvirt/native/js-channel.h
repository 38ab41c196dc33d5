// JsChannel: a one-way mailbox from any thread to the JS thread, built on a
// napi_threadsafe_function (TSFN).
//
// Why a wrapper instead of a bare TSFN:
//  * A TSFN is freed by Node when it is finalized (after Close(), or when the
//    environment is torn down at exit), yet libvirt's event thread and our
//    detached worker threads may still try to post afterwards. Every post
//    goes through a mutex + "open" flag that the finalizer clears, so a late
//    post is dropped instead of touching freed memory.
//  * Keep-alive is explicit: a channel that is "unref'd" never keeps the
//    process alive (event callbacks, idle connections).
#pragma once

#include <napi.h>

#include <memory>
#include <mutex>

namespace virtdesk {

// A unit of work executed on the JS thread. `callback` is the channel's JS
// function (empty for channels created without one). If the environment is
// going away the task is destroyed without Run() being called, possibly on a
// non-JS thread, so destructors must not touch napi values.
class JsTask {
 public:
  virtual ~JsTask() = default;
  virtual void Run(Napi::Env env, Napi::Function callback) = 0;
};

class JsChannel {
 public:
  // JS thread. `callback` may be empty. `keepAlive` false = created unref'd.
  static std::shared_ptr<JsChannel> Create(Napi::Env env, Napi::Function callback,
                                           const char* name, bool keepAlive);

  // Any thread. Never blocks. Returns false (and drops the task) once closed.
  bool Post(std::unique_ptr<JsTask> task);

  // JS thread only: whether pending deliveries keep the event loop alive.
  void SetKeepAlive(Napi::Env env, bool keepAlive);

  // Any thread, idempotent. Already-posted tasks are still delivered.
  void Close();

  JsChannel(const JsChannel&) = delete;
  JsChannel& operator=(const JsChannel&) = delete;
  JsChannel() = default;

 private:
  static void CallJs(napi_env env, napi_value jsCallback, void* context, void* data);
  static void Finalize(napi_env env, void* finalizeData, void* hint);

  std::mutex mu_;
  napi_threadsafe_function tsfn_ = nullptr;
  bool open_ = false;
};

}  // namespace virtdesk
