// FLOPs per token (Vaswani et al. 2017 §3.2; docs/formulas.md#flops-per-token).
//
// Symbols: s sequence length, c mean keys a query attends to, d hidden size, e embedding
// width, V vocabulary, h query heads, k KV heads, d_h head size, d_qk / d_v query-key and
// value head sizes, f / f_e dense / expert MLP width, E routed experts, top_k, S shared.
// One multiply-add = 2 FLOPs; biases, norms, activations and softmax are not counted
// (they are O(d) per token against O(d^2) matmuls), except in the Chinchilla convention.
#include "llmcost/analysis/flops.h"

#include <algorithm>
#include <cmath>
#include <iterator>
#include <string>
#include <string_view>

#include "layer_runs.h"

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
  const double q_outputs = a.attention_gate ? 2 : 1;  // Qwen3-Next's gate doubles q_proj
  return {q_outputs * d * h * dh + 2 * d * k * dh, h * dh * d};
}

// DeepSeek-V3.2 indexer projections per token: wq_b, wk and weights_proj (IndexerShape).
double IndexerProjectionWeights(const Architecture& a) {
  const IndexerShape& x = a.indexer;
  const double d = static_cast<double>(a.hidden_size);
  const double rank = a.mla.q_lora_rank > 0 ? static_cast<double>(a.mla.q_lora_rank) : d;
  const double n = static_cast<double>(x.num_heads);
  const double di = static_cast<double>(x.head_dim);
  return rank * n * di + d * di + d * n;
}

// Gated DeltaNet forward FLOPs per token of one layer: 2 x its projection weights, the
// depthwise convolution (2 x channels x taps), and the recurrence: per value head the d_k x
// d_v state is read with k, updated by a rank-1 delta and read with q, three matrix-vector
// products, 6 d_k d_v (Yang et al. 2024 eq. 10, recurrent form; the chunked kernel used in
// training does the same work up to O(chunk) terms). None of it grows with s.
struct LinearAttentionFlops {
  double projections = 0;
  double recurrence = 0;
};
LinearAttentionFlops LinearLayerFlops(const Architecture& a) {
  const LinearAttentionShape& g = a.linear;
  const double d = static_cast<double>(a.hidden_size);
  const double key_dim = static_cast<double>(g.num_key_heads) * static_cast<double>(g.key_head_dim);
  const double value_dim =
      static_cast<double>(g.num_value_heads) * static_cast<double>(g.value_head_dim);
  const double nv = static_cast<double>(g.num_value_heads);
  LinearAttentionFlops out;
  out.projections = 2 * (d * (2 * key_dim + 2 * value_dim) + d * 2 * nv + value_dim * d);
  const double conv = 2 * (2 * key_dim + value_dim) * static_cast<double>(g.conv_kernel);
  out.recurrence =
      conv + 6 * nv * static_cast<double>(g.key_head_dim) * static_cast<double>(g.value_head_dim);
  return out;
}

