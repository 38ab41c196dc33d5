#include "js-channel.h"

#include <exception>

namespace virtdesk {

std::shared_ptr<JsChannel> JsChannel::Create(Napi::Env env, Napi::Function callback,
                                             const char* name, bool keepAlive) {
  auto channel = std::make_shared<JsChannel>();
  // The TSFN owns one strong reference, dropped in Finalize(), so `context`
  // stays valid for every CallJs with a live env.
  auto* owner = new std::shared_ptr<JsChannel>(channel);
  napi_status status = napi_create_threadsafe_function(
      env, callback.IsEmpty() ? nullptr : static_cast<napi_value>(callback), nullptr,
      Napi::String::New(env, name), 0 /* unbounded queue: posts never block */,
      1 /* initial thread count */, owner, Finalize, channel.get(), CallJs,
      &channel->tsfn_);
  if (status != napi_ok) {
    delete owner;
    throw Napi::Error::New(env, "failed to create thread-safe function");
  }
  channel->open_ = true;
  if (!keepAlive) napi_unref_threadsafe_function(env, channel->tsfn_);
  return channel;
}

bool JsChannel::Post(std::unique_ptr<JsTask> task) {
  std::lock_guard<std::mutex> lock(mu_);
  if (!open_) return false;
  if (napi_call_threadsafe_function(tsfn_, task.get(), napi_tsfn_nonblocking) != napi_ok) {
    return false;
  }
  task.release();  // now owned by the TSFN queue; freed in CallJs
  return true;
}

void JsChannel::SetKeepAlive(Napi::Env env, bool keepAlive) {
  std::lock_guard<std::mutex> lock(mu_);
  if (!open_) return;
  if (keepAlive) {
    napi_ref_threadsafe_function(env, tsfn_);
  } else {
    napi_unref_threadsafe_function(env, tsfn_);
  }
}

void JsChannel::Close() {
  std::lock_guard<std::mutex> lock(mu_);
  if (!open_) return;
  open_ = false;
  napi_release_threadsafe_function(tsfn_, napi_tsfn_release);
}

void JsChannel::CallJs(napi_env env, napi_value jsCallback, void* /*context*/, void* data) {
  std::unique_ptr<JsTask> task(static_cast<JsTask*>(data));
  // env is null when Node drains the queue during teardown: just free.
  if (env == nullptr || task == nullptr) return;
  Napi::Env napiEnv(env);
  Napi::Function callback;
  if (jsCallback != nullptr) {
    Napi::Value value(env, jsCallback);
    if (value.IsFunction()) callback = value.As<Napi::Function>();
  }
  // No C++ exception may escape into Node (that would std::terminate).
  try {
    try {
      task->Run(napiEnv, callback);
    } catch (const Napi::Error& e) {
      // E.g. a user event callback threw: re-raise it in JS so it surfaces
      // as an uncaught exception, like a throwing EventEmitter listener.
      e.ThrowAsJavaScriptException();
    } catch (const std::exception& e) {
      Napi::Error::New(napiEnv, e.what()).ThrowAsJavaScriptException();
    }
  } catch (...) {
    // Rethrowing failed: the environment is terminating (worker.terminate(),
    // process exit) and cannot run JS any more. Nothing left to tell.
  }
}

void JsChannel::Finalize(napi_env /*env*/, void* finalizeData, void* /*hint*/) {
  auto* owner = static_cast<std::shared_ptr<JsChannel>*>(finalizeData);
  {
    std::lock_guard<std::mutex> lock((*owner)->mu_);
    (*owner)->open_ = false;  // later Post() calls become no-ops
  }
  delete owner;
}

}  // namespace virtdesk
