// Serving memory and speed (DeepSeek-V2 §2.1.4; docs/formulas.md#serving-memory).
#include "llmcost/analysis/serving_memory.h"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <string>

#include "llmcost/analysis/weight_storage.h"
#include "llmcost/checked_arithmetic.h"

namespace llmcost {
namespace {

int64_t CeilDiv(int64_t a, int64_t b) {
  return (a + b - 1) / b;
}

// Shortest decimal form of a flag value for messages, e.g. 1.5.
std::string FormatNumber(double v) {
  char buffer[32];
  std::snprintf(buffer, sizeof buffer, "%g", v);
  return buffer;
}

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

// Attention caches per token: one per decoder softmax-attention layer, one more per
// cross-attention sublayer (its K and V over the encoder's outputs, one per source token; the
// source is taken as long as the context). Encoder layers run once and cache nothing.
int64_t AttentionLayers(const Architecture& a) {
  int64_t n = 0;
  for (const LayerSpec& layer : a.layers) {
    n += IsSoftmaxAttention(layer.mixer) && !layer.encoder ? 1 : 0;
    n += layer.cross_attention ? 1 : 0;
  }
  return n;
}

// Tokens a softmax-attention layer keeps of a `context`-token sequence.
int64_t KeptTokens(const LayerSpec& layer, int64_t context) {
  int64_t cap = 0;
  if (layer.mixer == MixerKind::kSlidingWindow) {
    cap = layer.sliding_window;
  } else if (layer.mixer == MixerKind::kChunkedAttention) {
    cap = layer.attention_chunk;
  }
  return cap > 0 && cap < context ? cap : context;
}

// The recurrent state's dtype: vLLM stores the conv and SSM states of Mamba, Mamba-2 and
// Gated DeltaNet layers at --mamba-cache-dtype (MambaStateDtypeCalculator, vllm
// model_executor/layers/mamba/mamba_utils.py), whose default "auto" is the model's dtype
// (bf16 for every hybrid checkpoint here); --kv-cache-dtype fp8 leaves them in 16 bits.
constexpr DType kRecurrentStateDType = DType::kBf16;

}  // namespace

Result<int64_t> KvCacheBytesPerToken(const Architecture& arch, DType kv_cache) {
  const Architecture& a = arch;
  LLMCOST_ASSIGN_OR_RETURN(int64_t elements,
                           CheckedMul(AttentionLayers(a), KvElementsPerLayerToken(a), "kv cache"));
  return BytesOf(elements, kv_cache, "kv cache bytes per token");
}

namespace {

// The recurrent state of layers [first, first + count) of `arch`, in `dtype`.
Result<int64_t> RecurrentStateBytesOfLayers(const Architecture& arch, DType dtype, size_t first,
                                            size_t count) {
  const Architecture& a = arch;
  int64_t linear_layers = 0;
  int64_t ssm_layers = 0;
  for (size_t i = first; i < first + count && i < a.layers.size(); ++i) {
    const LayerSpec& layer = a.layers[i];
    linear_layers += layer.mixer == MixerKind::kLinearAttention ? 1 : 0;
    ssm_layers += HasStateSpace(layer.mixer) ? 1 : 0;
  }
  int64_t elements = 0;
  if (linear_layers > 0) {
    const LinearAttentionShape& g = a.linear;
    LLMCOST_ASSIGN_OR_RETURN(int64_t state,
                             CheckedProduct({g.num_value_heads, g.key_head_dim, g.value_head_dim},
                                            "linear attention state"));
    LLMCOST_ASSIGN_OR_RETURN(int64_t key_dim, CheckedMul(g.num_key_heads, g.key_head_dim, "keys"));
    LLMCOST_ASSIGN_OR_RETURN(int64_t value_dim,
                             CheckedMul(g.num_value_heads, g.value_head_dim, "values"));
    LLMCOST_ASSIGN_OR_RETURN(int64_t channels,
                             CheckedSum({key_dim, key_dim, value_dim}, "convolution channels"));
    LLMCOST_ASSIGN_OR_RETURN(
        int64_t conv,
        CheckedMul(channels, std::max<int64_t>(g.conv_kernel - 1, 0), "convolution state"));
    LLMCOST_ASSIGN_OR_RETURN(int64_t per_layer, CheckedAdd(state, conv, "recurrent state"));
    LLMCOST_ASSIGN_OR_RETURN(elements, CheckedMul(linear_layers, per_layer, "recurrent state"));
  }
  if (ssm_layers > 0) {
    // Mamba / Mamba-2: the SSM state d_i N and the last K - 1 inputs of each conv channel.
    const StateSpaceShape& m = a.ssm;
    LLMCOST_ASSIGN_OR_RETURN(int64_t state, CheckedMul(m.inner, m.state, "ssm state"));
    LLMCOST_ASSIGN_OR_RETURN(
        int64_t conv,
        CheckedMul(m.conv_channels(), std::max<int64_t>(m.conv_kernel - 1, 0), "conv state"));
    LLMCOST_ASSIGN_OR_RETURN(int64_t per_layer, CheckedAdd(state, conv, "ssm state"));
    LLMCOST_ASSIGN_OR_RETURN(int64_t ssm, CheckedMul(ssm_layers, per_layer, "ssm state"));
    LLMCOST_ASSIGN_OR_RETURN(elements, CheckedAdd(elements, ssm, "recurrent state"));
  }
  if (elements == 0) {
    return 0;
  }
  return BytesOf(elements, dtype, "recurrent state bytes");
}

}  // namespace

Result<int64_t> RecurrentStateBytes(const Architecture& arch, DType dtype) {
  return RecurrentStateBytesOfLayers(arch, dtype, 0, arch.layers.size());
}

Result<int64_t> KvCacheBytesPerSequence(const Architecture& arch, DType kv_cache, int64_t context) {
  const Architecture& a = arch;
  int64_t elements = 0;
  const int64_t per_token = KvElementsPerLayerToken(a);
  for (const LayerSpec& layer : a.layers) {
    if (!IsSoftmaxAttention(layer.mixer) || layer.encoder) {
      continue;
    }
    // A cross-attention sublayer keeps K and V of every encoder output (context tokens).
    const int64_t kept = KeptTokens(layer, context) + (layer.cross_attention ? context : 0);
    LLMCOST_ASSIGN_OR_RETURN(int64_t layer_elements, CheckedMul(kept, per_token, "kv cache"));
    LLMCOST_ASSIGN_OR_RETURN(elements, CheckedAdd(elements, layer_elements, "kv cache"));
  }
  LLMCOST_ASSIGN_OR_RETURN(int64_t kv, BytesOf(elements, kv_cache, "kv cache bytes per sequence"));
  LLMCOST_ASSIGN_OR_RETURN(int64_t state, RecurrentStateBytes(a, kRecurrentStateDType));
  return CheckedAdd(kv, state, "cache bytes per sequence");
}

namespace {

constexpr int64_t kGiB = int64_t{1} << 30;

Status ValidateServing(const Architecture& a, const ServingOptions& o) {
  auto in_unit = [](double v) { return v > 0 && v <= 1; };
  if (o.batch < 1) {
    return FieldError("batch", "must be >= 1, got " + std::to_string(o.batch));
  }
  if (o.tp < 1) {
    return FieldError("tp", "must be >= 1, got " + std::to_string(o.tp));
  }
  // vLLM's attention layers (QKVParallelLinear): heads split evenly; KV heads split when
  // there are at least tp of them, else replicated, which needs tp to be a multiple.
  if (a.num_heads % o.tp != 0) {
    return FieldError("tp", "must divide num_attention_heads (" + std::to_string(a.num_heads) +
                                "), got " + std::to_string(o.tp));
  }
  if (a.attention == AttentionKind::kStandard && AttentionLayers(a) > 0) {
    const int64_t k = a.num_kv_heads;
    if ((k >= o.tp && k % o.tp != 0) || (k < o.tp && o.tp % k != 0)) {
      return FieldError("tp", "must divide num_key_value_heads (" + std::to_string(k) +
                                  ") or be a multiple of it, got " + std::to_string(o.tp));
    }
  }
  if (o.pp < 1 || o.pp > a.num_layers) {
    return FieldError("pp", "must be in [1, num_hidden_layers (" + std::to_string(a.num_layers) +
                                ")], got " + std::to_string(o.pp));
  }
  if (!in_unit(o.gpu_memory_utilization)) {
    return FieldError("gpu_memory_utilization",
                      "must be in (0, 1], got " + FormatNumber(o.gpu_memory_utilization));
  }
  constexpr int64_t kBlockSizes[] = {1, 8, 16, 32, 64, 128};  // vLLM CacheConfig.block_size
  if (std::find(std::begin(kBlockSizes), std::end(kBlockSizes), o.block_size) ==
      std::end(kBlockSizes)) {
    return FieldError("block_size",
                      "must be one of 1, 8, 16, 32, 64, 128, got " + std::to_string(o.block_size));
  }
  if (o.max_model_len < 0) {
    return FieldError("max_model_len", "must be >= 1, got " + std::to_string(o.max_model_len));
  }
  if (o.max_num_batched_tokens < 1) {
    return FieldError("max_num_batched_tokens",
                      "must be >= 1, got " + std::to_string(o.max_num_batched_tokens));
  }
  if (o.max_num_seqs < 1) {
    return FieldError("max_num_seqs", "must be >= 1, got " + std::to_string(o.max_num_seqs));
  }
  if (!in_unit(o.mbu)) {
    return FieldError("mbu", "must be in (0, 1], got " + FormatNumber(o.mbu));
  }
  if (!in_unit(o.mfu)) {
    return FieldError("mfu", "must be in (0, 1], got " + FormatNumber(o.mfu));
  }
  for (const std::optional<int64_t>& v : {o.activation_peak_bytes, o.non_torch_bytes}) {
    if (v && *v < 0) {
      return FieldError(
          &v == &o.activation_peak_bytes ? "activation_peak_bytes" : "non_torch_bytes",
          "must be >= 0, got " + std::to_string(*v));
    }
  }
  return OkStatus();
}

// Layers of each pipeline stage as vLLM splits them (vllm/distributed/utils.py
// get_pp_indices): L / pp each, the remainder one more on the stages before the last.
std::vector<int64_t> StageLayers(int64_t layers, int64_t pp) {
  std::vector<int64_t> out(static_cast<size_t>(pp), layers / pp);
  const int64_t remainder = layers % pp;
  for (int64_t i = 2; i < remainder + 2; ++i) {
    out[static_cast<size_t>(pp - i)] += 1;
  }
  return out;
}

// KV elements one layer caches per token on one tensor-parallel rank: KV heads are split
// across ranks (replicated when fewer than tp); MLA's latent is not split.
int64_t KvElementsPerLayerTokenPerRank(const Architecture& a, int64_t tp) {
  if (a.attention == AttentionKind::kMultiLatent) {
    return a.mla.kv_lora_rank + a.mla.qk_rope_head_dim;
  }
  return 2 * std::max<int64_t>(1, a.num_kv_heads / tp) * a.head_dim;
}

// "PyTorch activation peak memory" estimate for vLLM's profiling run, per rank:
// the larger of
//  - the forward pass over max_num_batched_tokens T: 16-bit residual and hidden state
//    (2 d) plus the widest per-rank intermediate, attention (q, k, v and output:
//    (2h + 2k) d_h / tp) or feed-forward (gated: gate_up and the activation, 3 f / tp;
//    plain 2 f / tp; MoE top_k of those at f_e), at 2 bytes;
//  - the sampler pass over min(max_num_seqs, T) sequences: ~40 bytes per logit
//    (vLLM's profiling samples with top-k and top-p, which keeps the fp32 logits, their
//    sorted copy with int64 indices, softmax, cumsum, masks and the scattered result).
int64_t EstimateActivationPeak(const Architecture& a, const ServingOptions& o) {
  const int64_t tp = o.tp;
  const int64_t d = a.hidden_size;
  int64_t attention = 0;
  if (a.attention == AttentionKind::kMultiLatent) {
    attention =
        a.num_heads * (a.mla.qk_nope_head_dim + a.mla.qk_rope_head_dim + a.mla.v_head_dim) / tp;
  } else {
    attention = (2 * a.num_heads + 2 * a.num_kv_heads) * a.head_dim / tp;
  }
  const int64_t per_matrix = a.mlp == MlpKind::kGated ? 3 : 2;
  int64_t ffn = per_matrix * a.intermediate_size / tp;
  if (a.is_moe()) {
    ffn = std::max(ffn, a.moe.top_k * per_matrix * a.moe.expert_ffn / tp);
  }
  const double tokens = static_cast<double>(o.max_num_batched_tokens);
  const double forward = tokens * 2.0 * static_cast<double>(2 * d + std::max(attention, ffn));
  const double seqs = static_cast<double>(std::min(o.max_num_seqs, o.max_num_batched_tokens));
  const double sampler = seqs * static_cast<double>(a.vocab_size) * 40.0;
  return static_cast<int64_t>(std::max(forward, sampler));
}

// "non_torch_memory" default: 1.79 GiB per rank, doubled with tensor parallelism (NCCL and
// custom all-reduce buffers): vLLM PR #10511's Llama-3-8B logs on H100 (1.79 GiB at tp 1,
// 3.58 GiB at tp 2).
int64_t DefaultNonTorch(int64_t tp) {
  const int64_t one = static_cast<int64_t>(1.79 * static_cast<double>(kGiB));
  return tp > 1 ? 2 * one : one;
}

// EstimateServing at options.tp; when that does not fit and `search_wider_tp`, also the
// smallest wider tp that fits (each candidate estimated without a search of its own, so the
// search is linear in the candidates, not exponential).
Result<ServingEstimate> EstimateServingAt(const Architecture& arch, const ParameterCount& params,
                                          const FlopsEstimate& flops, const ServingOptions& options,
                                          const Hardware* hardware, bool search_wider_tp) {
  const Architecture& a = arch;
  const ServingOptions& o = options;
  const Hardware* hw = hardware;
  ServingEstimate out;
  out.context = o.context > 0 ? o.context : a.pretraining_context;
  out.batch = o.batch;
  out.weights_format = o.weights;
  out.kv_dtype = o.kv_cache;
  out.tp = o.tp;
  out.pp = o.pp;
  if (o.context < 0 || out.context < 1) {
    return FieldError("seq_len", "must be >= 1, got " + std::to_string(o.context));
  }
  LLMCOST_RETURN_IF_ERROR(ValidateServing(a, o));
  const int64_t max_model_len = o.max_model_len > 0 ? o.max_model_len : out.context;
  // vLLM refuses a max_model_len beyond the config's positions; an explicit one is checked
  // here (a longer --context alone is the caller's RoPE extrapolation).
  if (o.max_model_len > 0 && a.max_position_embeddings > 0 &&
      max_model_len > a.max_position_embeddings) {
    return FieldError("max_model_len", "must be <= max_position_embeddings (" +
                                           std::to_string(a.max_position_embeddings) +
                                           ") of the config, got " + std::to_string(max_model_len));
  }
  LLMCOST_ASSIGN_OR_RETURN(WeightStorage storage, EstimateWeightStorage(a, o.weights));
  if (storage.params != params.total) {
    return InternalError("weights: storage covers " + std::to_string(storage.params) +
                         " parameters, the count has " + std::to_string(params.total));
  }
  out.weights_bytes = storage.total_bytes;
  LLMCOST_ASSIGN_OR_RETURN(out.kv_cache_bytes_per_token, KvCacheBytesPerToken(a, o.kv_cache));
  LLMCOST_ASSIGN_OR_RETURN(out.kv_cache_bytes_per_sequence,
                           KvCacheBytesPerSequence(a, o.kv_cache, out.context));
  LLMCOST_ASSIGN_OR_RETURN(out.recurrent_state_bytes, RecurrentStateBytes(a, kRecurrentStateDType));
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
    const double skipped = (e - out.expected_experts_read) / e;
    weights_read -= static_cast<int64_t>(
        std::floor(skipped * static_cast<double>(storage.routed_expert_bytes)));
  }
  LLMCOST_ASSIGN_OR_RETURN(out.decode_bytes_per_step,
                           CheckedAdd(weights_read, out.kv_cache_bytes, "decode bytes"));
  out.prefill_flops =
      static_cast<double>(o.batch) * static_cast<double>(out.context) * flops.forward;

