// Training memory per GPU (Rajbhandari et al. 2020 §5; Korthikanti et al. 2022 §4;
// docs/formulas.md#training-memory).
//
// Symbols: s sequence length, b micro-batch, d hidden size, h query heads, k KV heads,
// d_h head size, f / f_e / f_s dense / expert / shared MLP width, E experts, V vocabulary,
// t / p / N_d tensor / pipeline / data-parallel degrees.
//
// Activations are counted per token of one micro-batch, in "t-scaled bytes": a tensor split
// by tensor parallelism adds its full width (its 1/t share times t), a replicated tensor adds
// t times its width; dividing by t at the end gives each rank's share exactly.
#include "llmcost/analysis/training_memory.h"

#include <algorithm>
#include <iterator>
#include <string>

#include "llmcost/analysis/bitsandbytes_optimizer.h"
#include "llmcost/checked_arithmetic.h"

#include "tensor_inventory.h"

namespace llmcost {
namespace {

// Bytes of one element of each kind of activation tensor.
struct ActivationBytes {
  int64_t value = 2;       // tensors element-wise ops read (norm inputs, Q/K/V, GeLU input)
  int64_t gemm_input = 2;  // tensors only a matrix multiply reads (fp8 under kFp8Mixed)
};

ActivationBytes ActivationBytesFor(TrainingPrecision precision) {
  switch (precision) {
    case TrainingPrecision::kFp32:
      return {4, 4};
    case TrainingPrecision::kBf16Mixed:
    case TrainingPrecision::kFp16Mixed:
      return {2, 2};
    case TrainingPrecision::kFp8Mixed:
      return {2, 1};
  }
  return {2, 2};
}

constexpr int64_t kMaskBytes = 1;    // a dropout mask element (Korthikanti et al. 2022 §4.1)
constexpr int64_t kFp32Bytes = 4;    // softmax log-sum-exp, router logits, cross-entropy
constexpr int64_t kMasterBytes = 4;  // fp32 master weights of mixed precision (ZeRO §3.1)
constexpr int64_t kIndexBytes = 8;   // int64 token ids, labels and expert indices

bool IsPagedOptimizer(OptimizerKind optimizer) {
  return optimizer == OptimizerKind::kPagedAdamW || optimizer == OptimizerKind::kPagedAdamW8Bit;
}

// bitsandbytes' optimizers: their state is counted tensor by tensor (bitsandbytes_optimizer.h).
bool IsBitsandbytesOptimizer(OptimizerKind optimizer) {
  return IsPagedOptimizer(optimizer) || optimizer == OptimizerKind::kAdam8Bit;
}

int64_t CeilDiv(int64_t a, int64_t b) {
  return a / b + (a % b != 0 ? 1 : 0);
}

// Accumulates t-scaled bytes per token for one layer, by kind.
class LayerTally {
 public:
  LayerTally(int64_t t, SequenceParallel sp) : t_(t), sp_(sp) {}

  // A tensor split across tensor-parallel ranks (its width is the whole tensor's).
  void Split(int64_t* kind, int64_t width, int64_t bytes) { *kind += width * bytes; }
  // A tensor every tensor-parallel rank holds whole (split along s under SP).
  void Replicated(int64_t* kind, int64_t width, int64_t bytes) {
    *kind += width * bytes * (sp_ == SequenceParallel::kOn ? 1 : t_);
  }

  int64_t norms = 0;
  int64_t attention = 0;
  int64_t scores = 0;  // per token AND per key: multiplied by s b keys
  int64_t mlp = 0;
  int64_t masks = 0;

