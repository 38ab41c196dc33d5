// Argument checks needed by streams, networks and storage on top of args.h:
// nullable strings, 64-bit sizes/offsets and byte buffers. Same contract as
// args.h: a bad argument throws a Napi::TypeError naming it.
#pragma once

#include <napi.h>

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace virtdesk {

// A string, or null for "none" (libvirt's NULL). undefined is rejected, so a
// forgotten argument is an error rather than a silent NULL.
std::optional<std::string> NullableStringArg(const Napi::CallbackInfo& info, size_t index,
                                             const char* name);

// Byte counts and offsets (unsigned long long in libvirt): a non-negative safe
// integer number (<= 2^53 - 1) or a bigint in 0..2^64-1.
uint64_t U64Arg(const Napi::CallbackInfo& info, size_t index, const char* name);

// An array of strings (UUIDs, names), copied.
std::vector<std::string> StringArrayArg(const Napi::CallbackInfo& info, size_t index, const char* name);

// A Buffer / Uint8Array, copied: the bytes then belong to C++ and may cross
// threads (a JS buffer must never be touched off the JS thread).
std::vector<char> BytesArg(const Napi::CallbackInfo& info, size_t index, const char* name);


}  // namespace virtdesk