  // Per-rank layout: the stage with the most weights and the stage with the most layers.
  const std::vector<int64_t> stages = StageLayers(a.num_layers, o.pp);
  const int64_t kv_per_layer_token =
      CeilDiv(KvElementsPerLayerTokenPerRank(a, o.tp) * BitsPerElement(o.kv_cache), int64_t{8});
  int64_t first_layer = 0;
  int64_t largest_stage_weights = 0;
  int64_t most_layers = 0;
  int64_t largest_stage_state = 0;
  for (size_t s = 0; s < stages.size(); ++s) {
    LLMCOST_ASSIGN_OR_RETURN(
        int64_t state,
        RecurrentStateBytesOfLayers(a, kRecurrentStateDType, static_cast<size_t>(first_layer),
                                    static_cast<size_t>(stages[s])));
    largest_stage_state = std::max(largest_stage_state, state);
    int64_t bytes = 0;
    // vLLM blocks per layer: one per decoder softmax-attention layer, two with
    // cross-attention; encoder, linear-attention and state-space layers none (they hold a
    // state page per request instead, counted above).
    int64_t cache_layers = 0;
    for (int64_t i = first_layer; i < first_layer + stages[s]; ++i) {
      bytes += storage.layer_bytes[static_cast<size_t>(i)];
      const LayerSpec& layer = a.layers[static_cast<size_t>(i)];
      cache_layers += (IsSoftmaxAttention(layer.mixer) && !layer.encoder ? 1 : 0) +
                      (layer.cross_attention ? 1 : 0);
    }
    first_layer += stages[s];
    if (s == 0) {
      bytes += storage.embedding_bytes;
    }
    if (s + 1 == stages.size()) {
      bytes += storage.head_bytes;
      if (a.tying == Tying::kTied && o.pp > 1) {
        bytes += storage.embedding_bytes;  // the last stage keeps its own copy for the head
      }
    }
    largest_stage_weights = std::max(largest_stage_weights, bytes);
    most_layers = std::max(most_layers, cache_layers);
  }
  out.weights_bytes_per_rank = CeilDiv(largest_stage_weights, o.tp);
  out.kv_cache_bytes_per_token_per_rank = kv_per_layer_token * most_layers;
  out.kv_cache_block_bytes = out.kv_cache_bytes_per_token_per_rank * o.block_size;
  // Linear-attention and state-space heads are split across tp ranks like attention heads.
  out.recurrent_state_bytes_per_rank = CeilDiv(largest_stage_state, o.tp);

