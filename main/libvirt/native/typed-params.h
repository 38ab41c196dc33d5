// An RAII builder for virTypedParameter lists passed into libvirt (migration
// parameters). Lists coming out of libvirt are param-record.h's.
#pragma once

#include <libvirt/libvirt.h>
#include <napi.h>

#include <cstdint>
#include <string>

namespace virtdesk {

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
