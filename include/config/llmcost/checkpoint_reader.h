// Reading a checkpoint's safetensors headers (never its tensor data) and naming what each
// tensor is.
//
// Stage 1 of the pipeline, beside config.h: the loader knows file formats and the
// Hugging Face tensor names. Headers are hostile input: every length, shape and offset is
// checked before use (docs/config-schema.md "Checkpoints").
#ifndef LLMCOST_CHECKPOINT_READER_H_
#define LLMCOST_CHECKPOINT_READER_H_

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "llmcost/checkpoint.h"
#include "llmcost/status.h"

namespace llmcost {

// Largest accepted safetensors header (the JSON after the 8-byte length), in bytes: the
// limit of the reference implementation (huggingface/safetensors, MAX_HEADER_SIZE).
inline constexpr int64_t kMaxSafetensorsHeaderBytes = 100'000'000;

// The tensors one safetensors file declares.
struct SafetensorsHeader {
  int64_t header_bytes = 0;               // 8 + the JSON header's length
  int64_t data_bytes = 0;                 // bytes of tensor data after the header
  std::vector<CheckpointTensor> tensors;  // name, dtype, shape, elements, bytes (file unset)
};

// Parses a safetensors file from its first bytes. `prefix` holds the file's first
// min(file_size, 8 + N) bytes, where N is the little-endian u64 in its first 8 bytes;
// `file_size` is the size of the whole file; `origin` names it in messages.
// Checks, each failing with kInvalidArgument "<origin>: ...": the file holds the 8-byte
// length; N <= kMaxSafetensorsHeaderBytes; 8 + N <= file_size; the header is a JSON object
// (no duplicate keys) whose "__metadata__" maps strings to strings and whose other entries
// are {"dtype", "shape", "data_offsets"} with a known dtype, non-negative dimensions whose
// product times the dtype size fits 64 bits (kOutOfRange otherwise), and offsets that tile
// the data exactly: sorted by start they begin at 0, each ends where the next begins, each
// spans elements x dtype size bytes, and the last ends at the end of the file (a shorter
// file is "truncated", a longer one has "trailing bytes").
Result<SafetensorsHeader> ParseSafetensorsHeader(std::string_view prefix, int64_t file_size,
                                                 std::string_view origin);

// Bytes of one element of a safetensors dtype ("BF16" -> 2), or 0 when the name is unknown.
int64_t SafetensorsDTypeBytes(std::string_view dtype);

// Reads the checkpoint `source` names: a .safetensors file (its config.json is the one
// beside it), or a model directory or Hugging Face id (model_source.h) holding
// model.safetensors.index.json (every shard it lists) or model.safetensors.
// Each tensor gets its role, component, layer and parameters from its name;
// `quantization_config.bits` in the config sets the bits of GPTQ/AWQ packed weights
// (default 4).
// Errors: those of ResolveModelSource and ParseSafetensorsHeader; kNotFound when there is
// no safetensors file; kInvalidArgument for an index whose weight_map is missing, names a
// shard outside the directory, or disagrees with the shards (a listed tensor missing from
// its shard, a shard tensor the index does not list, a tensor in two shards).
Result<Checkpoint> LoadCheckpoint(const std::string& source);

// Names what the tensor called `name` is (role, component, layer), given the names of all
// tensors of the checkpoint, sorted (a bitsandbytes weight is packed when
// "<name>.quant_state.*" exists). `gptq_bits`: bits of a GPTQ/AWQ qweight value.
// Exposed for tests; LoadCheckpoint applies it to every tensor.
void ClassifyTensor(const std::vector<std::string>& all_names, int64_t gptq_bits,
                    CheckpointTensor* tensor);

}  // namespace llmcost

#endif  // LLMCOST_CHECKPOINT_READER_H_
