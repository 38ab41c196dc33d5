// onDomainEvent(kind, cb): the domain events other than lifecycle, each with
// its own libvirt callback signature, all delivered to JS as
// cb(uuid, name, payload) with one payload shape per kind (api/event.d.ts).
#include <libvirt/libvirt.h>

#include <cstring>
#include <optional>
#include <string>

#include "args.h"
#include "connection.h"
#include "errors.h"
#include "events.h"
#include "param-record.h"

namespace virtdesk {

namespace {

class DomainEvent : public JsTask {
 public:
  std::string uuid;
  std::string name;
  ParamRecord payload;
  std::optional<ParamRecord> params;  // job-completed: payload.params

  void Run(Napi::Env env, Napi::Function callback) override {
    if (callback.IsEmpty()) return;
    Napi::Object payloadJs = ParamRecordToJs(env, payload);
    if (params) payloadJs.Set("params", ParamRecordToJs(env, *params));
    callback.Call({Napi::String::New(env, uuid), Napi::String::New(env, name), payloadJs});
  }
};

// Event-loop thread: the common part of every callback below.
std::unique_ptr<DomainEvent> NewEvent(virDomainPtr dom) {
  auto event = std::make_unique<DomainEvent>();
  char uuid[VIR_UUID_STRING_BUFLEN] = "";
  virDomainGetUUIDString(dom, uuid);  // local handle, no RPC
  event->uuid = uuid;
  const char* name = virDomainGetName(dom);
  if (name != nullptr) event->name = name;
  return event;
}

std::string OrEmpty(const char* s) { return s != nullptr ? s : ""; }

// Each callback is noexcept with a catch-all: an exception (out of memory)
// must never unwind into libvirt's C frames; the event is dropped instead.
void OnReboot(virConnectPtr, virDomainPtr dom, void* opaque) noexcept try {
  PostEvent(opaque, NewEvent(dom));
} catch (...) {
}

void OnDeviceAlias(virConnectPtr, virDomainPtr dom, const char* alias, void* opaque) noexcept try {
  auto event = NewEvent(dom);
  event->payload.Add("alias", OrEmpty(alias));
  PostEvent(opaque, std::move(event));
} catch (...) {
}

void OnBalloonChange(virConnectPtr, virDomainPtr dom, unsigned long long actual,
                     void* opaque) noexcept try {
  auto event = NewEvent(dom);
  event->payload.Add("actualKiB", uint64_t{actual});
  PostEvent(opaque, std::move(event));
} catch (...) {
}

void OnTrayChange(virConnectPtr, virDomainPtr dom, const char* devAlias, int reason,
                  void* opaque) noexcept try {
  auto event = NewEvent(dom);
  event->payload.Add("devAlias", OrEmpty(devAlias));
  event->payload.Add("reason", int64_t{reason});
  PostEvent(opaque, std::move(event));
} catch (...) {
}

void OnJobCompleted(virConnectPtr, virDomainPtr dom, virTypedParameterPtr params, int nparams,
                    void* opaque) noexcept try {
  auto event = NewEvent(dom);
  event->params.emplace();
  AppendTypedParams(event->params->keys, params, nparams, event->params->params);
  PostEvent(opaque, std::move(event));
} catch (...) {
}

void OnMetadataChange(virConnectPtr, virDomainPtr dom, int type, const char* nsuri,
                      void* opaque) noexcept try {
  auto event = NewEvent(dom);
  event->payload.Add("type", int64_t{type});
  // nsuri is only set for VIR_DOMAIN_METADATA_ELEMENT; "" otherwise.
  event->payload.Add("nsuri", OrEmpty(nsuri));
  PostEvent(opaque, std::move(event));
} catch (...) {
}

void OnAgentLifecycle(virConnectPtr, virDomainPtr dom, int state, int reason,
                      void* opaque) noexcept try {
  auto event = NewEvent(dom);
  event->payload.Add("state", int64_t{state});
  event->payload.Add("reason", int64_t{reason});
  PostEvent(opaque, std::move(event));
} catch (...) {
}

void OnBlockJob(virConnectPtr, virDomainPtr dom, const char* disk, int type, int status,
                void* opaque) noexcept try {
  auto event = NewEvent(dom);
  event->payload.Add("disk", OrEmpty(disk));
  event->payload.Add("type", int64_t{type});
  event->payload.Add("status", int64_t{status});
  PostEvent(opaque, std::move(event));
} catch (...) {
}

struct KindEntry {
  const char* name;
  int eventId;
  virConnectDomainEventGenericCallback callback;
};

// block-job uses BLOCK_JOB_2, whose `disk` is the target name ("vda") rather
// than the image path, which is what a UI can match against the XML.
const KindEntry kKinds[] = {
    {"reboot", VIR_DOMAIN_EVENT_ID_REBOOT, VIR_DOMAIN_EVENT_CALLBACK(OnReboot)},
    {"device-added", VIR_DOMAIN_EVENT_ID_DEVICE_ADDED, VIR_DOMAIN_EVENT_CALLBACK(OnDeviceAlias)},
    {"device-removed", VIR_DOMAIN_EVENT_ID_DEVICE_REMOVED,
     VIR_DOMAIN_EVENT_CALLBACK(OnDeviceAlias)},
    {"balloon-change", VIR_DOMAIN_EVENT_ID_BALLOON_CHANGE,
     VIR_DOMAIN_EVENT_CALLBACK(OnBalloonChange)},
    {"tray-change", VIR_DOMAIN_EVENT_ID_TRAY_CHANGE, VIR_DOMAIN_EVENT_CALLBACK(OnTrayChange)},
    {"job-completed", VIR_DOMAIN_EVENT_ID_JOB_COMPLETED,
     VIR_DOMAIN_EVENT_CALLBACK(OnJobCompleted)},
    {"metadata-change", VIR_DOMAIN_EVENT_ID_METADATA_CHANGE,
     VIR_DOMAIN_EVENT_CALLBACK(OnMetadataChange)},
    {"agent-lifecycle", VIR_DOMAIN_EVENT_ID_AGENT_LIFECYCLE,
     VIR_DOMAIN_EVENT_CALLBACK(OnAgentLifecycle)},
    {"block-job", VIR_DOMAIN_EVENT_ID_BLOCK_JOB_2, VIR_DOMAIN_EVENT_CALLBACK(OnBlockJob)},
};

const KindEntry& KindArg(const Napi::CallbackInfo& info, size_t index) {
  std::string kind = StringArg(info, index, "kind");
  for (const KindEntry& k : kKinds) {
    if (kind == k.name) return k;
  }
  std::string known;
  for (const KindEntry& k : kKinds) known += std::string(known.empty() ? "" : ", ") + k.name;
  throw Napi::TypeError::New(info.Env(), "kind must be one of: " + known);
}

Napi::Value OnDomainEvent(Connection& self, const Napi::CallbackInfo& info) {
  Napi::Env env = info.Env();
  return RejectOnThrow(env, [&] {
    const KindEntry& kind = KindArg(info, 0);
    Napi::Function cb = FunctionArg(info, 1, "cb");
    int eventId = kind.eventId;
    virConnectDomainEventGenericCallback callback = kind.callback;
    return SubscribeEvent(
        self, env, cb, EventKind::Domain, "virtdesk:libvirt-domain-event",
        [eventId, callback](virConnectPtr conn, void* opaque, virFreeCallback freecb) {
          return virConnectDomainEventRegisterAny(conn, nullptr, eventId, callback, opaque,
                                                  freecb);
        },
        "virConnectDomainEventRegisterAny");
  });
}

static RegisterMethods registered({{"onDomainEvent", &OnDomainEvent}});

}  // namespace

}  // namespace virtdesk
