// Storage volume methods. Volumes are addressed by key (see storage-refs.h);
// creation takes the UUID of the target pool. Upload/download return a
// NativeStream whose bytes flow on libvirt's event-loop thread.
#include <libvirt/libvirt.h>
#include <libvirt/virterror.h>

#include <cstdlib>
#include <string>
#include <vector>

#include "args-ext.h"
#include "js-numbers.h"
#include "args.h"
#include "connection.h"
#include "errors.h"
#include "storage-refs.h"
#include "stream-open.h"

namespace virtdesk {

namespace {

JsResult ResolveVolInfo(VolInfo info) {
  return [info = std::move(info)](Napi::Env env) -> Napi::Value {
    return VolInfoToJs(env, info);
  };
}

using VolFlagsAction = int (*)(virStorageVolPtr vol, unsigned int flags);

template <VolFlagsAction Action>
Napi::Value RunVolFlagsAction(Connection& self, const Napi::CallbackInfo& info, const char* what) {
  Napi::Env env = info.Env();
  return RejectOnThrow(env, [&] {
    std::string key = StringArg(info, 0, "key");
    unsigned int flags = FlagsArg(info, 1, "flags");
    return self.Dispatch(env, [key, flags, what](ConnState& s) {
      VolRef vol = LookupVolByKey(s.RequireConn(), key);
      if (Action(vol.get(), flags) < 0) ThrowLibvirtError(what);
      return ResolveUndefined();
    });
  });
}

Napi::Value StoragePoolListAllVolumes(Connection& self, const Napi::CallbackInfo& info) {
  Napi::Env env = info.Env();
  return RejectOnThrow(env, [&] {
    std::string uuid = StringArg(info, 0, "poolUuid");
    return self.Dispatch(env, [uuid](ConnState& s) -> JsResult {
      PoolRef pool = LookupPoolByUUID(s.RequireConn(), uuid);
      virStorageVolPtr* raw = nullptr;
      int n = virStoragePoolListAllVolumes(pool.get(), &raw, 0);
      if (n < 0) ThrowLibvirtError("virStoragePoolListAllVolumes");
      std::vector<VolRef> vols;
      for (int i = 0; i < n; i++) vols.emplace_back(raw[i]);
      free(raw);
      std::vector<VolInfo> infos;
      for (auto& vol : vols) {
        try {
          infos.push_back(ReadVolInfo(vol.get()));
        } catch (const NativeError& e) {
          if (e.code == VIR_ERR_NO_STORAGE_VOL) continue;  // deleted meanwhile
          throw;
        }
      }
      return [infos = std::move(infos)](Napi::Env env) -> Napi::Value {
        Napi::Array array = Napi::Array::New(env, infos.size());
        for (size_t i = 0; i < infos.size(); i++) array.Set(i, VolInfoToJs(env, infos[i]));
        return array;
      };
    });
  });
}

Napi::Value StorageVolLookupByName(Connection& self, const Napi::CallbackInfo& info) {
  Napi::Env env = info.Env();
  return RejectOnThrow(env, [&] {
    std::string uuid = StringArg(info, 0, "poolUuid");
    std::string name = StringArg(info, 1, "name");
    return self.Dispatch(env, [uuid, name](ConnState& s) {
      PoolRef pool = LookupPoolByUUID(s.RequireConn(), uuid);
      virStorageVolPtr raw = virStorageVolLookupByName(pool.get(), name.c_str());
      if (raw == nullptr) ThrowLibvirtError("virStorageVolLookupByName");
      VolRef vol(raw);
      return ResolveVolInfo(ReadVolInfo(vol.get()));
    });
  });
}

Napi::Value StorageVolLookupByPath(Connection& self, const Napi::CallbackInfo& info) {
  Napi::Env env = info.Env();
  return RejectOnThrow(env, [&] {
    std::string path = StringArg(info, 0, "path");
    return self.Dispatch(env, [path](ConnState& s) {
      virStorageVolPtr raw = virStorageVolLookupByPath(s.RequireConn(), path.c_str());
      if (raw == nullptr) ThrowLibvirtError("virStorageVolLookupByPath");
      VolRef vol(raw);
      return ResolveVolInfo(ReadVolInfo(vol.get()));
    });
  });
}

Napi::Value StorageVolGetXMLDesc(Connection& self, const Napi::CallbackInfo& info) {
  Napi::Env env = info.Env();
  return RejectOnThrow(env, [&] {
    std::string key = StringArg(info, 0, "key");
    unsigned int flags = FlagsArg(info, 1, "flags");
    return self.Dispatch(env, [key, flags](ConnState& s) {
      VolRef vol = LookupVolByKey(s.RequireConn(), key);
      return ResolveString(TakeLibvirtString(virStorageVolGetXMLDesc(vol.get(), flags),
                                             "virStorageVolGetXMLDesc"));
    });
  });
}

Napi::Value StorageVolGetInfo(Connection& self, const Napi::CallbackInfo& info) {
  Napi::Env env = info.Env();
  return RejectOnThrow(env, [&] {
    std::string key = StringArg(info, 0, "key");
    return self.Dispatch(env, [key](ConnState& s) -> JsResult {
      VolRef vol = LookupVolByKey(s.RequireConn(), key);
      virStorageVolInfo raw;
      if (virStorageVolGetInfo(vol.get(), &raw) < 0) ThrowLibvirtError("virStorageVolGetInfo");
      return [raw](Napi::Env env) -> Napi::Value {
        Napi::Object o = Napi::Object::New(env);
        o.Set("type", Napi::Number::New(env, raw.type));
        o.Set("capacity", Uint64ToJs(env, raw.capacity));
        o.Set("allocation", Uint64ToJs(env, raw.allocation));
        return o;
      };
    });
  });
}

Napi::Value StorageVolCreateXML(Connection& self, const Napi::CallbackInfo& info) {
  Napi::Env env = info.Env();
  return RejectOnThrow(env, [&] {
    std::string uuid = StringArg(info, 0, "poolUuid");
    std::string xml = StringArg(info, 1, "xml");
    unsigned int flags = FlagsArg(info, 2, "flags");
    return self.Dispatch(env, [uuid, xml, flags](ConnState& s) {
      PoolRef pool = LookupPoolByUUID(s.RequireConn(), uuid);
      virStorageVolPtr raw = virStorageVolCreateXML(pool.get(), xml.c_str(), flags);
      if (raw == nullptr) ThrowLibvirtError("virStorageVolCreateXML");
      VolRef vol(raw);
      return ResolveVolInfo(ReadVolInfo(vol.get()));
    });
  });
}

Napi::Value StorageVolCreateXMLFrom(Connection& self, const Napi::CallbackInfo& info) {
  Napi::Env env = info.Env();
  return RejectOnThrow(env, [&] {
    std::string uuid = StringArg(info, 0, "poolUuid");
    std::string xml = StringArg(info, 1, "xml");
    std::string sourceKey = StringArg(info, 2, "sourceKey");
    unsigned int flags = FlagsArg(info, 3, "flags");
    return self.Dispatch(env, [uuid, xml, sourceKey, flags](ConnState& s) {
      virConnectPtr conn = s.RequireConn();
      PoolRef pool = LookupPoolByUUID(conn, uuid);
      VolRef source = LookupVolByKey(conn, sourceKey);
      virStorageVolPtr raw =
          virStorageVolCreateXMLFrom(pool.get(), xml.c_str(), source.get(), flags);
      if (raw == nullptr) ThrowLibvirtError("virStorageVolCreateXMLFrom");
      VolRef vol(raw);
      return ResolveVolInfo(ReadVolInfo(vol.get()));
    });
  });
}

Napi::Value StorageVolDelete(Connection& self, const Napi::CallbackInfo& info) {
  return RunVolFlagsAction<virStorageVolDelete>(self, info, "virStorageVolDelete");
}

Napi::Value StorageVolWipe(Connection& self, const Napi::CallbackInfo& info) {
  return RunVolFlagsAction<virStorageVolWipe>(self, info, "virStorageVolWipe");
}

Napi::Value StorageVolWipePattern(Connection& self, const Napi::CallbackInfo& info) {
  Napi::Env env = info.Env();
  return RejectOnThrow(env, [&] {
    std::string key = StringArg(info, 0, "key");
    unsigned int algorithm = UintArg(info, 1, "algorithm");
    unsigned int flags = FlagsArg(info, 2, "flags");
    return self.Dispatch(env, [key, algorithm, flags](ConnState& s) {
      VolRef vol = LookupVolByKey(s.RequireConn(), key);
      if (virStorageVolWipePattern(vol.get(), algorithm, flags) < 0) {
        ThrowLibvirtError("virStorageVolWipePattern");
      }
      return ResolveUndefined();
    });
  });
}

Napi::Value StorageVolResize(Connection& self, const Napi::CallbackInfo& info) {
  Napi::Env env = info.Env();
  return RejectOnThrow(env, [&] {
    std::string key = StringArg(info, 0, "key");
    uint64_t capacity = U64Arg(info, 1, "capacity");
    unsigned int flags = FlagsArg(info, 2, "flags");
    return self.Dispatch(env, [key, capacity, flags](ConnState& s) {
      VolRef vol = LookupVolByKey(s.RequireConn(), key);
      if (virStorageVolResize(vol.get(), capacity, flags) < 0) {
        ThrowLibvirtError("virStorageVolResize");
      }
      return ResolveUndefined();
    });
  });
}

// Sparse transfers need virStreamSendHole/RecvFlags, which NativeStream does
// not speak: refuse the flag instead of failing mid-transfer on the first hole.
constexpr unsigned int kSparseStream = 1;  // VIR_STORAGE_VOL_{UP,DOWN}LOAD_SPARSE_STREAM

// Upload and download differ only in direction: which end of the stream
// reads, and which libvirt call attaches the volume to it.
using VolTransfer = int (*)(virStorageVolPtr, virStreamPtr, unsigned long long, unsigned long long, unsigned int);

Napi::Value StorageVolTransfer(Connection& self, const Napi::CallbackInfo& info, bool download,
                               VolTransfer transfer, const char* what) {
  Napi::Env env = info.Env();
  return RejectOnThrow(env, [&] {
    std::string key = StringArg(info, 0, "key");
    uint64_t offset = U64Arg(info, 1, "offset");
    uint64_t length = U64Arg(info, 2, "length");
    unsigned int flags = FlagsArg(info, 3, "flags");
    if (flags & kSparseStream) {
      throw Napi::TypeError::New(env, "flags: SPARSE_STREAM is not supported");
    }
    return DispatchOpenStream(self, env, download, !download,
                              [key, offset, length, flags, transfer, what](virConnectPtr conn, virStreamPtr st) {
                                VolRef vol = LookupVolByKey(conn, key);
                                if (transfer(vol.get(), st, offset, length, flags) < 0) ThrowLibvirtError(what);
                              });
  });
}

Napi::Value StorageVolUpload(Connection& self, const Napi::CallbackInfo& info) {
  return StorageVolTransfer(self, info, false, &virStorageVolUpload, "virStorageVolUpload");
}

Napi::Value StorageVolDownload(Connection& self, const Napi::CallbackInfo& info) {
  return StorageVolTransfer(self, info, true, &virStorageVolDownload, "virStorageVolDownload");
}

RegisterMethods registered({
    {"storagePoolListAllVolumes", &StoragePoolListAllVolumes},
    {"storageVolLookupByName", &StorageVolLookupByName},
    {"storageVolLookupByPath", &StorageVolLookupByPath},
    {"storageVolGetXMLDesc", &StorageVolGetXMLDesc},
    {"storageVolGetInfo", &StorageVolGetInfo},
    {"storageVolCreateXML", &StorageVolCreateXML},
    {"storageVolCreateXMLFrom", &StorageVolCreateXMLFrom},
    {"storageVolDelete", &StorageVolDelete},
    {"storageVolWipe", &StorageVolWipe},
    {"storageVolWipePattern", &StorageVolWipePattern},
    {"storageVolResize", &StorageVolResize},
    {"storageVolUpload", &StorageVolUpload},
    {"storageVolDownload", &StorageVolDownload},
});

}  // namespace

}  // namespace virtdesk
