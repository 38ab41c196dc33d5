#include "conn-state.h"

#include <libvirt/virterror.h>

#include "errors.h"
#include "events.h"

namespace virtdesk {

ConnState::ConnState(Napi::Env env)
    : worker("virt-conn"),
      replies(JsChannel::Create(env, Napi::Function(), "virtdesk:libvirt-replies", false)) {}

virConnectPtr ConnState::RequireConn() const {
  if (conn == nullptr) throw NativeError::Plain("libvirt connection is closed");
  return conn;
}

void ConnState::CloseOnWorker() {
  if (conn == nullptr) return;
  // Each handle holds a reference on the connection.
  for (auto& [uuid, dom] : infoHandles) virDomainFree(dom);
  infoHandles.clear();
  // Deregister first: libvirt holds a connection reference per callback, and
  // a callback firing during close must not reach JS. Failures are ignored
  // because the connection may already be dead; it is closed regardless.
  for (auto& [id, registration] : events) DeregisterEventOnWorker(conn, registration);
  events.clear();
  if (closeChannel) {
    virConnectUnregisterCloseCallback(conn, OnConnectionClosed);
    closeChannel->Close();
    closeChannel.reset();
  }
  virConnectClose(conn);
  conn = nullptr;
  virResetLastError();
}

void ConnState::JobStarted(Napi::Env env) {
  if (pending++ == 0) replies->SetKeepAlive(env, true);
}

void ConnState::JobFinished(Napi::Env env) {
  if (--pending > 0) return;
  if (phase == Phase::Open) {
    replies->SetKeepAlive(env, false);
  } else {
    replies->Close();
  }
}

void ConnState::MarkShuttingDown() {
  worker.Stop();
  if (pending == 0) replies->Close();
}

}  // namespace virtdesk
