// Queries and control of a domain's running job (migration, save, dump,
// snapshot...). These are the calls made *while* a long job runs, and QEMU
// answers them only once its monitor is free (an internal snapshot's savevm
// holds it for the whole snapshot), so they run on their own short-lived
// thread (long-jobs.h) instead of waiting in, and stalling, the connection's
// queue.
#include <libvirt/libvirt.h>

#include <cstdlib>

#include "args.h"
#include "connection.h"
#include "domain-helpers.h"
#include "errors.h"
#include "long-jobs.h"
#include "param-record.h"

namespace virtdesk {

namespace {

Napi::Value DomainGetJobInfo(Connection& self, const Napi::CallbackInfo& info) {
  Napi::Env env = info.Env();
  return RejectOnThrow(env, [&] {
    std::string uuid = StringArg(info, 0, "uuid");
    return DispatchLongOnDomain(self, env, uuid, [](virDomainPtr dom) -> JsResult {
      virDomainJobInfo ji{};
      if (virDomainGetJobInfo(dom, &ji) < 0) ThrowLibvirtError("virDomainGetJobInfo");
      return [ji](Napi::Env env) -> Napi::Value {
        Napi::Object o = Napi::Object::New(env);
        o.Set("type", Napi::Number::New(env, ji.type));
        o.Set("timeElapsed", Uint64ToJs(env, ji.timeElapsed));
        o.Set("timeRemaining", Uint64ToJs(env, ji.timeRemaining));
        o.Set("dataTotal", Uint64ToJs(env, ji.dataTotal));
        o.Set("dataProcessed", Uint64ToJs(env, ji.dataProcessed));
        o.Set("dataRemaining", Uint64ToJs(env, ji.dataRemaining));
        o.Set("memTotal", Uint64ToJs(env, ji.memTotal));
        o.Set("memProcessed", Uint64ToJs(env, ji.memProcessed));
        o.Set("memRemaining", Uint64ToJs(env, ji.memRemaining));
        o.Set("fileTotal", Uint64ToJs(env, ji.fileTotal));
        o.Set("fileProcessed", Uint64ToJs(env, ji.fileProcessed));
        o.Set("fileRemaining", Uint64ToJs(env, ji.fileRemaining));
        return o;
      };
    });
  });
}

Napi::Value DomainGetJobStats(Connection& self, const Napi::CallbackInfo& info) {
  Napi::Env env = info.Env();
  return RejectOnThrow(env, [&] {
    std::string uuid = StringArg(info, 0, "uuid");
    unsigned int flags = FlagsArg(info, 1, "flags");
    return DispatchLongOnDomain(self, env, uuid, [flags](virDomainPtr dom) -> JsResult {
      int type = 0;
      virTypedParameterPtr params = nullptr;
      int n = 0;
      if (virDomainGetJobStats(dom, &type, &params, &n, flags) < 0) {
        ThrowLibvirtError("virDomainGetJobStats");
      }
      ParamRecord record;
      AppendTypedParams(record.keys, params, n, record.params);
      virTypedParamsFree(params, n);
      return [type, record = std::move(record)](Napi::Env env) -> Napi::Value {
        Napi::Object o = Napi::Object::New(env);
        o.Set("type", Napi::Number::New(env, type));
        o.Set("params", ParamRecordToJs(env, record));
        return o;
      };
    });
  });
}

Napi::Value DomainAbortJob(Connection& self, const Napi::CallbackInfo& info) {
  Napi::Env env = info.Env();
  return RejectOnThrow(env, [&] {
    std::string uuid = StringArg(info, 0, "uuid");
    return DispatchLongOnDomain(self, env, uuid, [](virDomainPtr dom) {
      if (virDomainAbortJob(dom) < 0) ThrowLibvirtError("virDomainAbortJob");
      return ResolveUndefined();
    });
  });
}

RegisterMethods registered({
    {"domainGetJobInfo", &DomainGetJobInfo},
    {"domainGetJobStats", &DomainGetJobStats},
    {"domainAbortJob", &DomainAbortJob},
});

}  // namespace

}  // namespace virtdesk
