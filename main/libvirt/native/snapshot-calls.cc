// Domain snapshot methods (api/snapshot.d.ts). Snapshots are addressed by
// (domain UUID, snapshot name). Create, revert and delete can take as long
// as writing or reading the guest's RAM and disks, so they are long jobs
// (long-jobs.h) and never hold up the connection's queue.
#include <libvirt/libvirt.h>
#include <libvirt/virterror.h>

#include <cstdlib>
#include <vector>

#include "args.h"
#include "connection.h"
#include "domain-helpers.h"
#include "errors.h"
#include "long-jobs.h"
#include "snapshot-info.h"

namespace virtdesk {

namespace {

JsResult ResolveSnapshotInfo(SnapshotInfo info) {
  return [info = std::move(info)](Napi::Env env) -> Napi::Value {
    return SnapshotInfoToJs(env, info);
  };
}

Napi::Value DomainListAllSnapshots(Connection& self, const Napi::CallbackInfo& info) {
  Napi::Env env = info.Env();
  return RejectOnThrow(env, [&] {
    std::string uuid = StringArg(info, 0, "uuid");
    unsigned int flags = FlagsArg(info, 1, "flags");
    return self.Dispatch(env, WithDomain(uuid, [flags](virDomainPtr dom) -> JsResult {
      virDomainSnapshotPtr* raw = nullptr;
      int n = virDomainListAllSnapshots(dom, &raw, flags);
      if (n < 0) ThrowLibvirtError("virDomainListAllSnapshots");
      // Own every handle before anything can throw.
      std::vector<SnapshotRef> snaps;
      snaps.reserve(n);
      for (int k = 0; k < n; k++) snaps.emplace_back(raw[k]);
      free(raw);
      std::vector<SnapshotInfo> infos;
      infos.reserve(n);
      for (auto& snap : snaps) {
        try {
          infos.push_back(ReadSnapshotInfo(snap.get()));
        } catch (const NativeError& e) {
          // Deleted between listing and reading: not part of the answer.
          if (e.code == VIR_ERR_NO_DOMAIN_SNAPSHOT) continue;
          throw;
        }
      }
      return [infos = std::move(infos)](Napi::Env env) -> Napi::Value {
        Napi::Array list = Napi::Array::New(env, infos.size());
        for (size_t k = 0; k < infos.size(); k++) list.Set(k, SnapshotInfoToJs(env, infos[k]));
        return list;
      };
    }));
  });
}

Napi::Value DomainSnapshotGetXMLDesc(Connection& self, const Napi::CallbackInfo& info) {
  Napi::Env env = info.Env();
  return RejectOnThrow(env, [&] {
    std::string uuid = StringArg(info, 0, "uuid");
    std::string name = StringArg(info, 1, "name");
    unsigned int flags = FlagsArg(info, 2, "flags");
    return self.Dispatch(env, WithDomain(uuid, [name, flags](virDomainPtr dom) {
      SnapshotRef snap = LookupSnapshot(dom, name);
      return ResolveString(TakeLibvirtString(virDomainSnapshotGetXMLDesc(snap.get(), flags),
                                             "virDomainSnapshotGetXMLDesc"));
    }));
  });
}

Napi::Value DomainSnapshotCreateXML(Connection& self, const Napi::CallbackInfo& info) {
  Napi::Env env = info.Env();
  return RejectOnThrow(env, [&] {
    std::string uuid = StringArg(info, 0, "uuid");
    std::string xml = StringArg(info, 1, "xml");
    unsigned int flags = FlagsArg(info, 2, "flags");
    return DispatchLongOnDomain(self, env, uuid, [xml, flags](virDomainPtr dom) {
      virDomainSnapshotPtr raw = virDomainSnapshotCreateXML(dom, xml.c_str(), flags);
      if (raw == nullptr) ThrowLibvirtError("virDomainSnapshotCreateXML");
      SnapshotRef snap(raw);
      if (flags & VIR_DOMAIN_SNAPSHOT_CREATE_NO_METADATA) {
        // libvirt kept nothing to ask (parent, current, XML all answer "no such
        // snapshot"): only the name is known. Reading more would reject a
        // snapshot that was in fact created.
        SnapshotInfo untracked;
        const char* name = virDomainSnapshotGetName(raw);
        if (name == nullptr) ThrowLibvirtError("virDomainSnapshotGetName");
        untracked.name = name;
        return ResolveSnapshotInfo(std::move(untracked));
      }
      return ResolveSnapshotInfo(ReadSnapshotInfo(snap.get()));
    });
  });
}

Napi::Value DomainRevertToSnapshot(Connection& self, const Napi::CallbackInfo& info) {
  Napi::Env env = info.Env();
  return RejectOnThrow(env, [&] {
    std::string uuid = StringArg(info, 0, "uuid");
    std::string name = StringArg(info, 1, "name");
    unsigned int flags = FlagsArg(info, 2, "flags");
    return DispatchLongOnDomain(self, env, uuid, [name, flags](virDomainPtr dom) {
      SnapshotRef snap = LookupSnapshot(dom, name);
      if (virDomainRevertToSnapshot(snap.get(), flags) < 0) {
        ThrowLibvirtError("virDomainRevertToSnapshot");
      }
      return ResolveUndefined();
    });
  });
}

// Deleting an internal snapshot rewrites qcow2 refcounts while holding the
// QEMU monitor: a long job too.
Napi::Value DomainSnapshotDelete(Connection& self, const Napi::CallbackInfo& info) {
  Napi::Env env = info.Env();
  return RejectOnThrow(env, [&] {
    std::string uuid = StringArg(info, 0, "uuid");
    std::string name = StringArg(info, 1, "name");
    unsigned int flags = FlagsArg(info, 2, "flags");
    return DispatchLongOnDomain(self, env, uuid, [name, flags](virDomainPtr dom) {
      SnapshotRef snap = LookupSnapshot(dom, name);
      if (virDomainSnapshotDelete(snap.get(), flags) < 0) {
        ThrowLibvirtError("virDomainSnapshotDelete");
      }
      return ResolveUndefined();
    });
  });
}

Napi::Value DomainSnapshotCurrent(Connection& self, const Napi::CallbackInfo& info) {
  Napi::Env env = info.Env();
  return RejectOnThrow(env, [&] {
    std::string uuid = StringArg(info, 0, "uuid");
    return self.Dispatch(env, WithDomain(uuid, [](virDomainPtr dom) -> JsResult {
      virDomainSnapshotPtr raw = virDomainSnapshotCurrent(dom, 0);
      if (raw == nullptr) {
        NativeError e = NativeError::FromLastLibvirtError("virDomainSnapshotCurrent");
        // "No current snapshot" is an answer, not a failure.
        if (e.code == VIR_ERR_NO_DOMAIN_SNAPSHOT) {
          return [](Napi::Env env) -> Napi::Value { return env.Null(); };
        }
        throw e;
      }
      SnapshotRef snap(raw);
      return ResolveSnapshotInfo(ReadSnapshotInfo(snap.get()));
    }));
  });
}

RegisterMethods registered({
    {"domainListAllSnapshots", &DomainListAllSnapshots},
    {"domainSnapshotGetXMLDesc", &DomainSnapshotGetXMLDesc},
    {"domainSnapshotCreateXML", &DomainSnapshotCreateXML},
    {"domainRevertToSnapshot", &DomainRevertToSnapshot},
    {"domainSnapshotDelete", &DomainSnapshotDelete},
    {"domainSnapshotCurrent", &DomainSnapshotCurrent},
});

}  // namespace

}  // namespace virtdesk
