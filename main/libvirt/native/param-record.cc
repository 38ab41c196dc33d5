#include "param-record.h"

namespace virtdesk {

namespace {


}  // namespace

uint32_t ParamKeys::Intern(std::string_view name) {
  // std::string key: heterogeneous lookup in unordered_map needs C++20.
  std::string key(name);
  auto it = index_.find(key);
  if (it != index_.end()) return it->second;
  auto id = static_cast<uint32_t>(names_.size());
  names_.push_back(key);
  index_.emplace(std::move(key), id);
  return id;
}

void AppendTypedParams(ParamKeys& keys, const virTypedParameter* params, int n,
                       std::vector<Param>& out) {
  // No out.reserve(size + n) here: called once per domain on one growing
  // vector, an exact reserve would defeat geometric growth (quadratic copying).
  for (int i = 0; i < n; i++) {
    const virTypedParameter& p = params[i];
    ParamValue value;
    switch (p.type) {
      case VIR_TYPED_PARAM_INT: value = int64_t{p.value.i}; break;
      case VIR_TYPED_PARAM_UINT: value = uint64_t{p.value.ui}; break;
      case VIR_TYPED_PARAM_LLONG: value = int64_t{p.value.l}; break;
      case VIR_TYPED_PARAM_ULLONG: value = uint64_t{p.value.ul}; break;
      case VIR_TYPED_PARAM_DOUBLE: value = p.value.d; break;
      case VIR_TYPED_PARAM_BOOLEAN: value = p.value.b != 0; break;
      case VIR_TYPED_PARAM_STRING:
        value = std::string(p.value.s != nullptr ? p.value.s : "");
        break;
      default: continue;
    }
    // field is a fixed char[80]; libvirt NUL-terminates it.
    out.push_back({keys.Intern(p.field), std::move(value)});
  }
}

napi_value JsKeyCache::Get(uint32_t key) {
  napi_value& s = strings_[key];
  if (s == nullptr) {
    const std::string& name = keys_.Name(key);
    napi_status status = napi_create_string_utf8(env_, name.data(), name.size(), &s);
    NAPI_THROW_IF_FAILED(env_, status, nullptr);
  }
  return s;
}

Napi::Value ParamValueToJs(Napi::Env env, const ParamValue& value) {
  struct Visitor {
    Napi::Env env;
    Napi::Value operator()(int64_t v) const { return Int64ToJs(env, v); }
    Napi::Value operator()(uint64_t v) const { return Uint64ToJs(env, v); }
    Napi::Value operator()(double v) const { return Napi::Number::New(env, v); }
    Napi::Value operator()(bool v) const { return Napi::Boolean::New(env, v); }
    Napi::Value operator()(const std::string& v) const { return Napi::String::New(env, v); }
  };
  return std::visit(Visitor{env}, value);
}

Napi::Object ParamsToJs(Napi::Env env, JsKeyCache& keys, const Param* params, size_t n) {
  Napi::Object o = Napi::Object::New(env);
  // One napi_define_properties call: defining own data properties skips the
  // prototype-chain setter lookup of a plain Set, about twice as fast on V8.
  std::vector<napi_property_descriptor> props(n);
  for (size_t i = 0; i < n; i++) {
    props[i].name = keys.Get(params[i].key);
    props[i].value = ParamValueToJs(env, params[i].value);
    props[i].attributes = static_cast<napi_property_attributes>(napi_writable | napi_enumerable |
                                                                napi_configurable);
  }
  if (n > 0) {
    napi_status status = napi_define_properties(env, o, n, props.data());
    NAPI_THROW_IF_FAILED(env, status, o);
  }
  return o;
}

Napi::Object ParamRecordToJs(Napi::Env env, const ParamRecord& record) {
  JsKeyCache keys(env, record.keys);
  return ParamsToJs(env, keys, record.params.data(), record.params.size());
}

}  // namespace virtdesk
