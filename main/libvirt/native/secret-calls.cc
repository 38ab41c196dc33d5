// Secrets, addressed by UUID. Secret values are never logged or put in error
// messages, and every native copy of one is wiped before its memory is freed.
#include <libvirt/libvirt.h>
#include <libvirt/virterror.h>

#include <cstdlib>
#include <cstring>
#include <memory>
#include <string>
#include <vector>

#include "args.h"
#include "connection.h"
#include "errors.h"

namespace virtdesk {

namespace {

struct SecretFree {
  void operator()(virSecretPtr secret) const {
    if (secret != nullptr) virSecretFree(secret);
  }
};
using SecretRef = std::unique_ptr<virSecret, SecretFree>;

// Bytes that are wiped on destruction (explicit_bzero is never optimised out).
class SecretBytes {
 public:
  SecretBytes() = default;
  SecretBytes(const unsigned char* data, size_t size) : bytes_(data, data + size) {}
  SecretBytes(const SecretBytes&) = delete;
  SecretBytes& operator=(const SecretBytes&) = delete;
  ~SecretBytes() {
    if (!bytes_.empty()) explicit_bzero(bytes_.data(), bytes_.size());
  }
  const unsigned char* data() const { return bytes_.data(); }
  size_t size() const { return bytes_.size(); }

