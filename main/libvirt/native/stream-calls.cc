// Stream-carrying domain methods: domainOpenConsole (a NativeStream) and
// domainScreenshot (read fully), plus the shared DispatchOpenStream.
#include <libvirt/libvirt.h>
#include <libvirt/virterror.h>

#include <cstdlib>
#include <optional>
#include <string>
#include <vector>

#include "args-ext.h"
#include "args.h"
#include "connection.h"
#include "domain-info.h"
#include "errors.h"
#include "stream-open.h"
#include "stream.h"

namespace virtdesk {

namespace {

// Owns an attached core until a NativeStream takes it. If the reply never
// reaches JS (the env is going away), dropping this aborts the stream, so it
// is not left open on the host. Destroyed on any thread: RequestAbort is
// thread-safe.
class UnclaimedStream {
 public:
  explicit UnclaimedStream(std::shared_ptr<StreamCore> core) : core_(std::move(core)) {}
  ~UnclaimedStream() {
    if (core_) core_->RequestAbort(std::nullopt);
  }
  std::shared_ptr<StreamCore> Claim() { return std::move(core_); }

 private:
  std::shared_ptr<StreamCore> core_;
};

struct StreamFree {
  void operator()(virStreamPtr st) const {
    if (st != nullptr) virStreamFree(st);
  }
};
using StreamRef = std::unique_ptr<virStream, StreamFree>;

// A screenshot is a few MB at most; anything far beyond is a runaway.
constexpr size_t kMaxScreenshotBytes = 256u * 1024 * 1024;

}  // namespace

Napi::Value DispatchOpenStream(Connection& self, Napi::Env env, bool readable, bool writable,
                               StreamOpener open) {
  if (!self.IsOpen()) return self.RejectClosed(env);
  auto core = StreamCore::Create(env, readable, writable);
  auto claim = std::make_shared<UnclaimedStream>(core);
  std::shared_ptr<ConnState> conn = self.State();
  return self.Dispatch(env, [core, claim, conn, open = std::move(open)](ConnState& s) -> JsResult {
    virConnectPtr c = s.RequireConn();
    virStreamPtr st = virStreamNew(c, VIR_STREAM_NONBLOCK);
    if (st == nullptr) ThrowLibvirtError("virStreamNew");
    try {
      open(c, st);
    } catch (...) {
      virStreamFree(st);
      throw;
    }
    core->Attach(st);  // owns st from here, also when it throws
    return [claim, conn](Napi::Env env) -> Napi::Value {
      return NativeStream::New(env, claim->Claim(), conn);
    };
  });
}

namespace {

Napi::Value DomainOpenConsole(Connection& self, const Napi::CallbackInfo& info) {
  Napi::Env env = info.Env();
  return RejectOnThrow(env, [&] {
    std::string uuid = StringArg(info, 0, "uuid");
    std::optional<std::string> devName = NullableStringArg(info, 1, "devName");
    unsigned int flags = FlagsArg(info, 2, "flags");
    return DispatchOpenStream(
        self, env, true, true, [uuid, devName, flags](virConnectPtr conn, virStreamPtr st) {
          DomainRef dom = LookupDomainByUUID(conn, uuid);
          if (virDomainOpenConsole(dom.get(), devName ? devName->c_str() : nullptr, st, flags) <
              0) {
            ThrowLibvirtError("virDomainOpenConsole");
          }
        });
  });
}

// Read fully on the worker with a blocking stream: unlike a console it is
// one bounded answer (the daemon has the whole image before sending), so it
// is just another call.
Napi::Value DomainScreenshot(Connection& self, const Napi::CallbackInfo& info) {
  Napi::Env env = info.Env();
  return RejectOnThrow(env, [&] {
    std::string uuid = StringArg(info, 0, "uuid");
    unsigned int screen = UintArg(info, 1, "screen");
    unsigned int flags = FlagsArg(info, 2, "flags");
    return self.Dispatch(env, [uuid, screen, flags](ConnState& s) -> JsResult {
      virConnectPtr conn = s.RequireConn();
      DomainRef dom = LookupDomainByUUID(conn, uuid);
      StreamRef st(virStreamNew(conn, 0));
      if (!st) ThrowLibvirtError("virStreamNew");
      std::string mime =
          TakeLibvirtString(virDomainScreenshot(dom.get(), st.get(), screen, flags),
                            "virDomainScreenshot");
      std::vector<char> data;
      std::vector<char> buf(256 * 1024);
      for (;;) {
        int n = virStreamRecv(st.get(), buf.data(), buf.size());
        if (n < 0) {
          NativeError error = NativeError::FromLastLibvirtError("virStreamRecv");
          virStreamAbort(st.get());
          throw error;
        }
        if (n == 0) break;
        data.insert(data.end(), buf.data(), buf.data() + n);
        if (data.size() > kMaxScreenshotBytes) {
          virStreamAbort(st.get());
          throw NativeError::Plain("screenshot larger than 256 MiB: aborted");
        }
      }
      if (virStreamFinish(st.get()) < 0) ThrowLibvirtError("virStreamFinish");
      return [mime = std::move(mime), data = std::move(data)](Napi::Env env) -> Napi::Value {
        Napi::Object o = Napi::Object::New(env);
        o.Set("mime", mime);
        o.Set("data", Napi::Buffer<char>::Copy(env, data.data(), data.size()));
        return o;
      };
    });
  });
}

RegisterMethods registered({
    {"domainOpenConsole", &DomainOpenConsole},
    {"domainScreenshot", &DomainScreenshot},
});

}  // namespace

}  // namespace virtdesk
