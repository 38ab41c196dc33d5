// Storage pool and volume handles, lookups and the plain snapshots returned
// to JS. Pools are addressed by UUID; volumes by their key (virStorageVolGetKey:
// unique per host, stable across pool refreshes and reconnects, and what
// storagePoolListAllVolumes returns). Handles never leave a job (RAII frees).
#pragma once

#include <libvirt/libvirt.h>
#include <napi.h>

#include <memory>
#include <string>

namespace virtdesk {

struct PoolFree {
  void operator()(virStoragePoolPtr pool) const {
    if (pool != nullptr) virStoragePoolFree(pool);
  }
};
using PoolRef = std::unique_ptr<virStoragePool, PoolFree>;

struct VolFree {
  void operator()(virStorageVolPtr vol) const {
    if (vol != nullptr) virStorageVolFree(vol);
  }
};
using VolRef = std::unique_ptr<virStorageVol, VolFree>;

// Worker thread. Throw NativeError: code 49 (no storage pool) / 50 (no
// storage vol) when not found.
PoolRef LookupPoolByUUID(virConnectPtr conn, const std::string& uuid);
VolRef LookupVolByKey(virConnectPtr conn, const std::string& key);

struct PoolInfo {
  std::string uuid;
  std::string name;
  bool active = false;
  bool persistent = false;
  bool autostart = false;
};

struct VolInfo {
  std::string name;
  std::string key;
  std::string path;
  int type = 0;  // virStorageVolType
  unsigned long long capacity = 0;
  unsigned long long allocation = 0;
};

PoolInfo ReadPoolInfo(virStoragePoolPtr pool);
VolInfo ReadVolInfo(virStorageVolPtr vol);

// JS thread.
Napi::Object PoolInfoToJs(Napi::Env env, const PoolInfo& info);
Napi::Object VolInfoToJs(Napi::Env env, const VolInfo& info);

}  // namespace virtdesk
