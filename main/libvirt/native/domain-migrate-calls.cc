// virDomainMigrate3 between two open NativeConnections.
//
// The destination is another NativeConnection object; both it and the source
// must stay open for the whole call (each contributes its own virConnectRef,
// so a close() during the migration does not cut it short: the connection is
// released when the migration returns). The migration runs on its own thread
// (long-jobs.h), so both connections keep answering other calls meanwhile,
// e.g. domainGetJobStats for progress or domainAbortJob.
#include <libvirt/libvirt.h>

#include <optional>
#include <vector>

#include "args.h"
#include "connection.h"
#include "domain-helpers.h"
#include "errors.h"
#include "long-jobs.h"
#include "typed-params.h"

namespace virtdesk {

namespace {

// The JS params object, read on the JS thread into plain data; the
// virTypedParameter list itself is built on the migration thread.
struct MigrateParams {
  std::optional<std::string> dname;       // VIR_MIGRATE_PARAM_DEST_NAME
  std::optional<uint64_t> bandwidth;      // VIR_MIGRATE_PARAM_BANDWIDTH, MiB/s
  std::optional<std::string> uri;         // VIR_MIGRATE_PARAM_URI (hypervisor data channel)
  std::optional<std::string> destXml;     // VIR_MIGRATE_PARAM_DEST_XML
  std::optional<std::string> persistXml;  // VIR_MIGRATE_PARAM_PERSIST_XML
  std::vector<std::string> migrateDisks;  // VIR_MIGRATE_PARAM_MIGRATE_DISKS (repeated)
};

[[noreturn]] void BadParams(Napi::Env env, const std::string& why) {
  throw Napi::TypeError::New(env, "params." + why);
}

std::string StringField(Napi::Env env, const std::string& key, Napi::Value v) {
  if (!v.IsString()) BadParams(env, key + " must be a string");
  std::string s = v.As<Napi::String>().Utf8Value();
  if (s.find('\0') != std::string::npos) BadParams(env, key + " must not contain NUL");
  return s;
}

MigrateParams ReadMigrateParams(const Napi::CallbackInfo& info, size_t index) {
  Napi::Env env = info.Env();
  MigrateParams p;
  Napi::Value v = info[index];
  if (v.IsNull() || v.IsUndefined()) return p;
  if (!v.IsObject() || v.IsArray()) {
    throw Napi::TypeError::New(env, "params must be an object, null or undefined");
  }
  Napi::Object o = v.As<Napi::Object>();
  Napi::Array keys = o.GetPropertyNames();
  for (uint32_t k = 0; k < keys.Length(); k++) {
    std::string key = keys.Get(k).As<Napi::String>().Utf8Value();
    Napi::Value field = o.Get(key);
    if (field.IsUndefined()) continue;
    if (key == "dname") {
      p.dname = StringField(env, key, field);
    } else if (key == "uri") {
      p.uri = StringField(env, key, field);
    } else if (key == "destXml") {
      p.destXml = StringField(env, key, field);
    } else if (key == "persistXml") {
      p.persistXml = StringField(env, key, field);
    } else if (key == "bandwidth") {
      double d = field.IsNumber() ? field.As<Napi::Number>().DoubleValue() : -1;
      if (!(d >= 0 && d <= 9007199254740992.0) || static_cast<double>(static_cast<uint64_t>(d)) != d) {
        BadParams(env, "bandwidth must be a non-negative integer (MiB/s)");
      }
      p.bandwidth = static_cast<uint64_t>(d);
    } else if (key == "migrateDisks") {
      if (!field.IsArray()) BadParams(env, "migrateDisks must be an array of strings");
      Napi::Array disks = field.As<Napi::Array>();
      for (uint32_t d = 0; d < disks.Length(); d++) {
        p.migrateDisks.push_back(StringField(env, "migrateDisks[]", disks.Get(d)));
      }
    } else {
      // A typo would otherwise be silently ignored by the migration.
      BadParams(env, key + " is not a known migration parameter");
    }
  }
  return p;
}

// The destination argument: a NativeConnection, or the error-mapping Proxy
// openLibvirt() returns around one. A Proxy cannot be unwrapped by Node-API,
// so it is asked for its target through the hidden `__nativeSelf` method
// (the Proxy calls methods with `this` = its target). Whatever comes back
// must be an instance of the source's own class before it is unwrapped.
Connection* DestinationArg(Connection& self, const Napi::CallbackInfo& info, size_t index) {
  Napi::Env env = info.Env();
  auto fail = [&]() -> Connection* {
    throw Napi::TypeError::New(env, "destConnection must be an open NativeConnection");
  };
  Napi::Value v = info[index];
  if (!v.IsObject()) return fail();
  Napi::Object candidate = v.As<Napi::Object>();
  Napi::Value selfFn = candidate.Get("__nativeSelf");
  if (!selfFn.IsFunction()) return fail();
  Napi::Value target = selfFn.As<Napi::Function>().Call(candidate, {});
  Napi::Function cls = info.This().As<Napi::Object>().Get("constructor").As<Napi::Function>();
  if (!target.IsObject() || !target.As<Napi::Object>().InstanceOf(cls)) return fail();
  try {
    return Napi::ObjectWrap<Connection>::Unwrap(target.As<Napi::Object>());
  } catch (const Napi::Error&) {
    return fail();
  }
}

Napi::Value NativeSelf(Connection& self, const Napi::CallbackInfo& info) {
  return info.This();
}

Napi::Value DomainMigrate(Connection& self, const Napi::CallbackInfo& info) {
  Napi::Env env = info.Env();
  return RejectOnThrow(env, [&] {
    std::string uuid = StringArg(info, 0, "uuid");
    Connection* dest = DestinationArg(self, info, 1);
    unsigned int flags = FlagsArg(info, 2, "flags");
    MigrateParams p = ReadMigrateParams(info, 3);
    return DispatchLong(
        self, env,
        [uuid, flags, p](virConnectPtr conn, virConnectPtr dconn) -> JsResult {
          DomainRef dom = LookupDomainByUUID(conn, uuid);
          TypedParamsBuilder params;
          if (p.dname) params.AddString(VIR_MIGRATE_PARAM_DEST_NAME, *p.dname);
          if (p.bandwidth) params.AddULLong(VIR_MIGRATE_PARAM_BANDWIDTH, *p.bandwidth);
          if (p.uri) params.AddString(VIR_MIGRATE_PARAM_URI, *p.uri);
          if (p.destXml) params.AddString(VIR_MIGRATE_PARAM_DEST_XML, *p.destXml);
          if (p.persistXml) params.AddString(VIR_MIGRATE_PARAM_PERSIST_XML, *p.persistXml);
          for (const std::string& disk : p.migrateDisks) {
            params.AddString(VIR_MIGRATE_PARAM_MIGRATE_DISKS, disk);
          }
          virDomainPtr moved =
              virDomainMigrate3(dom.get(), dconn, params.params(), params.count(), flags);
          if (moved == nullptr) ThrowLibvirtError("virDomainMigrate3");
          DomainRef movedRef(moved);
          return ResolveDomainInfoOf(movedRef.get());
        },
        dest);
  });
}

RegisterMethods registered({
    {"domainMigrate", &DomainMigrate},
    {"__nativeSelf", &NativeSelf},
});

}  // namespace

}  // namespace virtdesk
