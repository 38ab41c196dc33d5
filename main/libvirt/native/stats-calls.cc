// Bulk domain statistics: getAllDomainStats (virConnectGetAllDomainStats) and
// domainGetStats (virDomainListGetStats for a subset, by UUID).
//
// Hot path of a manager's refresh loop, so: the worker copies the records
// into one flat vector with interned parameter names, and the JS thread
// builds the result creating each distinct name string only once.
#include <libvirt/libvirt.h>
#include <libvirt/virterror.h>

#include <string>
#include <vector>

#include "args.h"
#include "connection.h"
#include "domain-info.h"
#include "errors.h"
#include "param-record.h"

namespace virtdesk {

namespace {

struct StatsRecord {
  std::string uuid;
  std::string name;
  size_t first = 0;  // range in StatsResult::params
  size_t count = 0;
};

struct StatsResult {
  ParamKeys keys;
  std::vector<Param> params;
  std::vector<StatsRecord> records;
};

struct RecordListFree {
  void operator()(virDomainStatsRecordPtr* list) const {
    if (list != nullptr) virDomainStatsRecordListFree(list);
  }
};
using RecordList = std::unique_ptr<virDomainStatsRecordPtr, RecordListFree>;

// Worker thread.
StatsResult Decode(virDomainStatsRecordPtr* list, int n) {
  StatsResult result;
  result.records.reserve(n);
  for (int i = 0; i < n; i++) {
    virDomainStatsRecordPtr r = list[i];
    StatsRecord record;
    char uuid[VIR_UUID_STRING_BUFLEN] = "";
    virDomainGetUUIDString(r->dom, uuid);  // local handle, no RPC
    record.uuid = uuid;
    const char* name = virDomainGetName(r->dom);
    if (name != nullptr) record.name = name;
    record.first = result.params.size();
    AppendTypedParams(result.keys, r->params, r->nparams, result.params);
    record.count = result.params.size() - record.first;
    result.records.push_back(std::move(record));
  }
  return result;
}

JsResult ResolveStats(StatsResult result) {
  return [result = std::move(result)](Napi::Env env) -> Napi::Value {
    JsKeyCache keys(env, result.keys);
    Napi::String uuidKey = Napi::String::New(env, "uuid");
    Napi::String nameKey = Napi::String::New(env, "name");
    Napi::String paramsKey = Napi::String::New(env, "params");
    Napi::Array array = Napi::Array::New(env, result.records.size());
    for (size_t i = 0; i < result.records.size(); i++) {
      const StatsRecord& r = result.records[i];
      Napi::Object o = Napi::Object::New(env);
      o.Set(uuidKey, Napi::String::New(env, r.uuid));
      o.Set(nameKey, Napi::String::New(env, r.name));
      o.Set(paramsKey, ParamsToJs(env, keys, result.params.data() + r.first, r.count));
      array.Set(static_cast<uint32_t>(i), o);
    }
    return array;
  };
}

Napi::Value GetAllDomainStats(Connection& self, const Napi::CallbackInfo& info) {
  Napi::Env env = info.Env();
  return RejectOnThrow(env, [&] {
    unsigned int stats = FlagsArg(info, 0, "statsMask");
    unsigned int flags = FlagsArg(info, 1, "flags");
    return self.Dispatch(env, [stats, flags](ConnState& s) {
      virDomainStatsRecordPtr* raw = nullptr;
      int n = virConnectGetAllDomainStats(s.RequireConn(), stats, &raw, flags);
      if (n < 0) ThrowLibvirtError("virConnectGetAllDomainStats");
      RecordList list(raw);
      return ResolveStats(Decode(list.get(), n));
    });
  });
}

Napi::Value DomainGetStats(Connection& self, const Napi::CallbackInfo& info) {
  Napi::Env env = info.Env();
  return RejectOnThrow(env, [&] {
    if (!info[0].IsArray()) throw Napi::TypeError::New(env, "uuids must be an array of strings");
    Napi::Array array = info[0].As<Napi::Array>();
    std::vector<std::string> uuids;
    uuids.reserve(array.Length());
    for (uint32_t i = 0; i < array.Length(); i++) {
      Napi::Value v = array.Get(i);
      if (!v.IsString()) throw Napi::TypeError::New(env, "uuids must be an array of strings");
      uuids.push_back(v.As<Napi::String>().Utf8Value());
    }
    unsigned int stats = FlagsArg(info, 1, "statsMask");
    unsigned int flags = FlagsArg(info, 2, "flags");
    return self.Dispatch(env, [uuids = std::move(uuids), stats, flags](ConnState& s) {
      virConnectPtr conn = s.RequireConn();
      // An empty list is a valid (empty) request; libvirt would reject it.
      if (uuids.empty()) return ResolveStats(StatsResult{});
      std::vector<DomainRef> domains;
      domains.reserve(uuids.size());
      for (const std::string& uuid : uuids) domains.push_back(LookupDomainByUUID(conn, uuid));
      std::vector<virDomainPtr> ptrs;
      ptrs.reserve(domains.size() + 1);
      for (auto& d : domains) ptrs.push_back(d.get());
      ptrs.push_back(nullptr);  // libvirt wants a NULL-terminated list
      virDomainStatsRecordPtr* raw = nullptr;
      int n = virDomainListGetStats(ptrs.data(), stats, &raw, flags);
      if (n < 0) ThrowLibvirtError("virDomainListGetStats");
      RecordList list(raw);
      return ResolveStats(Decode(list.get(), n));
    });
  });
}

static RegisterMethods registered({
    {"getAllDomainStats", &GetAllDomainStats},
    {"domainGetStats", &DomainGetStats},
});

}  // namespace

}  // namespace virtdesk
