// FLOPs per token (docs/formulas.md "FLOPs per token"; DESIGN §4).
//
// Symbols: s sequence length, c mean keys a query attends to, d hidden size, e embedding
// width, V vocabulary, h query heads, k KV heads, d_h head size, d_qk / d_v query-key and
// value head sizes, f / f_e dense / expert MLP width, E routed experts, top_k, S shared.
// One multiply-add = 2 FLOPs; biases, norms, activations and softmax are not counted
// (they are O(d) per token against O(d^2) matmuls), except in the Chinchilla convention.
#include "llmcost/analysis/flops.h"

#include <cmath>

namespace llmcost {
namespace {

// Weights of the attention projections of one layer: Q, K, V / MLA down- and up-projections,
// then O. Returns {query-key-value side, output side}.
struct AttentionWeights {
  double qkv = 0;
  double o = 0;
};

AttentionWeights AttentionMatrixWeights(const Architecture& a) {
  const double d = static_cast<double>(a.hidden_size);
  const double h = static_cast<double>(a.num_heads);
  if (a.attention == AttentionKind::kMultiLatent) {
    const MlaShape& m = a.mla;
    const double rq = static_cast<double>(m.q_lora_rank);
    const double rkv = static_cast<double>(m.kv_lora_rank);
    const double dn = static_cast<double>(m.qk_nope_head_dim);
    const double dr = static_cast<double>(m.qk_rope_head_dim);
    const double dv = static_cast<double>(m.v_head_dim);
    // Naive (non-absorbed) MLA, DeepSeek-V2 eqs. 9-18.
    const double q = m.q_lora_rank > 0 ? d * rq + rq * h * (dn + dr) : d * h * (dn + dr);
    const double kv = d * (rkv + dr) + rkv * h * (dn + dv);
    return {q + kv, h * dv * d};
  }
  const double dh = static_cast<double>(a.head_dim);
  const double k = static_cast<double>(a.num_kv_heads);
  return {d * h * dh + 2 * d * k * dh, h * dh * d};
}

// Head sizes entering QK^T and softmax(.)V.
double QkHeadDim(const Architecture& a) {
  return a.attention == AttentionKind::kMultiLatent
             ? static_cast<double>(a.mla.qk_nope_head_dim + a.mla.qk_rope_head_dim)
             : static_cast<double>(a.head_dim);
}
double VHeadDim(const Architecture& a) {
  return a.attention == AttentionKind::kMultiLatent ? static_cast<double>(a.mla.v_head_dim)
                                                    : static_cast<double>(a.head_dim);
}

// Mean number of keys a query attends to. Causal: query i (1-based) sees min(i, w) keys,
// averaged over i = 1..s; with no window that is (s + 1) / 2. Full: min(s, w).
double MeanContext(int64_t s, int64_t window, AttentionConvention convention) {
  const int64_t w = window > 0 && window < s ? window : s;
  if (convention == AttentionConvention::kFull) {
    return static_cast<double>(w);
  }
  const double wd = static_cast<double>(w);
  const double sd = static_cast<double>(s);
  // sum_{i=1}^{w} i + (s - w) w, divided by s.
  return (wd * (wd + 1) / 2 + (sd - wd) * wd) / sd;
}

// Forward FLOPs per token of one feed-forward block of width f: 2 x its weights.
double MlpFlops(const Architecture& a, int64_t f) {
  const double matrices = a.mlp == MlpKind::kGated ? 3 : 2;
  return 2 * matrices * static_cast<double>(a.hidden_size) * static_cast<double>(f);
}

struct FeedForwardFlops {
  double mlp = 0;
  double routed = 0;
  double shared = 0;
  double router = 0;
};

// Feed-forward FLOPs of the active path through one layer.
FeedForwardFlops LayerFeedForward(const Architecture& a, const LayerSpec& layer) {
  FeedForwardFlops out;
  if (!layer.moe) {
    out.mlp = MlpFlops(a, a.intermediate_size);
    return out;
  }
  const MoeShape& m = a.moe;
  const double d = static_cast<double>(a.hidden_size);
  out.routed = static_cast<double>(m.top_k) * MlpFlops(a, m.expert_ffn);
  out.shared = static_cast<double>(m.num_shared_experts) * MlpFlops(a, m.shared_ffn);
  if (m.num_shared_experts > 0 && m.shared_expert_gate) {
    out.shared += 2 * d;
  }
  out.router = 2 * d * static_cast<double>(m.num_experts);
  return out;
}

// 2 e V for the logits, plus OPT's project_in and project_out (2 e d each).
double HeadFlops(const Architecture& a) {
  const double e = static_cast<double>(a.embedding_dim);
  const double d = static_cast<double>(a.hidden_size);
  double flops = 2 * e * static_cast<double>(a.vocab_size);
  if (a.embedding_dim != a.hidden_size) {
    flops += 2 * 2 * e * d;
  }
  return flops;
}

}  // namespace

std::string_view AttentionConventionName(AttentionConvention convention) {
  return convention == AttentionConvention::kCausal ? "causal" : "full";
}

Result<FlopsEstimate> EstimateFlops(const Architecture& a, const ParameterCount& params,
                                    const FlopsOptions& options) {
  FlopsEstimate out;
  out.seq_len = options.seq_len > 0 ? options.seq_len : a.pretraining_context;
  out.attention = options.attention;
  if (out.seq_len <= 0) {
    return FieldError("seq_len", "not given and the config has no max_position_embeddings");
  }
  const int64_t s = out.seq_len;
  const double sd = static_cast<double>(s);
  const double h = static_cast<double>(a.num_heads);
  const double d = static_cast<double>(a.hidden_size);
  const double L = static_cast<double>(a.num_layers);
  const AttentionWeights weights = AttentionMatrixWeights(a);
  const double projections_per_layer = 2 * (weights.qkv + weights.o);
  // QK^T: 2 h d_qk per key; softmax(.)V: 2 h d_v per key (DESIGN §4).
  const double score_flops_per_key = 2 * h * QkHeadDim(a) + 2 * h * VHeadDim(a);

  FeedForwardFlops ffn;
  double context_sum = 0;
  double full_scores = 0;  // the same with every query seeing all s keys (conventions)
  for (const LayerSpec& layer : a.layers) {
    const double c = MeanContext(s, layer.sliding_window, options.attention);
    context_sum += c;
    out.attention_scores += score_flops_per_key * c;
    full_scores += score_flops_per_key * sd;
    FeedForwardFlops f = LayerFeedForward(a, layer);
    ffn.mlp += f.mlp;
    ffn.routed += f.routed;
    ffn.shared += f.shared;
    ffn.router += f.router;
  }
  out.mean_context = a.layers.empty() ? 0 : context_sum / L;
  out.attention_projections = projections_per_layer * L;
  out.ffn = ffn.mlp + ffn.routed + ffn.shared + ffn.router;
  out.lm_head = HeadFlops(a);
  out.forward = out.attention_projections + out.attention_scores + out.ffn + out.lm_head;
  const Component<double> parts[] = {
      {"attention.projections", out.attention_projections},
      {"attention.scores", out.attention_scores},
      {"ffn.mlp", ffn.mlp},
      {"ffn.routed_experts", ffn.routed},
      {"ffn.shared_experts", ffn.shared},
      {"ffn.router", ffn.router},
      {"lm_head", out.lm_head},
  };
  for (const Component<double>& part : parts) {
    if (part.value != 0) {
      out.forward_breakdown.push_back(part);
    }
  }
  // Backward = 2 x forward (activation and weight gradients); recomputation adds a forward.
  out.training = 3 * out.forward;
  out.training_with_recompute = 4 * out.forward;

  // DeepSeek-V3 §2.2: each MTP module runs M (2d x d), one more block and the shared head.
  if (a.mtp_layers > 0 && !a.layers.empty()) {
    const LayerSpec& last = a.layers.back();
    FeedForwardFlops f = LayerFeedForward(a, last);
    const double block =
        projections_per_layer +
        score_flops_per_key * MeanContext(s, last.sliding_window, options.attention) + f.mlp +
        f.routed + f.shared + f.router;
    out.mtp_forward = static_cast<double>(a.mtp_layers) * (2 * 2 * d * d + block + out.lm_head);
  }

  // ---- Others' conventions, all training FLOPs per token ----
  const double n_active = static_cast<double>(params.active);
  const double n_embedding = static_cast<double>(params.embedding + params.position);
  const double d_attn_v = h * VHeadDim(a);
  ConventionFlops& c = out.conventions;
  // Kaplan et al. 2020 §2.1: C = 6N per token (Chinchilla uses the same rule with all N).
  c.six_n = 6 * n_active;
  // Kaplan et al. 2020 eq. 2.2: C_forward = 2N + 2 n_layer n_ctx d_attn, N without embeddings.
  c.kaplan = 3 * (2 * (n_active - n_embedding) + 2 * L * sd * d_attn_v);
  // Hoffmann et al. 2022 App. F: embeddings 2Vd, Q/K/V and output projections, logits
  // 2 s h d_qk, softmax 3 h s, values 2 s h d_v, the MLP, final logits 2dV; backward 2x.
  const double chinchilla_layer = 2 * weights.qkv + 2 * sd * h * QkHeadDim(a) + 3 * h * sd +
                                  2 * sd * h * VHeadDim(a) + 2 * weights.o;
  c.chinchilla =
      3 * (2 * static_cast<double>(a.vocab_size) * static_cast<double>(a.embedding_dim) +
           L * chinchilla_layer + ffn.mlp + ffn.routed + ffn.shared + ffn.router + out.lm_head);
  // Chowdhery et al. 2022 (PaLM) App. B: 6N + 12 L H Q T, N all parameters (active).
  c.palm = 6 * n_active + 12 * L * h * QkHeadDim(a) * sd;
  // Megatron-LM num_floating_point_operations (Narayanan et al. 2021 App.): 3 passes of
  // every GEMM with full (non-causal) attention, no router or element-wise terms.
  c.megatron = 3 * (out.attention_projections + full_scores + ffn.mlp + ffn.routed + ffn.shared +
                    out.lm_head);

  for (double v : {out.forward, out.training_with_recompute, out.mtp_forward, c.six_n, c.kaplan,
                   c.chinchilla, c.palm, c.megatron}) {
    if (!std::isfinite(v)) {
      return OutOfRangeError("FLOPs per token are not finite for this shape");
    }
  }
  return out;
}

}  // namespace llmcost