// Mamba / Mamba-2 forward FLOPs per token of one state-space mixer (StateSpaceShape): 2 x its
// projection weights (in_proj, out_proj, and Mamba's x_proj and dt_proj), the depthwise
// convolution (2 x channels x taps), the D skip (2 d_i), and the recurrent scan over the d_i N
// state elements. Per state element, Mamba (Gu & Dao 2023, eqs. 2a-2b and 4) forms
// A_bar = exp(dt A) (1), B_bar x (1), updates h = A_bar h + B_bar x (2) and reads y = C h (2):
// 6 FLOPs; Mamba-2's decay is one scalar per head (Dao & Gu 2024 §3), so 5. The chunked SSD
// kernel used in training does the same work up to O(chunk) terms. None of it grows with s.
struct StateSpaceFlops {
  double projections = 0;
  double scan = 0;
};
StateSpaceFlops StateSpaceLayerFlops(const Architecture& a) {
  const StateSpaceShape& m = a.ssm;
  const double d = static_cast<double>(a.hidden_size);
  const double di = static_cast<double>(m.inner);
  const double n = static_cast<double>(m.state);
  const double channels = static_cast<double>(m.conv_channels());
  StateSpaceFlops out;
  if (!m.present()) {
    return out;
  }
  double weights = 0;
  if (m.version == 2) {
    weights = d * (di + channels + static_cast<double>(m.heads)) + di * d;
  } else {
    const double r = static_cast<double>(m.dt_rank);
    weights = d * 2 * di + di * (r + 2 * n) + r * di + di * d;
  }
  out.projections = 2 * weights;
  const double per_state = m.version == 2 ? 5 : 6;
  out.scan = 2 * channels * static_cast<double>(m.conv_kernel) + 2 * di + per_state * di * n;
  return out;
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
double MeanContext(int64_t s, int64_t window, AttentionConvention convention);

// Mean keys per query in a chunked-attention layer with blocks of c tokens: query i sees
// ((i - 1) mod c) + 1 keys causally (the block so far), min(s, c) under the full convention.
double MeanChunkContext(int64_t s, int64_t c, AttentionConvention convention) {
  if (c <= 0 || c >= s) {
    return MeanContext(s, 0, convention);
  }
  if (convention == AttentionConvention::kFull) {
    return static_cast<double>(c);
  }
  const double cd = static_cast<double>(c);
  const double full_chunks = static_cast<double>(s / c);
  const double r = static_cast<double>(s % c);
  return (full_chunks * cd * (cd + 1) / 2 + r * (r + 1) / 2) / static_cast<double>(s);
}

// Keys a query of `layer` attends to on average (window, chunk, or DeepSeek-V3.2's top-k).
double LayerContext(const Architecture& a, const LayerSpec& layer, int64_t s,
                    AttentionConvention convention) {
  if (!a.causal || layer.encoder) {
    convention = AttentionConvention::kFull;  // an encoder's queries see every key
  }
  if (layer.mixer == MixerKind::kChunkedAttention) {
    return MeanChunkContext(s, layer.attention_chunk, convention);
  }
  int64_t window = layer.mixer == MixerKind::kSlidingWindow ? layer.sliding_window : 0;
  if (a.indexer.num_heads > 0 && a.indexer.top_k > 0) {
    window = window > 0 ? std::min(window, a.indexer.top_k) : a.indexer.top_k;
  }
  return MeanContext(s, window, convention);
}

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
  if (!layer.feed_forward) {
    return out;
  }
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
  const AttentionWeights weights = AttentionMatrixWeights(a);
  const double projections_per_layer = 2 * (weights.qkv + weights.o);
  // QK^T: 2 h d_qk per key; softmax(.)V: 2 h d_v per key (docs/formulas.md#flops-per-token).
  const double score_flops_per_key = 2 * h * QkHeadDim(a) + 2 * h * VHeadDim(a);

  const LinearAttentionFlops linear = LinearLayerFlops(a);
  const StateSpaceFlops ssm = StateSpaceLayerFlops(a);
  const bool indexer = a.indexer.num_heads > 0;
  const double indexer_per_key =
      2 * static_cast<double>(a.indexer.num_heads) * static_cast<double>(a.indexer.head_dim);

  FeedForwardFlops ffn;
  double context_sum = 0;
  double full_scores = 0;  // the same with every query seeing all s keys (conventions)
  double attention_layers = 0;
  double linear_projections = 0;
  double linear_recurrence = 0;
  double ssm_projections = 0;
  double ssm_scan = 0;
  double cross_projections = 0;
  double cross_scores = 0;
  double cross_layers = 0;
  // Runs of equal consecutive layers: their per-layer FLOPs are worked out once, then added
  // layer by layer (the same sums in the same order as one layer at a time); each distinct
  // layer's label is made once.
  LayerKinds kinds;
  for (size_t start = 0; start < a.layers.size();) {
    const LayerSpec& layer = a.layers[start];
    const size_t end = RunEnd(a.layers, start);
    const size_t n = end - start;
    start = end;
    const bool attention = IsSoftmaxAttention(layer.mixer);
    const bool linear_layer = layer.mixer == MixerKind::kLinearAttention;
    const bool state_space = HasStateSpace(layer.mixer);
    double mixer = 0;
    if (layer.cross_attention) {
      // Cross-attention (Vaswani et al. 2017 §3.2.3): Q and O per decoder token, K and V over
      // the encoder's outputs (s source tokens, one per target token at equal lengths), and
      // every query sees all s encoder keys.
      mixer += projections_per_layer + score_flops_per_key * sd;
    }
    double c = 0;
    double index = 0;
    if (attention) {
      c = LayerContext(a, layer, s, options.attention);
      mixer += projections_per_layer + score_flops_per_key * c;
      if (indexer) {
        // The indexer scores every causal key (n_i d_i per key) to pick the top-k.
        const double c_all =
            MeanContext(s, 0, a.causal ? options.attention : AttentionConvention::kFull);
        index = 2 * IndexerProjectionWeights(a) + indexer_per_key * c_all;
        mixer += index;
      }
    } else if (linear_layer) {
      mixer += linear.projections + linear.recurrence;
    }
    if (state_space) {
      mixer += ssm.projections + ssm.scan;
    }
    const FeedForwardFlops f = LayerFeedForward(a, layer);
    const double layer_total = mixer + f.mlp + f.routed + f.shared + f.router;
    const size_t kind = kinds.Index(layer);
    if (kind == out.forward_by_layer_kind.size()) {
      out.forward_by_layer_kind.push_back({kinds.label(kind), 0});
    }
    double& kind_total = out.forward_by_layer_kind[kind].value;
    for (size_t i = 0; i < n; ++i) {
      if (layer.cross_attention) {
        cross_layers += 1;
        cross_projections += projections_per_layer;
        cross_scores += score_flops_per_key * sd;
      }
      if (attention) {
        attention_layers += 1;
        context_sum += c;
        out.attention_projections += projections_per_layer;
        out.attention_scores += score_flops_per_key * c;
        full_scores += score_flops_per_key * sd;
        if (indexer) {
          out.attention_indexer += index;
        }
      } else if (linear_layer) {
        linear_projections += linear.projections;
        linear_recurrence += linear.recurrence;
      }
      if (state_space) {
        ssm_projections += ssm.projections;
        ssm_scan += ssm.scan;
      }
      ffn.mlp += f.mlp;
      ffn.routed += f.routed;
      ffn.shared += f.shared;
      ffn.router += f.router;
      kind_total += layer_total;
    }
  }
  out.mean_context = attention_layers > 0 ? context_sum / attention_layers : 0;
  out.linear_attention = linear_projections + linear_recurrence;
  out.state_space = ssm_projections + ssm_scan;
  out.ffn = ffn.mlp + ffn.routed + ffn.shared + ffn.router;
  out.cross_attention = cross_projections + cross_scores;
  out.lm_head = a.output_head ? HeadFlops(a) : 0;
  out.forward = out.attention_projections + out.attention_scores + out.attention_indexer +
                out.cross_attention + out.linear_attention + out.state_space + out.ffn +
                out.lm_head;
  struct Part {
    std::string_view name;
    double value;
  };
  const Part parts[] = {
      {"attention.projections", out.attention_projections},
      {"attention.scores", out.attention_scores},
      {"cross_attention.projections", cross_projections},
      {"cross_attention.scores", cross_scores},
      {"attention.indexer", out.attention_indexer},
      {"linear_attention.projections", linear_projections},
      {"linear_attention.recurrence", linear_recurrence},
      {"ssm.projections", ssm_projections},
      {"ssm.scan", ssm_scan},
      {"ffn.mlp", ffn.mlp},
      {"ffn.routed_experts", ffn.routed},
      {"ffn.shared_experts", ffn.shared},
      {"ffn.router", ffn.router},
      {"lm_head", out.lm_head},
  };
  out.forward_breakdown.reserve(static_cast<size_t>(std::count_if(
      std::begin(parts), std::end(parts), [](const Part& p) { return p.value != 0; })));
  for (const Part& part : parts) {
    if (part.value != 0) {
      out.forward_breakdown.push_back({std::string(part.name), part.value});
    }
  }
  // Backward = 2 x forward (activation and weight gradients); recomputation adds a forward.
  out.training = 3 * out.forward;
  out.training_with_recompute = 4 * out.forward;

  // DeepSeek-V3 §2.2: each MTP module runs M (2d x d), one more block and the shared head.
  if (a.mtp_layers > 0 && !a.layers.empty()) {
    const LayerSpec& last = a.layers.back();
    FeedForwardFlops f = LayerFeedForward(a, last);
    const double block = projections_per_layer +
                         score_flops_per_key * LayerContext(a, last, s, options.attention) + f.mlp +
                         f.routed + f.shared + f.router;
    out.mtp_forward = static_cast<double>(a.mtp_layers) * (2 * 2 * d * d + block + out.lm_head);
  }

  // ---- Others' conventions, all training FLOPs per token ----
  const double n_active = static_cast<double>(params.active);
  const double n_embedding = static_cast<double>(params.embedding + params.position);
  const double d_attn_v = h * VHeadDim(a);
  // Other conventions (docs/formulas.md#other-conventions).
  ConventionFlops& c = out.conventions;
  // Kaplan et al. 2020 §2.1: C = 6N per token (Chinchilla uses the same rule with all N).
  c.six_n = 6 * n_active;
  // Kaplan et al. 2020 eq. 2.2: C_forward = 2N + 2 n_layer n_ctx d_attn, N without embeddings.
  // n_layer counts the softmax-attention layers (linear-attention layers have no n_ctx term).
  // Cross-attention sublayers count as attention layers here (n_ctx = the s encoder outputs).
  const double all_attention = attention_layers + cross_layers;
  c.kaplan = 3 * (2 * (n_active - n_embedding) + 2 * all_attention * sd * d_attn_v);
  // Hoffmann et al. 2022 App. F: embeddings 2Vd, Q/K/V and output projections, logits
  // 2 s h d_qk, softmax 3 h s, values 2 s h d_v, the MLP, final logits 2dV; backward 2x.
  const double chinchilla_layer = 2 * weights.qkv + 2 * sd * h * QkHeadDim(a) + 3 * h * sd +
                                  2 * sd * h * VHeadDim(a) + 2 * weights.o;
  c.chinchilla =
      3 * (2 * static_cast<double>(a.vocab_size) * static_cast<double>(a.embedding_dim) +
           all_attention * chinchilla_layer + out.attention_indexer + out.linear_attention +
           out.state_space + ffn.mlp + ffn.routed + ffn.shared + ffn.router + out.lm_head);
  // Chowdhery et al. 2022 (PaLM) App. B: 6N + 12 L H Q T, N all parameters (active).
  c.palm = 6 * n_active + 12 * all_attention * h * QkHeadDim(a) * sd;
  // Megatron-LM num_floating_point_operations (Narayanan et al. 2021 App.): 3 passes of
  // every GEMM with full (non-causal) attention, no router or element-wise terms.
  c.megatron = 3 * (out.attention_projections + full_scores + out.cross_attention +
                    out.attention_indexer + out.linear_attention + out.state_space + ffn.mlp +
                    ffn.routed + ffn.shared + out.lm_head);

  for (double v : {out.forward, out.training_with_recompute, out.mtp_forward, c.six_n, c.kaplan,
                   c.chinchilla, c.palm, c.megatron}) {
    if (!std::isfinite(v)) {
      return OutOfRangeError("FLOPs per token are not finite for this shape");
    }
  }
  return out;
}

}  // namespace llmcost
