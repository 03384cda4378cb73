// Serving memory and speed (docs/formulas.md "Serving memory"; DESIGN §5; REFERENCE §3.3).
#include "llmcost/analysis/serving_memory.h"

#include <cmath>
#include <string>

#include "llmcost/checked_arithmetic.h"

namespace llmcost {
namespace {

// Bytes of `elements` values of `type`, rounded up to whole bytes.
Result<int64_t> BytesOf(int64_t elements, DType type, std::string_view what) {
  LLMCOST_ASSIGN_OR_RETURN(int64_t bits, CheckedMul(elements, BitsPerElement(type), what));
  return bits / 8 + (bits % 8 != 0 ? 1 : 0);
}

// KV elements one layer caches per token.
int64_t KvElementsPerLayerToken(const Architecture& a) {
  if (a.attention == AttentionKind::kMultiLatent) {
    return a.mla.kv_lora_rank + a.mla.qk_rope_head_dim;  // c_KV and k_R (DeepSeek-V2 §2.1.4)
  }
  return 2 * a.num_kv_heads * a.head_dim;  // K and V
}

}  // namespace

Result<int64_t> KvCacheBytesPerToken(const Architecture& arch, DType kv_cache) {
  const Architecture& a = arch;
  LLMCOST_ASSIGN_OR_RETURN(int64_t elements,
                           CheckedMul(a.num_layers, KvElementsPerLayerToken(a), "kv cache"));
  return BytesOf(elements, kv_cache, "kv cache bytes per token");
}

Result<int64_t> KvCacheBytesPerSequence(const Architecture& arch, DType kv_cache, int64_t context) {
  const Architecture& a = arch;
  int64_t elements = 0;
  const int64_t per_token = KvElementsPerLayerToken(a);
  for (const LayerSpec& layer : a.layers) {
    const int64_t kept =
        layer.sliding_window > 0 && layer.sliding_window < context ? layer.sliding_window : context;
    LLMCOST_ASSIGN_OR_RETURN(int64_t layer_elements, CheckedMul(kept, per_token, "kv cache"));
    LLMCOST_ASSIGN_OR_RETURN(elements, CheckedAdd(elements, layer_elements, "kv cache"));
  }
  return BytesOf(elements, kv_cache, "kv cache bytes per sequence");
}

Result<ServingEstimate> EstimateServing(const Architecture& arch, const ParameterCount& params,
                                        const FlopsEstimate& flops, const ServingOptions& options,
                                        const Hardware* hardware) {
  const Architecture& a = arch;
  const ServingOptions& o = options;
  const Hardware* hw = hardware;
  ServingEstimate out;
  out.context = o.context > 0 ? o.context : a.pretraining_context;
  out.batch = o.batch;
  out.weights_dtype = o.weights;
  out.kv_dtype = o.kv_cache;
  if (o.context < 0 || out.context < 1) {
    return FieldError("seq_len", "must be >= 1, got " + std::to_string(o.context));
  }
  if (o.batch < 1) {
    return FieldError("batch", "must be >= 1, got " + std::to_string(o.batch));
  }
  LLMCOST_ASSIGN_OR_RETURN(out.weights_bytes, BytesOf(params.total, o.weights, "weights bytes"));
  LLMCOST_ASSIGN_OR_RETURN(out.kv_cache_bytes_per_token, KvCacheBytesPerToken(a, o.kv_cache));
  LLMCOST_ASSIGN_OR_RETURN(out.kv_cache_bytes_per_sequence,
                           KvCacheBytesPerSequence(a, o.kv_cache, out.context));
  LLMCOST_ASSIGN_OR_RETURN(out.kv_cache_bytes,
                           CheckedMul(out.kv_cache_bytes_per_sequence, o.batch, "kv cache"));
  LLMCOST_ASSIGN_OR_RETURN(out.total_bytes,
                           CheckedAdd(out.weights_bytes, out.kv_cache_bytes, "serving memory"));

  // Weights a decoding step reads. Dense: all. MoE: all but the routed experts no token of
  // the batch visits; with uniform routing an expert is missed by all B tokens with
  // probability (1 - top_k/E)^B.
  int64_t weights_read = out.weights_bytes;
  if (a.is_moe()) {
    const double e = static_cast<double>(a.moe.num_experts);
    const double k = static_cast<double>(a.moe.top_k);
    out.expected_experts_read = e * (1 - std::pow(1 - k / e, static_cast<double>(o.batch)));
    int64_t moe_layers = 0;
    for (const LayerSpec& layer : a.layers) {
      moe_layers += layer.moe ? 1 : 0;
    }
    const double skipped_params = static_cast<double>(moe_layers) *
                                  (e - out.expected_experts_read) *
                                  static_cast<double>(params.expert);
    const double skipped_bytes =
        skipped_params * static_cast<double>(BitsPerElement(o.weights)) / 8;
    weights_read -= static_cast<int64_t>(std::floor(skipped_bytes));
  }
  LLMCOST_ASSIGN_OR_RETURN(out.decode_bytes_per_step,
                           CheckedAdd(weights_read, out.kv_cache_bytes, "decode bytes"));
  out.prefill_flops =
      static_cast<double>(o.batch) * static_cast<double>(out.context) * flops.forward;

  if (hw != nullptr) {
    out.fits = out.total_bytes <= hw->memory_bytes;
    const int64_t free_bytes = hw->memory_bytes - out.weights_bytes;
    out.max_sequences = free_bytes > 0 && out.kv_cache_bytes_per_sequence > 0
                            ? free_bytes / out.kv_cache_bytes_per_sequence
                            : 0;
    out.decode_time_per_token_s =
        static_cast<double>(out.decode_bytes_per_step) / hw->memory_bandwidth_bytes_per_s;
    const bool low_precision = BitsPerElement(o.weights) <= 8;
    const double peak = low_precision && hw->peak_fp8_flops_per_s ? *hw->peak_fp8_flops_per_s
                                                                  : hw->peak_bf16_flops_per_s;
    out.prefill_time_s = out.prefill_flops / peak;
  }
  return out;
}

}  // namespace llmcost
