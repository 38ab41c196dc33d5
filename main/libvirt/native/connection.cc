#include "connection.h"

#include "args.h"
#include "errors.h"

namespace virtdesk {

namespace {

struct AddonData {
  Napi::FunctionReference connectionClass;
};

using StateHandle = std::shared_ptr<ConnState>;

}  // namespace

std::vector<MethodEntry>& Registry() {
  static std::vector<MethodEntry> entries;
  return entries;
}

RegisterMethods::RegisterMethods(std::initializer_list<MethodEntry> entries) {
  Registry().insert(Registry().end(), entries.begin(), entries.end());
}

const std::vector<MethodEntry>& RegisterMethods::All() { return Registry(); }

Napi::Value Connection::CallRegistered(const Napi::CallbackInfo& info) {
  auto impl = reinterpret_cast<MethodImpl>(info.Data());
  return impl(*this, info);
}

void Connection::Init(Napi::Env env) {
  std::vector<Napi::ClassPropertyDescriptor<Connection>> props = {
          InstanceMethod<&Connection::Close>("close"),
          InstanceMethod<&Connection::GetURI>("getURI"),
          InstanceMethod<&Connection::GetHostname>("getHostname"),
          InstanceMethod<&Connection::GetLibVersion>("getLibVersion"),
          InstanceMethod<&Connection::IsAlive>("isAlive"),
          InstanceMethod<&Connection::SetKeepAlive>("setKeepAlive"),
          InstanceMethod<&Connection::ListAllDomains>("listAllDomains"),
          InstanceMethod<&Connection::DomainInfo>("domainInfo"),
          InstanceMethod<&Connection::DomainGetXMLDesc>("domainGetXMLDesc"),
          InstanceMethod<&Connection::DomainDefineXML>("domainDefineXML"),
          InstanceMethod<&Connection::DomainCreate>("domainCreate"),
          InstanceMethod<&Connection::DomainShutdown>("domainShutdown"),
          InstanceMethod<&Connection::DomainReboot>("domainReboot"),
          InstanceMethod<&Connection::DomainDestroy>("domainDestroy"),
          InstanceMethod<&Connection::DomainSuspend>("domainSuspend"),
          InstanceMethod<&Connection::DomainResume>("domainResume"),
          InstanceMethod<&Connection::DomainUndefine>("domainUndefine"),
          InstanceMethod<&Connection::OnDomainLifecycle>("onDomainLifecycle"),
          InstanceMethod<&Connection::OnClose>("onClose"),
          InstanceMethod<&Connection::DeregisterEvent>("deregisterEvent"),
  };
  for (const MethodEntry& m : RegisterMethods::All()) {
    props.push_back(InstanceMethod(m.name, &Connection::CallRegistered, napi_default,
                                   reinterpret_cast<void*>(m.impl)));
  }
  Napi::Function cls = DefineClass(env, "NativeConnection", props);
  auto* data = new AddonData{Napi::Persistent(cls)};
  env.SetInstanceData<AddonData>(data);  // freed by Node with the env
}

Napi::Object Connection::NewInstance(Napi::Env env, const std::shared_ptr<ConnState>& state) {
  auto external = Napi::External<StateHandle>::New(
      env, new StateHandle(state), [](Napi::Env, StateHandle* p) { delete p; });
  return env.GetInstanceData<AddonData>()->connectionClass.New({external});
}

Connection::Connection(const Napi::CallbackInfo& info) : Napi::ObjectWrap<Connection>(info) {
  // Only NewInstance passes the state; `new conn.constructor()` from JS must
  // fail cleanly rather than produce a half-built object.
  if (info.Length() != 1 || !info[0].IsExternal()) {
    throw Napi::TypeError::New(info.Env(),
                               "NativeConnection cannot be constructed directly; use open()");
  }
  state_ = *info[0].As<Napi::External<StateHandle>>().Data();
}

Connection::~Connection() {
  // Runs on the JS thread during GC: never block here. If the user never
  // called close(), hand the close to the worker (fire-and-forget: it must
  // not keep the process alive) and let the thread exit afterwards.
  if (!state_ || !IsOpen()) return;
  state_->phase = ConnState::Phase::Closing;
  StateHandle state = state_;
  state_->worker.Post([state] { state->CloseOnWorker(); });
  state_->MarkShuttingDown();
}

Napi::Value Connection::Open(const Napi::CallbackInfo& info) {
  Napi::Env env = info.Env();
  return RejectOnThrow(env, [&]() -> Napi::Value {
    std::string uri = StringArg(info, 0, "uri");
    bool readOnly = BoolArg(info, 1, "readOnly");
    return StartOpen(env, [uri, readOnly]() {
      // NULL auth: never prompt (virConnectAuthPtrDefault may read a tty).
      virConnectPtr conn = virConnectOpenAuth(uri.c_str(), nullptr, readOnly ? VIR_CONNECT_RO : 0);
      if (conn == nullptr) ThrowLibvirtError("virConnectOpenAuth");
      return conn;
    });
  });
}

Napi::Value Connection::StartOpen(Napi::Env env, OpenFn open) {
  auto deferred = Napi::Promise::Deferred::New(env);
  // The worker exists before virConnectOpen, so even a hanging open (DNS,
  // SSH, TCP timeouts, a credentials prompt) only ties up this connection's
  // own thread.
  auto state = std::make_shared<ConnState>(env);
  SubmitJob(
      env, state,
      [open = std::move(open)](ConnState& s) -> JsResult {
        s.conn = open();
        StateHandle handle = s.shared_from_this();
        return [handle](Napi::Env env) -> Napi::Value { return NewInstance(env, handle); };
      },
      deferred,
      [](Napi::Env, ConnState& s, bool succeeded) {
        if (succeeded) return;
        s.phase = ConnState::Phase::Closed;
        s.MarkShuttingDown();
      });
  return deferred.Promise();
}

Napi::Value Connection::RejectClosed(Napi::Env env) const {
  return RejectedPromise(
      env, NativeError::Plain("libvirt connection is closed (close() was called)").ToJs(env));
}

Napi::Value Connection::Dispatch(Napi::Env env, Work work) {
  if (!IsOpen()) return RejectClosed(env);
  auto deferred = Napi::Promise::Deferred::New(env);
  SubmitJob(env, state_, std::move(work), deferred);
  return deferred.Promise();
}

Napi::Value Connection::Close(const Napi::CallbackInfo& info) {
  Napi::Env env = info.Env();
  auto deferred = Napi::Promise::Deferred::New(env);
  switch (state_->phase) {
    case ConnState::Phase::Closed:
      deferred.Resolve(env.Undefined());
      break;
    case ConnState::Phase::Closing:
      // A close is in flight: settle together with it.
      state_->closeWaiters.push_back(deferred);
      break;
    case ConnState::Phase::Open:
      state_->phase = ConnState::Phase::Closing;
      // Queued behind any in-flight jobs, which therefore still complete.
      SubmitJob(
          env, state_,
          [](ConnState& s) -> JsResult {
            s.CloseOnWorker();
            return ResolveUndefined();
          },
          deferred,
          [](Napi::Env env, ConnState& s, bool) {
            s.phase = ConnState::Phase::Closed;
            for (auto& waiter : s.closeWaiters) waiter.Resolve(env.Undefined());
            s.closeWaiters.clear();
          });
      state_->MarkShuttingDown();
      break;
  }
  return deferred.Promise();
}

}  // namespace virtdesk
