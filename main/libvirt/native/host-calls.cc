// Host (hypervisor and node) queries: type, version, sysinfo, capabilities,
// node info and node CPU/memory statistics.
#include <libvirt/libvirt.h>
#include <libvirt/virterror.h>

#include <cstring>
#include <optional>
#include <string>
#include <vector>

#include "args.h"
#include "connection.h"
#include "errors.h"
#include "param-record.h"

namespace virtdesk {

namespace {

// null/undefined -> nullopt (libvirt's NULL = "default"), else a string.
std::optional<std::string> OptionalStringArg(const Napi::CallbackInfo& info, size_t index,
                                             const char* name) {
  if (info[index].IsNull() || info[index].IsUndefined()) return std::nullopt;
  if (!info[index].IsString()) {
    throw Napi::TypeError::New(info.Env(), std::string(name) + " must be a string or null");
  }
  return StringArg(info, index, name);
}

const char* CStrOrNull(const std::optional<std::string>& s) {
  return s ? s->c_str() : nullptr;
}

JsResult ResolveRecord(ParamRecord record) {
  return [record = std::move(record)](Napi::Env env) -> Napi::Value {
    return ParamRecordToJs(env, record);
  };
}

Napi::Value GetType(Connection& self, const Napi::CallbackInfo& info) {
  return self.Dispatch(info.Env(), [](ConnState& s) {
    // A static driver string: not to be freed.
    const char* type = virConnectGetType(s.RequireConn());
    if (type == nullptr) ThrowLibvirtError("virConnectGetType");
    return ResolveString(type);
  });
}

Napi::Value GetVersion(Connection& self, const Napi::CallbackInfo& info) {
  return self.Dispatch(info.Env(), [](ConnState& s) {
    unsigned long version = 0;
    if (virConnectGetVersion(s.RequireConn(), &version) < 0) {
      ThrowLibvirtError("virConnectGetVersion");
    }
    return ResolveNumber(static_cast<double>(version));
  });
}

Napi::Value GetSysinfo(Connection& self, const Napi::CallbackInfo& info) {
  Napi::Env env = info.Env();
  return RejectOnThrow(env, [&] {
    unsigned int flags = info[0].IsUndefined() ? 0 : FlagsArg(info, 0, "flags");
    return self.Dispatch(env, [flags](ConnState& s) {
      return ResolveString(TakeLibvirtString(virConnectGetSysinfo(s.RequireConn(), flags),
                                             "virConnectGetSysinfo"));
    });
  });
}

Napi::Value GetCapabilities(Connection& self, const Napi::CallbackInfo& info) {
  return self.Dispatch(info.Env(), [](ConnState& s) {
    return ResolveString(
        TakeLibvirtString(virConnectGetCapabilities(s.RequireConn()), "virConnectGetCapabilities"));
  });
}

Napi::Value GetDomainCapabilities(Connection& self, const Napi::CallbackInfo& info) {
  Napi::Env env = info.Env();
  return RejectOnThrow(env, [&] {
    auto emulator = OptionalStringArg(info, 0, "emulatorbin");
    auto arch = OptionalStringArg(info, 1, "arch");
    auto machine = OptionalStringArg(info, 2, "machine");
    auto virttype = OptionalStringArg(info, 3, "virttype");
    unsigned int flags = FlagsArg(info, 4, "flags");
    return self.Dispatch(env, [emulator, arch, machine, virttype, flags](ConnState& s) {
      return ResolveString(TakeLibvirtString(
          virConnectGetDomainCapabilities(s.RequireConn(), CStrOrNull(emulator), CStrOrNull(arch),
                                          CStrOrNull(machine), CStrOrNull(virttype), flags),
          "virConnectGetDomainCapabilities"));
    });
  });
}

Napi::Value NodeGetInfo(Connection& self, const Napi::CallbackInfo& info) {
  return self.Dispatch(info.Env(), [](ConnState& s) -> JsResult {
    virNodeInfo node{};
    if (virNodeGetInfo(s.RequireConn(), &node) < 0) ThrowLibvirtError("virNodeGetInfo");
    // model is a fixed char[32], not always NUL-terminated at full length.
    std::string model(node.model, strnlen(node.model, sizeof(node.model)));
    return [node, model](Napi::Env env) -> Napi::Value {
      Napi::Object o = Napi::Object::New(env);
      o.Set("model", model);
      o.Set("memoryKiB", Uint64ToJs(env, node.memory));
      o.Set("cpus", Napi::Number::New(env, node.cpus));
      o.Set("mhz", Napi::Number::New(env, node.mhz));
      o.Set("nodes", Napi::Number::New(env, node.nodes));
      o.Set("sockets", Napi::Number::New(env, node.sockets));
      o.Set("cores", Napi::Number::New(env, node.cores));
      o.Set("threads", Napi::Number::New(env, node.threads));
      return o;
    };
  });
}

// virNodeGetCPUStats and virNodeGetMemoryStats share one shape: ask for the
// count with nparams = 0, then fill an array of {field[80], value}.
template <typename Stat, typename Getter>
ParamRecord ReadNodeStats(Getter get, const char* what) {
  int n = 0;
  if (get(nullptr, &n) < 0) ThrowLibvirtError(what);
  std::vector<Stat> stats(n > 0 ? n : 0);
  if (n > 0 && get(stats.data(), &n) < 0) ThrowLibvirtError(what);
  ParamRecord record;
  for (int i = 0; i < n; i++) record.Add(stats[i].field, uint64_t{stats[i].value});
  return record;
}

Napi::Value NodeGetCPUStats(Connection& self, const Napi::CallbackInfo& info) {
  Napi::Env env = info.Env();
  return RejectOnThrow(env, [&] {
    int cpuNum = IntArg(info, 0, "cpuNum");
    unsigned int flags = FlagsArg(info, 1, "flags");
    return self.Dispatch(env, [cpuNum, flags](ConnState& s) {
      virConnectPtr conn = s.RequireConn();
      return ResolveRecord(ReadNodeStats<virNodeCPUStats>(
          [&](virNodeCPUStats* p, int* n) { return virNodeGetCPUStats(conn, cpuNum, p, n, flags); },
          "virNodeGetCPUStats"));
    });
  });
}

Napi::Value NodeGetMemoryStats(Connection& self, const Napi::CallbackInfo& info) {
  Napi::Env env = info.Env();
  return RejectOnThrow(env, [&] {
    int cellNum = IntArg(info, 0, "cellNum");
    unsigned int flags = FlagsArg(info, 1, "flags");
    return self.Dispatch(env, [cellNum, flags](ConnState& s) {
      virConnectPtr conn = s.RequireConn();
      return ResolveRecord(ReadNodeStats<virNodeMemoryStats>(
          [&](virNodeMemoryStats* p, int* n) {
            return virNodeGetMemoryStats(conn, cellNum, p, n, flags);
          },
          "virNodeGetMemoryStats"));
    });
  });
}

Napi::Value NodeGetFreeMemory(Connection& self, const Napi::CallbackInfo& info) {
  return self.Dispatch(info.Env(), [](ConnState& s) -> JsResult {
    virResetLastError();
    unsigned long long bytes = virNodeGetFreeMemory(s.RequireConn());
    // 0 is both "no memory free" and the error value: tell them apart.
    if (bytes == 0 && virGetLastError() != nullptr) ThrowLibvirtError("virNodeGetFreeMemory");
    return [bytes](Napi::Env env) -> Napi::Value { return Uint64ToJs(env, bytes); };
  });
}

static RegisterMethods registered({
    {"getType", &GetType},
    {"getVersion", &GetVersion},
    {"getSysinfo", &GetSysinfo},
    {"getCapabilities", &GetCapabilities},
    {"getDomainCapabilities", &GetDomainCapabilities},
    {"nodeGetInfo", &NodeGetInfo},
    {"nodeGetCPUStats", &NodeGetCPUStats},
    {"nodeGetMemoryStats", &NodeGetMemoryStats},
    {"nodeGetFreeMemory", &NodeGetFreeMemory},
});

}  // namespace

}  // namespace virtdesk