  if (hw == nullptr) {
    return out;
  }
  VllmKvCache v;
  v.total_gpu_memory = hw->usable_memory_bytes.value_or(hw->memory_bytes);
  v.gpu_memory_utilization = o.gpu_memory_utilization;
  v.requested_memory =
      static_cast<int64_t>(static_cast<double>(v.total_gpu_memory) * o.gpu_memory_utilization);
  // vLLM's "model weights" also hold the RoPE cos/sin cache (RotaryEmbedding's
  // cos_sin_cache: max_position_embeddings x rotary dim in the model dtype) on every rank.
  if (a.position == PositionKind::kRotary) {
    const int64_t rotary_dim =
        a.attention == AttentionKind::kMultiLatent ? a.mla.qk_rope_head_dim : a.head_dim;
    v.rope_cache = a.max_position_embeddings * rotary_dim * 2;
  }
  v.model_weights = out.weights_bytes_per_rank + v.rope_cache;
  v.activation_estimated = !o.activation_peak_bytes.has_value();
  v.non_torch_estimated = !o.non_torch_bytes.has_value();
  v.activation_peak = o.activation_peak_bytes.value_or(EstimateActivationPeak(a, o));
  v.non_torch_memory = o.non_torch_bytes.value_or(DefaultNonTorch(o.tp));
  v.max_model_len = max_model_len;
  v.available_kv_cache_memory =
      v.requested_memory - v.model_weights - v.activation_peak - v.non_torch_memory;
  const int64_t blocks_per_request = CeilDiv(max_model_len, o.block_size);
  v.recurrent_state_per_request = out.recurrent_state_bytes_per_rank;
  LLMCOST_ASSIGN_OR_RETURN(const int64_t attention_bytes,
                           CheckedMul(blocks_per_request, out.kv_cache_block_bytes, "kv cache"));
  LLMCOST_ASSIGN_OR_RETURN(
      v.kv_cache_needed_for_one_request,
      CheckedAdd(attention_bytes, v.recurrent_state_per_request, "kv cache per request"));
  if (v.recurrent_state_per_request == 0) {
    // Every stage gets the same budget; the one with the most layers has the fewest blocks.
    v.num_gpu_blocks = v.available_kv_cache_memory > 0 && out.kv_cache_block_bytes > 0
                           ? v.available_kv_cache_memory / out.kv_cache_block_bytes
                           : 0;
    v.max_concurrency =
        static_cast<double>(v.num_gpu_blocks) / static_cast<double>(blocks_per_request);
    v.fits = v.num_gpu_blocks >= blocks_per_request;
  } else {
    // Linear-attention and state-space layers: each running request also holds its fixed
    // recurrent state, so a request needs its attention blocks plus that state; the blocks
    // are those of the requests that fit (llmcost's accounting: vLLM's hybrid allocator also
    // pads attention pages to the state's page size, which is not modelled).
    const int64_t requests = v.available_kv_cache_memory > 0
                                 ? v.available_kv_cache_memory / v.kv_cache_needed_for_one_request
                                 : 0;
    v.max_concurrency = v.available_kv_cache_memory > 0
                            ? static_cast<double>(v.available_kv_cache_memory) /
                                  static_cast<double>(v.kv_cache_needed_for_one_request)
                            : 0.0;
    v.num_gpu_blocks = out.kv_cache_block_bytes > 0 ? requests * blocks_per_request : 0;
    v.fits = requests >= 1;
  }
  v.kv_cache_tokens = v.num_gpu_blocks * o.block_size;
  out.fits = v.fits;
  out.vllm = v;
  if (!v.fits) {
    for (int64_t tp = o.tp + 1; search_wider_tp && tp <= 64; ++tp) {
      ServingOptions wider = o;
      wider.tp = tp;
      if (!ValidateServing(a, wider).ok()) {
        continue;
      }
      Result<ServingEstimate> e =
          EstimateServingAt(a, params, flops, wider, hw, /*search_wider_tp=*/false);
      if (e.ok() && e->vllm && e->vllm->fits) {
        out.smallest_fitting_tp = tp;
        break;
      }
    }
    return out;
  }
  out.max_sequences = static_cast<int64_t>(std::floor(v.max_concurrency));

