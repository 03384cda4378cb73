// EstimateWeightStorage: the bytes a checkpoint's weights take in a given format, tensor by
// tensor: quantized values, their scales, zero points and indices, and the tensors each
// format keeps at 16 bits (embeddings, head, norms, routers, biases).
//
// Analysis stage (Architecture + WeightFormat -> WeightStorage). Pure: no I/O. Formulas and
// sources: docs/formulas.md "Weight formats".
#ifndef LLMCOST_ANALYSIS_WEIGHT_STORAGE_H_
#define LLMCOST_ANALYSIS_WEIGHT_STORAGE_H_

#include <cstdint>
#include <vector>

#include "llmcost/architecture.h"
#include "llmcost/component.h"
#include "llmcost/status.h"
#include "llmcost/weight_format.h"

namespace llmcost {

struct WeightStorage {
  int64_t total_bytes = 0;       // every tensor of the main model (no MTP modules)
  int64_t params = 0;            // == CountParameters(arch).total
  int64_t quantized_params = 0;  // weights stored below 16 bits (0 for bf16/fp16/fp32)
  double bits_per_weight = 0;    // total_bytes x 8 / params, as llama.cpp's "BPW"
  // Bytes by storage type, e.g. {"q4_K", ...}, {"q6_K", ...}, {"f32", ...} for GGUF, or
  // {"int4 values", ...}, {"scales", ...}, {"zero points", ...}, {"g_idx", ...},
  // {"16-bit", ...} for AWQ/GPTQ. Sums to total_bytes.
  std::vector<Component<int64_t>> breakdown;
  // Bytes of the tensors inside decoder layer i, size num_layers; total_bytes minus the
  // sum of these is what lives outside the layers (embeddings, head, final norm).
  std::vector<int64_t> layer_bytes;
  int64_t embedding_bytes = 0;      // input embedding (+ position table and projections)
  int64_t head_bytes = 0;           // output head (0 when tied) + final norm
  int64_t routed_expert_bytes = 0;  // all routed experts of all MoE layers (0 if dense)
};

// Bytes of `arch`'s weights stored as `format`.
// GGUF: ggml_nbytes summed (what llama.cpp prints as "model size"); the file adds its
// metadata (vocabulary) and 32-byte alignment padding, not counted.
// Packed int32 words are rounded up when a dimension is not a multiple of 32 / bits.
// Errors: kOutOfRange on 64-bit overflow.
Result<WeightStorage> EstimateWeightStorage(const Architecture& arch, const WeightFormat& format);

}  // namespace llmcost

#endif  // LLMCOST_ANALYSIS_WEIGHT_STORAGE_H_
