// Memory and vCPU sizing, and virDomainGetInfo.
#include <libvirt/libvirt.h>
#include <libvirt/virterror.h>

#include <algorithm>
#include <cstdint>
#include <string>
#include <unordered_map>
#include <vector>

#include "args.h"
#include "args-ext.h"
#include "connection.h"
#include "domain-helpers.h"
#include "errors.h"

namespace virtdesk {

namespace {

// JS thread: a typed array holding a copy of `v`.
template <typename TypedArray, typename T>
TypedArray CopyToTypedArray(Napi::Env env, const std::vector<T>& v) {
  TypedArray a = TypedArray::New(env, v.size());
  std::copy(v.begin(), v.end(), a.Data());
  return a;
}

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
// one per guest, and keeps its domain handles for the next call (ConnState::
// infoHandles). A domain that is gone meanwhile is found = 0, not a failure.
// The answer is columns of typed arrays: building an object per guest through
// Node-API cost ~2 ms of the JS thread per tick at 1,000 guests; this, a few µs.
Napi::Value DomainGetInfoMany(Connection& self, const Napi::CallbackInfo& info) {
  Napi::Env env = info.Env();
  return RejectOnThrow(env, [&] {
    std::vector<std::string> uuids = StringArrayArg(info, 0, "uuids");
    return self.Dispatch(env, [uuids = std::move(uuids)](ConnState& s) -> JsResult {
      virConnectPtr conn = s.RequireConn();
      const size_t n = uuids.size();
      std::vector<uint8_t> found(n, 0);
      std::vector<uint8_t> state(n, 0);
      std::vector<uint32_t> vcpus(n, 0);
      std::vector<double> memory(n, 0), maxMem(n, 0), cpuTime(n, 0);
      // Handles of the guests asked for this time; the rest are freed below.
      // Entries move over whole (extract/insert): no key copied on a tick.
      std::unordered_map<std::string, virDomainPtr> kept;
      kept.reserve(n);
      for (size_t i = 0; i < n; i++) {
        virDomainInfo di{};
        auto cached = s.infoHandles.extract(uuids[i]);
        // A handle whose domain went away fails here: it is looked up afresh.
        if (cached && virDomainGetInfo(cached.mapped(), &di) < 0) {
          virDomainFree(cached.mapped());
          cached = {};
        }
        if (!cached) {
          virDomainPtr dom = virDomainLookupByUUIDString(conn, uuids[i].c_str());
          if (dom == nullptr) continue;
          if (virDomainGetInfo(dom, &di) < 0) {
            virDomainFree(dom);
            continue;
          }
          if (!kept.emplace(uuids[i], dom).second) virDomainFree(dom);  // asked twice
        } else {
          kept.insert(std::move(cached));
        }
        found[i] = 1;
        state[i] = di.state;
        vcpus[i] = di.nrVirtCpu;
        memory[i] = static_cast<double>(di.memory);
        maxMem[i] = static_cast<double>(di.maxMem);
        cpuTime[i] = static_cast<double>(di.cpuTime);
      }
      for (auto& [uuid, dom] : s.infoHandles) virDomainFree(dom);  // guests not asked for any more
      s.infoHandles = std::move(kept);
      virResetLastError();  // the misses above are answers (found = 0), not an error to report
      return [found = std::move(found), state = std::move(state), vcpus = std::move(vcpus), memory = std::move(memory),
              maxMem = std::move(maxMem), cpuTime = std::move(cpuTime)](Napi::Env env) -> Napi::Value {
        Napi::Object out = Napi::Object::New(env);
        out.Set("found", CopyToTypedArray<Napi::Uint8Array>(env, found));
        out.Set("state", CopyToTypedArray<Napi::Uint8Array>(env, state));
        out.Set("nrVirtCpu", CopyToTypedArray<Napi::Uint32Array>(env, vcpus));
        out.Set("memory", CopyToTypedArray<Napi::Float64Array>(env, memory));
        out.Set("maxMem", CopyToTypedArray<Napi::Float64Array>(env, maxMem));
        out.Set("cpuTime", CopyToTypedArray<Napi::Float64Array>(env, cpuTime));
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
