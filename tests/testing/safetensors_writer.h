// Writes safetensors files for tests: a real header and zero data (a sparse file, so a
// 7B-parameter checkpoint costs one header on disk). No weights are ever committed.
#ifndef LLMCOST_TESTS_TESTING_SAFETENSORS_WRITER_H_
#define LLMCOST_TESTS_TESTING_SAFETENSORS_WRITER_H_

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace llmcost::testing {

struct TensorSpec {
  std::string name;   // e.g. "model.layers.0.self_attn.q_proj.weight"
  std::string dtype;  // e.g. "BF16"
  std::vector<int64_t> shape;
};

// Bytes of one element of `dtype` as the format defines it (BF16 -> 2).
int64_t ElementBytes(std::string_view dtype);

// The JSON header for `tensors`, laid out back to back in the given order, plus
// "__metadata__": {"format": "pt"}. *data_bytes receives the data size it declares.
std::string SafetensorsHeaderJson(const std::vector<TensorSpec>& tensors, int64_t* data_bytes);

// Writes `path`: the 8-byte little-endian length of `header_json` (or `declared_length`
// when >= 0), the header, then `data_bytes` zero bytes (sparse: ftruncate, never written).
// Returns false on failure.
bool WriteSafetensorsFile(const std::string& path, std::string_view header_json, int64_t data_bytes,
                          int64_t declared_length = -1);

// WriteSafetensorsFile with the header of `tensors`.
bool WriteSafetensors(const std::string& path, const std::vector<TensorSpec>& tensors);

}  // namespace llmcost::testing

#endif  // LLMCOST_TESTS_TESTING_SAFETENSORS_WRITER_H_
