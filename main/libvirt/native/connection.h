// NativeConnection: the JS object returned by open(). Thin: it validates
// arguments and turns each method into a job on the connection's worker.
// Methods are implemented in connection.cc (lifecycle), connection-calls.cc,
// domain-calls.cc and events.cc.
#pragma once

#include <napi.h>

#include <functional>
#include <initializer_list>
#include <memory>
#include <vector>

#include "conn-state.h"
#include "jobs.h"

namespace virtdesk {

class Connection;

// A method implemented outside the class, in the file of its area
// (domain-calls.cc, storage-calls.cc, ...): (self, info) -> promise.
using MethodImpl = Napi::Value (*)(Connection& self, const Napi::CallbackInfo& info);

struct MethodEntry {
  const char* name;
  MethodImpl impl;
};

// Each area file adds its methods with one static instance:
//   static RegisterMethods registered({{"domainFoo", &DomainFoo}, ...});
// so adding an area never touches this class. (Static initialisers run when
// the addon is loaded, before Init.)
struct RegisterMethods {
  RegisterMethods(std::initializer_list<MethodEntry> entries);
  static const std::vector<MethodEntry>& All();
};

class Connection : public Napi::ObjectWrap<Connection> {
 public:
  // Registers the class with this env (instance data). Call once per env.
  static void Init(Napi::Env env);
  // addon.open(uri, readOnly)
  static Napi::Value Open(const Napi::CallbackInfo& info);
  // addon.openAuth(uri, options, onCredentials); auth.cc
  static Napi::Value OpenAuth(const Napi::CallbackInfo& info);

  explicit Connection(const Napi::CallbackInfo& info);
  ~Connection() override;  // GC finalizer: closes on the worker if needed

  // Rejects if close() was called, else queues `work`.
  Napi::Value Dispatch(Napi::Env env, Work work);
  bool IsOpen() const { return state_->phase == ConnState::Phase::Open; }
  Napi::Value RejectClosed(Napi::Env env) const;
  const std::shared_ptr<ConnState>& State() const { return state_; }

 private:
  static Napi::Object NewInstance(Napi::Env env, const std::shared_ptr<ConnState>& state);
  // Shared by Open and OpenAuth: runs `open` (worker thread; returns the new
  // connection or throws NativeError) on a new connection's own worker and
  // resolves with the NativeConnection.
  using OpenFn = std::function<virConnectPtr()>;
  static Napi::Value StartOpen(Napi::Env env, OpenFn open);
  // Trampoline for RegisterMethods entries (the impl rides in info.Data()).
  Napi::Value CallRegistered(const Napi::CallbackInfo& info);

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
