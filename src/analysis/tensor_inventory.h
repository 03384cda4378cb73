// TensorInventory: the weight tensors of an Architecture, one entry per distinct shape and
// role, with their (rows, cols) as a checkpoint stores them.
//
// Analysis stage, private to src/analysis/ (weight_storage.cc, serving_memory.cc). The
// entries sum to CountParameters(arch).total (parameters.cc is the reference), except the
// linear-attention and state-space mixers and an output-head bias, which it does not list.
#ifndef LLMCOST_ANALYSIS_TENSOR_INVENTORY_H_
#define LLMCOST_ANALYSIS_TENSOR_INVENTORY_H_

#include <cstdint>
#include <string_view>
#include <vector>

#include "llmcost/architecture.h"

namespace llmcost {

enum class TensorRole {
  kEmbedding,
  kOutput,
  kPosition,
  kEmbeddingProjection,
  kAttnQ,
  kAttnK,
  kAttnV,
  kAttnOutput,
  kAttnQA,
  kAttnQB,
  kAttnKvA,
  kAttnKvB,
  kFfnGate,
  kFfnUp,
  kFfnDown,  // dense MLP
  kExpertGate,
  kExpertUp,
  kExpertDown,  // routed experts (count = E)
  kSharedGate,
  kSharedUp,
  kSharedDown,  // shared experts (count = S)
  kSharedExpertGate,
  kRouter,  // small 2-D maps kept unquantized
  kNorm,
  kBias,  // 1-D
};

struct TensorSpec {
  TensorRole role;
  int64_t layer = -1;     // -1 outside the decoder layers
  int64_t rows = 1;       // output features (GGUF ne[1]); 1 for a vector
  int64_t cols = 0;       // input features (GGUF ne[0]), the dimension groups run along
  int64_t count = 1;      // identical copies (E experts, S shared experts, 2 LayerNorm vectors)
  std::string_view name;  // HF module path below the layer, e.g. "self_attn.q_proj"
};

// True for matrices a linear-layer quantizer replaces (attention and feed-forward
// projections inside the decoder layers).
bool IsQuantizableLinear(TensorRole role);
// True for the feed-forward projections (dense MLP, routed and shared experts).
bool IsFeedForward(TensorRole role);

// The tensors of `arch` in checkpoint order (embedding, layers, final norm, head).
// REQUIRES: arch came from the loader (CountParameters succeeds on it).
std::vector<TensorSpec> TensorInventory(const Architecture& arch);

}  // namespace llmcost

#endif  // LLMCOST_ANALYSIS_TENSOR_INVENTORY_H_
