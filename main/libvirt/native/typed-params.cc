#include "typed-params.h"

#include "errors.h"

namespace virtdesk {

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