 private:
  int64_t t_;
  SequenceParallel sp_;
};

// Feed-forward tensors of one MLP of width f whose input is already counted: plain keeps the
// activation's input and output (2 f), gated keeps gate, up and their product (3 f).
void AddMlpTensors(const Architecture& a, int64_t f, const ActivationBytes& bytes,
                   LayerTally* tally) {
  if (a.mlp == MlpKind::kGated) {
    tally->Split(&tally->mlp, 2 * f, bytes.value);  // gate and up: the GLU's inputs
  } else {
    tally->Split(&tally->mlp, f, bytes.value);  // GeLU input
  }
  tally->Split(&tally->mlp, f, bytes.gemm_input);  // down projection's input
}

// A Mamba / Mamba-2 mixer whose input is already counted (StateSpaceShape): the in_proj
// output (z, x and for Mamba-2 B, C, dt), the convolution's output over its channels; Mamba's
// x_proj output (R + 2N) and dt_proj output (d_i); the scan output and the gated norm's input
// (d_i each); the out_proj input (d_i). The scan's per-step states are not kept: the
// selective-scan kernels recompute them in the backward pass (Gu & Dao 2023 §3.3.2).
void AddStateSpaceTensors(const Architecture& a, const ActivationBytes& bytes, LayerTally* tally) {
  const StateSpaceShape& m = a.ssm;
  const int64_t channels = m.conv_channels();
  const int64_t in_width = m.version == 2 ? m.inner + channels + m.heads : 2 * m.inner;
  tally->Split(&tally->attention, in_width, bytes.value);
  tally->Split(&tally->attention, channels, bytes.value);
  if (m.version == 1) {
    tally->Split(&tally->attention, m.dt_rank + 2 * m.state + m.inner, bytes.value);
  }
  tally->Split(&tally->attention, 2 * m.inner, bytes.value);
  tally->Split(&tally->attention, m.inner, bytes.gemm_input);
}

// The tensors `layer` keeps for backward, per token, without recomputation (see the header
// and docs/formulas.md#activations).
// The families whose transformers modeling code the hf convention follows (measured by
// tools/measure_hf_activations.py --family F), and which RMSNorm each uses.
struct HfFamily {
  std::string_view family;
  bool gemma_norm;             // GemmaRMSNorm (fp32 throughout, 1 + weight) instead of LlamaRMSNorm
  bool rope_per_kind = false;  // one RoPE table per layer kind (Gemma3TextModel: the sliding
                               // layers' rope_local_base_freq table beside the global one)
};
constexpr HfFamily kHfFamilies[] = {
    {"llama", false},
    {"mistral", false},
    {"qwen2", false},
    {"qwen3", false},
    {"gemma", true},
    {"gemma2", true},
    {"gemma3_text", true, true},
    {"mixtral", false},
    {"qwen2_moe", false},
    {"qwen3_moe", false},
};

const HfFamily* HfFamilyFor(const Architecture& a) {
  for (const HfFamily& f : kHfFamilies) {
    if (f.family == a.family) {
      return &f;
    }
  }
  return nullptr;
}

bool HfUsesGemmaNorm(const Architecture& a) {
  const HfFamily* f = HfFamilyFor(a);
  return f != nullptr && f->gemma_norm;
}

// RoPE tables (cos and sin, a d_h each per token) the model keeps: one, or under Gemma 3 one per
// kind of layer the schedule has (sliding and global).
int64_t HfRopeTables(const Architecture& a) {
  const HfFamily* f = HfFamilyFor(a);
  if (f == nullptr || !f->rope_per_kind) {
    return 1;
  }
  const auto sliding = [](const LayerSpec& l) { return l.mixer == MixerKind::kSlidingWindow; };
  const bool any_sliding = std::any_of(a.layers.begin(), a.layers.end(), sliding);
  const bool all_sliding = std::all_of(a.layers.begin(), a.layers.end(), sliding);
  return any_sliding && !all_sliding ? 2 : 1;
}

// What in `a` the hf convention does not model, e.g. "state space layers"; "" when it is
// modelled: a family with transformers modeling code followed here, standard softmax
// attention without sinks or output gates, q/k norms only per head, routers without bias.
std::string HfUnmodelled(const Architecture& a) {
  if (HfFamilyFor(a) == nullptr) {
    return "";  // the family itself: named by the caller
  }
  for (const LayerSpec& l : a.layers) {
    if (l.mixer != MixerKind::kFullAttention && l.mixer != MixerKind::kSlidingWindow) {
      return MixerName(l.mixer) + " layers";
    }
  }
  if (a.attention != AttentionKind::kStandard) {
    return "multi-head latent attention";
  }
  if (a.attention_sinks) {
    return "attention sinks";
  }
  if (a.attention_gate) {
    return "gated attention output";
  }
  if (a.qk_norm == QkNorm::kFullWidth) {
    return "full-width q/k norms";
  }
  if (a.moe.router_bias) {
    return "router bias";
  }
  return "";
}

// "llama, mistral, ... and qwen3_moe": the families kHfFamilies lists.
std::string HfFamilyList() {
  std::string out;
  const size_t n = std::size(kHfFamilies);
  for (size_t i = 0; i < n; ++i) {
    out += (i == 0 ? "" : i + 1 == n ? " and " : ", ") + std::string(kHfFamilies[i].family);
  }
  return out;
}

// HuggingFace transformers' modeling code under PyTorch (>= 2.0) autograd, per token, for the
// families HfFamilyFor accepts (docs/formulas.md#activations-the-hf-convention; measured by
// tools/measure_hf_activations.py). a = activation bytes (2 bf16/fp16, 4 fp32).
//   RMSNorm of width n: LlamaRMSNorm (x.to(fp32), pow, mean, rsqrt, mul, .to(a), * weight)
//     keeps the fp32 input 4n, the fp32 rsqrt 4 and the a-byte normalized copy a n (in fp32
//     that copy is the product itself); GemmaRMSNorm (fp32 throughout, * (1 + weight)) keeps
//     the fp32 product 4n instead of the a-byte copy, and once per layer its fp32 1 + weight;
//   q/k/v input (the norm output) a d; Qwen3's q_norm / k_norm: an RMSNorm of d_h on each
//     query and each KV head; q after RoPE a h d_h; K and V after repeat_kv, at all h heads,
//     a h d_h each; o_proj input a h d_h;
//   eager attention (no flash): fp32 softmax 4 h per key, its a-byte copy a h per key (none in
//     fp32), over all s keys (a sliding window only masks them); SDPA (flash): the output
//     a h d_h and the fp32 log-sum-exp 4 h;
//   MLP: its input a d, gate output, SiLU/GeLU output, up output, their product: 4 a f;
//   sparse MoE block (transformers 4.x Mixtral/Qwen2-MoE/Qwen3-MoE): its input a d, the fp32
//     router softmax 4 E, top-k indices 8 k, the renormalization's fp32 weights and sum
//     4 k + 4 (normalize_top_k); per visited expert (k per token) the gathered input a d, its
//     MLP 4 a f_e, its output a d and routing weight a (the weighting multiply), the weighted
//     output a d (index_add_ keeps its source) and two int64 indices (torch.where) 16; the
//     shared expert 4 a f_s, its output a d and its sigmoid gate a.
struct HfLayerBytes {
  LayerTally tally{1, SequenceParallel::kOff};
  int64_t fixed = 0;  // bytes per layer, independent of the tokens (GemmaRMSNorm's 1 + weight)
};

HfLayerBytes TallyHfLayer(const Architecture& a, const LayerSpec& layer,
                          const TrainingMemoryOptions& o) {
  const int64_t v = ActivationBytesFor(o.precision).value;
  const int64_t d = a.hidden_size;
  const int64_t hd = a.num_heads * a.head_dim;
  const bool gemma = HfUsesGemmaNorm(a);
  HfLayerBytes out;
  LayerTally& tally = out.tally;
  auto rms_norm = [&](int64_t n) { return 4 * n + kFp32Bytes + (gemma ? 4 : v) * n; };
  tally.norms = a.norms_per_layer * rms_norm(d);
  if (gemma) {
    out.fixed = a.norms_per_layer * kFp32Bytes * d;
  }
  tally.attention = v * d + 4 * v * hd;
  if (a.qk_norm == QkNorm::kPerHead) {
    // The norm's rsqrt is per head: 4 per head, not 4 per norm. Gemma 3's q_norm / k_norm are
    // GemmaRMSNorms: the fp32 product instead of the a-byte copy, and each its 1 + weight.
    const int64_t kv = a.num_kv_heads * a.head_dim;
    const int64_t copy = gemma ? kFp32Bytes : v;
    tally.attention += 4 * hd + kFp32Bytes * a.num_heads + copy * hd;
    tally.attention += 4 * kv + kFp32Bytes * a.num_kv_heads + copy * kv;
    if (gemma) {
      out.fixed += 2 * kFp32Bytes * a.head_dim;
    }
  }
  if (o.flash == FlashAttention::kOn) {
    // Flash attention soft-caps inside the kernel (flash-attn >= 2.6): nothing more kept.
    tally.attention += v * hd + kFp32Bytes * a.num_heads;
  } else {
    tally.scores = kFp32Bytes * a.num_heads + (v == kFp32Bytes ? 0 : v * a.num_heads);
    if (a.attn_logit_softcapping > 0) {
      tally.scores += v * a.num_heads;  // tanh keeps its output: a per head per key
    }
  }
  tally.mlp = v * d;
  if (!layer.moe) {
    tally.mlp += 4 * v * a.intermediate_size;
    return out;
  }
  const MoeShape& m = a.moe;
  tally.mlp += kFp32Bytes * m.num_experts + kIndexBytes * m.top_k;
  if (m.normalize_top_k) {
    tally.mlp += kFp32Bytes * m.top_k + kFp32Bytes;
  }
  tally.mlp += m.top_k * (3 * v * d + 4 * v * m.expert_ffn + v + 2 * kIndexBytes);
  for (int64_t i = 0; i < m.num_shared_experts; ++i) {
    tally.mlp += 4 * v * m.shared_ffn + v * d + (m.shared_expert_gate ? v : 0);
  }
  return out;
}

LayerTally TallyLayer(const Architecture& a, const LayerSpec& layer,
                      const TrainingMemoryOptions& o) {
  const ActivationBytes bytes = ActivationBytesFor(o.precision);
  LayerTally tally(o.tp, o.sp);
  const int64_t d = a.hidden_size;
  const int64_t h = a.num_heads;

  // Norms: each keeps its input (Korthikanti: 2 x 2 s b h for the two LayerNorms).
  tally.Replicated(&tally.norms, a.norms_per_layer * d, bytes.value);

  // Attention. The QKV projections' input: the first norm's output.
  tally.Replicated(&tally.attention, d, bytes.gemm_input);
  int64_t v_width = 0;
  if (HasStateSpace(layer.mixer)) {
    AddStateSpaceTensors(a, bytes, &tally);
  }
  if (layer.mixer == MixerKind::kStateSpace) {
    // Only the state-space mixer (above).
  } else if (layer.mixer == MixerKind::kLinearAttention) {
    // Gated DeltaNet: q, k, v, z and the b, a gates out of the input projections; the
    // convolution's output over q, k, v; the gated norm's input and its gate; the output
    // projection's input. No per-key tensors (recurrent state only, recomputed per chunk).
    const LinearAttentionShape& g = a.linear;
    const int64_t key_dim = g.num_key_heads * g.key_head_dim;
    const int64_t value_dim = g.num_value_heads * g.value_head_dim;
    tally.Split(&tally.attention, 2 * key_dim + 2 * value_dim + 2 * g.num_value_heads, bytes.value);
    tally.Split(&tally.attention, 2 * key_dim + value_dim, bytes.value);  // conv output
    tally.Split(&tally.attention, 2 * value_dim, bytes.value);            // norm input, gate
    tally.Split(&tally.attention, value_dim, bytes.gemm_input);           // out_proj input
  } else if (a.attention == AttentionKind::kMultiLatent) {
    // DeepSeek-V2 §2.1: c_Q = W_DQ x (norm in, norm out), [c_KV; k_R] = W_DKV x (c_KV norm in,
    // norm out, k_R), then per-head q, k = [k_C; k_R], v from the up-projections.
    const MlaShape& m = a.mla;
    if (m.q_lora_rank > 0) {
      tally.Replicated(&tally.attention, m.q_lora_rank, bytes.value);       // q_a_norm input
      tally.Replicated(&tally.attention, m.q_lora_rank, bytes.gemm_input);  // q_b_proj input
    }
    tally.Replicated(&tally.attention, m.kv_lora_rank + m.qk_rope_head_dim, bytes.value);
    tally.Replicated(&tally.attention, m.kv_lora_rank, bytes.gemm_input);  // kv_b_proj input
    const int64_t qk = h * (m.qk_nope_head_dim + m.qk_rope_head_dim);
    tally.Split(&tally.attention, 2 * qk, bytes.value);  // Q and K
    v_width = h * m.v_head_dim;
    tally.Split(&tally.attention, v_width, bytes.value);  // V
  } else {
    const int64_t q_width = h * a.head_dim;
    // KV heads split across ranks, or replicated one per rank when k < t (Megatron GQA).
    const int64_t kv_width_t = a.head_dim * std::max(a.num_kv_heads, o.tp);
    tally.Split(&tally.attention, q_width, bytes.value);  // Q
    tally.attention += 2 * kv_width_t * bytes.value;      // K and V
    if (a.qk_norm != QkNorm::kNone) {
      tally.Split(&tally.attention, q_width, bytes.value);  // q_norm input
      tally.attention += kv_width_t * bytes.value;          // k_norm input
    }
    v_width = q_width;
  }
  if (!IsSoftmaxAttention(layer.mixer)) {
    // No softmax: nothing per key.
  } else if (o.flash == FlashAttention::kOn) {
    // FlashAttention keeps the softmax log-sum-exp, one fp32 per head (Dao et al. 2022 §3.1;
    // docs/formulas.md#activations).
    tally.Split(&tally.attention, h, kFp32Bytes);
  } else {
    // Per key: softmax output (2 B), dropout mask (1 B) and dropout output (2 B), i.e. 5 a s b
    // per token (Korthikanti eq. 2); without dropout only the softmax output.
    tally.Split(&tally.scores, h, bytes.value);
    if (o.dropout == Dropout::kOn) {
      tally.Split(&tally.scores, h, kMaskBytes + bytes.value);
    }
  }
  if (v_width > 0) {
    tally.Split(&tally.attention, v_width, bytes.gemm_input);  // output projection's input
  }
  if (o.dropout == Dropout::kOn) {
    tally.Replicated(&tally.masks, d, kMaskBytes);  // dropout after attention
  }
  if (layer.cross_attention && a.attention == AttentionKind::kStandard) {
    // Cross-attention sublayer (T5): its norm's input, the query projection's input, Q, and K
    // and V of the encoder outputs (s source tokens, as many as the target tokens), the same
    // per-key tensors over the s encoder keys, the output projection's input, its dropout mask.
    const int64_t q_width = h * a.head_dim;
    tally.Replicated(&tally.norms, d, bytes.value);
    tally.Replicated(&tally.attention, d, bytes.gemm_input);
    tally.Split(&tally.attention, q_width, bytes.value);
    tally.attention += 2 * a.head_dim * std::max(a.num_kv_heads, o.tp) * bytes.value;
    if (o.flash == FlashAttention::kOn) {
      tally.Split(&tally.attention, h, kFp32Bytes);
    } else {
      tally.Split(&tally.scores, h, bytes.value);
      if (o.dropout == Dropout::kOn) {
        tally.Split(&tally.scores, h, kMaskBytes + bytes.value);
      }
    }
    tally.Split(&tally.attention, q_width, bytes.gemm_input);
    if (o.dropout == Dropout::kOn) {
      tally.Replicated(&tally.masks, d, kMaskBytes);
    }
  }

  if (!layer.feed_forward) {
    return tally;  // Mamba / Mamba-2 blocks: the mixer only
  }
  // Feed-forward. Its input: the second norm's output (shared with attention when the block
  // is parallel with a single norm, as in Falcon-7B).
  if (a.norms_per_layer != 1) {
    tally.Replicated(&tally.mlp, d, bytes.gemm_input);
  }
  if (!layer.moe) {
    AddMlpTensors(a, a.intermediate_size, bytes, &tally);
  } else {
    const MoeShape& m = a.moe;
    tally.Replicated(&tally.mlp, m.num_experts, kFp32Bytes);  // router logits / probabilities
    for (int64_t i = 0; i < m.top_k; ++i) {
      // Each visited expert: the dispatched token copy, its MLP tensors, and its output
      // (the combine weights' gradient reads it).
      tally.Replicated(&tally.mlp, d, bytes.gemm_input);
      AddMlpTensors(a, m.expert_ffn, bytes, &tally);
      tally.Replicated(&tally.mlp, d, bytes.value);
    }
    for (int64_t i = 0; i < m.num_shared_experts; ++i) {
      AddMlpTensors(a, m.shared_ffn, bytes, &tally);
    }
  }
  if (o.dropout == Dropout::kOn) {
    tally.Replicated(&tally.masks, d, kMaskBytes);  // dropout after the MLP
  }
  return tally;
}

// s b x (t-scaled bytes per token) / t, checked.
Result<int64_t> PerRank(int64_t tokens, int64_t t_scaled, int64_t t, std::string_view what) {
  LLMCOST_ASSIGN_OR_RETURN(int64_t total, CheckedMul(tokens, t_scaled, what));
  return CeilDiv(total, t);
}

Status Check(bool ok, const char* field, const std::string& what) {
  return ok ? OkStatus() : FieldError(field, what);
}

Status ValidateOptions(const Architecture& a, const TrainingMemoryOptions& o, int64_t s) {
  auto got = [](int64_t v) { return ", got " + std::to_string(v); };
  auto n = [](int64_t v) { return " (" + std::to_string(v) + ")"; };
  LLMCOST_RETURN_IF_ERROR(Check(o.micro_batch >= 1, "batch", "must be >= 1" + got(o.micro_batch)));
  LLMCOST_RETURN_IF_ERROR(Check(s >= 1, "seq_len", "must be >= 1" + got(s)));
  LLMCOST_RETURN_IF_ERROR(Check(o.dp >= 1, "dp", "must be >= 1" + got(o.dp)));
  LLMCOST_RETURN_IF_ERROR(Check(o.tp >= 1, "tp", "must be >= 1" + got(o.tp)));
  LLMCOST_RETURN_IF_ERROR(Check(o.pp >= 1, "pp", "must be >= 1" + got(o.pp)));
  LLMCOST_RETURN_IF_ERROR(Check(o.ep >= 1, "ep", "must be >= 1" + got(o.ep)));
  LLMCOST_RETURN_IF_ERROR(
      Check(o.zero >= 0 && o.zero <= 3, "zero", "must be 0, 1, 2 or 3" + got(o.zero)));
  LLMCOST_RETURN_IF_ERROR(Check(a.num_heads % o.tp == 0, "tp",
                                "must divide num_attention_heads" + n(a.num_heads) + got(o.tp)));
  if (a.attention == AttentionKind::kStandard) {
    const int64_t k = a.num_kv_heads;
    LLMCOST_RETURN_IF_ERROR(
        Check(k % o.tp == 0 || o.tp % k == 0, "tp",
              "must divide or be a multiple of num_key_value_heads" + n(k) + got(o.tp)));
  }
  const bool dense_layers = std::any_of(a.layers.begin(), a.layers.end(), [](const LayerSpec& l) {
    return l.feed_forward && !l.moe;
  });
  if (dense_layers) {
    LLMCOST_RETURN_IF_ERROR(
        Check(a.intermediate_size % o.tp == 0, "tp",
              "must divide intermediate_size" + n(a.intermediate_size) + got(o.tp)));
  }
  if (a.is_moe()) {
    LLMCOST_RETURN_IF_ERROR(
        Check(a.moe.expert_ffn % o.tp == 0, "tp",
              "must divide moe_intermediate_size" + n(a.moe.expert_ffn) + got(o.tp)));
    LLMCOST_RETURN_IF_ERROR(
        Check(a.moe.num_experts % o.ep == 0, "ep",
              "must divide the routed experts" + n(a.moe.num_experts) + got(o.ep)));
  }
  // Expert parallelism splits each data-parallel group; dense models have nothing to split.
  LLMCOST_RETURN_IF_ERROR(
      Check(o.dp % o.ep == 0, "ep", "must divide the data-parallel degree" + n(o.dp) + got(o.ep)));
  LLMCOST_RETURN_IF_ERROR(Check(a.num_layers % o.pp == 0, "pp",
                                "must divide num_hidden_layers" + n(a.num_layers) + got(o.pp)));
  if (o.sp == SequenceParallel::kOn) {
    LLMCOST_RETURN_IF_ERROR(Check(s % o.tp == 0, "seq_len",
                                  "must be a multiple of the tensor-parallel degree" + n(o.tp) +
                                      " under sequence parallelism" + got(s)));
  }
  return OkStatus();
}

// Optimizer-state bytes of `params` unsharded parameters (master weights included).
Result<int64_t> OptimizerStateBytes(int64_t params, TrainingPrecision precision,
                                    OptimizerKind optimizer, int64_t hidden_size) {
  const int64_t master = precision == TrainingPrecision::kFp32 ? 0 : kMasterBytes;
  int64_t moments = 0;
  switch (optimizer) {
    case OptimizerKind::kAdamW:
      moments = 8;  // m and v in fp32 (ZeRO §3.1: K = 12 with the master copy)
      break;
    case OptimizerKind::kSgdMomentum:
      moments = 4;
      break;
    case OptimizerKind::kAdam8Bit:
    case OptimizerKind::kPagedAdamW8Bit: {
      // Dettmers et al. 2022: m and v as 8-bit block-wise quantized states. Here the states
      // of one flat tensor of `params` elements (DeepSpeed ZeRO's flat partition; the layout
      // without ZeRO, tp or pp counts each tensor instead: SetBitsandbytesOptimizerStates).
      LLMCOST_ASSIGN_OR_RETURN(int64_t master_bytes, CheckedMul(params, master, "optimizer"));
      if (params < 1) {
        return master_bytes;
      }
      BitsandbytesOptions b;
      b.optim_bits = 8;
      LLMCOST_ASSIGN_OR_RETURN(const BitsandbytesState state,
                               BitsandbytesAdamState({{params, 1}}, b));
      return CheckedAdd(master_bytes, state.state_bytes, "optimizer states");
    }
    case OptimizerKind::kPagedAdamW:
      moments = 8;
      break;
    case OptimizerKind::kAdafactor: {
      // Shazeer & Stern 2018 §3 (docs/formulas.md#model-states): an n x m matrix keeps n + m fp32
      // second-moment factors and no momentum (beta1 = 0). Transformer matrices have one side d, so
      // n + m ~ 2 P/d.
      LLMCOST_ASSIGN_OR_RETURN(int64_t master_bytes, CheckedMul(params, master, "optimizer"));
      return CheckedAdd(master_bytes, 2 * kFp32Bytes * CeilDiv(params, hidden_size), "optimizer");
    }
  }
  return CheckedMul(params, master + moments, "optimizer states");
}

struct StageState {
  int64_t first_layer = 0;
  int64_t layers = 0;
  int64_t params = 0;     // parameters this GPU computes with
  ModelStateBytes bytes;  // after ZeRO
};

}  // namespace

std::string_view TrainingPrecisionName(TrainingPrecision precision) {
  switch (precision) {
    case TrainingPrecision::kFp32:
      return "fp32";
    case TrainingPrecision::kBf16Mixed:
      return "bf16";
    case TrainingPrecision::kFp16Mixed:
      return "fp16";
    case TrainingPrecision::kFp8Mixed:
      return "fp8";
  }
  return "";
}

std::string_view OptimizerKindName(OptimizerKind optimizer) {
  switch (optimizer) {
    case OptimizerKind::kAdamW:
      return "adamw";
    case OptimizerKind::kSgdMomentum:
      return "sgd";
    case OptimizerKind::kAdafactor:
      return "adafactor";
    case OptimizerKind::kAdam8Bit:
      return "adam8bit";
    case OptimizerKind::kPagedAdamW:
      return "paged_adamw_32bit";
    case OptimizerKind::kPagedAdamW8Bit:
      return "paged_adamw_8bit";
  }
  return "";
}

std::string_view FrameworkName(Framework framework) {
  return framework == Framework::kHf ? "hf" : "megatron";
}

std::string_view PeakMomentName(PeakMoment moment) {
  switch (moment) {
    case PeakMoment::kSavedTensors:
      return "saved_tensors";
    case PeakMoment::kLossBackward:
      return "loss_backward";
    case PeakMoment::kOptimizerStep:
      return "optimizer_step";
  }
  return "";
}

std::string_view FineTuneName(FineTune finetune) {
  switch (finetune) {
    case FineTune::kFull:
      return "full";
    case FineTune::kLora:
      return "lora";
    case FineTune::kQlora:
      return "qlora";
  }
  return "";
}

std::string_view RecomputeName(Recompute recompute) {
  switch (recompute) {
    case Recompute::kNone:
      return "none";
    case Recompute::kSelective:
      return "selective";
    case Recompute::kFull:
      return "full";
  }
  return "";
}

Result<ModelStateBytes> ShardModelStates(int64_t params, TrainingPrecision precision,
                                         OptimizerKind optimizer, int zero, int64_t shards,
                                         int64_t hidden_size) {
  const int64_t weight_bytes = precision == TrainingPrecision::kFp32       ? 4
                               : precision == TrainingPrecision::kFp8Mixed ? 1
                                                                           : 2;
  const int64_t gradient_bytes = precision == TrainingPrecision::kFp32 ? 4 : 2;
  ModelStateBytes out;
  LLMCOST_ASSIGN_OR_RETURN(out.weights, CheckedMul(params, weight_bytes, "weights"));
  LLMCOST_ASSIGN_OR_RETURN(out.gradients, CheckedMul(params, gradient_bytes, "gradients"));
  LLMCOST_ASSIGN_OR_RETURN(out.optimizer,
                           OptimizerStateBytes(params, precision, optimizer, hidden_size));
  // ZeRO (Rajbhandari et al. 2020 §5; docs/formulas.md#model-states): P_os shards the optimizer
  // states, P_os+g also gradients, P_os+g+p also weights.
  if (zero >= 1 &&
      (optimizer == OptimizerKind::kAdam8Bit || optimizer == OptimizerKind::kPagedAdamW8Bit)) {
    // bitsandbytes sees each rank's flat partition: its own absmax blocks and quantile maps.
    LLMCOST_ASSIGN_OR_RETURN(out.optimizer, OptimizerStateBytes(CeilDiv(params, shards), precision,
                                                                optimizer, hidden_size));
  } else if (zero >= 1) {
    out.optimizer = CeilDiv(out.optimizer, shards);
  }
  if (zero >= 2) {
    out.gradients = CeilDiv(out.gradients, shards);
  }
  if (zero >= 3) {
    out.weights = CeilDiv(out.weights, shards);
  }
  return out;
}

Result<LayerActivations> EstimateLayerActivations(const Architecture& arch, const LayerSpec& layer,
                                                  const TrainingMemoryOptions& options) {
  const Architecture& a = arch;
  const TrainingMemoryOptions& o = options;
  const int64_t s = o.seq_len;
  const int64_t t = o.tp;
  LLMCOST_ASSIGN_OR_RETURN(const int64_t tokens, CheckedMul(s, o.micro_batch, "seq_len x batch"));
  LayerActivations out;
  if (o.recompute == Recompute::kFull) {
    // Korthikanti §4.3: only the layer input, 2 s b h (split along s under SP).
    LayerTally input(t, o.sp);
    input.Replicated(&input.norms, a.hidden_size, ActivationBytesFor(o.precision).value);
    LLMCOST_ASSIGN_OR_RETURN(out.layer_input, PerRank(tokens, input.norms, t, "layer input"));
    out.total = out.layer_input;
    return out;
  }
  const bool hf = o.framework == Framework::kHf;
  const HfLayerBytes hf_bytes = hf ? TallyHfLayer(a, layer, o) : HfLayerBytes{};
  const LayerTally tally = hf ? hf_bytes.tally : TallyLayer(a, layer, o);
  LLMCOST_ASSIGN_OR_RETURN(out.norms, PerRank(tokens, tally.norms, t, "norm activations"));
  out.norms += hf_bytes.fixed;
  LLMCOST_ASSIGN_OR_RETURN(out.attention,
                           PerRank(tokens, tally.attention, t, "attention activations"));
  LLMCOST_ASSIGN_OR_RETURN(out.mlp, PerRank(tokens, tally.mlp, t, "mlp activations"));
  LLMCOST_ASSIGN_OR_RETURN(out.dropout_masks, PerRank(tokens, tally.masks, t, "dropout masks"));
  if (o.recompute == Recompute::kNone && tally.scores > 0) {
    // Unfused attention materializes s x keys scores per head; a window or chunk caps the keys
    // (not under hf: transformers' eager attention masks a full s x s matrix).
    int64_t cap = 0;
    if (!hf && layer.mixer == MixerKind::kSlidingWindow) {
      cap = layer.sliding_window;
    } else if (!hf && layer.mixer == MixerKind::kChunkedAttention) {
      cap = layer.attention_chunk;
    }
    const int64_t keys = cap > 0 && cap < s ? cap : s;
    LLMCOST_ASSIGN_OR_RETURN(int64_t per_key, CheckedMul(tokens, keys, "attention scores"));
    LLMCOST_ASSIGN_OR_RETURN(out.scores, PerRank(per_key, tally.scores, t, "attention scores"));
  }
  LLMCOST_ASSIGN_OR_RETURN(
      out.total, CheckedSum({out.norms, out.attention, out.scores, out.mlp, out.dropout_masks},
                            "layer activations"));
  return out;
}

namespace {

// Checks the fine-tuning and offload options against the layout.
Status ValidateFineTuneOptions(const Architecture& a, const TrainingMemoryOptions& o) {
  if (o.framework == Framework::kHf) {
    // A family's modeling code, and the shapes that code has: standard softmax attention
    // without sinks or output gates, q/k norms only per head (Qwen3), routers without bias.
    if (HfFamilyFor(a) == nullptr) {
      return InvalidArgumentError("framework: hf is modelled (and measured) for the " +
                                  HfFamilyList() + " families, not " + a.family + "; use megatron");
    }
    if (const std::string what = HfUnmodelled(a); !what.empty()) {
      return InvalidArgumentError("framework: hf follows transformers' " + a.family +
                                  " modeling code, which has no " + what + "; use megatron");
    }
    if (o.tp > 1 || o.sp == SequenceParallel::kOn) {
      return InvalidArgumentError("framework: hf has no tensor or sequence parallelism");
    }
    if (o.recompute == Recompute::kSelective || o.dropout == Dropout::kOn ||
        o.precision == TrainingPrecision::kFp8Mixed) {
      return InvalidArgumentError(
          "framework: hf models full or no recomputation, no dropout (attention_dropout 0) "
          "and bf16/fp16/fp32");
    }
  }
  if (IsPagedOptimizer(o.optimizer) &&
      (o.tp > 1 || o.pp > 1 || o.zero > 0 || o.offload != Offload::kNone)) {
    return InvalidArgumentError(
        "optimizer: bitsandbytes' paged optimizers are modelled with plain data parallelism "
        "(tp = pp = 1, ZeRO stage 0, no offload), got tp " +
        std::to_string(o.tp) + ", pp " + std::to_string(o.pp) + ", ZeRO " + std::to_string(o.zero));
  }
  if (o.finetune != FineTune::kFull && (o.tp > 1 || o.pp > 1)) {
    return InvalidArgumentError(
        "finetune: LoRA/QLoRA is modelled with data parallelism only (tp = pp = 1), got tp " +
        std::to_string(o.tp) + ", pp " + std::to_string(o.pp));
  }
  if (o.finetune == FineTune::kQlora && !a.quantization_method.empty()) {
    return InvalidArgumentError("finetune: qlora quantizes a 16-bit checkpoint, but " + a.source +
                                " is already quantized (quantization_config.quant_method '" +
                                a.quantization_method + "')");
  }
  if (o.offload != Offload::kNone) {
    if (o.finetune != FineTune::kFull) {
      return InvalidArgumentError("offload: modelled for full training only, not with " +
                                  std::string(FineTuneName(o.finetune)));
    }
    if (o.tp > 1 || o.pp > 1) {
      return InvalidArgumentError(
          "offload: DeepSpeed's estimators cover data parallelism only (tp = pp = 1)");
    }
    if (o.precision == TrainingPrecision::kFp32 || o.optimizer != OptimizerKind::kAdamW) {
      return InvalidArgumentError(
          "offload: DeepSpeed's estimators assume 16-bit mixed precision with Adam");
    }
    if (o.gpus_per_node < 1) {
      return InvalidArgumentError("offload: gpus_per_node must be >= 1");
    }
  }
  return OkStatus();
}

// LoRA/QLoRA model states per GPU: the frozen base at its storage, fp32 adapters (PEFT's
// autocast_adapter_dtype upcasts them) with fp32 gradients and optimizer states, ZeRO
// sharding over dp at the stage chosen.
Status AddLoraModelStates(const Architecture& a, const ParameterCount& params,
                          const TrainingMemoryOptions& o, TrainingMemoryEstimate* e,
                          int64_t* frozen_bytes, int64_t* adapter_bytes) {
  LLMCOST_ASSIGN_OR_RETURN(LoraCount count, CountLoraParameters(a, params, o.lora));
  const BaseStorage storage = o.finetune == FineTune::kQlora ? BaseStorage::kNf4 : o.base_storage;
  LLMCOST_ASSIGN_OR_RETURN(const int64_t quantized, QuantizedBaseBytes(a, storage));
  // Embeddings, head, norms, biases and bare-parameter routers stay 16-bit (4 B in fp32).
  const int64_t other_bytes = o.precision == TrainingPrecision::kFp32 ? 4 : 2;
  LLMCOST_ASSIGN_OR_RETURN(const int64_t other, CheckedMul(params.total - count.quantizable_params,
                                                           other_bytes, "frozen base"));
  LLMCOST_ASSIGN_OR_RETURN(int64_t frozen, CheckedAdd(quantized, other, "frozen base"));
  LLMCOST_ASSIGN_OR_RETURN(ModelStateBytes states,
                           ShardModelStates(count.trainable_params, TrainingPrecision::kFp32,
                                            o.optimizer, o.zero, o.dp, a.hidden_size));
  if (o.zero >= 3) {
    frozen = CeilDiv(frozen, o.dp);
  }
  *frozen_bytes = frozen;
  *adapter_bytes = states.weights;
  e->params_per_gpu = params.total;
  e->trainable_params = count.trainable_params;
  e->weights_bytes = frozen + states.weights;
  e->gradients_bytes = states.gradients;
  e->optimizer_bytes = states.optimizer;
  e->lora = std::move(count);
  return OkStatus();
}

// Offloaded model states per GPU as DeepSpeed's estimators compute them; the GPU part goes
// to weights (16-bit parameters, or ZeRO-3's gathered largest layer) and optimizer.
Status AddOffloadModelStates(const Architecture& a, const TrainingMemoryOptions& o,
                             TrainingMemoryEstimate* e) {
  ZeroStatesOptions z;
  z.total_params = e->params_per_gpu;
  LLMCOST_ASSIGN_OR_RETURN(z.largest_layer_params, LargestModuleParams(a));
  z.gpus_per_node = std::min(o.dp, o.gpus_per_node);
  z.nodes = CeilDiv(o.dp, z.gpus_per_node);
  z.zero = o.zero;
  z.offload = o.offload;
  LLMCOST_ASSIGN_OR_RETURN(const ZeroModelStates s, EstimateZeroModelStates(z));
  const int64_t n = z.gpus_per_node * z.nodes;
  const int64_t p = z.total_params;
  e->weights_bytes = s.gpu_bytes;
  e->gradients_bytes = 0;
  e->optimizer_bytes = 0;
  if (o.offload == Offload::kParams) {
    // GPU: the gathered layer (weights) + the 16 B/param optimizer shard (18 P / N - 2 P / N).
    e->optimizer_bytes =
        static_cast<int64_t>(16.0 * static_cast<double>(p) / static_cast<double>(n));
    e->weights_bytes = s.gpu_bytes - e->optimizer_bytes;
  }
  e->offloaded_bytes_per_node = s.host_bytes;
  e->offloaded_bytes_per_gpu = s.host_bytes_per_gpu;
  return OkStatus();
}

// bitsandbytes' optimizers (adam8bit, the paged ones) on a layout where each rank holds whole
// tensors (tp = pp = 1, no ZeRO, no offload): the optimizer bytes bitsandbytes allocates for
// the trainable tensors (the model's tensors in full training, experts / ep per rank, and any
// parameters the inventory does not list, such as state-space mixers, as one more tensor;
// lora_A, lora_B and the saved modules' copies with LoRA), plus fp32 master weights in
// mixed-precision full training (LoRA adapters are fp32 already). Sets optimizer_bytes and
// paged_optimizer_bytes; returns one tensor's largest paged buffers.
Result<int64_t> SetBitsandbytesOptimizerStates(const Architecture& a,
                                               const TrainingMemoryOptions& o,
                                               TrainingMemoryEstimate* e) {
  std::vector<TrainableTensor> tensors;
  int64_t master = 0;
  if (e->lora) {
    const int64_t r = e->lora->rank;
    for (const LoraTarget& t : e->lora->targets) {
      LLMCOST_ASSIGN_OR_RETURN(const int64_t lora_a, CheckedMul(r, t.in_features, "lora_A"));
      LLMCOST_ASSIGN_OR_RETURN(const int64_t lora_b, CheckedMul(r, t.out_features, "lora_B"));
      tensors.push_back({lora_a, t.count});
      tensors.push_back({lora_b, t.count});
    }
    if (e->lora->saved_module_params > 0) {
      // Each saved copy is one large tensor (an embedding or head); summed as one, which
      // moves bitsandbytes' per-256 absmax rounding by at most 8 B per extra module.
      tensors.push_back({e->lora->saved_module_params, 1});
    }
  } else {
    int64_t listed = 0;
    for (const TensorSpec& t : TensorInventory(a)) {
      LLMCOST_ASSIGN_OR_RETURN(const int64_t elements, CheckedMul(t.rows, t.cols, "tensor"));
      const bool routed = t.role == TensorRole::kExpertGate || t.role == TensorRole::kExpertUp ||
                          t.role == TensorRole::kExpertDown;
      const int64_t count = routed ? CeilDiv(t.count, o.ep) : t.count;
      tensors.push_back({elements, count});
      LLMCOST_ASSIGN_OR_RETURN(const int64_t all, CheckedMul(elements, count, "tensor"));
      LLMCOST_ASSIGN_OR_RETURN(listed, CheckedAdd(listed, all, "tensors"));
    }
    if (e->params_per_gpu > listed) {
      tensors.push_back({e->params_per_gpu - listed, 1});
    }
    if (o.precision != TrainingPrecision::kFp32) {
      LLMCOST_ASSIGN_OR_RETURN(master, CheckedMul(e->params_per_gpu, kMasterBytes, "master"));
    }
  }
  BitsandbytesOptions b;
  b.optim_bits = o.optimizer == OptimizerKind::kPagedAdamW ? 32 : 8;
  b.paged = IsPagedOptimizer(o.optimizer);
  LLMCOST_ASSIGN_OR_RETURN(const BitsandbytesState state, BitsandbytesAdamState(tensors, b));
  LLMCOST_ASSIGN_OR_RETURN(e->optimizer_bytes, CheckedAdd(master, state.state_bytes, "optimizer"));
  e->paged_optimizer_bytes = state.paged_bytes;
  return state.largest_paged_bytes;
}

// Per-layer bytes of the r-wide lora_A outputs the adapted modules keep (16-bit), averaged
// over the layers; an adapted expert runs for top_k of E experts per token.
Result<int64_t> LoraActivationBytesPerLayer(const Architecture& a, const LoraCount& count,
                                            const TrainingMemoryOptions& o) {
  const int64_t bytes = ActivationBytesFor(o.precision).value;
  int64_t width = 0;  // summed over all layers, per token
  for (const LoraTarget& t : count.targets) {
    int64_t instances = t.count;
    if (t.path.find("experts.*.") != std::string::npos && a.moe.num_experts > 0) {
      instances = t.count / a.moe.num_experts * a.moe.top_k;
    }
    width += instances * count.rank * bytes;
  }
  LLMCOST_ASSIGN_OR_RETURN(const int64_t tokens, CheckedMul(o.seq_len, o.micro_batch, "tokens"));
  LLMCOST_ASSIGN_OR_RETURN(const int64_t all_layers, CheckedMul(tokens, width, "lora acts"));
  return CeilDiv(all_layers, a.num_layers);
}

}  // namespace

Result<TrainingMemoryEstimate> EstimateTrainingMemory(const Architecture& arch,
                                                      const ParameterCount& params,
                                                      const TrainingMemoryOptions& options) {
  const Architecture& a = arch;
  TrainingMemoryOptions o = options;
  if (o.seq_len == 0) {
    o.seq_len = a.pretraining_context;
    if (o.seq_len <= 0) {
      return InvalidArgumentError(
          "no sequence length: the config has no max_position_embeddings; pass --seq-len");
    }
  }
  LLMCOST_RETURN_IF_ERROR(ValidateOptions(a, o, o.seq_len));
  LLMCOST_RETURN_IF_ERROR(ValidateFineTuneOptions(a, o));
  const int64_t t = o.tp;
  const int64_t p = o.pp;
  const int64_t layers_per_stage = a.num_layers / p;
  const int64_t expert_shards = o.dp / o.ep;  // data-parallel ranks sharing one expert slice

  // Parameters outside the layers: embedding (+ OPT projections, learned positions) on the
  // first stage; output head and final norm on the last (a tied embedding is kept as a copy
  // there when p > 1, as Megatron-LM does). Embedding and head are split over vocabulary.
  int64_t layer_sum = 0;
  for (int64_t n : params.layer) {
    layer_sum += n;
  }
  const int64_t final_norm = params.transformer - layer_sum;
  const int64_t first_extra = params.embedding_input + params.position +
                              (params.embedding - params.embedding_input - params.embedding_output);
  const int64_t head = params.embedding_output > 0 ? params.embedding_output
                       : p > 1                     ? params.embedding_input
                                                   : 0;
  const int64_t last_extra = head + final_norm;

  TrainingMemoryEstimate best;
  best.seq_len = o.seq_len;
  LLMCOST_ASSIGN_OR_RETURN(best.gpus, CheckedProduct({o.dp, t, p}, "GPUs (dp x tp x pp)"));
  bool have_best = false;
  for (int64_t stage = 0; stage < p; ++stage) {
    const int64_t first = stage * layers_per_stage;
    int64_t dense = (stage == 0 ? first_extra : 0) + (stage == p - 1 ? last_extra : 0);
    int64_t routed = 0;
    LayerActivations largest;
    TrainingMemoryEstimate e;
    e.seq_len = o.seq_len;
    e.gpus = best.gpus;
    e.stage = stage;
    e.stage_layers = layers_per_stage;
    e.in_flight_micro_batches = p - stage;  // 1F1B: stage i holds p - i micro-batches
    LayerActivations sum;
    int64_t recompute_buffer = 0;
    TrainingMemoryOptions none = o;
    none.recompute = Recompute::kNone;
    for (int64_t i = first; i < first + layers_per_stage; ++i) {
      const LayerSpec& layer = a.layers[static_cast<size_t>(i)];
      const int64_t layer_routed = layer.moe ? a.moe.num_experts * params.expert : 0;
      routed += layer_routed;
      dense += params.layer[static_cast<size_t>(i)] - layer_routed;
      LLMCOST_ASSIGN_OR_RETURN(LayerActivations act, EstimateLayerActivations(a, layer, o));
      sum.layer_input += act.layer_input;
      sum.norms += act.norms;
      sum.attention += act.attention;
      sum.scores += act.scores;
      sum.mlp += act.mlp;
      sum.dropout_masks += act.dropout_masks;
      sum.total += act.total;
      if (act.total > largest.total) {
        largest = act;
      }
      if (o.recompute != Recompute::kNone) {
        // Backward rebuilds one layer at a time: under full recompute all of its activations
        // exist meanwhile; under selective recompute without flash, its s x s attention core.
        LLMCOST_ASSIGN_OR_RETURN(LayerActivations rebuilt,
                                 EstimateLayerActivations(a, layer, none));
        recompute_buffer = std::max(
            recompute_buffer, o.recompute == Recompute::kFull ? rebuilt.total : rebuilt.scores);
      }
    }
    // Megatron-LM splits every matrix over t (norms and biases are replicated: ignored, they
    // are O(d)); experts are split over ep x t.
    const int64_t dense_per_gpu = CeilDiv(dense, t);
    const int64_t routed_per_gpu = CeilDiv(routed, o.ep * t);
    e.params_per_gpu = dense_per_gpu + routed_per_gpu;
    e.trainable_params = e.params_per_gpu;
    int64_t frozen_bytes = 0;
    int64_t adapter_bytes = 0;
    if (o.finetune != FineTune::kFull) {
      LLMCOST_RETURN_IF_ERROR(AddLoraModelStates(a, params, o, &e, &frozen_bytes, &adapter_bytes));
      if (o.recompute != Recompute::kFull) {
        LLMCOST_ASSIGN_OR_RETURN(largest.lora, LoraActivationBytesPerLayer(a, *e.lora, o));
        largest.total += largest.lora;
        LLMCOST_ASSIGN_OR_RETURN(sum.lora, CheckedMul(largest.lora, layers_per_stage, "lora"));
        sum.total += sum.lora;
      }
    } else if (o.offload != Offload::kNone) {
      LLMCOST_RETURN_IF_ERROR(AddOffloadModelStates(a, o, &e));
    } else {
      LLMCOST_ASSIGN_OR_RETURN(
          ModelStateBytes dense_states,
          ShardModelStates(dense_per_gpu, o.precision, o.optimizer, o.zero, o.dp, a.hidden_size));
      LLMCOST_ASSIGN_OR_RETURN(ModelStateBytes routed_states,
                               ShardModelStates(routed_per_gpu, o.precision, o.optimizer, o.zero,
                                                expert_shards, a.hidden_size));
      e.weights_bytes = dense_states.weights + routed_states.weights;
      e.gradients_bytes = dense_states.gradients + routed_states.gradients;
      e.optimizer_bytes = dense_states.optimizer + routed_states.optimizer;
    }
    int64_t largest_paged = 0;
    if (IsBitsandbytesOptimizer(o.optimizer) && t == 1 && p == 1 && o.zero == 0 &&
        o.offload == Offload::kNone) {
      LLMCOST_ASSIGN_OR_RETURN(largest_paged, SetBitsandbytesOptimizerStates(a, o, &e));
    }
    e.layer_activations = largest;

    const int64_t m = e.in_flight_micro_batches;
    LLMCOST_ASSIGN_OR_RETURN(e.activations_bytes, CheckedMul(sum.total, m, "activations"));
    if (stage == p - 1) {
      // Final norm input and head input (d each, replicated or SP-split), the logits in the
      // activation dtype and their fp32 softmax for the cross-entropy (vocab-parallel: / t).
      const ActivationBytes bytes = ActivationBytesFor(o.precision);
      LayerTally head_tally(t, o.sp);
      LLMCOST_ASSIGN_OR_RETURN(const int64_t tokens,
                               CheckedMul(o.seq_len, o.micro_batch, "seq_len x batch"));
      if (o.framework == Framework::kHf) {
        // Per token (b s): the embedding's int64 index, the final RMSNorm (4d + 4 + a d),
        // lm_head's input (a d), and ForCausalLMLoss (transformers since PR #35646: labels
        // padded with one ignore_index and shifted, so all s positions): logits.float()'s
        // log-softmax, 4 V, and the shifted labels' int64 copy. Per position (s, whatever b):
        // RoPE cos and sin (a d_h each), computed once by the model for position_ids [1, s] and
        // shared by every layer. Gemma: GemmaRMSNorm keeps its fp32 product (4 d) and its fp32
        // 1 + weight (4 d, once), and the embeddings are multiplied by sqrt(d) held in one
        // a-byte scalar. Gemma 3 keeps a second RoPE table when it has both sliding and global
        // layers; Gemma 2's final soft-capping (logits / c, tanh, * c) keeps tanh's a-byte
        // output, a V per token.
        const int64_t d = a.hidden_size;
        const bool gemma = HfUsesGemmaNorm(a);
        const int64_t norm_copy = gemma ? kFp32Bytes : bytes.value;
        const int64_t softcap = a.final_logit_softcapping > 0 ? bytes.value * a.vocab_size : 0;
        const int64_t per_token = 2 * kIndexBytes + kFp32Bytes * a.vocab_size + 4 * d + kFp32Bytes +
                                  norm_copy * d + bytes.value * d + softcap;
        const int64_t per_position = HfRopeTables(a) * 2 * bytes.value * a.head_dim;
        const int64_t fixed = gemma ? kFp32Bytes * d + bytes.value : 0;
        LLMCOST_ASSIGN_OR_RETURN(const int64_t rope,
                                 CheckedMul(o.seq_len, per_position, "RoPE tables"));
        LLMCOST_ASSIGN_OR_RETURN(const int64_t rest, CheckedMul(tokens, per_token, "logits"));
        LLMCOST_ASSIGN_OR_RETURN(e.logits_bytes, CheckedSum({rope, rest, fixed}, "logits"));
        // The start of backward at the loss (measured: tools/measure_hf_peak.py): beside the
        // saved log-softmax, the model output's logits (a V per token, held by the caller's
        // `outputs.logits`), nll_loss's backward output, the fp32 gradient of the log-softmax
        // output (4 V), and log_softmax's backward output, the gradient of logits.float()
        // (4 V). logits.float() itself (4 V) is freed when the loss function returns; in fp32
        // it is the logits themselves.
        LLMCOST_ASSIGN_OR_RETURN(
            e.loss_transient_bytes,
            CheckedProduct({tokens, bytes.value + 2 * kFp32Bytes, a.vocab_size}, "loss buffers"));
      } else {
        head_tally.Replicated(&head_tally.norms, a.embedding_dim, bytes.value);
        head_tally.Replicated(&head_tally.norms, a.embedding_dim, bytes.gemm_input);
        head_tally.Split(&head_tally.norms, a.vocab_size, bytes.value + kFp32Bytes);
        LLMCOST_ASSIGN_OR_RETURN(e.logits_bytes, PerRank(tokens, head_tally.norms, t, "logits"));
      }
    }
    if (o.framework == Framework::kHf && o.optimizer == OptimizerKind::kAdamW &&
        o.offload == Offload::kNone) {
      // torch.optim.AdamW(foreach=True) as PyTorch 2.x's _multi_tensor_adam steps each group
      // (torch/optim/adam.py): exp_avg_sq_sqrt = _foreach_sqrt(exp_avg_sqs), then div_, add_,
      // div_ in place before _foreach_addcdiv_: one fp32 temporary per stepped parameter, all
      // alive at once; under ZeRO the rank steps its 1/N_d shard.
      int64_t stepped = e.trainable_params;
      if (o.zero >= 1) {
        stepped = o.finetune != FineTune::kFull
                      ? CeilDiv(stepped, o.dp)
                      : CeilDiv(dense_per_gpu, o.dp) + CeilDiv(routed_per_gpu, expert_shards);
      }
      LLMCOST_ASSIGN_OR_RETURN(e.optimizer_transient_bytes,
                               CheckedMul(stepped, kFp32Bytes, "optimizer temporaries"));
    }
    std::vector<Component<int64_t>> parts;
    if (o.finetune != FineTune::kFull) {
      parts.push_back({"weights.frozen_base", frozen_bytes});
      parts.push_back({"weights.adapters", adapter_bytes});
    } else {
      parts.push_back({"weights", e.weights_bytes});
    }
    const Component<int64_t> rest[] = {
        {"gradients", e.gradients_bytes},
        {"optimizer", e.optimizer_bytes - e.paged_optimizer_bytes},
        {"optimizer.paged", e.paged_optimizer_bytes},
        {"activations.layer_inputs", sum.layer_input * m},
        {"activations.norms", sum.norms * m},
        {"activations.attention", sum.attention * m},
        {"activations.scores", sum.scores * m},
        {"activations.mlp", sum.mlp * m},
        {"activations.dropout_masks", sum.dropout_masks * m},
        {"activations.lora", sum.lora * m},
        {"activations.recompute", recompute_buffer},
        {"logits", e.logits_bytes},
    };
    parts.insert(parts.end(), std::begin(rest), std::end(rest));
    e.activations_bytes += recompute_buffer;
    // The step's fullest moment: the start of backward at the loss (everything saved is alive)
    // or, under hf, the optimizer step (activations freed, the optimizer's temporaries alive).
    LLMCOST_ASSIGN_OR_RETURN(
        const int64_t states,
        CheckedSum({e.weights_bytes, e.gradients_bytes, e.optimizer_bytes}, "model states"));
    LLMCOST_ASSIGN_OR_RETURN(
        const int64_t at_loss,
        CheckedSum({states, e.activations_bytes, e.logits_bytes, e.loss_transient_bytes},
                   "peak memory"));
    LLMCOST_ASSIGN_OR_RETURN(const int64_t at_step,
                             CheckedAdd(states, e.optimizer_transient_bytes, "peak memory"));
    if (o.framework == Framework::kHf) {
      e.peak_moment = at_step > at_loss ? PeakMoment::kOptimizerStep : PeakMoment::kLossBackward;
    }
    const bool step_peak = e.peak_moment == PeakMoment::kOptimizerStep;
    e.peak_bytes = step_peak ? at_step : at_loss;
    if (step_peak) {
      parts.erase(std::remove_if(parts.begin(), parts.end(),
                                 [](const Component<int64_t>& part) {
                                   return part.name == "logits" ||
                                          part.name.rfind("activations.", 0) == 0;
                                 }),
                  parts.end());
      parts.push_back({"transient.optimizer_step", e.optimizer_transient_bytes});
    } else {
      parts.push_back({"transient.loss_backward", e.loss_transient_bytes});
    }
    for (const Component<int64_t>& part : parts) {
      if (part.value != 0) {
        e.breakdown.push_back(part);
      }
    }
    // Paged state may wait in host memory while the activations are live; at the optimizer
    // step (activations and logits freed) each tensor's buffers come back one at a time.
    e.required_bytes = std::max(at_loss - e.paged_optimizer_bytes,
                                at_step - e.paged_optimizer_bytes + largest_paged);
    if (!have_best || e.peak_bytes > best.peak_bytes) {
      best = std::move(e);
      have_best = true;
    }
  }
  return best;
}

}  // namespace llmcost
