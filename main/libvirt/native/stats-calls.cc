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
#include "args-ext.h"
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

// virDomainGetUUIDString formats the UUID twice (once for its debug log
// line, once for us) with snprintf: ~2 us a call, most of the decode time at
// 1,000 domains. virDomainGetUUID + a table lookup halves that.
std::string FastDomainUUID(virDomainPtr dom) {
  unsigned char raw[VIR_UUID_BUFLEN];
  if (virDomainGetUUID(dom, raw) < 0) return "";  // local handle: cannot fail for a live record
  static const char kHex[] = "0123456789abcdef";
  std::string out(VIR_UUID_STRING_BUFLEN - 1, '-');
  size_t pos = 0;
  for (int i = 0; i < VIR_UUID_BUFLEN; i++) {
    if (i == 4 || i == 6 || i == 8 || i == 10) pos++;  // keep the '-' separators
    out[pos++] = kHex[raw[i] >> 4];
    out[pos++] = kHex[raw[i] & 0xf];
  }
  return out;
}

// Worker thread.
StatsResult Decode(virDomainStatsRecordPtr* list, int n) {
  StatsResult result;
  result.records.reserve(n);
  for (int i = 0; i < n; i++) {
    virDomainStatsRecordPtr r = list[i];
    StatsRecord record;
    record.uuid = FastDomainUUID(r->dom);
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
    const auto attrs =
        static_cast<napi_property_attributes>(napi_writable | napi_enumerable | napi_configurable);
    for (size_t i = 0; i < result.records.size(); i++) {
      const StatsRecord& r = result.records[i];
      Napi::Object o = Napi::Object::New(env);
      napi_value uuid;
      // A UUID is ASCII: latin1 skips UTF-8 decoding.
      napi_status status = napi_create_string_latin1(env, r.uuid.data(), r.uuid.size(), &uuid);
      NAPI_THROW_IF_FAILED(env, status, Napi::Value());
      napi_property_descriptor props[3] = {
          {nullptr, uuidKey, nullptr, nullptr, nullptr, uuid, attrs, nullptr},
          {nullptr, nameKey, nullptr, nullptr, nullptr, Napi::String::New(env, r.name), attrs,
           nullptr},
          {nullptr, paramsKey, nullptr, nullptr, nullptr,
           ParamsToJs(env, keys, result.params.data() + r.first, r.count), attrs, nullptr},
      };
      status = napi_define_properties(env, o, 3, props);  // own data properties: fast path
      NAPI_THROW_IF_FAILED(env, status, Napi::Value());
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
    std::vector<std::string> uuids = StringArrayArg(info, 0, "uuids");
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