 private:
  std::vector<unsigned char> bytes_;
};

struct SecretInfo {
  std::string uuid;
  int usageType = 0;  // virSecretUsageType
  std::string usageID;  // "" for usage type none
};

SecretRef LookupSecret(virConnectPtr conn, const std::string& uuid) {
  virSecretPtr secret = virSecretLookupByUUIDString(conn, uuid.c_str());
  if (secret == nullptr) ThrowLibvirtError("virSecretLookupByUUIDString");
  return SecretRef(secret);
}

SecretInfo ReadSecretInfo(virSecretPtr secret) {
  SecretInfo info;
  char uuid[VIR_UUID_STRING_BUFLEN];
  if (virSecretGetUUIDString(secret, uuid) < 0) ThrowLibvirtError("virSecretGetUUIDString");
  info.uuid = uuid;
  info.usageType = virSecretGetUsageType(secret);
  if (info.usageType < 0) ThrowLibvirtError("virSecretGetUsageType");
  const char* usageID = virSecretGetUsageID(secret);  // NULL for usage "none"
  if (usageID != nullptr) info.usageID = usageID;
  return info;
}

Napi::Object SecretInfoToJs(Napi::Env env, const SecretInfo& info) {
  Napi::Object o = Napi::Object::New(env);
  o.Set("uuid", info.uuid);
  o.Set("usageType", Napi::Number::New(env, info.usageType));
  o.Set("usageID", info.usageID);
  return o;
}

Napi::Value SecretDefineXML(Connection& self, const Napi::CallbackInfo& info) {
  Napi::Env env = info.Env();
  return RejectOnThrow(env, [&] {
    std::string xml = StringArg(info, 0, "xml");
    unsigned int flags = info[1].IsUndefined() ? 0 : FlagsArg(info, 1, "flags");
    return self.Dispatch(env, [xml, flags](ConnState& s) -> JsResult {
      virSecretPtr raw = virSecretDefineXML(s.RequireConn(), xml.c_str(), flags);
      if (raw == nullptr) ThrowLibvirtError("virSecretDefineXML");
      SecretRef secret(raw);
      SecretInfo result = ReadSecretInfo(secret.get());
      return [result](Napi::Env env) -> Napi::Value { return SecretInfoToJs(env, result); };
    });
  });
}

Napi::Value SecretGetXMLDesc(Connection& self, const Napi::CallbackInfo& info) {
  Napi::Env env = info.Env();
  return RejectOnThrow(env, [&] {
    std::string uuid = StringArg(info, 0, "uuid");
    unsigned int flags = info[1].IsUndefined() ? 0 : FlagsArg(info, 1, "flags");
    return self.Dispatch(env, [uuid, flags](ConnState& s) {
      SecretRef secret = LookupSecret(s.RequireConn(), uuid);
      return ResolveString(
          TakeLibvirtString(virSecretGetXMLDesc(secret.get(), flags), "virSecretGetXMLDesc"));
    });
  });
}

Napi::Value SecretSetValue(Connection& self, const Napi::CallbackInfo& info) {
  Napi::Env env = info.Env();
  return RejectOnThrow(env, [&] {
    std::string uuid = StringArg(info, 0, "uuid");
    if (!info[1].IsTypedArray() ||
        info[1].As<Napi::TypedArray>().TypedArrayType() != napi_uint8_array) {
      throw Napi::TypeError::New(env, "value must be a Buffer or Uint8Array");
    }
    auto bytes = info[1].As<Napi::Uint8Array>();
    // shared_ptr: the job closure must be copyable; the copy is wiped when freed.
    auto value = std::make_shared<SecretBytes>(bytes.Data(), bytes.ByteLength());
    return self.Dispatch(env, [uuid, value](ConnState& s) {
      SecretRef secret = LookupSecret(s.RequireConn(), uuid);
      if (virSecretSetValue(secret.get(), value->data(), value->size(), 0) < 0) {
        ThrowLibvirtError("virSecretSetValue");
      }
      return ResolveUndefined();
    });
  });
}

Napi::Value SecretGetValue(Connection& self, const Napi::CallbackInfo& info) {
  Napi::Env env = info.Env();
  return RejectOnThrow(env, [&] {
    std::string uuid = StringArg(info, 0, "uuid");
    return self.Dispatch(env, [uuid](ConnState& s) -> JsResult {
      SecretRef secret = LookupSecret(s.RequireConn(), uuid);
      size_t size = 0;
      unsigned char* raw = virSecretGetValue(secret.get(), &size, 0);
      if (raw == nullptr) ThrowLibvirtError("virSecretGetValue");
      auto value = std::make_shared<SecretBytes>(raw, size);
      explicit_bzero(raw, size);
      free(raw);
      return [value](Napi::Env env) -> Napi::Value {
        return Napi::Buffer<unsigned char>::Copy(env, value->data(), value->size());
      };
    });
  });
}

Napi::Value SecretUndefine(Connection& self, const Napi::CallbackInfo& info) {
  Napi::Env env = info.Env();
  return RejectOnThrow(env, [&] {
    std::string uuid = StringArg(info, 0, "uuid");
    return self.Dispatch(env, [uuid](ConnState& s) {
      SecretRef secret = LookupSecret(s.RequireConn(), uuid);
      if (virSecretUndefine(secret.get()) < 0) ThrowLibvirtError("virSecretUndefine");
      return ResolveUndefined();
    });
  });
}

Napi::Value ListAllSecrets(Connection& self, const Napi::CallbackInfo& info) {
  Napi::Env env = info.Env();
  return RejectOnThrow(env, [&] {
    unsigned int flags = FlagsArg(info, 0, "flags");
    return self.Dispatch(env, [flags](ConnState& s) -> JsResult {
      virSecretPtr* raw = nullptr;
      int n = virConnectListAllSecrets(s.RequireConn(), &raw, flags);
      if (n < 0) ThrowLibvirtError("virConnectListAllSecrets");
      std::vector<SecretRef> secrets;  // own every handle before anything can throw
      secrets.reserve(n);
      for (int i = 0; i < n; i++) secrets.emplace_back(raw[i]);
      free(raw);
      std::vector<SecretInfo> infos;
      infos.reserve(n);
      for (auto& secret : secrets) infos.push_back(ReadSecretInfo(secret.get()));
      return [infos = std::move(infos)](Napi::Env env) -> Napi::Value {
        Napi::Array array = Napi::Array::New(env, infos.size());
        for (size_t i = 0; i < infos.size(); i++) {
          array.Set(static_cast<uint32_t>(i), SecretInfoToJs(env, infos[i]));
        }
        return array;
      };
    });
  });
}

static RegisterMethods registered({
    {"secretDefineXML", &SecretDefineXML},
    {"secretGetXMLDesc", &SecretGetXMLDesc},
    {"secretSetValue", &SecretSetValue},
    {"secretGetValue", &SecretGetValue},
    {"secretUndefine", &SecretUndefine},
    {"listAllSecrets", &ListAllSecrets},
});

}  // namespace

}  // namespace virtdesk
