#include "typed-params.h"

#include "domain-helpers.h"
#include "errors.h"

namespace virtdesk {

TypedRecord CopyTypedParams(const virTypedParameter* params, int n) {
  TypedRecord record;
  record.reserve(n > 0 ? n : 0);
  for (int k = 0; k < n; k++) {
    const virTypedParameter& p = params[k];
    TypedValue v;
    v.type = p.type;
    switch (p.type) {
      case VIR_TYPED_PARAM_INT: v.i = p.value.i; break;
      case VIR_TYPED_PARAM_UINT: v.u = p.value.ui; break;
      case VIR_TYPED_PARAM_LLONG: v.i = p.value.l; break;
      case VIR_TYPED_PARAM_ULLONG: v.u = p.value.ul; break;
      case VIR_TYPED_PARAM_DOUBLE: v.d = p.value.d; break;
      case VIR_TYPED_PARAM_BOOLEAN: v.b = p.value.b != 0; break;
      case VIR_TYPED_PARAM_STRING: v.s = p.value.s != nullptr ? p.value.s : ""; break;
      default: continue;  // a type newer than this binding: skip, don't guess
    }
    record.emplace_back(p.field, std::move(v));
  }
  return record;
}

Napi::Object TypedRecordToJs(Napi::Env env, const TypedRecord& record) {
  Napi::Object o = Napi::Object::New(env);
  for (const auto& [name, v] : record) {
    switch (v.type) {
      case VIR_TYPED_PARAM_INT:
      case VIR_TYPED_PARAM_LLONG: o.Set(name, I64ToJs(env, v.i)); break;
      case VIR_TYPED_PARAM_UINT:
      case VIR_TYPED_PARAM_ULLONG: o.Set(name, U64ToJs(env, v.u)); break;
      case VIR_TYPED_PARAM_DOUBLE: o.Set(name, Napi::Number::New(env, v.d)); break;
      case VIR_TYPED_PARAM_BOOLEAN: o.Set(name, Napi::Boolean::New(env, v.b)); break;
      case VIR_TYPED_PARAM_STRING: o.Set(name, Napi::String::New(env, v.s)); break;
      default: break;
    }
  }
  return o;
}

TypedParamsBuilder::~TypedParamsBuilder() {
  if (params_ != nullptr) virTypedParamsFree(params_, count_);
}

void TypedParamsBuilder::AddString(const char* name, const std::string& value) {
  if (virTypedParamsAddString(&params_, &count_, &max_, name, value.c_str()) < 0) {
    ThrowLibvirtError("virTypedParamsAddString");
  }
}

void TypedParamsBuilder::AddULLong(const char* name, unsigned long long value) {
  if (virTypedParamsAddULLong(&params_, &count_, &max_, name, value) < 0) {
    ThrowLibvirtError("virTypedParamsAddULLong");
  }
}

}  // namespace virtdesk
