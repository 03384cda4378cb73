// EstimateFlops: FLOPs per token, forward and training, and under others' conventions.
//
// Analysis stage (Architecture -> FlopsEstimate). Pure: no I/O. One multiply-add is
// 2 FLOPs. Formulas: docs/formulas.md#flops-per-token (Vaswani et al. 2017 §3.2; other
// conventions: docs/formulas.md#other-conventions).
#ifndef LLMCOST_ANALYSIS_FLOPS_H_
#define LLMCOST_ANALYSIS_FLOPS_H_

#include <cstdint>
#include <string_view>
#include <vector>

#include "llmcost/analysis/parameters.h"
#include "llmcost/architecture.h"
#include "llmcost/component.h"
#include "llmcost/status.h"

namespace llmcost {

// How many keys a query attends to when counting score and value FLOPs
// (docs/formulas.md#context).
enum class AttentionConvention {
  kCausal,  // query i sees keys 1..i: mean (s + 1) / 2 (Megatron-LM; what kernels execute)
  kFull,    // every query sees all s keys (Kaplan, Chinchilla, PaLM)
};

// Returns "causal" or "full".
std::string_view AttentionConventionName(AttentionConvention convention);

struct FlopsOptions {
  // Sequence length s. Default: 0 = the config's pre-training context.
  int64_t seq_len = 0;
  // Default: causal.
  AttentionConvention attention = AttentionConvention::kCausal;
};

// Training FLOPs per token as others count them, for side-by-side comparison
// (docs/formulas.md#other-conventions).
struct ConventionFlops {
  double six_n = 0;       // 6 N_active (Kaplan §2.1 / Chinchilla's C = 6ND)
  double kaplan = 0;      // 3 x (2 N_nonembedding + 2 L s d_attn) (Kaplan et al. 2020, eq. 2.2)
  double chinchilla = 0;  // 3 x forward of Hoffmann et al. 2022 App. F (embeddings, softmax)
  double palm = 0;        // 6 N + 12 L H Q T, N non-embedding (Chowdhery et al. 2022, App. B)
  double megatron = 0;    // Megatron-LM num_floating_point_operations / tokens, no recompute
};

// Per token: for an encoder-decoder model, per source-target pair of an s-token input and an
// s-token output: encoder layers per source token, decoder layers and the head per target token.
struct FlopsEstimate {
  int64_t seq_len = 0;  // s used
  AttentionConvention attention = AttentionConvention::kCausal;
  double mean_context = 0;  // mean keys per query over the softmax-attention layers

  // Forward FLOPs per token.
  double attention_projections = 0;  // Q, K, V, O (or MLA) matrices: 2 x their weights
  double attention_scores = 0;       // QK^T and softmax-weighted V: 2 h (d_qk + d_v) c
  double attention_indexer = 0;      // DeepSeek-V3.2 indexer: projections + n_i d_i per key
  // Encoder-decoder cross-attention sublayers: Q, K, V, O projections and scores over all s
  // encoder outputs (encoder and decoder lengths both s; K and V per source token).
  double cross_attention = 0;
  double linear_attention = 0;  // linear-attention layers: projections, conv, recurrence
  double state_space = 0;       // Mamba / Mamba-2 mixers: projections, conv, selective scan
  double ffn = 0;               // dense MLP, or top_k experts + shared experts + router
  double lm_head = 0;           // 2 e V (+ OPT's output projection)
  double forward = 0;           // the sum of the eight above
  // Sums to forward: "attention.projections", "attention.scores", "cross_attention.projections",
  // "cross_attention.scores", "attention.indexer",
  // "linear_attention.projections", "linear_attention.recurrence", "ssm.projections",
  // "ssm.scan", "ffn.mlp",
  // "ffn.routed_experts", "ffn.shared_experts", "ffn.router", "lm_head" (zeros left out).
  std::vector<Component<double>> forward_breakdown;
  // Forward FLOPs of the layers grouped by LayerKindLabel (mixer + feed-forward), in order of
  // first appearance; sums to forward - lm_head.
  std::vector<Component<double>> forward_by_layer_kind;

  double training = 0;                 // 3 x forward: backward costs twice the forward
  double training_with_recompute = 0;  // 4 x forward: full activation recomputation

  // Multi-token-prediction modules' forward FLOPs per token, not in forward.
  double mtp_forward = 0;

  ConventionFlops conventions;
};

// Estimates FLOPs per token of `arch` with `params` = CountParameters(arch).
// REQUIRES: arch came from the loader; options.seq_len >= 0.
// Errors: kInvalidArgument when no sequence length is known (seq_len 0 and no context in
// the config); kOutOfRange when a result is not finite.
Result<FlopsEstimate> EstimateFlops(const Architecture& arch, const ParameterCount& params,
                                    const FlopsOptions& options);

}  // namespace llmcost

#endif  // LLMCOST_ANALYSIS_FLOPS_H_
