// GGUF storage: ggml's block types and llama.cpp's choice of type per tensor for a file type
// (llama-quantize's "mix": Q4_K_M keeps half of attn_v and ffn_down at Q6_K, ...).
//
// Analysis stage, private to src/analysis/ (used by weight_storage.cc). Learned from
// llama.cpp's source: ggml/src/ggml.c type_traits (block sizes), src/llama-quant.cpp
// llama_tensor_get_type_impl / tensor_type_fallback / llama_ftype_get_default_type, and
// convert_hf_to_gguf.py (which tensors are written as F32). docs/formulas.md "GGUF".
#ifndef LLMCOST_ANALYSIS_GGUF_TYPE_MIX_H_
#define LLMCOST_ANALYSIS_GGUF_TYPE_MIX_H_

#include <cstdint>
#include <string_view>

#include "llmcost/architecture.h"
#include "llmcost/weight_format.h"

#include "tensor_inventory.h"

namespace llmcost {

enum class GgmlType {
  kF32,
  kF16,
  kBf16,
  kQ4_0,
  kQ4_1,
  kQ5_0,
  kQ5_1,
  kQ8_0,
  kQ2_K,
  kQ3_K,
  kQ4_K,
  kQ5_K,
  kQ6_K,
  kIq4_Nl,
  kIq4_Xs,
};

// One ggml type: `block_size` weights stored in `block_bytes` bytes.
struct GgmlTypeTraits {
  std::string_view name;  // ggml_type_name, e.g. "q4_K"
  int64_t block_size;     // e.g. 256 (QK_K)
  int64_t block_bytes;    // e.g. 144 (sizeof(block_q4_K))
};

GgmlTypeTraits Traits(GgmlType type);

// The ggml type llama.cpp gives tensor `t` of `arch` in a `file_type` file.
GgmlType GgufTensorType(const Architecture& arch, GgufFileType file_type, const TensorSpec& t);

// ggml_nbytes of one copy of `t` stored as `type`: rows x ceil(cols / block) x block bytes.
int64_t GgmlBytes(GgmlType type, int64_t rows, int64_t cols);

}  // namespace llmcost

#endif  // LLMCOST_ANALYSIS_GGUF_TYPE_MIX_H_
