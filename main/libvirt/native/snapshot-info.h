// Domain snapshot handles and the NativeSnapshotInfo record. Like domains,
// snapshots never reach JS as handles: they are addressed by (domain UUID,
// snapshot name), looked up, used and freed inside one job.
#pragma once

#include <libvirt/libvirt.h>
#include <napi.h>

#include <cstdint>
#include <memory>
#include <optional>
#include <string>

namespace virtdesk {

struct SnapshotFree {
  void operator()(virDomainSnapshotPtr snap) const {
    if (snap != nullptr) virDomainSnapshotFree(snap);
  }
};
using SnapshotRef = std::unique_ptr<virDomainSnapshot, SnapshotFree>;

struct SnapshotInfo {
  std::string name;
  std::optional<std::string> parent;  // nullopt for a root snapshot
  bool isCurrent = false;
  bool hasMetadata = false;
  int64_t creationTime = 0;  // seconds since the epoch, from the XML
  std::string state;         // the XML's <state>: "running", "shutoff", "disk-snapshot", ...
};

// Worker/long-job thread. Throws NativeError (VIR_ERR_NO_DOMAIN_SNAPSHOT if absent).
SnapshotRef LookupSnapshot(virDomainPtr dom, const std::string& name);
SnapshotInfo ReadSnapshotInfo(virDomainSnapshotPtr snap);

// JS thread.
Napi::Object SnapshotInfoToJs(Napi::Env env, const SnapshotInfo& info);

}  // namespace virtdesk
