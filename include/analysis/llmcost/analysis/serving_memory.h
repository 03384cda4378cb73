// EstimateServingMemory: what serving a model needs: weights at a chosen precision, the
// KV cache per token and for a context and batch, how many sequences fit an accelerator,
// and the bandwidth-bound decode and compute-bound prefill times.
//
// Analysis stage (Architecture + ParameterCount + FlopsEstimate [+ Hardware] ->
// ServingEstimate). Pure: no I/O. Formulas and sources: docs/formulas.md "Serving memory"
// (DESIGN §5; REFERENCE §3.3).
#ifndef LLMCOST_ANALYSIS_SERVING_MEMORY_H_
#define LLMCOST_ANALYSIS_SERVING_MEMORY_H_

#include <cstdint>
#include <optional>

#include "llmcost/analysis/flops.h"
#include "llmcost/analysis/parameters.h"
#include "llmcost/architecture.h"
#include "llmcost/dtype.h"
#include "llmcost/hardware.h"
#include "llmcost/status.h"

namespace llmcost {

struct ServingOptions {
  int64_t context = 0;  // tokens per sequence (prompt + output). Default: 0 = pre-training context
  int64_t batch = 1;    // concurrent sequences. Default: 1
  DType weights = DType::kBf16;   // every parameter stored at this precision
  DType kv_cache = DType::kBf16;  // K/V (or MLA latent) elements
};

// Bytes the KV cache holds per token of one sequence, summed over layers: standard attention
// 2 k d_h per layer (K and V of every KV head), MLA (r_kv + d_r) per layer (the compressed
// latent and the shared RoPE key, DeepSeek-V2 §2.1.4). No sliding-window cap.
// Errors: kOutOfRange on 64-bit overflow.
// Example: Llama-2-7B in bf16 -> 2 x 32 x 32 x 128 x 2 = 524288.
Result<int64_t> KvCacheBytesPerToken(const Architecture& arch, DType kv_cache);

// Bytes of the KV cache of one sequence of `context` tokens: a sliding-window layer keeps at
// most its window of tokens.
// Errors: kOutOfRange on 64-bit overflow.
Result<int64_t> KvCacheBytesPerSequence(const Architecture& arch, DType kv_cache, int64_t context);

struct ServingEstimate {
  int64_t context = 0;  // tokens per sequence used
  int64_t batch = 0;
  DType weights_dtype = DType::kBf16;
  DType kv_dtype = DType::kBf16;

  int64_t weights_bytes = 0;                // total parameters x bits / 8 (MTP modules excluded)
  int64_t kv_cache_bytes_per_token = 0;     // KvCacheBytesPerToken
  int64_t kv_cache_bytes_per_sequence = 0;  // at `context`, windows applied
  int64_t kv_cache_bytes = 0;               // x batch
  int64_t total_bytes = 0;                  // weights + KV cache

  // Per decoding step of the whole batch at full context: weights read once (for MoE, the
  // experts the batch's tokens visit in expectation) plus every sequence's KV cache.
  int64_t decode_bytes_per_step = 0;
  double expected_experts_read = 0;  // per MoE layer: E (1 - (1 - top_k/E)^batch); 0 if dense
  double prefill_flops = 0;          // batch x context x forward FLOPs per token

  // ---- With an accelerator (empty without one) ----
  std::optional<bool> fits = std::nullopt;              // total_bytes <= memory
  std::optional<int64_t> max_sequences = std::nullopt;  // floor((memory - weights) / per sequence)
  std::optional<double> decode_time_per_token_s =
      std::nullopt;                                     // decode_bytes_per_step / bandwidth
  std::optional<double> prefill_time_s = std::nullopt;  // prefill_flops / peak (lower bound)
};

// Serving figures of `arch` with `params` = CountParameters(arch) and `flops` =
// EstimateFlops(arch, params, {.seq_len = context}); `hardware` may be null.
// Prefill runs at the accelerator's dense peak for the weights' dtype (FP8 peak for fp8,
// int8 and int4 weights when the accelerator has one, else BF16): a lower bound.
// Errors: kInvalidArgument "--context: must be >= 1, got 0" / "--batch: ..."; kOutOfRange on
// 64-bit overflow.
Result<ServingEstimate> EstimateServing(const Architecture& arch, const ParameterCount& params,
                                        const FlopsEstimate& flops, const ServingOptions& options,
                                        const Hardware* hardware);

}  // namespace llmcost

#endif  // LLMCOST_ANALYSIS_SERVING_MEMORY_H_
