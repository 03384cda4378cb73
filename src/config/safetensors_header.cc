// safetensors header parsing and validation (huggingface/safetensors, README "Format"):
// 8 bytes little-endian u64 N, N bytes of a UTF-8 JSON object, then the tensor data.
#include <algorithm>
#include <limits>

#include "llmcost/checked_arithmetic.h"
#include "llmcost/checkpoint_reader.h"
#include "llmcost/printable.h"

#include "json_document.h"
#include "strict_json.h"

namespace llmcost {
namespace {

using nlohmann::json;

// The dtypes of the format and their element sizes in bytes.
struct DTypeSize {
  std::string_view name;
  int64_t bytes;
};
constexpr DTypeSize kDTypes[] = {
    {"BOOL", 1}, {"U8", 1},  {"I8", 1},  {"F8_E5M2", 1}, {"F8_E4M3", 1}, {"F8_E8M0", 1},
    {"I16", 2},  {"U16", 2}, {"F16", 2}, {"BF16", 2},    {"I32", 4},     {"U32", 4},
    {"F32", 4},  {"F64", 8}, {"I64", 8}, {"U64", 8},     {"C64", 8},
};

std::string KnownDTypes() {
  std::string out;
  for (const DTypeSize& d : kDTypes) {
    out += (out.empty() ? "" : ", ") + std::string(d.name);
  }
  return out;
}

// A JSON value as a non-negative int64, or nullopt.
std::optional<int64_t> NonNegativeInteger(const json& v) {
  if (v.is_number_unsigned()) {
    const auto u = v.get<uint64_t>();
    if (u > static_cast<uint64_t>(std::numeric_limits<int64_t>::max())) {
      return std::nullopt;
    }
    return static_cast<int64_t>(u);
  }
  if (v.is_number_integer()) {
    const auto i = v.get<int64_t>();
    return i < 0 ? std::nullopt : std::optional<int64_t>(i);
  }
  return std::nullopt;
}

struct Span {
  int64_t begin = 0;
  int64_t end = 0;
  size_t tensor = 0;
};

Status CheckMetadata(const json& metadata, const std::string& where) {
  if (!metadata.is_object()) {
    return InvalidArgumentError(where + ": expected an object of strings, got " +
                                config::DescribeJson(metadata));
  }
  for (const auto& [key, value] : metadata.items()) {
    if (!value.is_string()) {
      return InvalidArgumentError(where + "/" + Printable(key) + ": expected a string, got " +
                                  config::DescribeJson(value));
    }
  }
  return OkStatus();
}

// Tensor names are echoed in messages and reports: printable ASCII only, as every
// published checkpoint's are ("model.layers.0.self_attn.q_proj.weight").
constexpr size_t kMaxTensorName = 1024;
bool IsPrintableName(std::string_view name) {
  if (name.empty() || name.size() > kMaxTensorName) {
    return false;
  }
  for (char c : name) {
    if (c <= 0x20 || c >= 0x7F) {
      return false;
    }
  }
  return true;
}

// Reads one tensor entry `name` -> {"dtype", "shape", "data_offsets"}.
Result<CheckpointTensor> ReadEntry(const std::string& name, const json& entry,
                                   const std::string& origin, Span* span) {
  if (!IsPrintableName(name)) {
    return InvalidArgumentError(origin + ": tensor name " + config::DescribeJson(json(name)) +
                                ": expected 1 to 1024 printable ASCII characters");
  }
  const std::string where = origin + ": tensor \"" + name + "\"";
  if (!entry.is_object()) {
    return InvalidArgumentError(where +
                                ": expected {\"dtype\", \"shape\", \"data_offsets\"}, "
                                "got " +
                                config::DescribeJson(entry));
  }
  for (const auto& [key, value] : entry.items()) {
    if (key != "dtype" && key != "shape" && key != "data_offsets") {
      return InvalidArgumentError(where + ": unexpected key \"" + Printable(key) +
                                  "\", expected only dtype, shape and data_offsets");
    }
  }
  CheckpointTensor t;
  t.name = name;
  const auto dtype = entry.find("dtype");
  if (dtype == entry.end() || !dtype->is_string()) {
    return InvalidArgumentError(where + ": dtype: expected a string such as \"BF16\", got " +
                                (dtype == entry.end() ? "nothing" : config::DescribeJson(*dtype)));
  }
  t.dtype = dtype->get<std::string>();
  const int64_t element_bytes = SafetensorsDTypeBytes(t.dtype);
  if (element_bytes == 0) {
    return InvalidArgumentError(where + ": dtype: unknown dtype " + config::DescribeJson(*dtype) +
                                ", expected one of " + KnownDTypes());
  }
  const auto shape = entry.find("shape");
  if (shape == entry.end() || !shape->is_array()) {
    return InvalidArgumentError(where + ": shape: expected an array of dimensions, got " +
                                (shape == entry.end() ? "nothing" : config::DescribeJson(*shape)));
  }
  t.elements = 1;
  for (const json& dim : *shape) {
    const std::optional<int64_t> n = NonNegativeInteger(dim);
    if (!n) {
      return InvalidArgumentError(where + ": shape: expected non-negative integer dimensions, " +
                                  "got " + config::DescribeJson(dim));
    }
    t.shape.push_back(*n);
    if (__builtin_mul_overflow(t.elements, *n, &t.elements)) {
      return OutOfRangeError(where + ": shape: the product of the dimensions overflows 64 bits");
    }
  }
  if (__builtin_mul_overflow(t.elements, element_bytes, &t.bytes)) {
    return OutOfRangeError(where + ": shape: elements x dtype size overflows 64 bits");
  }
  const auto offsets = entry.find("data_offsets");
  std::optional<int64_t> begin;
  std::optional<int64_t> end;
  if (offsets != entry.end() && offsets->is_array() && offsets->size() == 2) {
    begin = NonNegativeInteger((*offsets)[0]);
    end = NonNegativeInteger((*offsets)[1]);
  }
  if (!begin || !end || *end < *begin) {
    return InvalidArgumentError(
        where + ": data_offsets: expected [begin, end] with 0 <= begin <= end, got " +
        (offsets == entry.end() ? "nothing" : config::DescribeJson(*offsets)));
  }
  if (*end - *begin != t.bytes) {
    return InvalidArgumentError(where + ": data_offsets [" + std::to_string(*begin) + ", " +
                                std::to_string(*end) + "] span " + std::to_string(*end - *begin) +
                                " bytes, but " + t.dtype + " shape needs " +
                                std::to_string(t.bytes));
  }
  span->begin = *begin;
  span->end = *end;
  return t;
}

}  // namespace

int64_t SafetensorsDTypeBytes(std::string_view dtype) {
  for (const DTypeSize& d : kDTypes) {
    if (d.name == dtype) {
      return d.bytes;
    }
  }
  return 0;
}

Result<SafetensorsHeader> ParseSafetensorsHeader(std::string_view prefix, int64_t file_size,
                                                 std::string_view origin_view) {
  const std::string origin(origin_view);
  if (file_size < 8 || prefix.size() < 8) {
    return InvalidArgumentError(origin + ": not a safetensors file: " + std::to_string(file_size) +
                                " bytes, shorter than the 8-byte header length");
  }
  uint64_t n = 0;
  for (int i = 7; i >= 0; --i) {
    n = (n << 8) | static_cast<unsigned char>(prefix[static_cast<size_t>(i)]);
  }
  if (n > static_cast<uint64_t>(kMaxSafetensorsHeaderBytes)) {
    return InvalidArgumentError(origin + ": header length " + std::to_string(n) +
                                " bytes is over the " + std::to_string(kMaxSafetensorsHeaderBytes) +
                                "-byte limit");
  }
  const auto header_length = static_cast<int64_t>(n);
  if (8 + header_length > file_size) {
    return InvalidArgumentError(origin + ": header length " + std::to_string(header_length) +
                                " bytes runs past the end of the file (" +
                                std::to_string(file_size) + " bytes)");
  }
  if (static_cast<int64_t>(prefix.size()) < 8 + header_length) {
    return InternalError(origin + ": header was not read in full");
  }
  const std::string_view text = prefix.substr(8, static_cast<size_t>(header_length));
  if (text.empty() || text.front() != '{') {
    return InvalidArgumentError(origin + ": header: expected a JSON object starting with '{'");
  }
  LLMCOST_ASSIGN_OR_RETURN(const json document, config::ParseStrictJson(text, origin + ": header"));
  SafetensorsHeader out;
  out.header_bytes = 8 + header_length;
  std::vector<Span> spans;
  for (const auto& [name, entry] : document.items()) {
    if (name == "__metadata__") {
      LLMCOST_RETURN_IF_ERROR(CheckMetadata(entry, origin + ": __metadata__"));
      continue;
    }
    Span span;
    LLMCOST_ASSIGN_OR_RETURN(CheckpointTensor t, ReadEntry(name, entry, origin, &span));
    span.tensor = out.tensors.size();
    spans.push_back(span);
    out.tensors.push_back(std::move(t));
  }
  // The offsets must tile the data: no gap, no overlap, nothing after the last tensor.
  std::sort(spans.begin(), spans.end(), [](const Span& a, const Span& b) {
    return a.begin != b.begin ? a.begin < b.begin : a.end < b.end;
  });
  int64_t at = 0;
  for (const Span& s : spans) {
    if (s.begin != at) {
      return InvalidArgumentError(origin + ": tensor \"" + out.tensors[s.tensor].name +
                                  "\": data_offsets start at " + std::to_string(s.begin) +
                                  (s.begin < at ? ", overlapping the tensor before it (which "
                                                  "ends at "
                                                : ", leaving a gap after byte ") +
                                  std::to_string(at) + (s.begin < at ? ")" : ""));
    }
    at = s.end;
  }
  const int64_t available = file_size - out.header_bytes;
  if (at > available) {
    return InvalidArgumentError(origin + ": file is truncated: the tensors need " +
                                std::to_string(at) +
                                " bytes of data after the header, the file "
                                "has " +
                                std::to_string(available));
  }
  if (at < available) {
    return InvalidArgumentError(origin + ": " + std::to_string(available - at) +
                                " trailing bytes after the last tensor's data (the header "
                                "accounts for " +
                                std::to_string(at) + " of " + std::to_string(available) + ")");
  }
  out.data_bytes = at;
  std::sort(out.tensors.begin(), out.tensors.end(),
            [](const CheckpointTensor& a, const CheckpointTensor& b) { return a.name < b.name; });
  return out;
}

}  // namespace llmcost
