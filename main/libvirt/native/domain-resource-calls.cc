// Memory and vCPU sizing, and virDomainGetInfo.
#include <libvirt/libvirt.h>
#include <libvirt/virterror.h>

#include <optional>
#include <string>
#include <vector>

#include "args.h"
#include "args-ext.h"
#include "connection.h"
#include "domain-helpers.h"
#include "errors.h"

namespace virtdesk {

namespace {

// JS thread: NativeDomainGetInfo.
Napi::Object DomainInfoToJsObject(Napi::Env env, const virDomainInfo& di) {
  Napi::Object o = Napi::Object::New(env);
  o.Set("state", Napi::Number::New(env, di.state));
  o.Set("maxMem", Uint64ToJs(env, di.maxMem));
  o.Set("memory", Uint64ToJs(env, di.memory));
  o.Set("nrVirtCpu", Napi::Number::New(env, di.nrVirtCpu));
  o.Set("cpuTime", Uint64ToJs(env, di.cpuTime));
  return o;
}

Napi::Value DomainGetInfo(Connection& self, const Napi::CallbackInfo& info) {
  Napi::Env env = info.Env();
  return RejectOnThrow(env, [&] {
    std::string uuid = StringArg(info, 0, "uuid");
    return self.Dispatch(env, WithDomain(uuid, [](virDomainPtr dom) -> JsResult {
      virDomainInfo di{};
      if (virDomainGetInfo(dom, &di) < 0) ThrowLibvirtError("virDomainGetInfo");
      return [di](Napi::Env env) -> Napi::Value { return DomainInfoToJsObject(env, di); };
    }));
  });
}

// virDomainGetInfo of many domains in one job: the per-guest stats fallback
// (drivers without bulk stats) then costs one worker round trip per tick, not
// one per guest. A domain that is gone meanwhile is null, not a failure.
Napi::Value DomainGetInfoMany(Connection& self, const Napi::CallbackInfo& info) {
  Napi::Env env = info.Env();
  return RejectOnThrow(env, [&] {
    std::vector<std::string> uuids = StringArrayArg(info, 0, "uuids");
    return self.Dispatch(env, [uuids = std::move(uuids)](ConnState& s) -> JsResult {
      virConnectPtr conn = s.RequireConn();
      std::vector<std::optional<virDomainInfo>> infos;
      infos.reserve(uuids.size());
      for (const std::string& uuid : uuids) {
        virDomainPtr dom = virDomainLookupByUUIDString(conn, uuid.c_str());
        virDomainInfo di{};
        bool ok = dom != nullptr && virDomainGetInfo(dom, &di) == 0;
        if (dom != nullptr) virDomainFree(dom);
        infos.push_back(ok ? std::optional<virDomainInfo>(di) : std::nullopt);
      }
      virResetLastError();  // the misses above are answers (null), not an error to report
      return [infos = std::move(infos)](Napi::Env env) -> Napi::Value {
        Napi::Array out = Napi::Array::New(env, infos.size());
        for (uint32_t i = 0; i < infos.size(); i++) {
          if (!infos[i]) {
            out.Set(i, env.Null());
            continue;
          }
          out.Set(i, DomainInfoToJsObject(env, *infos[i]));
        }
        return out;
      };
    });
  });
}

// unsigned long is 64-bit on every platform libvirt's LP64 builds use; on a
// 32-bit one, refuse rather than truncate.
unsigned long KibArg(const Napi::CallbackInfo& info, size_t index) {
  uint64_t kib = U64Arg(info, index, "kib");
  if (kib > static_cast<uint64_t>(static_cast<unsigned long>(-1))) {
    throw Napi::RangeError::New(info.Env(), "kib does not fit in an unsigned long");
  }
  return static_cast<unsigned long>(kib);
}

Napi::Value DomainSetMemoryFlags(Connection& self, const Napi::CallbackInfo& info) {
  Napi::Env env = info.Env();
  return RejectOnThrow(env, [&] {
    std::string uuid = StringArg(info, 0, "uuid");
    unsigned long kib = KibArg(info, 1);
    unsigned int flags = FlagsArg(info, 2, "flags");
    return self.Dispatch(env, WithDomain(uuid, [kib, flags](virDomainPtr dom) {
      if (virDomainSetMemoryFlags(dom, kib, flags) < 0) ThrowLibvirtError("virDomainSetMemoryFlags");
      return ResolveUndefined();
    }));
  });
}

Napi::Value DomainSetMaxMemory(Connection& self, const Napi::CallbackInfo& info) {
  Napi::Env env = info.Env();
  return RejectOnThrow(env, [&] {
    std::string uuid = StringArg(info, 0, "uuid");
    unsigned long kib = KibArg(info, 1);
    return self.Dispatch(env, WithDomain(uuid, [kib](virDomainPtr dom) {
      if (virDomainSetMaxMemory(dom, kib) < 0) ThrowLibvirtError("virDomainSetMaxMemory");
      return ResolveUndefined();
    }));
  });
}

Napi::Value DomainSetVcpusFlags(Connection& self, const Napi::CallbackInfo& info) {
  Napi::Env env = info.Env();
  return RejectOnThrow(env, [&] {
    std::string uuid = StringArg(info, 0, "uuid");
    unsigned int n = UintArg(info, 1, "nvcpus");
    unsigned int flags = FlagsArg(info, 2, "flags");
    return self.Dispatch(env, WithDomain(uuid, [n, flags](virDomainPtr dom) {
      if (virDomainSetVcpusFlags(dom, n, flags) < 0) ThrowLibvirtError("virDomainSetVcpusFlags");
      return ResolveUndefined();
    }));
  });
}

Napi::Value DomainGetVcpusFlags(Connection& self, const Napi::CallbackInfo& info) {
  Napi::Env env = info.Env();
  return RejectOnThrow(env, [&] {
    std::string uuid = StringArg(info, 0, "uuid");
    unsigned int flags = FlagsArg(info, 1, "flags");
    return self.Dispatch(env, WithDomain(uuid, [flags](virDomainPtr dom) {
      int n = virDomainGetVcpusFlags(dom, flags);
      if (n < 0) ThrowLibvirtError("virDomainGetVcpusFlags");
      return ResolveNumber(n);
    }));
  });
}

RegisterMethods registered({
    {"domainGetInfo", &DomainGetInfo},
    {"domainGetInfoMany", &DomainGetInfoMany},
    {"domainSetMemoryFlags", &DomainSetMemoryFlags},
    {"domainSetMaxMemory", &DomainSetMaxMemory},
    {"domainSetVcpusFlags", &DomainSetVcpusFlags},
    {"domainGetVcpusFlags", &DomainGetVcpusFlags},
});

}  // namespace

}  // namespace virtdesk
