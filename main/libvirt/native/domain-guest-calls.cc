// What the guest exposes: interface addresses, block device sizes, and a
// connected socket to its graphical console.
#include <libvirt/libvirt.h>
#include <unistd.h>

#include <memory>
#include <optional>
#include <vector>

#include "args.h"
#include "connection.h"
#include "domain-helpers.h"
#include "errors.h"

namespace virtdesk {

namespace {

struct IpAddr {
  int type;
  std::string addr;
  unsigned int prefix;
};
struct Iface {
  std::string name;
  std::optional<std::string> hwaddr;
  std::vector<IpAddr> addrs;
};

Napi::Value DomainInterfaceAddresses(Connection& self, const Napi::CallbackInfo& info) {
  Napi::Env env = info.Env();
  return RejectOnThrow(env, [&] {
    std::string uuid = StringArg(info, 0, "uuid");
    unsigned int source = UintArg(info, 1, "source");
    return self.Dispatch(env, WithDomain(uuid, [source](virDomainPtr dom) -> JsResult {
      virDomainInterfacePtr* raw = nullptr;
      int n = virDomainInterfaceAddresses(dom, &raw, source, 0);
      if (n < 0) ThrowLibvirtError("virDomainInterfaceAddresses");
      std::vector<Iface> ifaces;
      ifaces.reserve(n);
      for (int k = 0; k < n; k++) {
        virDomainInterfacePtr in = raw[k];
        Iface out;
        out.name = in->name != nullptr ? in->name : "";
        if (in->hwaddr != nullptr) out.hwaddr = in->hwaddr;
        for (unsigned int a = 0; a < in->naddrs; a++) {
          const virDomainIPAddress& ip = in->addrs[a];
          out.addrs.push_back({ip.type, ip.addr != nullptr ? ip.addr : "", ip.prefix});
        }
        ifaces.push_back(std::move(out));
        virDomainInterfaceFree(in);
      }
      free(raw);
      return [ifaces = std::move(ifaces)](Napi::Env env) -> Napi::Value {
        Napi::Array list = Napi::Array::New(env, ifaces.size());
        for (size_t k = 0; k < ifaces.size(); k++) {
          const Iface& in = ifaces[k];
          Napi::Object o = Napi::Object::New(env);
          o.Set("name", in.name);
          o.Set("hwaddr", in.hwaddr ? Napi::Value(Napi::String::New(env, *in.hwaddr)) : env.Null());
          Napi::Array addrs = Napi::Array::New(env, in.addrs.size());
          for (size_t a = 0; a < in.addrs.size(); a++) {
            Napi::Object ao = Napi::Object::New(env);
            ao.Set("type", Napi::Number::New(env, in.addrs[a].type));
            ao.Set("addr", in.addrs[a].addr);
            ao.Set("prefix", Napi::Number::New(env, in.addrs[a].prefix));
            addrs.Set(a, ao);
          }
          o.Set("addrs", addrs);
          list.Set(k, o);
        }
        return list;
      };
    }));
  });
}

Napi::Value DomainGetBlockInfo(Connection& self, const Napi::CallbackInfo& info) {
  Napi::Env env = info.Env();
  return RejectOnThrow(env, [&] {
    std::string uuid = StringArg(info, 0, "uuid");
    std::string disk = StringArg(info, 1, "disk");
    unsigned int flags = FlagsArg(info, 2, "flags");
    return self.Dispatch(env, WithDomain(uuid, [disk, flags](virDomainPtr dom) -> JsResult {
      virDomainBlockInfo bi{};
      if (virDomainGetBlockInfo(dom, disk.c_str(), &bi, flags) < 0) {
        ThrowLibvirtError("virDomainGetBlockInfo");
      }
      return [bi](Napi::Env env) -> Napi::Value {
        Napi::Object o = Napi::Object::New(env);
        o.Set("capacity", Uint64ToJs(env, bi.capacity));
        o.Set("allocation", Uint64ToJs(env, bi.allocation));
        o.Set("physical", Uint64ToJs(env, bi.physical));
        return o;
      };
    }));
  });
}

// Owns a descriptor until JS takes it. If the reply is never delivered
// (environment torn down), the closure holding this is destroyed and the
// socket is closed instead of leaking.
struct OwnedFd {
  int fd;
  explicit OwnedFd(int f) : fd(f) {}
  ~OwnedFd() {
    if (fd >= 0) close(fd);
  }
  int Release() {
    int f = fd;
    fd = -1;
    return f;
  }
};

Napi::Value DomainOpenGraphicsFD(Connection& self, const Napi::CallbackInfo& info) {
  Napi::Env env = info.Env();
  return RejectOnThrow(env, [&] {
    std::string uuid = StringArg(info, 0, "uuid");
    unsigned int idx = UintArg(info, 1, "idx");
    unsigned int flags = FlagsArg(info, 2, "flags");
    return self.Dispatch(env, WithDomain(uuid, [idx, flags](virDomainPtr dom) -> JsResult {
      int fd = virDomainOpenGraphicsFD(dom, idx, flags);
      if (fd < 0) ThrowLibvirtError("virDomainOpenGraphicsFD");
      auto owned = std::make_shared<OwnedFd>(fd);
      return [owned](Napi::Env env) -> Napi::Value {
        return Napi::Number::New(env, owned->Release());
      };
    }));
  });
}

RegisterMethods registered({
    {"domainInterfaceAddresses", &DomainInterfaceAddresses},
    {"domainGetBlockInfo", &DomainGetBlockInfo},
    {"domainOpenGraphicsFD", &DomainOpenGraphicsFD},
});

}  // namespace

}  // namespace virtdesk
