// Interactive credentials for virConnectOpenAuth (addon.openAuth).
//
// libvirt calls the auth callback synchronously inside virConnectOpenAuth,
// i.e. on the new connection's own worker thread. The broker posts the
// request to the JS onCredentials callback through a JsChannel and blocks
// that worker (never the JS thread) on a condition variable until JS answers,
// cancels, fails, or the timeout elapses; every way but an answer makes the
// callback return -1, which libvirt turns into its own auth error.
#pragma once

#include <libvirt/libvirt.h>
#include <napi.h>

#include <chrono>
#include <memory>
#include <string>
#include <vector>

#include "js-channel.h"

namespace virtdesk {

class CredentialBroker {
 public:
  // JS thread.
  CredentialBroker(Napi::Env env, Napi::Function onCredentials, std::vector<int> credTypes,
                   std::chrono::milliseconds timeout);
  ~CredentialBroker();

  CredentialBroker(const CredentialBroker&) = delete;
  CredentialBroker& operator=(const CredentialBroker&) = delete;

  // Worker thread: pass to virConnectOpenAuth; valid while *this lives.
  virConnectAuthPtr Auth() { return &auth_; }
  // Worker thread, after the open: why our side answered -1 other than a
  // user's cancel (timeout, onCredentials threw or answered nonsense), or "".
  const std::string& FailureNote() const { return failure_; }
  // Any thread: no more prompts reach JS.
  void Close();

 private:
  static int Callback(virConnectCredentialPtr cred, unsigned int ncred, void* cbdata);
  int Ask(virConnectCredentialPtr cred, unsigned int ncred);

  std::shared_ptr<JsChannel> channel_;
  std::vector<int> credTypes_;
  virConnectAuth auth_{};
  std::chrono::milliseconds timeout_;
  std::string failure_;  // worker thread only
};

}  // namespace virtdesk
