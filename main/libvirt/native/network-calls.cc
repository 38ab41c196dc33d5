// Virtual network methods. Networks are addressed by UUID; each job looks the
// network up, calls, and frees the handle (NetworkRef), like domains.
#include <libvirt/libvirt.h>
#include <libvirt/virterror.h>

#include <cstdlib>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "args-ext.h"
#include "args.h"
#include "connection.h"
#include "errors.h"

namespace virtdesk {

namespace {

struct NetworkFree {
  void operator()(virNetworkPtr net) const {
    if (net != nullptr) virNetworkFree(net);
  }
};
using NetworkRef = std::unique_ptr<virNetwork, NetworkFree>;

NetworkRef LookupNetworkByUUID(virConnectPtr conn, const std::string& uuid) {
  virNetworkPtr net = virNetworkLookupByUUIDString(conn, uuid.c_str());
  if (net == nullptr) ThrowLibvirtError("virNetworkLookupByUUIDString");  // 43 if unknown
  return NetworkRef(net);
}

struct NetworkInfo {
  std::string uuid;
  std::string name;
  bool active = false;
  bool persistent = false;
  bool autostart = false;
  std::string bridge;  // "" when the network has none (e.g. macvtap modes)
};

NetworkInfo ReadNetworkInfo(virNetworkPtr net) {
  NetworkInfo info;
  char uuid[VIR_UUID_STRING_BUFLEN];
  if (virNetworkGetUUIDString(net, uuid) < 0) ThrowLibvirtError("virNetworkGetUUIDString");
  info.uuid = uuid;
  const char* name = virNetworkGetName(net);
  if (name == nullptr) ThrowLibvirtError("virNetworkGetName");
  info.name = name;
  int active = virNetworkIsActive(net);
  if (active < 0) ThrowLibvirtError("virNetworkIsActive");
  info.active = active == 1;
  int persistent = virNetworkIsPersistent(net);
  if (persistent < 0) ThrowLibvirtError("virNetworkIsPersistent");
  info.persistent = persistent == 1;
  int autostart = 0;
  if (virNetworkGetAutostart(net, &autostart) < 0) ThrowLibvirtError("virNetworkGetAutostart");
  info.autostart = autostart == 1;
  char* bridge = virNetworkGetBridgeName(net);
  if (bridge != nullptr) {
    info.bridge = bridge;
    free(bridge);
  } else {
    virResetLastError();  // forward modes without a bridge: not a failure
  }
  return info;
}

Napi::Object NetworkInfoToJs(Napi::Env env, const NetworkInfo& info) {
  Napi::Object o = Napi::Object::New(env);
  o.Set("uuid", info.uuid);
  o.Set("name", info.name);
  o.Set("active", Napi::Boolean::New(env, info.active));
  o.Set("persistent", Napi::Boolean::New(env, info.persistent));
  o.Set("autostart", Napi::Boolean::New(env, info.autostart));
  o.Set("bridge", info.bridge);
  return o;
}

JsResult ResolveNetworkInfo(NetworkInfo info) {
  return [info = std::move(info)](Napi::Env env) -> Napi::Value {
    return NetworkInfoToJs(env, info);
  };
}

// (uuid) -> void actions.
using NetworkAction = int (*)(virNetworkPtr net);

template <NetworkAction Action>
Napi::Value RunNetworkAction(Connection& self, const Napi::CallbackInfo& info, const char* what) {
  Napi::Env env = info.Env();
  return RejectOnThrow(env, [&] {
    std::string uuid = StringArg(info, 0, "uuid");
    return self.Dispatch(env, [uuid, what](ConnState& s) {
      NetworkRef net = LookupNetworkByUUID(s.RequireConn(), uuid);
      if (Action(net.get()) < 0) ThrowLibvirtError(what);
      return ResolveUndefined();
    });
  });
}

Napi::Value ListAllNetworks(Connection& self, const Napi::CallbackInfo& info) {
  Napi::Env env = info.Env();
  return RejectOnThrow(env, [&] {
    unsigned int flags = FlagsArg(info, 0, "flags");
    return self.Dispatch(env, [flags](ConnState& s) -> JsResult {
      virNetworkPtr* raw = nullptr;
      int n = virConnectListAllNetworks(s.RequireConn(), &raw, flags);
      if (n < 0) ThrowLibvirtError("virConnectListAllNetworks");
      std::vector<NetworkRef> nets;
      for (int i = 0; i < n; i++) nets.emplace_back(raw[i]);
      free(raw);
      std::vector<NetworkInfo> infos;
      for (auto& net : nets) {
        try {
          infos.push_back(ReadNetworkInfo(net.get()));
        } catch (const NativeError& e) {
          if (e.code == VIR_ERR_NO_NETWORK) continue;  // undefined meanwhile
          throw;
        }
      }
      return [infos = std::move(infos)](Napi::Env env) -> Napi::Value {
        Napi::Array array = Napi::Array::New(env, infos.size());
        for (size_t i = 0; i < infos.size(); i++) array.Set(i, NetworkInfoToJs(env, infos[i]));
        return array;
      };
    });
  });
}

Napi::Value NetworkLookupByName(Connection& self, const Napi::CallbackInfo& info) {
  Napi::Env env = info.Env();
  return RejectOnThrow(env, [&] {
    std::string name = StringArg(info, 0, "name");
    return self.Dispatch(env, [name](ConnState& s) {
      virNetworkPtr raw = virNetworkLookupByName(s.RequireConn(), name.c_str());
      if (raw == nullptr) ThrowLibvirtError("virNetworkLookupByName");
      NetworkRef net(raw);
      return ResolveNetworkInfo(ReadNetworkInfo(net.get()));
    });
  });
}

Napi::Value NetworkGetXMLDesc(Connection& self, const Napi::CallbackInfo& info) {
  Napi::Env env = info.Env();
  return RejectOnThrow(env, [&] {
    std::string uuid = StringArg(info, 0, "uuid");
    unsigned int flags = FlagsArg(info, 1, "flags");
    return self.Dispatch(env, [uuid, flags](ConnState& s) {
      NetworkRef net = LookupNetworkByUUID(s.RequireConn(), uuid);
      return ResolveString(
          TakeLibvirtString(virNetworkGetXMLDesc(net.get(), flags), "virNetworkGetXMLDesc"));
    });
  });
}

Napi::Value NetworkDefineXML(Connection& self, const Napi::CallbackInfo& info) {
  Napi::Env env = info.Env();
  return RejectOnThrow(env, [&] {
    std::string xml = StringArg(info, 0, "xml");
    return self.Dispatch(env, [xml](ConnState& s) {
      virNetworkPtr raw = virNetworkDefineXML(s.RequireConn(), xml.c_str());
      if (raw == nullptr) ThrowLibvirtError("virNetworkDefineXML");
      NetworkRef net(raw);
      return ResolveNetworkInfo(ReadNetworkInfo(net.get()));
    });
  });
}

Napi::Value NetworkUndefine(Connection& self, const Napi::CallbackInfo& info) {
  return RunNetworkAction<virNetworkUndefine>(self, info, "virNetworkUndefine");
}

Napi::Value NetworkCreate(Connection& self, const Napi::CallbackInfo& info) {
  return RunNetworkAction<virNetworkCreate>(self, info, "virNetworkCreate");
}

Napi::Value NetworkDestroy(Connection& self, const Napi::CallbackInfo& info) {
  return RunNetworkAction<virNetworkDestroy>(self, info, "virNetworkDestroy");
}

Napi::Value NetworkGetAutostart(Connection& self, const Napi::CallbackInfo& info) {
  Napi::Env env = info.Env();
  return RejectOnThrow(env, [&] {
    std::string uuid = StringArg(info, 0, "uuid");
    return self.Dispatch(env, [uuid](ConnState& s) {
      NetworkRef net = LookupNetworkByUUID(s.RequireConn(), uuid);
      int autostart = 0;
      if (virNetworkGetAutostart(net.get(), &autostart) < 0) {
        ThrowLibvirtError("virNetworkGetAutostart");
      }
      return ResolveBool(autostart == 1);
    });
  });
}

Napi::Value NetworkSetAutostart(Connection& self, const Napi::CallbackInfo& info) {
  Napi::Env env = info.Env();
  return RejectOnThrow(env, [&] {
    std::string uuid = StringArg(info, 0, "uuid");
    bool autostart = BoolArg(info, 1, "autostart");
    return self.Dispatch(env, [uuid, autostart](ConnState& s) {
      NetworkRef net = LookupNetworkByUUID(s.RequireConn(), uuid);
      if (virNetworkSetAutostart(net.get(), autostart ? 1 : 0) < 0) {
        ThrowLibvirtError("virNetworkSetAutostart");
      }
      return ResolveUndefined();
    });
  });
}

struct Lease {
  std::string iface;
  long long expiryTime = 0;
  int type = 0;
  std::optional<std::string> mac;
  std::optional<std::string> iaid;
  std::string ipaddr;
  unsigned int prefix = 0;
  std::optional<std::string> hostname;
  std::optional<std::string> clientid;
};

std::optional<std::string> OptString(const char* s) {
  if (s == nullptr) return std::nullopt;
  return std::string(s);
}

Napi::Value OptToJs(Napi::Env env, const std::optional<std::string>& s) {
  if (!s) return env.Null();
  return Napi::String::New(env, *s);
}

Napi::Value NetworkGetDHCPLeases(Connection& self, const Napi::CallbackInfo& info) {
  Napi::Env env = info.Env();
  return RejectOnThrow(env, [&] {
    std::string uuid = StringArg(info, 0, "uuid");
    std::optional<std::string> mac = NullableStringArg(info, 1, "mac");
    return self.Dispatch(env, [uuid, mac](ConnState& s) -> JsResult {
      NetworkRef net = LookupNetworkByUUID(s.RequireConn(), uuid);
      virNetworkDHCPLeasePtr* raw = nullptr;
      int n = virNetworkGetDHCPLeases(net.get(), mac ? mac->c_str() : nullptr, &raw, 0);
      if (n < 0) ThrowLibvirtError("virNetworkGetDHCPLeases");
      std::vector<Lease> leases;
      for (int i = 0; i < n; i++) {
        virNetworkDHCPLeasePtr l = raw[i];
        Lease lease;
        lease.iface = l->iface != nullptr ? l->iface : "";
        lease.expiryTime = l->expirytime;
        lease.type = l->type;
        lease.mac = OptString(l->mac);
        lease.iaid = OptString(l->iaid);
        lease.ipaddr = l->ipaddr != nullptr ? l->ipaddr : "";
        lease.prefix = l->prefix;
        lease.hostname = OptString(l->hostname);
        lease.clientid = OptString(l->clientid);
        leases.push_back(std::move(lease));
      }
      for (int i = 0; i < n; i++) virNetworkDHCPLeaseFree(raw[i]);
      free(raw);
      return [leases = std::move(leases)](Napi::Env env) -> Napi::Value {
        Napi::Array array = Napi::Array::New(env, leases.size());
        for (size_t i = 0; i < leases.size(); i++) {
          const Lease& l = leases[i];
          Napi::Object o = Napi::Object::New(env);
          o.Set("iface", l.iface);
          o.Set("expiryTime", Napi::Number::New(env, static_cast<double>(l.expiryTime)));
          o.Set("type", Napi::Number::New(env, l.type));
          o.Set("mac", OptToJs(env, l.mac));
          o.Set("iaid", OptToJs(env, l.iaid));
          o.Set("ipaddr", l.ipaddr);
          o.Set("prefix", Napi::Number::New(env, l.prefix));
          o.Set("hostname", OptToJs(env, l.hostname));
          o.Set("clientid", OptToJs(env, l.clientid));
          array.Set(i, o);
        }
        return array;
      };
    });
  });
}

Napi::Value NetworkUpdate(Connection& self, const Napi::CallbackInfo& info) {
  Napi::Env env = info.Env();
  return RejectOnThrow(env, [&] {
    std::string uuid = StringArg(info, 0, "uuid");
    unsigned int command = UintArg(info, 1, "command");
    unsigned int section = UintArg(info, 2, "section");
    int parentIndex = IntArg(info, 3, "parentIndex");
    std::string xml = StringArg(info, 4, "xml");
    unsigned int flags = FlagsArg(info, 5, "flags");
    return self.Dispatch(env, [uuid, command, section, parentIndex, xml, flags](ConnState& s) {
      NetworkRef net = LookupNetworkByUUID(s.RequireConn(), uuid);
      if (virNetworkUpdate(net.get(), command, section, parentIndex, xml.c_str(), flags) < 0) {
        ThrowLibvirtError("virNetworkUpdate");
      }
      return ResolveUndefined();
    });
  });
}

RegisterMethods registered({
    {"listAllNetworks", &ListAllNetworks},
    {"networkLookupByName", &NetworkLookupByName},
    {"networkGetXMLDesc", &NetworkGetXMLDesc},
    {"networkDefineXML", &NetworkDefineXML},
    {"networkUndefine", &NetworkUndefine},
    {"networkCreate", &NetworkCreate},
    {"networkDestroy", &NetworkDestroy},
    {"networkGetAutostart", &NetworkGetAutostart},
    {"networkSetAutostart", &NetworkSetAutostart},
    {"networkGetDHCPLeases", &NetworkGetDHCPLeases},
    {"networkUpdate", &NetworkUpdate},
});

}  // namespace

}  // namespace virtdesk
