// Small helpers shared by the domain and snapshot area files
// (domain-*-calls.cc, snapshot-calls.cc): domain jobs, the argument kinds
// args.h lacks, and 64-bit numbers for JS.
#pragma once

#include <libvirt/libvirt.h>
#include <napi.h>

#include <cstdint>
#include <functional>
#include <optional>
#include <string>

#include "args-ext.h"  // U64Arg
#include "js-numbers.h"
#include "domain-info.h"
#include "jobs.h"

namespace virtdesk {

// Runs with a looked-up domain; the handle is freed on every path.
using DomainFn = std::function<JsResult(virDomainPtr dom)>;

// A worker job: look the domain up by UUID on `s.conn`, then run `fn`.
Work WithDomain(std::string uuid, DomainFn fn);
// The same on an explicit connection (long jobs hold their own reference).
JsResult RunWithDomain(virConnectPtr conn, const std::string& uuid, const DomainFn& fn);

// Reads NativeDomainInfo on the calling (worker) thread; builds it on the JS thread.
JsResult ResolveDomainInfoOf(virDomainPtr dom);

// null or undefined -> nullopt; otherwise like StringArg.
std::optional<std::string> OptionalStringArg(const Napi::CallbackInfo& info, size_t index,
                                             const char* name);


}  // namespace virtdesk
