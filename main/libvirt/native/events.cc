// The shared event plumbing (see events.h), plus onDomainLifecycle, onClose
// and deregisterEvent. Other kinds live in domain-events.cc and
// object-events.cc.
#include "events.h"

#include <libvirt/virterror.h>

#include <string>

#include "args.h"
#include "connection.h"
#include "errors.h"

namespace virtdesk {

void FreeChannelHolder(void* opaque) {
  auto* holder = static_cast<ChannelHolder*>(opaque);
  (*holder)->Close();
  delete holder;
}

void ArgsEvent::Run(Napi::Env env, Napi::Function callback) {
  if (callback.IsEmpty()) return;
  std::vector<napi_value> values;
  values.reserve(args_.size());
  for (const EventArg& arg : args_) {
    if (const auto* s = std::get_if<std::string>(&arg)) {
      values.push_back(Napi::String::New(env, *s));
    } else if (const auto* d = std::get_if<double>(&arg)) {
      values.push_back(Napi::Number::New(env, *d));
    } else {
      values.push_back(env.Null());
    }
  }
  callback.Call(values);
}

Napi::Value SubscribeEvent(Connection& self, Napi::Env env, Napi::Function cb, EventKind kind,
                           const char* channelName, RegisterFn registerFn, const char* what) {
  if (!self.IsOpen()) return self.RejectClosed(env);  // don't create a channel we'd leak
  auto channel = JsChannel::Create(env, cb, channelName, false);
  return self.Dispatch(env, [channel, kind, registerFn = std::move(registerFn), what](ConnState& s) {
    virConnectPtr conn = s.RequireConn();
    auto* holder = new ChannelHolder(channel);
    int libvirtId = registerFn(conn, holder, FreeChannelHolder);
    if (libvirtId < 0) {
      // On failure libvirt does not call the free callback: clean up here.
      NativeError error = NativeError::FromLastLibvirtError(what);
      FreeChannelHolder(holder);
      throw error;
    }
    int id = s.nextEventId++;
    s.events[id] = EventRegistration{kind, libvirtId, channel};
    return ResolveNumber(id);
  });
}

int DeregisterEventOnWorker(virConnectPtr conn, const EventRegistration& r) {
  int rc = -1;
  switch (r.kind) {
    case EventKind::Domain: rc = virConnectDomainEventDeregisterAny(conn, r.libvirtId); break;
    case EventKind::Network: rc = virConnectNetworkEventDeregisterAny(conn, r.libvirtId); break;
    case EventKind::StoragePool:
      rc = virConnectStoragePoolEventDeregisterAny(conn, r.libvirtId);
      break;
    case EventKind::NodeDevice:
      rc = virConnectNodeDeviceEventDeregisterAny(conn, r.libvirtId);
      break;
  }
  r.channel->Close();
  return rc;
}

namespace {

// Event-loop thread. virDomainGetUUIDString/GetName read the local handle
// only (no RPC), so this never blocks the loop.
int OnDomainLifecycleEvent(virConnectPtr, virDomainPtr dom, int event, int detail,
                           void* opaque) noexcept try {
  char uuid[VIR_UUID_STRING_BUFLEN] = "";
  virDomainGetUUIDString(dom, uuid);
  PostEvent(opaque, std::make_unique<ArgsEvent>(std::vector<EventArg>{
                        std::string(uuid), StringOrNull(virDomainGetName(dom)),
                        double(event), double(detail)}));
  return 0;
} catch (...) {
  return 0;  // out of memory: drop the event rather than unwind into libvirt's C frames
}

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

}  // namespace

void OnConnectionClosed(virConnectPtr, int reason, void* opaque) noexcept try {
  PostEvent(opaque, std::make_unique<CloseEvent>(reason));
} catch (...) {
  // Out of memory: drop the notification (never unwind into C frames).
}

Napi::Value Connection::OnDomainLifecycle(const Napi::CallbackInfo& info) {
  Napi::Env env = info.Env();
  return RejectOnThrow(env, [&] {
    Napi::Function cb = FunctionArg(info, 0, "cb");
    return SubscribeEvent(
        *this, env, cb, EventKind::Domain, "virtdesk:libvirt-lifecycle",
        [](virConnectPtr conn, void* opaque, virFreeCallback freecb) {
          return virConnectDomainEventRegisterAny(conn, nullptr, VIR_DOMAIN_EVENT_ID_LIFECYCLE,
                                                  VIR_DOMAIN_EVENT_CALLBACK(OnDomainLifecycleEvent),
                                                  opaque, freecb);
        },
        "virConnectDomainEventRegisterAny");
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
      // The opaque is ConnState's own closeChannel member, with no free
      // callback: in-process drivers (test:///) accept the registration but
      // never call a free callback, so a heap holder would leak there. This
      // is safe because ConnState outlives the registration (CloseOnWorker
      // always unregisters before virConnectClose) and because libvirt runs
      // the callback and (un)registration under one lock, so closeChannel is
      // never reassigned while the callback reads it.
      s.closeChannel = channel;
      if (virConnectRegisterCloseCallback(conn, OnConnectionClosed, &s.closeChannel, nullptr) < 0) {
        NativeError error = NativeError::FromLastLibvirtError("virConnectRegisterCloseCallback");
        s.closeChannel->Close();
        s.closeChannel.reset();
        throw error;
      }
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
      auto it = s.events.find(id);
      if (it == s.events.end()) {
        throw NativeError::Plain("no event callback registered with id " + std::to_string(id));
      }
      EventRegistration registration = it->second;
      s.events.erase(it);  // forgotten either way: a failed deregister is not retried
      if (DeregisterEventOnWorker(conn, registration) < 0) {
        ThrowLibvirtError("virConnect*EventDeregisterAny");
      }
      return ResolveUndefined();
    });
  });
}

}  // namespace virtdesk
