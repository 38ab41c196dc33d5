#include "snapshot-info.h"

#include <libvirt/virterror.h>

#include <algorithm>
#include <cstdlib>

#include "errors.h"
#include "jobs.h"

namespace virtdesk {

namespace {

// Text of the first <tag>…</tag> in the snapshot's own part of the XML (before
// the embedded <domain>, whose elements must not be mistaken for ours).
std::optional<std::string> TopLevelElement(const std::string& xml, const std::string& tag) {
  size_t end = std::string::npos;
  for (const char* start : {"<domain ", "<domain>", "<inactiveDomain"}) {
    end = std::min(end, xml.find(start));
  }
  std::string head = xml.substr(0, end);
  std::string open = "<" + tag + ">";
  size_t from = head.find(open);
  if (from == std::string::npos) return std::nullopt;
  from += open.size();
  size_t to = head.find("</" + tag + ">", from);
  if (to == std::string::npos) return std::nullopt;
  return head.substr(from, to - from);
}

}  // namespace

SnapshotRef LookupSnapshot(virDomainPtr dom, const std::string& name) {
  virDomainSnapshotPtr snap = virDomainSnapshotLookupByName(dom, name.c_str(), 0);
  if (snap == nullptr) ThrowLibvirtError("virDomainSnapshotLookupByName");
  return SnapshotRef(snap);
}

SnapshotInfo ReadSnapshotInfo(virDomainSnapshotPtr snap) {
  SnapshotInfo info;
  const char* name = virDomainSnapshotGetName(snap);
  if (name == nullptr) ThrowLibvirtError("virDomainSnapshotGetName");
  info.name = name;

  virDomainSnapshotPtr parent = virDomainSnapshotGetParent(snap, 0);
  if (parent != nullptr) {
    SnapshotRef parentRef(parent);
    const char* parentName = virDomainSnapshotGetName(parent);
    if (parentName == nullptr) ThrowLibvirtError("virDomainSnapshotGetName");
    info.parent = parentName;
  } else {
    // A root snapshot has no parent: libvirt reports that as this error.
    NativeError e = NativeError::FromLastLibvirtError("virDomainSnapshotGetParent");
    if (e.code != VIR_ERR_NO_DOMAIN_SNAPSHOT) throw e;
  }

  int current = virDomainSnapshotIsCurrent(snap, 0);
  if (current < 0) ThrowLibvirtError("virDomainSnapshotIsCurrent");
  info.isCurrent = current == 1;
  int metadata = virDomainSnapshotHasMetadata(snap, 0);
  if (metadata < 0) ThrowLibvirtError("virDomainSnapshotHasMetadata");
  info.hasMetadata = metadata == 1;

  std::string xml =
      TakeLibvirtString(virDomainSnapshotGetXMLDesc(snap, 0), "virDomainSnapshotGetXMLDesc");
  if (auto t = TopLevelElement(xml, "creationTime")) info.creationTime = std::strtoll(t->c_str(), nullptr, 10);
  if (auto s = TopLevelElement(xml, "state")) info.state = *s;
  return info;
}

Napi::Object SnapshotInfoToJs(Napi::Env env, const SnapshotInfo& info) {
  Napi::Object o = Napi::Object::New(env);
  o.Set("name", info.name);
  o.Set("parent", info.parent ? Napi::Value(Napi::String::New(env, *info.parent)) : env.Null());
  o.Set("isCurrent", Napi::Boolean::New(env, info.isCurrent));
  o.Set("hasMetadata", Napi::Boolean::New(env, info.hasMetadata));
  o.Set("creationTime", Napi::Number::New(env, static_cast<double>(info.creationTime)));
  o.Set("state", info.state);
  return o;
}

}  // namespace virtdesk