  // Rooflines over the tp GPUs that serve one step (pipeline stages run one after another).
  const double tp = static_cast<double>(o.tp);
  const double bandwidth = tp * hw->memory_bandwidth_bytes_per_s * o.mbu;
  const double peak = tp * o.mfu *
                      (o.weights.kind == WeightFormatKind::kFp8 && hw->peak_fp8_flops_per_s
                           ? *hw->peak_fp8_flops_per_s
                           : hw->peak_bf16_flops_per_s);
  auto decode = [&](int64_t batch) {
    double read = static_cast<double>(out.weights_bytes);
    if (a.is_moe()) {
      const double e = static_cast<double>(a.moe.num_experts);
      const double seen =
          e * (1 - std::pow(1 - static_cast<double>(a.moe.top_k) / e, static_cast<double>(batch)));
      read -= (e - seen) / e * static_cast<double>(storage.routed_expert_bytes);
    }
    read += static_cast<double>(batch) * static_cast<double>(out.kv_cache_bytes_per_sequence);
    const double memory_time = read / bandwidth;
    const double compute_time = static_cast<double>(batch) * flops.forward / peak;
    ThroughputPoint p;
    p.batch = batch;
    p.time_per_output_token_s = std::max(memory_time, compute_time);
    p.tokens_per_s = static_cast<double>(batch) / p.time_per_output_token_s;
    p.compute_bound = compute_time > memory_time;
    return p;
  };
  const double weights_time = static_cast<double>(out.weights_bytes) / bandwidth;
  out.time_to_first_token_s =
      std::max(static_cast<double>(out.context) * flops.forward / peak, weights_time);
  out.prefill_time_s = std::max(out.prefill_flops / peak, weights_time);
  if (o.batch <= *out.max_sequences) {
    out.decode_time_per_token_s = decode(o.batch).time_per_output_token_s;
  }
  for (int64_t b = 1; b <= *out.max_sequences; b *= 2) {
    out.throughput.push_back(decode(b));
    if (b > *out.max_sequences / 2 && b != *out.max_sequences) {
      out.throughput.push_back(decode(*out.max_sequences));
      break;
    }
  }
  return out;
}

}  // namespace

Result<ServingEstimate> EstimateServing(const Architecture& arch, const ParameterCount& params,
                                        const FlopsEstimate& flops, const ServingOptions& options,
                                        const Hardware* hardware) {
  return EstimateServingAt(arch, params, flops, options, hardware, /*search_wider_tp=*/true);
}

}  // namespace llmcost
