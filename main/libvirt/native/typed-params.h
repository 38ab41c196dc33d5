// virTypedParameter lists, copied out of libvirt on a worker thread into
// plain C++ data and turned into a JS record on the JS thread; and an RAII
// builder for lists passed into libvirt (migration parameters).
#pragma once

#include <libvirt/libvirt.h>
#include <napi.h>

#include <cstdint>
#include <string>
#include <utility>
#include <vector>

namespace virtdesk {

struct TypedValue {
  int type = 0;  // virTypedParameterType
  int64_t i = 0;    // INT, LLONG
  uint64_t u = 0;   // UINT, ULLONG
  double d = 0;     // DOUBLE
  bool b = false;   // BOOLEAN
  std::string s;    // STRING
};
using TypedRecord = std::vector<std::pair<std::string, TypedValue>>;

// Any thread. Copies `n` params (does not free them).
TypedRecord CopyTypedParams(const virTypedParameter* params, int n);

// JS thread. Integers become `number` while exact (|v| <= 2^53), else `bigint`.
Napi::Object TypedRecordToJs(Napi::Env env, const TypedRecord& record);

// Owns a list built with virTypedParamsAdd*; throws the libvirt error on failure.
class TypedParamsBuilder {
 public:
  TypedParamsBuilder() = default;
  ~TypedParamsBuilder();
  TypedParamsBuilder(const TypedParamsBuilder&) = delete;
  TypedParamsBuilder& operator=(const TypedParamsBuilder&) = delete;

  void AddString(const char* name, const std::string& value);
  void AddULLong(const char* name, unsigned long long value);

  virTypedParameterPtr params() const { return params_; }
  int count() const { return count_; }

 private:
  virTypedParameterPtr params_ = nullptr;
  int count_ = 0;
  int max_ = 0;
};

}  // namespace virtdesk
