// Event plumbing shared by every event kind (domain, network, storage pool,
// node device) and the close callback.
//
// libvirt's C callbacks run on the libvirt event-loop thread; they copy what
// they need into a JsTask and post it to the JS callback's own JsChannel.
// libvirt's opaque pointer is a heap ChannelHolder (shared_ptr to that
// channel) that libvirt frees with FreeChannelHolder once it guarantees no
// further invocation; ConnState::events also keeps the channel so
// deregisterEvent/close can close it themselves (posts after Close() are
// dropped, so an invocation racing with deregistration is harmless).
//
// JS sees OUR ids (ConnState::nextEventId), unique across kinds: libvirt
// numbers each kind's callbacks on its own, so its ids may repeat.
#pragma once

#include <libvirt/libvirt.h>
#include <napi.h>

#include <functional>
#include <memory>
#include <string>
#include <variant>
#include <vector>

#include "conn-state.h"
#include "js-channel.h"

namespace virtdesk {

class Connection;

// virConnectCloseFunc registered by onClose(); its opaque is
// &ConnState::closeChannel (no free callback, see Connection::OnClose).
// Exposed because virConnectUnregisterCloseCallback identifies the callback
// by pointer.
void OnConnectionClosed(virConnectPtr conn, int reason, void* opaque) noexcept;

using ChannelHolder = std::shared_ptr<JsChannel>;
void FreeChannelHolder(void* opaque);

// Event-loop thread: hands `task` to the channel behind libvirt's opaque.
inline void PostEvent(void* opaque, std::unique_ptr<JsTask> task) {
  (*static_cast<ChannelHolder*>(opaque))->Post(std::move(task));
}

// Worker: one libvirt *EventRegisterAny call; returns libvirt's id or -1.
using RegisterFn = std::function<int(virConnectPtr conn, void* opaque, virFreeCallback freecb)>;

// JS thread. Creates `cb`'s channel (unref'd: events never keep the process
// alive) and registers it on the worker; resolves with our id.
Napi::Value SubscribeEvent(Connection& self, Napi::Env env, Napi::Function cb, EventKind kind,
                           const char* channelName, RegisterFn registerFn, const char* what);

// Worker. Deregisters with the kind's DeregisterAny; returns its result.
int DeregisterEventOnWorker(virConnectPtr conn, const EventRegistration& registration);

// A callback invocation with plain arguments (null, string or number).
using EventArg = std::variant<std::monostate, std::string, double>;

class ArgsEvent : public JsTask {
 public:
  explicit ArgsEvent(std::vector<EventArg> args) : args_(std::move(args)) {}
  void Run(Napi::Env env, Napi::Function callback) override;

 private:
  std::vector<EventArg> args_;
};

// Event-loop thread helpers: a nullable C string as an EventArg.
inline EventArg StringOrNull(const char* s) {
  return s != nullptr ? EventArg(std::string(s)) : EventArg(std::monostate{});
}

}  // namespace virtdesk
