// Storage pool methods (pools addressed by UUID, see storage-refs.h).
#include <libvirt/libvirt.h>
#include <libvirt/virterror.h>

#include <cstdlib>
#include <optional>
#include <string>
#include <vector>

#include "args-ext.h"
#include "js-numbers.h"
#include "args.h"
#include "connection.h"
#include "errors.h"
#include "storage-refs.h"

namespace virtdesk {

namespace {

JsResult ResolvePoolInfo(PoolInfo info) {
  return [info = std::move(info)](Napi::Env env) -> Napi::Value {
    return PoolInfoToJs(env, info);
  };
}

// (uuid, flags) -> void and (uuid) -> void actions differ only in the call.
using PoolFlagsAction = int (*)(virStoragePoolPtr pool, unsigned int flags);
using PoolAction = int (*)(virStoragePoolPtr pool);

template <PoolFlagsAction Action>
Napi::Value RunPoolFlagsAction(Connection& self, const Napi::CallbackInfo& info,
                               const char* what) {
  Napi::Env env = info.Env();
  return RejectOnThrow(env, [&] {
    std::string uuid = StringArg(info, 0, "uuid");
    unsigned int flags = FlagsArg(info, 1, "flags");
    return self.Dispatch(env, [uuid, flags, what](ConnState& s) {
      PoolRef pool = LookupPoolByUUID(s.RequireConn(), uuid);
      if (Action(pool.get(), flags) < 0) ThrowLibvirtError(what);
      return ResolveUndefined();
    });
  });
}

template <PoolAction Action>
Napi::Value RunPoolAction(Connection& self, const Napi::CallbackInfo& info, const char* what) {
  Napi::Env env = info.Env();
  return RejectOnThrow(env, [&] {
    std::string uuid = StringArg(info, 0, "uuid");
    return self.Dispatch(env, [uuid, what](ConnState& s) {
      PoolRef pool = LookupPoolByUUID(s.RequireConn(), uuid);
      if (Action(pool.get()) < 0) ThrowLibvirtError(what);
      return ResolveUndefined();
    });
  });
}

Napi::Value ListAllStoragePools(Connection& self, const Napi::CallbackInfo& info) {
  Napi::Env env = info.Env();
  return RejectOnThrow(env, [&] {
    unsigned int flags = FlagsArg(info, 0, "flags");
    return self.Dispatch(env, [flags](ConnState& s) -> JsResult {
      virStoragePoolPtr* raw = nullptr;
      int n = virConnectListAllStoragePools(s.RequireConn(), &raw, flags);
      if (n < 0) ThrowLibvirtError("virConnectListAllStoragePools");
      std::vector<PoolRef> pools;
      for (int i = 0; i < n; i++) pools.emplace_back(raw[i]);
      free(raw);
      std::vector<PoolInfo> infos;
      for (auto& pool : pools) {
        try {
          infos.push_back(ReadPoolInfo(pool.get()));
        } catch (const NativeError& e) {
          if (e.code == VIR_ERR_NO_STORAGE_POOL) continue;  // undefined meanwhile
          throw;
        }
      }
      return [infos = std::move(infos)](Napi::Env env) -> Napi::Value {
        Napi::Array array = Napi::Array::New(env, infos.size());
        for (size_t i = 0; i < infos.size(); i++) array.Set(i, PoolInfoToJs(env, infos[i]));
        return array;
      };
    });
  });
}

Napi::Value StoragePoolLookupByName(Connection& self, const Napi::CallbackInfo& info) {
  Napi::Env env = info.Env();
  return RejectOnThrow(env, [&] {
    std::string name = StringArg(info, 0, "name");
    return self.Dispatch(env, [name](ConnState& s) {
      virStoragePoolPtr raw = virStoragePoolLookupByName(s.RequireConn(), name.c_str());
      if (raw == nullptr) ThrowLibvirtError("virStoragePoolLookupByName");
      PoolRef pool(raw);
      return ResolvePoolInfo(ReadPoolInfo(pool.get()));
    });
  });
}

Napi::Value StoragePoolGetXMLDesc(Connection& self, const Napi::CallbackInfo& info) {
  Napi::Env env = info.Env();
  return RejectOnThrow(env, [&] {
    std::string uuid = StringArg(info, 0, "uuid");
    unsigned int flags = FlagsArg(info, 1, "flags");
    return self.Dispatch(env, [uuid, flags](ConnState& s) {
      PoolRef pool = LookupPoolByUUID(s.RequireConn(), uuid);
      return ResolveString(TakeLibvirtString(virStoragePoolGetXMLDesc(pool.get(), flags),
                                             "virStoragePoolGetXMLDesc"));
    });
  });
}

Napi::Value StoragePoolDefineXML(Connection& self, const Napi::CallbackInfo& info) {
  Napi::Env env = info.Env();
  return RejectOnThrow(env, [&] {
    std::string xml = StringArg(info, 0, "xml");
    unsigned int flags = FlagsArg(info, 1, "flags");
    return self.Dispatch(env, [xml, flags](ConnState& s) {
      virStoragePoolPtr raw = virStoragePoolDefineXML(s.RequireConn(), xml.c_str(), flags);
      if (raw == nullptr) ThrowLibvirtError("virStoragePoolDefineXML");
      PoolRef pool(raw);
      return ResolvePoolInfo(ReadPoolInfo(pool.get()));
    });
  });
}

Napi::Value StoragePoolBuild(Connection& self, const Napi::CallbackInfo& info) {
  return RunPoolFlagsAction<virStoragePoolBuild>(self, info, "virStoragePoolBuild");
}

Napi::Value StoragePoolCreate(Connection& self, const Napi::CallbackInfo& info) {
  return RunPoolFlagsAction<virStoragePoolCreate>(self, info, "virStoragePoolCreate");
}

Napi::Value StoragePoolDelete(Connection& self, const Napi::CallbackInfo& info) {
  return RunPoolFlagsAction<virStoragePoolDelete>(self, info, "virStoragePoolDelete");
}

Napi::Value StoragePoolRefresh(Connection& self, const Napi::CallbackInfo& info) {
  return RunPoolFlagsAction<virStoragePoolRefresh>(self, info, "virStoragePoolRefresh");
}

Napi::Value StoragePoolDestroy(Connection& self, const Napi::CallbackInfo& info) {
  return RunPoolAction<virStoragePoolDestroy>(self, info, "virStoragePoolDestroy");
}

Napi::Value StoragePoolUndefine(Connection& self, const Napi::CallbackInfo& info) {
  return RunPoolAction<virStoragePoolUndefine>(self, info, "virStoragePoolUndefine");
}

Napi::Value StoragePoolGetAutostart(Connection& self, const Napi::CallbackInfo& info) {
  Napi::Env env = info.Env();
  return RejectOnThrow(env, [&] {
    std::string uuid = StringArg(info, 0, "uuid");
    return self.Dispatch(env, [uuid](ConnState& s) {
      PoolRef pool = LookupPoolByUUID(s.RequireConn(), uuid);
      int autostart = 0;
      if (virStoragePoolGetAutostart(pool.get(), &autostart) < 0) {
        ThrowLibvirtError("virStoragePoolGetAutostart");
      }
      return ResolveBool(autostart == 1);
    });
  });
}

Napi::Value StoragePoolSetAutostart(Connection& self, const Napi::CallbackInfo& info) {
  Napi::Env env = info.Env();
  return RejectOnThrow(env, [&] {
    std::string uuid = StringArg(info, 0, "uuid");
    bool autostart = BoolArg(info, 1, "autostart");
    return self.Dispatch(env, [uuid, autostart](ConnState& s) {
      PoolRef pool = LookupPoolByUUID(s.RequireConn(), uuid);
      if (virStoragePoolSetAutostart(pool.get(), autostart ? 1 : 0) < 0) {
        ThrowLibvirtError("virStoragePoolSetAutostart");
      }
      return ResolveUndefined();
    });
  });
}

Napi::Value StoragePoolGetInfo(Connection& self, const Napi::CallbackInfo& info) {
  Napi::Env env = info.Env();
  return RejectOnThrow(env, [&] {
    std::string uuid = StringArg(info, 0, "uuid");
    return self.Dispatch(env, [uuid](ConnState& s) -> JsResult {
      PoolRef pool = LookupPoolByUUID(s.RequireConn(), uuid);
      virStoragePoolInfo raw;
      if (virStoragePoolGetInfo(pool.get(), &raw) < 0) ThrowLibvirtError("virStoragePoolGetInfo");
      return [raw](Napi::Env env) -> Napi::Value {
        Napi::Object o = Napi::Object::New(env);
        o.Set("state", Napi::Number::New(env, raw.state));
        o.Set("capacity", Uint64ToJs(env, raw.capacity));
        o.Set("allocation", Uint64ToJs(env, raw.allocation));
        o.Set("available", Uint64ToJs(env, raw.available));
        return o;
      };
    });
  });
}

Napi::Value FindStoragePoolSources(Connection& self, const Napi::CallbackInfo& info) {
  Napi::Env env = info.Env();
  return RejectOnThrow(env, [&] {
    std::string type = StringArg(info, 0, "type");
    std::optional<std::string> srcSpec = NullableStringArg(info, 1, "srcSpec");
    unsigned int flags = FlagsArg(info, 2, "flags");
    return self.Dispatch(env, [type, srcSpec, flags](ConnState& s) {
      return ResolveString(TakeLibvirtString(
          virConnectFindStoragePoolSources(s.RequireConn(), type.c_str(),
                                           srcSpec ? srcSpec->c_str() : nullptr, flags),
          "virConnectFindStoragePoolSources"));
    });
  });
}

RegisterMethods registered({
    {"listAllStoragePools", &ListAllStoragePools},
    {"storagePoolLookupByName", &StoragePoolLookupByName},
    {"storagePoolGetXMLDesc", &StoragePoolGetXMLDesc},
    {"storagePoolDefineXML", &StoragePoolDefineXML},
    {"storagePoolBuild", &StoragePoolBuild},
    {"storagePoolCreate", &StoragePoolCreate},
    {"storagePoolDestroy", &StoragePoolDestroy},
    {"storagePoolDelete", &StoragePoolDelete},
    {"storagePoolUndefine", &StoragePoolUndefine},
    {"storagePoolRefresh", &StoragePoolRefresh},
    {"storagePoolGetAutostart", &StoragePoolGetAutostart},
    {"storagePoolSetAutostart", &StoragePoolSetAutostart},
    {"storagePoolGetInfo", &StoragePoolGetInfo},
    {"findStoragePoolSources", &FindStoragePoolSources},
});

}  // namespace

}  // namespace virtdesk
