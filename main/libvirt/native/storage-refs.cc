#include "storage-refs.h"

#include <cstdlib>

#include "args-ext.h"
#include "js-numbers.h"
#include "errors.h"

namespace virtdesk {

PoolRef LookupPoolByUUID(virConnectPtr conn, const std::string& uuid) {
  virStoragePoolPtr pool = virStoragePoolLookupByUUIDString(conn, uuid.c_str());
  if (pool == nullptr) ThrowLibvirtError("virStoragePoolLookupByUUIDString");
  return PoolRef(pool);
}

VolRef LookupVolByKey(virConnectPtr conn, const std::string& key) {
  virStorageVolPtr vol = virStorageVolLookupByKey(conn, key.c_str());
  if (vol == nullptr) ThrowLibvirtError("virStorageVolLookupByKey");
  return VolRef(vol);
}

PoolInfo ReadPoolInfo(virStoragePoolPtr pool) {
  PoolInfo info;
  char uuid[VIR_UUID_STRING_BUFLEN];
  if (virStoragePoolGetUUIDString(pool, uuid) < 0) ThrowLibvirtError("virStoragePoolGetUUIDString");
  info.uuid = uuid;
  const char* name = virStoragePoolGetName(pool);
  if (name == nullptr) ThrowLibvirtError("virStoragePoolGetName");
  info.name = name;
  int active = virStoragePoolIsActive(pool);
  if (active < 0) ThrowLibvirtError("virStoragePoolIsActive");
  info.active = active == 1;
  int persistent = virStoragePoolIsPersistent(pool);
  if (persistent < 0) ThrowLibvirtError("virStoragePoolIsPersistent");
  info.persistent = persistent == 1;
  int autostart = 0;
  if (virStoragePoolGetAutostart(pool, &autostart) < 0) {
    ThrowLibvirtError("virStoragePoolGetAutostart");
  }
  info.autostart = autostart == 1;
  return info;
}

VolInfo ReadVolInfo(virStorageVolPtr vol) {
  VolInfo info;
  const char* name = virStorageVolGetName(vol);
  if (name == nullptr) ThrowLibvirtError("virStorageVolGetName");
  info.name = name;
  const char* key = virStorageVolGetKey(vol);
  if (key == nullptr) ThrowLibvirtError("virStorageVolGetKey");
  info.key = key;
  char* path = virStorageVolGetPath(vol);
  if (path == nullptr) ThrowLibvirtError("virStorageVolGetPath");
  info.path = path;
  free(path);
  virStorageVolInfo raw;
  if (virStorageVolGetInfo(vol, &raw) < 0) ThrowLibvirtError("virStorageVolGetInfo");
  info.type = raw.type;
  info.capacity = raw.capacity;
  info.allocation = raw.allocation;
  return info;
}

Napi::Object PoolInfoToJs(Napi::Env env, const PoolInfo& info) {
  Napi::Object o = Napi::Object::New(env);
  o.Set("uuid", info.uuid);
  o.Set("name", info.name);
  o.Set("active", Napi::Boolean::New(env, info.active));
  o.Set("persistent", Napi::Boolean::New(env, info.persistent));
  o.Set("autostart", Napi::Boolean::New(env, info.autostart));
  return o;
}

Napi::Object VolInfoToJs(Napi::Env env, const VolInfo& info) {
  Napi::Object o = Napi::Object::New(env);
  o.Set("name", info.name);
  o.Set("key", info.key);
  o.Set("path", info.path);
  o.Set("type", Napi::Number::New(env, info.type));
  o.Set("capacity", Uint64ToJs(env, info.capacity));
  o.Set("allocation", Uint64ToJs(env, info.allocation));
  return o;
}

}  // namespace virtdesk
