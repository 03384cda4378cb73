// Exact parameter counts (docs/formulas.md#parameters; papers: docs/references.md).
//
// Symbols: d hidden size, e embedding width, V vocabulary, h query heads, k KV heads,
// d_h head size, f dense MLP width, f_e expert width, E routed experts, S shared experts.
#include "llmcost/analysis/parameters.h"

#include <algorithm>
#include <iterator>
#include <string>
#include <string_view>
#include <utility>

#include "llmcost/checked_arithmetic.h"

#include "layer_runs.h"

namespace llmcost {
namespace {

// Accumulates named components with overflow checks. Names are string literals (static
// storage), compared as views; Take() makes the strings of the breakdown.
class Tally {
 public:
  struct Part {
    std::string_view name;
    int64_t value = 0;
  };
  Tally() { parts_.reserve(32); }  // enough for every model in configs/: no reallocation
  // Adds `value` to component `name` (created at first use, in order).
  Status Add(std::string_view name, int64_t value) {
    Part& p = parts_[Slot(name)];
    LLMCOST_ASSIGN_OR_RETURN(p.value, CheckedAdd(p.value, value, name));
    return OkStatus();
  }
  // Adds `value` to component `name` and to *layer_total (checked as `name`), or returns the
  // error `value` holds.
  Status AddToLayer(std::string_view name, const Result<int64_t>& value, int64_t* layer_total) {
    if (!value.ok()) {
      return value.status();
    }
    LLMCOST_ASSIGN_OR_RETURN(*layer_total, CheckedAdd(*layer_total, *value, name));
    return Add(name, *value);
  }
  // The slot of component `name`, created (at 0) at first use, in order.
  size_t Slot(std::string_view name) {
    for (size_t i = 0; i < parts_.size(); ++i) {
      if (parts_[i].name == name) {
        return i;
      }
    }
    parts_.push_back({name, 0});
    return parts_.size() - 1;
  }
  // Adds `value` to the component in `slot` (from Slot()).
  Status AddAt(size_t slot, int64_t value) {
    Part& p = parts_[slot];
    LLMCOST_ASSIGN_OR_RETURN(p.value, CheckedAdd(p.value, value, p.name));
    return OkStatus();
  }
  // Whether adding n x value to the component in `slot` overflows neither the product nor the
  // sum; then AddTimes adds it.
  bool FitsTimes(size_t slot, int64_t value, int64_t n) const {
    int64_t product = 0;
    int64_t sum = 0;
    return !__builtin_mul_overflow(value, n, &product) &&
           !__builtin_add_overflow(parts_[slot].value, product, &sum);
  }
  // REQUIRES: FitsTimes(slot, value, n).
  void AddTimes(size_t slot, int64_t value, int64_t n) { parts_[slot].value += value * n; }
  std::vector<Part> TakeParts() && { return std::move(parts_); }
  std::vector<Component<int64_t>> Take() && {
    std::vector<Component<int64_t>> out;
    out.reserve(parts_.size());
    for (const Part& p : parts_) {
      out.push_back({std::string(p.name), p.value});
    }
    return out;
  }

