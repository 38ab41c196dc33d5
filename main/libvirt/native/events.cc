// onDomainLifecycle / onClose / deregisterEvent, and the C callbacks libvirt
// invokes on its event-loop thread.
//
// Each JS callback gets its own JsChannel (TSFN holding the JS function),
// created unref'd: registered callbacks must never keep the process alive.
// libvirt's opaque pointer is a heap shared_ptr to that channel; libvirt's
// free callback closes the channel and deletes the holder once libvirt
// guarantees no further invocation. ConnState also keeps a reference so it
// can close the channel itself on deregister/close (posts after Close() are
// dropped, so an invocation racing with deregistration is harmless).
#include "events.h"

#include <libvirt/virterror.h>

#include <string>

#include "args.h"
#include "connection.h"
#include "domain-info.h"
#include "errors.h"

namespace virtdesk {

namespace {

using ChannelHolder = std::shared_ptr<JsChannel>;

void FreeChannelHolder(void* opaque) {
  auto* holder = static_cast<ChannelHolder*>(opaque);
  (*holder)->Close();
  delete holder;
}

class LifecycleEvent : public JsTask {
 public:
  std::string uuid;
  std::string name;
  int event = 0;
  int detail = 0;

  void Run(Napi::Env env, Napi::Function callback) override {
    if (callback.IsEmpty()) return;
    callback.Call({Napi::String::New(env, uuid), Napi::String::New(env, name),
                   Napi::Number::New(env, event), Napi::Number::New(env, detail)});
  }
};

class CloseEvent : public JsTask {
 public:
  explicit CloseEvent(int reason) : reason_(reason) {}
  void Run(Napi::Env env, Napi::Function callback) override {
    if (callback.IsEmpty()) return;
    callback.Call({Napi::Number::New(env, reason_)});
  }

 private:
  int reason_;
};

// Event-loop thread. virDomainGetUUIDString/GetName read the local handle
// only (no RPC), so this never blocks the loop.
int OnDomainLifecycleEvent(virConnectPtr, virDomainPtr dom, int event, int detail,
                           void* opaque) noexcept try {
  auto task = std::make_unique<LifecycleEvent>();
  char uuid[VIR_UUID_STRING_BUFLEN];
  if (virDomainGetUUIDString(dom, uuid) == 0) task->uuid = uuid;
  const char* name = virDomainGetName(dom);
  if (name != nullptr) task->name = name;
  task->event = event;
  task->detail = detail;
  (*static_cast<ChannelHolder*>(opaque))->Post(std::move(task));
  return 0;
} catch (...) {
  return 0;  // out of memory: drop the event rather than unwind into libvirt's C frames
}

}  // namespace

void OnConnectionClosed(virConnectPtr, int reason, void* opaque) noexcept try {
  (*static_cast<ChannelHolder*>(opaque))->Post(std::make_unique<CloseEvent>(reason));
} catch (...) {
  // Out of memory: drop the notification (never unwind into C frames).
}

Napi::Value Connection::OnDomainLifecycle(const Napi::CallbackInfo& info) {
  Napi::Env env = info.Env();
  return RejectOnThrow(env, [&] {
    Napi::Function cb = FunctionArg(info, 0, "cb");
    if (!IsOpen()) return RejectClosed(env);  // don't create a channel we'd leak
    auto channel = JsChannel::Create(env, cb, "virtdesk:libvirt-lifecycle", false);
    return Dispatch(env, [channel](ConnState& s) {
      virConnectPtr conn = s.RequireConn();
      auto* holder = new ChannelHolder(channel);
      int id = virConnectDomainEventRegisterAny(conn, nullptr, VIR_DOMAIN_EVENT_ID_LIFECYCLE,
                                                VIR_DOMAIN_EVENT_CALLBACK(OnDomainLifecycleEvent),
                                                holder, FreeChannelHolder);
      if (id < 0) {
        // On failure libvirt does not call the free callback: clean up here.
        NativeError error = NativeError::FromLastLibvirtError("virConnectDomainEventRegisterAny");
        FreeChannelHolder(holder);
        throw error;
      }
      s.lifecycleChannels[id] = channel;
      return ResolveNumber(id);
    });
  });
}

Napi::Value Connection::OnClose(const Napi::CallbackInfo& info) {
  Napi::Env env = info.Env();
  return RejectOnThrow(env, [&] {
    Napi::Function cb = FunctionArg(info, 0, "cb");
    if (!IsOpen()) return RejectClosed(env);
    auto channel = JsChannel::Create(env, cb, "virtdesk:libvirt-close", false);
    return Dispatch(env, [channel](ConnState& s) {
      virConnectPtr conn = s.RequireConn();
      // libvirt allows one close callback per connection: replace it.
      if (s.closeChannel) {
        virConnectUnregisterCloseCallback(conn, OnConnectionClosed);
        s.closeChannel->Close();
        s.closeChannel.reset();
        virResetLastError();  // fails harmlessly if libvirt already dropped it
      }
      // Note: in-process drivers (e.g. test:///) accept the registration but
      // never call the free callback, so the small holder leaks there; the
      // TSFN itself is still released via ConnState::closeChannel.
      auto* holder = new ChannelHolder(channel);
      if (virConnectRegisterCloseCallback(conn, OnConnectionClosed, holder, FreeChannelHolder) <
          0) {
        NativeError error = NativeError::FromLastLibvirtError("virConnectRegisterCloseCallback");
        FreeChannelHolder(holder);
        throw error;
      }
      s.closeChannel = channel;
      return ResolveUndefined();
    });
  });
}

Napi::Value Connection::DeregisterEvent(const Napi::CallbackInfo& info) {
  Napi::Env env = info.Env();
  return RejectOnThrow(env, [&] {
    int id = IntArg(info, 0, "callbackId");
    return Dispatch(env, [id](ConnState& s) {
      virConnectPtr conn = s.RequireConn();
      auto it = s.lifecycleChannels.find(id);
      if (it == s.lifecycleChannels.end()) {
        throw NativeError::Plain("no event callback registered with id " + std::to_string(id));
      }
      if (virConnectDomainEventDeregisterAny(conn, id) < 0) {
        ThrowLibvirtError("virConnectDomainEventDeregisterAny");
      }
      it->second->Close();
      s.lifecycleChannels.erase(it);
      return ResolveUndefined();
    });
  });
}

}  // namespace virtdesk
