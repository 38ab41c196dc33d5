// Domain handles and the NativeDomainInfo snapshot.
//
// virDomainPtr never leaves a job: it is looked up, used and freed on the
// worker thread (DomainRef frees it on every path, including throws). JS only
// ever sees UUID strings, which stay valid across reconnects.
#pragma once

#include <libvirt/libvirt.h>
#include <napi.h>

#include <memory>
#include <string>

namespace virtdesk {

struct DomainFree {
  void operator()(virDomainPtr dom) const {
    if (dom != nullptr) virDomainFree(dom);
  }
};
using DomainRef = std::unique_ptr<virDomain, DomainFree>;

struct DomainInfo {
  std::string uuid;
  std::string name;
  int id = -1;  // -1 when inactive
  int state = 0;
  int reason = 0;
  bool persistent = false;
  std::string title;  // "" when none
  bool hasManagedSave = false;  // only asked for shut-off domains
};

// Worker thread. Throws NativeError (code VIR_ERR_NO_DOMAIN if not found).
DomainRef LookupDomainByUUID(virConnectPtr conn, const std::string& uuid);
DomainInfo ReadDomainInfo(virDomainPtr dom);
std::string DomainUUID(virDomainPtr dom);

// JS thread.
Napi::Object DomainInfoToJs(Napi::Env env, const DomainInfo& info);

}  // namespace virtdesk
