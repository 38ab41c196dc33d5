#include "domain-info.h"

#include <libvirt/virterror.h>

#include <cstdlib>

#include "errors.h"

namespace virtdesk {

DomainRef LookupDomainByUUID(virConnectPtr conn, const std::string& uuid) {
  virDomainPtr dom = virDomainLookupByUUIDString(conn, uuid.c_str());
  if (dom == nullptr) ThrowLibvirtError("virDomainLookupByUUIDString");
  return DomainRef(dom);
}

std::string DomainUUID(virDomainPtr dom) {
  char uuid[VIR_UUID_STRING_BUFLEN];
  if (virDomainGetUUIDString(dom, uuid) < 0) ThrowLibvirtError("virDomainGetUUIDString");
  return uuid;
}

namespace {

std::string ReadTitle(virDomainPtr dom) {
  char* title = virDomainGetMetadata(dom, VIR_DOMAIN_METADATA_TITLE, nullptr,
                                     VIR_DOMAIN_AFFECT_CURRENT);
  if (title != nullptr) {
    std::string copy(title);
    free(title);
    return copy;
  }
  NativeError e = NativeError::FromLastLibvirtError("virDomainGetMetadata");
  // "No title" is reported as an error; so is a driver without metadata
  // support. Neither is a failure for a listing.
  if (e.code == VIR_ERR_NO_DOMAIN_METADATA || e.code == VIR_ERR_NO_SUPPORT) return "";
  throw e;
}

}  // namespace

DomainInfo ReadDomainInfo(virDomainPtr dom) {
  DomainInfo info;
  info.uuid = DomainUUID(dom);
  const char* name = virDomainGetName(dom);
  if (name == nullptr) ThrowLibvirtError("virDomainGetName");
  info.name = name;
  // virDomainGetID returns (unsigned)-1 for inactive domains.
  unsigned int id = virDomainGetID(dom);
  info.id = id == static_cast<unsigned int>(-1) ? -1 : static_cast<int>(id);
  if (virDomainGetState(dom, &info.state, &info.reason, 0) < 0) {
    ThrowLibvirtError("virDomainGetState");
  }
  int persistent = virDomainIsPersistent(dom);
  if (persistent < 0) ThrowLibvirtError("virDomainIsPersistent");
  info.persistent = persistent == 1;
  info.title = ReadTitle(dom);
  // Only a shut-off domain can have a managed save image; asking the others
  // would cost a round trip per domain on remote hosts for nothing.
  if (info.state == VIR_DOMAIN_SHUTOFF) {
    int saved = virDomainHasManagedSaveImage(dom, 0);
    if (saved < 0) {
      NativeError e = NativeError::FromLastLibvirtError("virDomainHasManagedSaveImage");
      if (e.code != VIR_ERR_NO_SUPPORT) throw e;
      saved = 0;
    }
    info.hasManagedSave = saved == 1;
  }
  return info;
}

Napi::Object DomainInfoToJs(Napi::Env env, const DomainInfo& info) {
  Napi::Object o = Napi::Object::New(env);
  o.Set("uuid", info.uuid);
  o.Set("name", info.name);
  o.Set("id", Napi::Number::New(env, info.id));
  o.Set("state", Napi::Number::New(env, info.state));
  o.Set("reason", Napi::Number::New(env, info.reason));
  o.Set("persistent", Napi::Boolean::New(env, info.persistent));
  o.Set("title", info.title);
  o.Set("hasManagedSave", Napi::Boolean::New(env, info.hasManagedSave));
  return o;
}

}  // namespace virtdesk
