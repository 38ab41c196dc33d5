#include "jobs.h"

#include <libvirt/virterror.h>

#include <cstdlib>
#include <exception>
#include <optional>

#include "errors.h"

namespace virtdesk {

namespace {

// Delivered through the connection's reply channel.
class Reply : public JsTask {
 public:
  Reply(std::shared_ptr<ConnState> state, Napi::Promise::Deferred deferred, AfterJob after)
      : state_(std::move(state)), deferred_(deferred), after_(std::move(after)) {}

  JsResult result;
  std::optional<NativeError> error;

  void Run(Napi::Env env, Napi::Function) override {
    state_->JobFinished(env);
    if (after_) after_(env, *state_, !error.has_value());
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

 private:
  std::shared_ptr<ConnState> state_;
  Napi::Promise::Deferred deferred_;
  AfterJob after_;
};

// The worker fills a Reply it shares with the queued closure; the channel
// wants sole ownership of what it delivers, so hand it this thin adaptor.
class SharedReply : public JsTask {
 public:
  explicit SharedReply(std::shared_ptr<Reply> reply) : reply_(std::move(reply)) {}
  void Run(Napi::Env env, Napi::Function callback) override { reply_->Run(env, callback); }

 private:
  std::shared_ptr<Reply> reply_;
};

}  // namespace

void SubmitJob(Napi::Env env, const std::shared_ptr<ConnState>& state, Work work,
               Napi::Promise::Deferred deferred, AfterJob after) {
  // std::function needs copyable captures, hence shared_ptr for the reply.
  auto reply = std::make_shared<Reply>(state, deferred, std::move(after));
  std::shared_ptr<JsChannel> replies = state->replies;
  bool queued = state->worker.Post([state, work = std::move(work), reply, replies]() {
    virResetLastError();  // never report a stale error from an earlier call
    try {
      reply->result = work(*state);
    } catch (const NativeError& e) {
      reply->error = e;
    } catch (const std::exception& e) {
      reply->error = NativeError::Plain(e.what());
    } catch (...) {
      reply->error = NativeError::Plain("unknown native error");
    }
    // Hand over the reply; the channel frees it (or drops it at exit).
    replies->Post(std::make_unique<SharedReply>(reply));
  });
  if (!queued) {
    deferred.Reject(NativeError::Plain("libvirt connection is closed").ToJs(env));
    return;
  }
  state->JobStarted(env);
}

JsResult ResolveUndefined() {
  return [](Napi::Env env) -> Napi::Value { return env.Undefined(); };
}

JsResult ResolveString(std::string value) {
  return [value = std::move(value)](Napi::Env env) -> Napi::Value {
    return Napi::String::New(env, value);
  };
}

JsResult ResolveNumber(double value) {
  return [value](Napi::Env env) -> Napi::Value { return Napi::Number::New(env, value); };
}

JsResult ResolveBool(bool value) {
  return [value](Napi::Env env) -> Napi::Value { return Napi::Boolean::New(env, value); };
}

std::string TakeLibvirtString(char* s, const char* what) {
  if (s == nullptr) ThrowLibvirtError(what);
  std::string copy(s);
  free(s);
  return copy;
}

}  // namespace virtdesk
