// NativeConnection: the JS object returned by open(). Thin: it validates
// arguments and turns each method into a job on the connection's worker.
// Methods are implemented in connection.cc (lifecycle), connection-calls.cc,
// domain-calls.cc and events.cc.
#pragma once

#include <napi.h>

#include <memory>

#include "conn-state.h"
#include "jobs.h"

namespace virtdesk {

class Connection : public Napi::ObjectWrap<Connection> {
 public:
  // Registers the class with this env (instance data). Call once per env.
  static void Init(Napi::Env env);
  // addon.open(uri, readOnly)
  static Napi::Value Open(const Napi::CallbackInfo& info);

  explicit Connection(const Napi::CallbackInfo& info);
  ~Connection() override;  // GC finalizer: closes on the worker if needed

 private:
  static Napi::Object NewInstance(Napi::Env env, const std::shared_ptr<ConnState>& state);

  // Rejects if close() was called, else queues `work`.
  Napi::Value Dispatch(Napi::Env env, Work work);
  bool IsOpen() const { return state_->phase == ConnState::Phase::Open; }
  Napi::Value RejectClosed(Napi::Env env) const;

  // connection.cc
  Napi::Value Close(const Napi::CallbackInfo& info);
  // connection-calls.cc
  Napi::Value GetURI(const Napi::CallbackInfo& info);
  Napi::Value GetHostname(const Napi::CallbackInfo& info);
  Napi::Value GetLibVersion(const Napi::CallbackInfo& info);
  Napi::Value IsAlive(const Napi::CallbackInfo& info);
  Napi::Value SetKeepAlive(const Napi::CallbackInfo& info);
  Napi::Value ListAllDomains(const Napi::CallbackInfo& info);
  // domain-calls.cc
  Napi::Value DomainInfo(const Napi::CallbackInfo& info);
  Napi::Value DomainGetXMLDesc(const Napi::CallbackInfo& info);
  Napi::Value DomainDefineXML(const Napi::CallbackInfo& info);
  Napi::Value DomainCreate(const Napi::CallbackInfo& info);
  Napi::Value DomainShutdown(const Napi::CallbackInfo& info);
  Napi::Value DomainReboot(const Napi::CallbackInfo& info);
  Napi::Value DomainDestroy(const Napi::CallbackInfo& info);
  Napi::Value DomainSuspend(const Napi::CallbackInfo& info);
  Napi::Value DomainResume(const Napi::CallbackInfo& info);
  Napi::Value DomainUndefine(const Napi::CallbackInfo& info);
  // events.cc
  Napi::Value OnDomainLifecycle(const Napi::CallbackInfo& info);
  Napi::Value OnClose(const Napi::CallbackInfo& info);
  Napi::Value DeregisterEvent(const Napi::CallbackInfo& info);

  std::shared_ptr<ConnState> state_;
};

}  // namespace virtdesk
