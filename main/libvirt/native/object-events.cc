// Lifecycle events of networks, storage pools and node devices, and the
// storage pool refresh event. Same plumbing as domain events (events.h).
#include <libvirt/libvirt.h>

#include <string>

#include "args.h"
#include "connection.h"
#include "errors.h"
#include "events.h"

namespace virtdesk {

namespace {

// Event-loop thread callbacks. The GetUUIDString/GetName calls read the
// local handle only (no RPC). noexcept + catch-all: never unwind into C.
void OnNetworkLifecycle(virConnectPtr, virNetworkPtr net, int event, int detail,
                        void* opaque) noexcept try {
  char uuid[VIR_UUID_STRING_BUFLEN] = "";
  virNetworkGetUUIDString(net, uuid);
  PostEvent(opaque, std::make_unique<ArgsEvent>(std::vector<EventArg>{
                        std::string(uuid), StringOrNull(virNetworkGetName(net)), double(event),
                        double(detail)}));
} catch (...) {
}

void OnPoolLifecycle(virConnectPtr, virStoragePoolPtr pool, int event, int detail,
                     void* opaque) noexcept try {
  char uuid[VIR_UUID_STRING_BUFLEN] = "";
  virStoragePoolGetUUIDString(pool, uuid);
  PostEvent(opaque, std::make_unique<ArgsEvent>(std::vector<EventArg>{
                        std::string(uuid), StringOrNull(virStoragePoolGetName(pool)),
                        double(event), double(detail)}));
} catch (...) {
}

void OnPoolRefresh(virConnectPtr, virStoragePoolPtr pool, void* opaque) noexcept try {
  char uuid[VIR_UUID_STRING_BUFLEN] = "";
  virStoragePoolGetUUIDString(pool, uuid);
  PostEvent(opaque, std::make_unique<ArgsEvent>(std::vector<EventArg>{
                        std::string(uuid), StringOrNull(virStoragePoolGetName(pool))}));
} catch (...) {
}

void OnNodeDeviceLifecycle(virConnectPtr, virNodeDevicePtr dev, int event, int detail,
                           void* opaque) noexcept try {
  PostEvent(opaque, std::make_unique<ArgsEvent>(std::vector<EventArg>{
                        StringOrNull(virNodeDeviceGetName(dev)), double(event), double(detail)}));
} catch (...) {
}

Napi::Value OnNetworkLifecycleImpl(Connection& self, const Napi::CallbackInfo& info) {
  Napi::Env env = info.Env();
  return RejectOnThrow(env, [&] {
    Napi::Function cb = FunctionArg(info, 0, "cb");
    return SubscribeEvent(
        self, env, cb, EventKind::Network, "virtdesk:libvirt-network-event",
        [](virConnectPtr conn, void* opaque, virFreeCallback freecb) {
          return virConnectNetworkEventRegisterAny(conn, nullptr, VIR_NETWORK_EVENT_ID_LIFECYCLE,
                                                   VIR_NETWORK_EVENT_CALLBACK(OnNetworkLifecycle),
                                                   opaque, freecb);
        },
        "virConnectNetworkEventRegisterAny");
  });
}

Napi::Value OnStoragePoolLifecycleImpl(Connection& self, const Napi::CallbackInfo& info) {
  Napi::Env env = info.Env();
  return RejectOnThrow(env, [&] {
    Napi::Function cb = FunctionArg(info, 0, "cb");
    return SubscribeEvent(
        self, env, cb, EventKind::StoragePool, "virtdesk:libvirt-pool-event",
        [](virConnectPtr conn, void* opaque, virFreeCallback freecb) {
          return virConnectStoragePoolEventRegisterAny(
              conn, nullptr, VIR_STORAGE_POOL_EVENT_ID_LIFECYCLE,
              VIR_STORAGE_POOL_EVENT_CALLBACK(OnPoolLifecycle), opaque, freecb);
        },
        "virConnectStoragePoolEventRegisterAny");
  });
}

Napi::Value OnStoragePoolRefreshImpl(Connection& self, const Napi::CallbackInfo& info) {
  Napi::Env env = info.Env();
  return RejectOnThrow(env, [&] {
    Napi::Function cb = FunctionArg(info, 0, "cb");
    return SubscribeEvent(
        self, env, cb, EventKind::StoragePool, "virtdesk:libvirt-pool-refresh",
        [](virConnectPtr conn, void* opaque, virFreeCallback freecb) {
          return virConnectStoragePoolEventRegisterAny(
              conn, nullptr, VIR_STORAGE_POOL_EVENT_ID_REFRESH,
              VIR_STORAGE_POOL_EVENT_CALLBACK(OnPoolRefresh), opaque, freecb);
        },
        "virConnectStoragePoolEventRegisterAny");
  });
}

Napi::Value OnNodeDeviceLifecycleImpl(Connection& self, const Napi::CallbackInfo& info) {
  Napi::Env env = info.Env();
  return RejectOnThrow(env, [&] {
    Napi::Function cb = FunctionArg(info, 0, "cb");
    return SubscribeEvent(
        self, env, cb, EventKind::NodeDevice, "virtdesk:libvirt-nodedev-event",
        [](virConnectPtr conn, void* opaque, virFreeCallback freecb) {
          return virConnectNodeDeviceEventRegisterAny(
              conn, nullptr, VIR_NODE_DEVICE_EVENT_ID_LIFECYCLE,
              VIR_NODE_DEVICE_EVENT_CALLBACK(OnNodeDeviceLifecycle), opaque, freecb);
        },
        "virConnectNodeDeviceEventRegisterAny");
  });
}

static RegisterMethods registered({
    {"onNetworkLifecycle", &OnNetworkLifecycleImpl},
    {"onStoragePoolLifecycle", &OnStoragePoolLifecycleImpl},
    {"onStoragePoolRefresh", &OnStoragePoolRefreshImpl},
    {"onNodeDeviceLifecycle", &OnNodeDeviceLifecycleImpl},
});

}  // namespace

}  // namespace virtdesk
