// Typed-parameter records: libvirt's virTypedParameter arrays (bulk stats,
// job info, event payloads) and name/value stat arrays, copied on the worker
// into plain C++ and turned into JS objects on the JS thread.
//
// Built for volume: getAllDomainStats on a big host yields ~100 parameters
// for each of 1,000 domains, mostly with the same few hundred names. Names are
// therefore interned (ParamKeys) so each distinct name becomes a JS string
// once per call (JsKeyCache), not once per domain.
#pragma once

#include <libvirt/libvirt.h>
#include <napi.h>

#include <cstdint>
#include <string>
#include <string_view>
#include <unordered_map>
#include <variant>
#include <vector>

#include "js-numbers.h"

namespace virtdesk {

// int/llong -> int64_t, uint/ullong -> uint64_t, double, boolean, string.
using ParamValue = std::variant<int64_t, uint64_t, double, bool, std::string>;

class ParamKeys {
 public:
  uint32_t Intern(std::string_view name);
  const std::string& Name(uint32_t key) const { return names_[key]; }
  size_t Size() const { return names_.size(); }

 private:
  std::vector<std::string> names_;
  std::unordered_map<std::string, uint32_t> index_;
};

struct Param {
  uint32_t key;  // into the ParamKeys the record was built with
  ParamValue value;
};

// A self-contained record (one event payload, one node stats reply).
struct ParamRecord {
  ParamKeys keys;
  std::vector<Param> params;

  void Add(std::string_view name, ParamValue value) {
    params.push_back({keys.Intern(name), std::move(value)});
  }
};

// Worker thread. Appends `n` typed parameters to `out`, interning names in
// `keys`. Parameters of an unknown type (newer libvirt) are skipped.
void AppendTypedParams(ParamKeys& keys, const virTypedParameter* params, int n,
                       std::vector<Param>& out);

// JS thread: one JS string per distinct key, created on first use.
class JsKeyCache {
 public:
  JsKeyCache(Napi::Env env, const ParamKeys& keys)
      : env_(env), keys_(keys), strings_(keys.Size(), nullptr) {}
  napi_value Get(uint32_t key);

 private:
  Napi::Env env_;
  const ParamKeys& keys_;
  std::vector<napi_value> strings_;
};

Napi::Value ParamValueToJs(Napi::Env env, const ParamValue& value);

// JS thread. {name: value, ...} for params[0..n).
Napi::Object ParamsToJs(Napi::Env env, JsKeyCache& keys, const Param* params, size_t n);
Napi::Object ParamRecordToJs(Napi::Env env, const ParamRecord& record);

}  // namespace virtdesk
