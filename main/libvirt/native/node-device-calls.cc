// Node devices, addressed by name (their only stable identity).
#include <libvirt/libvirt.h>
#include <libvirt/virterror.h>

#include <cstdlib>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "args.h"
#include "connection.h"
#include "errors.h"

namespace virtdesk {

namespace {

struct NodeDeviceFree {
  void operator()(virNodeDevicePtr dev) const {
    if (dev != nullptr) virNodeDeviceFree(dev);
  }
};
using NodeDeviceRef = std::unique_ptr<virNodeDevice, NodeDeviceFree>;

struct NodeDeviceInfo {
  std::string name;
  std::optional<std::string> parent;  // none for the root ("computer")
  std::vector<std::string> caps;
};

// Worker thread.
NodeDeviceInfo ReadNodeDevice(virNodeDevicePtr dev) {
  NodeDeviceInfo info;
  const char* name = virNodeDeviceGetName(dev);
  if (name == nullptr) ThrowLibvirtError("virNodeDeviceGetName");
  info.name = name;
  // NULL means "no parent" (the root device). Drivers disagree on whether
  // that is also an error (the in-process node device driver reports "no
  // parent for this device", the remote driver does not), so NULL is never
  // an error here; a dead connection still fails on the next call.
  const char* parent = virNodeDeviceGetParent(dev);
  if (parent != nullptr) info.parent = parent;
  virResetLastError();
  int n = virNodeDeviceNumOfCaps(dev);
  if (n < 0) ThrowLibvirtError("virNodeDeviceNumOfCaps");
  if (n > 0) {
    std::vector<char*> names(n, nullptr);
    int got = virNodeDeviceListCaps(dev, names.data(), n);
    if (got < 0) ThrowLibvirtError("virNodeDeviceListCaps");
    for (int i = 0; i < got; i++) {
      info.caps.emplace_back(names[i]);
      free(names[i]);
    }
  }
  return info;
}

Napi::Object NodeDeviceInfoToJs(Napi::Env env, const NodeDeviceInfo& info) {
  Napi::Object o = Napi::Object::New(env);
  o.Set("name", info.name);
  o.Set("parent", info.parent ? Napi::Value(Napi::String::New(env, *info.parent)) : env.Null());
  Napi::Array caps = Napi::Array::New(env, info.caps.size());
  for (size_t i = 0; i < info.caps.size(); i++) caps.Set(static_cast<uint32_t>(i), info.caps[i]);
  o.Set("caps", caps);
  return o;
}

Napi::Value ListAllNodeDevices(Connection& self, const Napi::CallbackInfo& info) {
  Napi::Env env = info.Env();
  return RejectOnThrow(env, [&] {
    unsigned int flags = FlagsArg(info, 0, "flags");
    return self.Dispatch(env, [flags](ConnState& s) -> JsResult {
      virNodeDevicePtr* raw = nullptr;
      int n = virConnectListAllNodeDevices(s.RequireConn(), &raw, flags);
      if (n < 0) ThrowLibvirtError("virConnectListAllNodeDevices");
      std::vector<NodeDeviceRef> devices;  // own every handle before anything can throw
      devices.reserve(n);
      for (int i = 0; i < n; i++) devices.emplace_back(raw[i]);
      free(raw);
      std::vector<NodeDeviceInfo> infos;
      infos.reserve(n);
      for (auto& dev : devices) {
        try {
          infos.push_back(ReadNodeDevice(dev.get()));
        } catch (const NativeError& e) {
          // Unplugged between listing and reading: just skip it.
          if (e.code == VIR_ERR_NO_NODE_DEVICE) continue;
          throw;
        }
      }
      return [infos = std::move(infos)](Napi::Env env) -> Napi::Value {
        Napi::Array array = Napi::Array::New(env, infos.size());
        for (size_t i = 0; i < infos.size(); i++) {
          array.Set(static_cast<uint32_t>(i), NodeDeviceInfoToJs(env, infos[i]));
        }
        return array;
      };
    });
  });
}

Napi::Value NodeDeviceGetXMLDesc(Connection& self, const Napi::CallbackInfo& info) {
  Napi::Env env = info.Env();
  return RejectOnThrow(env, [&] {
    std::string name = StringArg(info, 0, "name");
    unsigned int flags = info[1].IsUndefined() ? 0 : FlagsArg(info, 1, "flags");
    return self.Dispatch(env, [name, flags](ConnState& s) {
      virNodeDevicePtr raw = virNodeDeviceLookupByName(s.RequireConn(), name.c_str());
      if (raw == nullptr) ThrowLibvirtError("virNodeDeviceLookupByName");
      NodeDeviceRef dev(raw);
      return ResolveString(
          TakeLibvirtString(virNodeDeviceGetXMLDesc(dev.get(), flags), "virNodeDeviceGetXMLDesc"));
    });
  });
}

// Creates a transient device (e.g. an NPIV vHBA); resolves with its info.
Napi::Value NodeDeviceCreateXML(Connection& self, const Napi::CallbackInfo& info) {
  Napi::Env env = info.Env();
  return RejectOnThrow(env, [&] {
    std::string xml = StringArg(info, 0, "xml");
    unsigned int flags = FlagsArg(info, 1, "flags");
    return self.Dispatch(env, [xml, flags](ConnState& s) -> JsResult {
      virNodeDevicePtr raw = virNodeDeviceCreateXML(s.RequireConn(), xml.c_str(), flags);
      if (raw == nullptr) ThrowLibvirtError("virNodeDeviceCreateXML");
      NodeDeviceRef dev(raw);
      NodeDeviceInfo result = ReadNodeDevice(dev.get());
      return [result](Napi::Env env) -> Napi::Value { return NodeDeviceInfoToJs(env, result); };
    });
  });
}

Napi::Value NodeDeviceDestroy(Connection& self, const Napi::CallbackInfo& info) {
  Napi::Env env = info.Env();
  return RejectOnThrow(env, [&] {
    std::string name = StringArg(info, 0, "name");
    return self.Dispatch(env, [name](ConnState& s) {
      virNodeDevicePtr raw = virNodeDeviceLookupByName(s.RequireConn(), name.c_str());
      if (raw == nullptr) ThrowLibvirtError("virNodeDeviceLookupByName");
      NodeDeviceRef dev(raw);
      if (virNodeDeviceDestroy(dev.get()) < 0) ThrowLibvirtError("virNodeDeviceDestroy");
      return ResolveUndefined();
    });
  });
}

static RegisterMethods registered({
    {"listAllNodeDevices", &ListAllNodeDevices},
    {"nodeDeviceGetXMLDesc", &NodeDeviceGetXMLDesc},
    {"nodeDeviceCreateXML", &NodeDeviceCreateXML},
    {"nodeDeviceDestroy", &NodeDeviceDestroy},
});

}  // namespace

}  // namespace virtdesk