 private:
  std::vector<Part> parts_;
};

// Parameters of `count` norms of width n.
Result<int64_t> NormParams(NormKind kind, int64_t count, int64_t n) {
  switch (kind) {
    case NormKind::kRmsNorm:
      return CheckedMul(count, n, "norms");
    case NormKind::kLayerNorm:
      return CheckedProduct({2, count, n}, "norms");
    case NormKind::kNonParametric:
      return 0;
  }
  return 0;
}

// One feed-forward block of width `f`: gated 3 d f, plain 2 d f; biases f per up/gate
// matrix and d on the down projection.
Result<int64_t> MlpParams(const Architecture& a, int64_t f) {
  const int64_t matrices = a.mlp == MlpKind::kGated ? 3 : 2;
  LLMCOST_ASSIGN_OR_RETURN(int64_t weights,
                           CheckedProduct({matrices, a.hidden_size, f}, "mlp (d x d_ff)"));
  if (!a.mlp_bias) {
    return weights;
  }
  LLMCOST_ASSIGN_OR_RETURN(int64_t up_bias, CheckedMul(matrices - 1, f, "mlp bias"));
  LLMCOST_ASSIGN_OR_RETURN(int64_t bias, CheckedAdd(up_bias, a.hidden_size, "mlp bias"));
  return CheckedAdd(weights, bias, "mlp");
}

Status AddIndexer(const Architecture& a, Tally* tally, int64_t* layer_total);

// A component of AddAttention under both prefixes: "attention.x" for self-attention,
// "cross_attention.x" for an encoder-decoder's cross-attention.
struct AttentionPart {
  std::string_view self;
  std::string_view cross;
};

// Attention parameters of one layer, added to `tally` by projection, named "attention.x"
// (self-attention) or with `cross` "cross_attention.x" (an encoder-decoder's cross-attention).
Status AddAttention(const Architecture& a, bool cross, Tally* tally, int64_t* layer_total) {
  const int64_t d = a.hidden_size;
  const int64_t h = a.num_heads;
  auto add = [&](AttentionPart part, const Result<int64_t>& value) -> Status {
    return tally->AddToLayer(cross ? part.cross : part.self, value, layer_total);
  };
  if (a.attention == AttentionKind::kMultiLatent) {
    // DeepSeek-V2 §2.1.2-2.1.3: c_Q = W_DQ h (d x r_q), q = W_UQ c_Q (r_q x h (d_n + d_r));
    // [c_KV; k_R] = W_DKV h (d x (r_kv + d_r)); [k_C; v] = W_UKV c_KV (r_kv x h (d_n + d_v));
    // RMSNorm on c_Q and c_KV; o = W_O (h d_v x d) (docs/formulas.md#parameters).
    const MlaShape& m = a.mla;
    const int64_t qk_dim = m.qk_nope_head_dim + m.qk_rope_head_dim;
    if (m.q_lora_rank > 0) {
      LLMCOST_RETURN_IF_ERROR(
          add({"attention.q_a_proj", "cross_attention.q_a_proj"},
              CheckedMul(d, m.q_lora_rank, "q_a_proj (hidden_size x q_lora_rank)")));
      LLMCOST_RETURN_IF_ERROR(
          add({"attention.q_a_norm", "cross_attention.q_a_norm"}, Result<int64_t>(m.q_lora_rank)));
      LLMCOST_RETURN_IF_ERROR(add({"attention.q_b_proj", "cross_attention.q_b_proj"},
                                  CheckedProduct({m.q_lora_rank, h, qk_dim}, "q_b_proj")));
    } else {
      LLMCOST_RETURN_IF_ERROR(add({"attention.q_proj", "cross_attention.q_proj"},
                                  CheckedProduct({d, h, qk_dim}, "q_proj")));
    }
    LLMCOST_RETURN_IF_ERROR(
        add({"attention.kv_a_proj", "cross_attention.kv_a_proj"},
            CheckedProduct({d, m.kv_lora_rank + m.qk_rope_head_dim}, "kv_a_proj")));
    LLMCOST_RETURN_IF_ERROR(
        add({"attention.kv_a_norm", "cross_attention.kv_a_norm"}, Result<int64_t>(m.kv_lora_rank)));
    LLMCOST_RETURN_IF_ERROR(
        add({"attention.kv_b_proj", "cross_attention.kv_b_proj"},
            CheckedProduct({m.kv_lora_rank, h, m.qk_nope_head_dim + m.v_head_dim}, "kv_b_proj")));
    LLMCOST_ASSIGN_OR_RETURN(int64_t o, CheckedProduct({h, m.v_head_dim, d}, "o_proj"));
    LLMCOST_RETURN_IF_ERROR(add({"attention.o_proj", "cross_attention.o_proj"},
                                CheckedAdd(o, a.o_bias ? d : 0, "o_proj")));
    if (a.indexer.num_heads > 0 && !cross) {
      return AddIndexer(a, tally, layer_total);
    }
    return OkStatus();
  }
  // Standard attention: q d x h d_h (x 2 with an output gate), k and v d x k d_h, o h d_h x d
  // (+ biases).
  const int64_t q_outputs = a.attention_gate ? 2 : 1;
  LLMCOST_ASSIGN_OR_RETURN(
      int64_t q, CheckedProduct({d, h, a.head_dim}, "q_proj (hidden_size x heads x head_dim)"));
  const int64_t q_width = h * a.head_dim;  // fits: d >= 1 and d x h x head_dim fits (above)
  LLMCOST_ASSIGN_OR_RETURN(int64_t q_gated, CheckedMul(q_outputs, q, "q_proj with output gate"));
  LLMCOST_ASSIGN_OR_RETURN(int64_t kv,
                           CheckedProduct({d, a.num_kv_heads, a.head_dim},
                                          "k_proj (hidden_size x kv_heads x head_dim)"));
  const int64_t kv_width = a.num_kv_heads * a.head_dim;
  LLMCOST_ASSIGN_OR_RETURN(int64_t q_bias,
                           CheckedMul(a.qkv_bias ? q_outputs : 0, q_width, "q_proj bias"));
  LLMCOST_RETURN_IF_ERROR(
      add({"attention.q_proj", "cross_attention.q_proj"}, CheckedAdd(q_gated, q_bias, "q_proj")));
  LLMCOST_RETURN_IF_ERROR(add({"attention.k_proj", "cross_attention.k_proj"},
                              CheckedAdd(kv, a.qkv_bias ? kv_width : 0, "k_proj")));
  LLMCOST_RETURN_IF_ERROR(add({"attention.v_proj", "cross_attention.v_proj"},
                              CheckedAdd(kv, a.qkv_bias ? kv_width : 0, "v_proj")));
  LLMCOST_RETURN_IF_ERROR(add({"attention.o_proj", "cross_attention.o_proj"},
                              CheckedAdd(q, a.o_bias ? d : 0, "o_proj")));
  switch (a.qk_norm) {
    case QkNorm::kNone:
      break;
    case QkNorm::kPerHead:
      // Qwen3, Gemma 3: q_norm and k_norm, RMSNorm over d_h each, shared across heads.
      LLMCOST_RETURN_IF_ERROR(add({"attention.qk_norm", "cross_attention.qk_norm"},
                                  CheckedMul(2, a.head_dim, "qk_norm")));
      break;
    case QkNorm::kFullWidth:
      // OLMo 2, OLMoE: RMSNorm over the whole q (h d_h) and the whole k (k d_h).
      LLMCOST_RETURN_IF_ERROR(add({"attention.qk_norm", "cross_attention.qk_norm"},
                                  Result<int64_t>(q_width + kv_width)));
      break;
  }
  if (a.attention_sinks) {
    // GPT-OSS: one learned sink logit per head joins every softmax.
    LLMCOST_RETURN_IF_ERROR(add({"attention.sinks", "cross_attention.sinks"}, Result<int64_t>(h)));
  }
  return OkStatus();
}

// Gated DeltaNet parameters of one linear-attention layer (see LinearAttentionShape).
Status AddLinearAttention(const Architecture& a, Tally* tally, int64_t* layer_total) {
  const LinearAttentionShape& g = a.linear;
  const int64_t d = a.hidden_size;
  auto add = [&](std::string_view name, const Result<int64_t>& value) -> Status {
    return tally->AddToLayer(name, value, layer_total);
  };
  LLMCOST_ASSIGN_OR_RETURN(int64_t key_dim,
                           CheckedMul(g.num_key_heads, g.key_head_dim, "linear key width"));
  LLMCOST_ASSIGN_OR_RETURN(int64_t value_dim,
                           CheckedMul(g.num_value_heads, g.value_head_dim, "linear value width"));
  LLMCOST_ASSIGN_OR_RETURN(int64_t qkvz_width,
                           CheckedSum({key_dim, key_dim, value_dim, value_dim}, "in_proj_qkvz"));
  LLMCOST_RETURN_IF_ERROR(
      add("linear_attention.in_proj_qkvz", CheckedMul(d, qkvz_width, "in_proj_qkvz")));
  LLMCOST_RETURN_IF_ERROR(
      add("linear_attention.in_proj_ba", CheckedProduct({d, 2, g.num_value_heads}, "in_proj_ba")));
  LLMCOST_ASSIGN_OR_RETURN(int64_t conv_dim,
                           CheckedSum({key_dim, key_dim, value_dim}, "conv1d channels"));
  LLMCOST_RETURN_IF_ERROR(
      add("linear_attention.conv1d", CheckedMul(conv_dim, g.conv_kernel, "conv1d")));
  // A_log and dt_bias (one each per value head) and the gated RMSNorm's weight (d_v).
  LLMCOST_RETURN_IF_ERROR(add("linear_attention.gates_and_norm",
                              CheckedSum({2 * g.num_value_heads, g.value_head_dim}, "gates")));
  return add("linear_attention.out_proj", CheckedMul(value_dim, d, "out_proj"));
}

// Mamba / Mamba-2 parameters of one state-space mixer (see StateSpaceShape).
Status AddStateSpace(const Architecture& a, Tally* tally, int64_t* layer_total) {
  const StateSpaceShape& m = a.ssm;
  const int64_t d = a.hidden_size;
  const int64_t di = m.inner;
  auto add = [&](std::string_view name, const Result<int64_t>& value) -> Status {
    return tally->AddToLayer(name, value, layer_total);
  };
  // in_proj: z and x (2 d_i), and for Mamba-2 also B, C (2 G N) and dt (H).
  LLMCOST_ASSIGN_OR_RETURN(int64_t bc, CheckedProduct({2, m.groups, m.state}, "ssm B and C"));
  LLMCOST_ASSIGN_OR_RETURN(int64_t in_width, CheckedMul(2, di, "ssm in_proj width"));
  if (m.version == 2) {
    LLMCOST_ASSIGN_OR_RETURN(in_width, CheckedSum({in_width, bc, m.heads}, "ssm in_proj width"));
  }
  LLMCOST_ASSIGN_OR_RETURN(int64_t in_proj, CheckedMul(d, in_width, "ssm in_proj"));
  LLMCOST_RETURN_IF_ERROR(
      add("ssm.in_proj", CheckedAdd(in_proj, m.proj_bias ? in_width : 0, "ssm in_proj")));
  const int64_t channels = m.version == 2 ? di + bc : di;  // fits: in_width fits
  LLMCOST_ASSIGN_OR_RETURN(int64_t conv, CheckedMul(channels, m.conv_kernel, "ssm conv1d"));
  LLMCOST_RETURN_IF_ERROR(
      add("ssm.conv1d", CheckedAdd(conv, m.conv_bias ? channels : 0, "ssm conv1d")));
  if (m.version == 1) {
    // x_proj (d_i x (R + 2N)), dt_proj (R x d_i + d_i), A_log (d_i x N), D (d_i).
    LLMCOST_ASSIGN_OR_RETURN(int64_t x_proj, CheckedMul(di, m.dt_rank + 2 * m.state, "ssm x_proj"));
    LLMCOST_RETURN_IF_ERROR(add("ssm.x_proj", Result<int64_t>(x_proj)));
    LLMCOST_ASSIGN_OR_RETURN(int64_t dt_proj, CheckedMul(m.dt_rank + 1, di, "ssm dt_proj"));
    LLMCOST_RETURN_IF_ERROR(add("ssm.dt_proj", Result<int64_t>(dt_proj)));
    LLMCOST_ASSIGN_OR_RETURN(int64_t a_log, CheckedMul(di, m.state, "ssm A_log"));
    LLMCOST_ASSIGN_OR_RETURN(
        int64_t params,
        CheckedSum({a_log, di, m.dt_bc_norms ? m.dt_rank + 2 * m.state : 0}, "ssm A, D, norms"));
    LLMCOST_RETURN_IF_ERROR(add("ssm.a_d_and_norms", Result<int64_t>(params)));
  } else {
    // dt_bias, A_log and D (H each), the gated RMSNorm (d_i).
    LLMCOST_RETURN_IF_ERROR(add(
        "ssm.a_d_and_norms", CheckedSum({3 * m.heads, m.gated_norm ? di : 0}, "ssm A, D, norm")));
  }
  LLMCOST_ASSIGN_OR_RETURN(int64_t out_proj, CheckedMul(di, d, "ssm out_proj"));
  return add("ssm.out_proj", CheckedAdd(out_proj, m.proj_bias ? d : 0, "ssm out_proj"));
}

// DeepSeek-V3.2's lightning indexer (see IndexerShape).
Status AddIndexer(const Architecture& a, Tally* tally, int64_t* layer_total) {
  const IndexerShape& x = a.indexer;
  const int64_t d = a.hidden_size;
  const int64_t rank = a.mla.q_lora_rank > 0 ? a.mla.q_lora_rank : d;
  LLMCOST_ASSIGN_OR_RETURN(int64_t wq, CheckedProduct({rank, x.num_heads, x.head_dim}, "wq_b"));
  LLMCOST_ASSIGN_OR_RETURN(int64_t wk, CheckedMul(d, x.head_dim, "indexer wk"));
  LLMCOST_ASSIGN_OR_RETURN(int64_t weights, CheckedMul(d, x.num_heads, "weights_proj"));
  LLMCOST_ASSIGN_OR_RETURN(int64_t total, CheckedSum({wq, wk, 2 * x.head_dim, weights}, "indexer"));
  LLMCOST_ASSIGN_OR_RETURN(*layer_total, CheckedAdd(*layer_total, total, "indexer"));
  return tally->Add("attention.indexer", total);
}

// Feed-forward parameters of one layer (dense MLP or MoE block), added to `tally`.
// Sets *inactive to the routed-expert parameters a token skips in this layer.
Status AddFeedForward(const Architecture& a, const LayerSpec& layer, int64_t expert_params,
                      Tally* tally, int64_t* layer_total, int64_t* inactive) {
  // `layer_name` names the layer sum in an overflow error: "<name> (layer)".
  auto add = [&](std::string_view name, std::string_view layer_name, int64_t value) -> Status {
    LLMCOST_ASSIGN_OR_RETURN(*layer_total, CheckedAdd(*layer_total, value, layer_name));
    return tally->Add(name, value);
  };
  *inactive = 0;
  if (!layer.feed_forward) {
    return OkStatus();
  }
  if (!layer.moe) {
    LLMCOST_ASSIGN_OR_RETURN(int64_t mlp, MlpParams(a, a.intermediate_size));
    return add("mlp", "mlp (layer)", mlp);
  }
  const MoeShape& m = a.moe;
  LLMCOST_ASSIGN_OR_RETURN(int64_t routed,
                           CheckedMul(m.num_experts, expert_params, "routed experts"));
  LLMCOST_RETURN_IF_ERROR(add("moe.routed_experts", "moe.routed_experts (layer)", routed));
  *inactive = (m.num_experts - m.top_k) * expert_params;  // <= routed: no overflow
  if (m.num_shared_experts > 0) {
    LLMCOST_ASSIGN_OR_RETURN(int64_t one_shared, MlpParams(a, m.shared_ffn));
    LLMCOST_ASSIGN_OR_RETURN(int64_t shared,
                             CheckedMul(m.num_shared_experts, one_shared, "shared experts"));
    if (m.shared_expert_gate) {
      LLMCOST_ASSIGN_OR_RETURN(shared, CheckedAdd(shared, a.hidden_size, "shared expert gate"));
    }
    LLMCOST_RETURN_IF_ERROR(add("moe.shared_experts", "moe.shared_experts (layer)", shared));
  }
  // Router: a d x E linear map without bias, plus V3's E-wide correction bias.
  LLMCOST_ASSIGN_OR_RETURN(int64_t router, CheckedMul(a.hidden_size, m.num_experts, "router"));
  LLMCOST_ASSIGN_OR_RETURN(router, CheckedAdd(router, m.router_bias ? m.num_experts : 0, "router"));
  return add("moe.router", "moe.router (layer)", router);
}

// ViT-style encoder (SigLIP / CLIP) and its projector; see VisionTower.
Status CountVision(const VisionTower& v, ParameterCount* out) {
  if (!v.present()) {
    return OkStatus();
  }
  const int64_t dv = v.hidden_size;
  const int64_t norm = v.rms_norm ? dv : 2 * dv;  // one norm: RMSNorm D, LayerNorm 2 D
  // Per layer: 2 norms, Q K V O (4 D^2, + 4 D with biases), fc1 and fc2 (2 D f, + f + D with
  // biases) or a gated MLP (3 D f).
  LLMCOST_ASSIGN_OR_RETURN(int64_t attn, CheckedProduct({4, dv, dv}, "vision attention"));
  LLMCOST_ASSIGN_OR_RETURN(
      int64_t mlp, CheckedProduct({v.gated_mlp ? 3 : 2, dv, v.intermediate_size}, "vision mlp"));
  int64_t biases = 0;
  if (v.biases) {
    LLMCOST_ASSIGN_OR_RETURN(
        biases, CheckedSum({4 * dv, (v.gated_mlp ? 2 : 1) * v.intermediate_size, dv}, "biases"));
  }
  LLMCOST_ASSIGN_OR_RETURN(int64_t layer,
                           CheckedSum({attn, mlp, biases, 2 * norm}, "vision layer"));
  LLMCOST_ASSIGN_OR_RETURN(int64_t layers, CheckedMul(v.num_layers, layer, "vision layers"));
  // Patch embedding: a C x t x p x p convolution to D channels (t = 1 but for Qwen2-VL's
  // Conv3d over frame pairs), its bias counted below with patch_bias.
  LLMCOST_ASSIGN_OR_RETURN(int64_t patch, CheckedProduct({v.num_channels, v.temporal_patch_size,
                                                          v.patch_size, v.patch_size, dv},
                                                         "patch embedding"));
  // Positions: one per patch of the (image_size / p)^2 grid, plus the class token's.
  const int64_t side = v.patch_size > 0 ? v.image_size / v.patch_size : 0;
  LLMCOST_ASSIGN_OR_RETURN(int64_t patches, CheckedMul(side, side, "vision patches"));
  LLMCOST_ASSIGN_OR_RETURN(
      int64_t positions, CheckedMul(v.learned_positions ? patches + (v.class_token ? 1 : 0) : 0, dv,
                                    "vision positions"));
  const int64_t once = (v.class_token ? dv : 0) + (v.pre_norm ? norm : 0) +
                       (v.post_norm ? norm : 0) + (v.patch_bias ? dv : 0);
  LLMCOST_ASSIGN_OR_RETURN(out->vision_encoder,
                           CheckedSum({layers, patch, positions, once}, "vision encoder"));
  int64_t projector = v.projector_norm;
  for (const VisionTower::Matrix& m : v.projector) {
    LLMCOST_ASSIGN_OR_RETURN(int64_t weights, CheckedMul(m.rows, m.cols, "vision projector"));
    LLMCOST_ASSIGN_OR_RETURN(weights,
                             CheckedAdd(weights, m.bias ? m.cols : 0, "vision projector bias"));
    LLMCOST_ASSIGN_OR_RETURN(projector, CheckedAdd(projector, weights, "vision projector"));
  }
  out->vision_projector = projector;
  return OkStatus();
}

}  // namespace

Result<ParameterCount> CountParameters(const Architecture& a) {
  ParameterCount out;
  Tally tally;
  const int64_t d = a.hidden_size;
  const int64_t e = a.embedding_dim;

  // Embeddings: V x e input; V x e output head unless tied; OPT-350m's project_in and
  // project_out (e x d each, no bias) when e != d.
  LLMCOST_ASSIGN_OR_RETURN(out.embedding_input,
                           CheckedMul(a.vocab_size, e, "embedding (vocab_size x hidden_size)"));
  out.embedding_output = a.tying == Tying::kTied || !a.output_head ? 0 : out.embedding_input;
  if (a.head_bias && a.output_head) {
    LLMCOST_ASSIGN_OR_RETURN(out.embedding_output,
                             CheckedAdd(out.embedding_output, a.vocab_size, "lm_head bias"));
  }
  int64_t projection = 0;
  if (e != d) {
    LLMCOST_ASSIGN_OR_RETURN(projection, CheckedProduct({2, e, d}, "embedding projections"));
  }
  LLMCOST_ASSIGN_OR_RETURN(out.embedding,
                           CheckedAdd(out.embedding_input, out.embedding_output, "embeddings"));
  LLMCOST_ASSIGN_OR_RETURN(out.embedding, CheckedAdd(out.embedding, projection, "embeddings"));
  // BERT: the segment embedding (token_types x d) and the LayerNorm after the embeddings.
  LLMCOST_ASSIGN_OR_RETURN(const int64_t token_type,
                           CheckedMul(a.token_types, d, "token type embedding"));
  LLMCOST_ASSIGN_OR_RETURN(const int64_t embedding_norm,
                           NormParams(a.norm, a.embedding_norm ? 1 : 0, d));
  LLMCOST_ASSIGN_OR_RETURN(out.embedding,
                           CheckedSum({out.embedding, token_type, embedding_norm}, "embeddings"));
  LLMCOST_RETURN_IF_ERROR(tally.Add("embedding", out.embedding_input));
  if (out.embedding_output > 0) {
    LLMCOST_RETURN_IF_ERROR(tally.Add("lm_head", out.embedding_output));
  }
  if (projection > 0) {
    LLMCOST_RETURN_IF_ERROR(tally.Add("embedding_projection", projection));
  }
  if (token_type > 0) {
    LLMCOST_RETURN_IF_ERROR(tally.Add("token_type_embedding", token_type));
  }
  if (embedding_norm > 0) {
    LLMCOST_RETURN_IF_ERROR(tally.Add("embedding_norm", embedding_norm));
  }
  LLMCOST_ASSIGN_OR_RETURN(out.position,
                           CheckedMul(a.learned_positions, d, "position table (positions x d)"));
  if (out.position > 0) {
    LLMCOST_RETURN_IF_ERROR(tally.Add("position", out.position));
  }
  // Stacks: an encoder-decoder model has two (each with its final norm and, for T5, its
  // relative-position bias table in its first layer).
  const bool encoder_decoder = a.is_encoder_decoder();
  const int64_t stacks = encoder_decoder ? 2 : 1;
  int64_t bias_table = 0;  // one B x h relative-position bias table
  if (a.position == PositionKind::kRelativeBias) {
    LLMCOST_ASSIGN_OR_RETURN(bias_table, CheckedMul(a.relative_buckets, a.num_heads,
                                                    "relative attention bias (buckets x heads)"));
    const int64_t tables = a.relative_bias_every_layer ? a.num_layers : stacks;
    LLMCOST_ASSIGN_OR_RETURN(int64_t relative,
                             CheckedMul(tables, bias_table, "relative attention bias"));
    if (relative > 0) {
      LLMCOST_RETURN_IF_ERROR(tally.Add("relative_attention_bias", relative));
    }
    LLMCOST_ASSIGN_OR_RETURN(out.position, CheckedAdd(out.position, relative, "positions"));
  }

  if (a.is_moe()) {
    LLMCOST_ASSIGN_OR_RETURN(out.expert, MlpParams(a, a.moe.expert_ffn));
  }
  LLMCOST_ASSIGN_OR_RETURN(const int64_t layer_norms, NormParams(a.norm, a.norms_per_layer, d));
  LLMCOST_ASSIGN_OR_RETURN(const int64_t final_norm,
                           NormParams(a.norm, a.final_norm ? stacks : 0, d));
  int64_t transformer = 0;
  int64_t inactive_total = 0;
  out.layer.reserve(a.layers.size());
  // Layers of the same mixer, cross-attention and feed-forward have the same count; count each
  // kind once. Kind index: 12 x (cross-attention 1, else 0) + 3 x (attention 0, linear
  // attention 1, state space 2, both 3) + (dense 0, MoE 1, no feed-forward 2).
  constexpr int kKinds = 24;
  int64_t layer_params[kKinds];
  std::fill(std::begin(layer_params), std::end(layer_params), -1);
  int64_t layer_inactive[kKinds] = {};
  std::vector<Tally::Part> kind_parts[kKinds];
  std::vector<size_t> kind_slots[kKinds];  // where each of kind_parts[k] adds up in `tally`
  auto kind_of = [](const LayerSpec& l) {
    const int mixer = l.mixer == MixerKind::kLinearAttention          ? 1
                      : l.mixer == MixerKind::kStateSpace             ? 2
                      : l.mixer == MixerKind::kAttentionAndStateSpace ? 3
                                                                      : 0;
    return 12 * (l.cross_attention ? 1 : 0) + 3 * mixer + (!l.feed_forward ? 2 : l.moe ? 1 : 0);
  };
  LLMCOST_ASSIGN_OR_RETURN(const int64_t cross_norm, NormParams(a.norm, 1, d));
  int64_t cross_per_layer = 0;  // one cross-attention sublayer with its norm
  // Adds n layers of `kind` to `tally` and `transformer`: all at once when no product or sum
  // overflows (then no sum of the layer-by-layer order does either: each partial sum lies
  // between the first and the last), else layer by layer, so that an overflow is the error of
  // the first sum that overflows, as when each layer is added alone.
  auto add_layers = [&](int kind, int64_t n) -> Status {
    const std::vector<Tally::Part>& parts = kind_parts[kind];
    const std::vector<size_t>& slots = kind_slots[kind];
    bool fits = true;
    for (size_t i = 0; i < parts.size() && fits; ++i) {
      fits = tally.FitsTimes(slots[i], parts[i].value, n);
    }
    int64_t layers = 0;
    if (fits && !__builtin_mul_overflow(layer_params[kind], n, &layers) &&
        !__builtin_add_overflow(transformer, layers, &layers)) {
      for (size_t i = 0; i < parts.size(); ++i) {
        tally.AddTimes(slots[i], parts[i].value, n);
      }
      transformer = layers;
      return OkStatus();
    }
    for (int64_t layer = 0; layer < n; ++layer) {
      for (size_t i = 0; i < parts.size(); ++i) {
        LLMCOST_RETURN_IF_ERROR(tally.AddAt(slots[i], parts[i].value));
      }
      LLMCOST_ASSIGN_OR_RETURN(transformer, CheckedAdd(transformer, layer_params[kind], "layers"));
    }
    return OkStatus();
  };
  LayerKinds kinds;  // each distinct layer's label made once
  // Runs of equal consecutive layers: added at once.
  for (size_t start = 0; start < a.layers.size();) {
    const LayerSpec& layer = a.layers[start];
    const size_t end = RunEnd(a.layers, start);
    const int64_t n = static_cast<int64_t>(end - start);
    start = end;
    const int kind = kind_of(layer);
    if (layer_params[kind] < 0) {
      Tally one;
      int64_t total = 0;
      if (IsSoftmaxAttention(layer.mixer)) {
        LLMCOST_RETURN_IF_ERROR(AddAttention(a, /*cross=*/false, &one, &total));
      } else if (layer.mixer == MixerKind::kLinearAttention) {
        LLMCOST_RETURN_IF_ERROR(AddLinearAttention(a, &one, &total));
      }
      if (HasStateSpace(layer.mixer)) {
        LLMCOST_RETURN_IF_ERROR(AddStateSpace(a, &one, &total));
      }
      LLMCOST_RETURN_IF_ERROR(
          AddFeedForward(a, layer, out.expert, &one, &total, &layer_inactive[kind]));
      if (layer.cross_attention) {
        // T5LayerCrossAttention: its own norm and Q, K, V, O (Raffel et al. 2020 §3.1.1).
        int64_t cross = 0;
        LLMCOST_RETURN_IF_ERROR(AddAttention(a, /*cross=*/true, &one, &cross));
        if (cross_norm > 0) {
          LLMCOST_RETURN_IF_ERROR(one.Add("cross_attention.norm", cross_norm));
        }
        LLMCOST_ASSIGN_OR_RETURN(cross_per_layer, CheckedAdd(cross, cross_norm, "cross-attention"));
        LLMCOST_ASSIGN_OR_RETURN(total, CheckedAdd(total, cross_per_layer, "cross-attention"));
      }
      if (layer_norms > 0) {
        LLMCOST_RETURN_IF_ERROR(one.Add("norms", layer_norms));
        LLMCOST_ASSIGN_OR_RETURN(total, CheckedAdd(total, layer_norms, "norms"));
      }
      layer_params[kind] = total;
      kind_parts[kind] = std::move(one).TakeParts();
      for (const Tally::Part& p : kind_parts[kind]) {
        kind_slots[kind].push_back(tally.Slot(p.name));
      }
    }
    LLMCOST_RETURN_IF_ERROR(add_layers(kind, n));
    // Below, n x a layer's count <= transformer: no overflow.
    const int64_t params = layer_params[kind];
    out.layer.insert(out.layer.end(), static_cast<size_t>(n), params);
    if (layer.encoder) {
      out.encoder += n * params;
    } else if (encoder_decoder) {
      const int64_t cross = layer.cross_attention ? cross_per_layer : 0;
      out.decoder += n * (params - cross);
      out.cross_attention += n * cross;
    }
    inactive_total += n * layer_inactive[kind];
    const size_t label = kinds.Index(layer);
    if (label == out.layer_kinds.size()) {
      out.layer_kinds.push_back({kinds.label(label), 0, 0});
    }
    out.layer_kinds[label].layers += n;
    out.layer_kinds[label].params += n * params;
  }
  if (final_norm > 0) {
    LLMCOST_RETURN_IF_ERROR(tally.Add("final_norm", final_norm));
    LLMCOST_ASSIGN_OR_RETURN(transformer, CheckedAdd(transformer, final_norm, "norms"));
  }
  if (encoder_decoder) {
    // Each stack: its layers, its final norm and its relative-position bias tables (first layer
    // of the stack, or every layer). All fit: they sum to at most total.
    const int64_t norm = final_norm / stacks;
    int64_t encoder_layers = 0;
    for (const LayerSpec& l : a.layers) {
      encoder_layers += l.encoder ? 1 : 0;
    }
    const int64_t tables = a.relative_bias_every_layer ? encoder_layers : 1;
    const int64_t decoder_tables = a.relative_bias_every_layer ? a.num_layers - encoder_layers : 1;
    out.encoder += norm + tables * bias_table;
    out.decoder += norm + decoder_tables * bias_table;
  }
  if (a.pooler) {
    // BERT pooler: a d x d dense layer with bias on the first token.
    LLMCOST_ASSIGN_OR_RETURN(int64_t pooler, CheckedMul(d, d, "pooler"));
    LLMCOST_ASSIGN_OR_RETURN(pooler, CheckedAdd(pooler, d, "pooler"));
    LLMCOST_RETURN_IF_ERROR(tally.Add("pooler", pooler));
    LLMCOST_ASSIGN_OR_RETURN(transformer, CheckedAdd(transformer, pooler, "pooler"));
  }
  out.transformer = transformer;
  if (a.mlm_head) {
    // BertLMPredictionHead: transform (d x d + d), LayerNorm (2d), decoder bias (V); the
    // decoder weight is the tied embedding. Not in the total: AutoModel drops it.
    LLMCOST_ASSIGN_OR_RETURN(int64_t dense, CheckedMul(d, d, "mlm head"));
    LLMCOST_ASSIGN_OR_RETURN(out.mlm_head, CheckedSum({dense, 3 * d, a.vocab_size}, "mlm head"));
  }
  LLMCOST_RETURN_IF_ERROR(CountVision(a.vision, &out));
  if (out.vision_encoder > 0) {
    LLMCOST_RETURN_IF_ERROR(tally.Add("vision.encoder", out.vision_encoder));
  }
  if (out.vision_projector > 0) {
    LLMCOST_RETURN_IF_ERROR(tally.Add("vision.projector", out.vision_projector));
  }
  LLMCOST_ASSIGN_OR_RETURN(out.total, CheckedAdd(out.embedding, out.position, "total"));
  LLMCOST_ASSIGN_OR_RETURN(out.total, CheckedAdd(out.total, transformer, "total parameters"));
  LLMCOST_ASSIGN_OR_RETURN(int64_t vision,
                           CheckedAdd(out.vision_encoder, out.vision_projector, "vision"));
  // Active per text token: the vision tower runs on image patches, not on text tokens.
  out.active = out.total - inactive_total;
  LLMCOST_ASSIGN_OR_RETURN(out.total, CheckedAdd(out.total, vision, "total parameters"));
  out.breakdown = std::move(tally).Take();

  // Multi-token prediction (DeepSeek-V3 §2.2; docs/formulas.md#multi-token-prediction): per module,
  // RMSNorms on the hidden state and the embedding (2 d), the projection M (2d x d), one
  // Transformer block like the last main layer, and the output head's norm (d). Embedding and head
  // are shared with the main model, so they are not counted again (the released checkpoint stores
  // copies of both).
  if (a.mtp_layers > 0 && !a.layers.empty()) {
    const int kind = kind_of(a.layers.back());
    LLMCOST_ASSIGN_OR_RETURN(int64_t eh_proj, CheckedProduct({2, d, d}, "mtp projection"));
    LLMCOST_ASSIGN_OR_RETURN(int64_t mtp_norms, NormParams(a.norm, 3, d));
    LLMCOST_ASSIGN_OR_RETURN(int64_t one,
                             CheckedSum({eh_proj, layer_params[kind], mtp_norms}, "mtp"));
    LLMCOST_ASSIGN_OR_RETURN(out.mtp, CheckedMul(a.mtp_layers, one, "mtp modules"));
  }
  return out;
}

}  // namespace llmcost
