// The weight tensors of an Architecture (tensor_inventory.h). Shapes follow the
// HuggingFace modules the families use (nn.Linear weight = [out_features, in_features]);
// the same shapes as parameters.cc counts (docs/formulas.md "Parameters").
#include "tensor_inventory.h"

namespace llmcost {
namespace {

void AddNorms(const Architecture& a, int64_t layer, int64_t norms, int64_t width,
              std::string_view name, std::vector<TensorSpec>* out) {
  if (norms == 0 || a.norm == NormKind::kNonParametric) {
    return;
  }
  const int64_t vectors = norms * (a.norm == NormKind::kLayerNorm ? 2 : 1);
  out->push_back({TensorRole::kNorm, layer, 1, width, vectors, name});
}

void AddMlp(const Architecture& a, int64_t layer, int64_t f, int64_t copies, TensorRole gate,
            TensorRole up, TensorRole down, std::vector<TensorSpec>* out) {
  const int64_t d = a.hidden_size;
  if (a.mlp == MlpKind::kGated) {
    out->push_back({gate, layer, f, d, copies, "mlp.gate_proj"});
  }
  out->push_back({up, layer, f, d, copies, "mlp.up_proj"});
  out->push_back({down, layer, d, f, copies, "mlp.down_proj"});
  if (a.mlp_bias) {
    const int64_t up_biases = a.mlp == MlpKind::kGated ? 2 : 1;
    out->push_back({TensorRole::kBias, layer, 1, f, copies * up_biases, "mlp.bias"});
    out->push_back({TensorRole::kBias, layer, 1, d, copies, "mlp.down_proj.bias"});
  }
}

void AddAttention(const Architecture& a, int64_t layer, std::vector<TensorSpec>* out);

// An encoder-decoder's cross-attention sublayer: its norm and Q, K, V, O (standard attention).
void AddCrossAttention(const Architecture& a, int64_t layer, std::vector<TensorSpec>* out) {
  const int64_t d = a.hidden_size;
  const int64_t q = a.num_heads * a.head_dim;
  const int64_t kv = a.num_kv_heads * a.head_dim;
  AddNorms(a, layer, 1, d, "cross_attn_layernorm", out);
  out->push_back({TensorRole::kAttnQ, layer, q, d, 1, "cross_attn.q_proj"});
  out->push_back({TensorRole::kAttnK, layer, kv, d, 1, "cross_attn.k_proj"});
  out->push_back({TensorRole::kAttnV, layer, kv, d, 1, "cross_attn.v_proj"});
  out->push_back({TensorRole::kAttnOutput, layer, d, q, 1, "cross_attn.o_proj"});
}

void AddAttention(const Architecture& a, int64_t layer, std::vector<TensorSpec>* out) {
  const int64_t d = a.hidden_size;
  const int64_t h = a.num_heads;
  if (a.attention == AttentionKind::kMultiLatent) {
    const MlaShape& m = a.mla;
    const int64_t qk = m.qk_nope_head_dim + m.qk_rope_head_dim;
    if (m.q_lora_rank > 0) {
      out->push_back({TensorRole::kAttnQA, layer, m.q_lora_rank, d, 1, "self_attn.q_a_proj"});
      out->push_back({TensorRole::kNorm, layer, 1, m.q_lora_rank, 1, "self_attn.q_a_layernorm"});
      out->push_back({TensorRole::kAttnQB, layer, h * qk, m.q_lora_rank, 1, "self_attn.q_b_proj"});
    } else {
      out->push_back({TensorRole::kAttnQ, layer, h * qk, d, 1, "self_attn.q_proj"});
    }
    out->push_back({TensorRole::kAttnKvA, layer, m.kv_lora_rank + m.qk_rope_head_dim, d, 1,
                    "self_attn.kv_a_proj_with_mqa"});
    out->push_back({TensorRole::kNorm, layer, 1, m.kv_lora_rank, 1, "self_attn.kv_a_layernorm"});
    out->push_back({TensorRole::kAttnKvB, layer, h * (m.qk_nope_head_dim + m.v_head_dim),
                    m.kv_lora_rank, 1, "self_attn.kv_b_proj"});
    out->push_back({TensorRole::kAttnOutput, layer, d, h * m.v_head_dim, 1, "self_attn.o_proj"});
  } else {
    const int64_t q = h * a.head_dim;
    const int64_t kv = a.num_kv_heads * a.head_dim;
    out->push_back({TensorRole::kAttnQ, layer, q, d, 1, "self_attn.q_proj"});
    out->push_back({TensorRole::kAttnK, layer, kv, d, 1, "self_attn.k_proj"});
    out->push_back({TensorRole::kAttnV, layer, kv, d, 1, "self_attn.v_proj"});
    out->push_back({TensorRole::kAttnOutput, layer, d, q, 1, "self_attn.o_proj"});
    if (a.qkv_bias) {
      out->push_back({TensorRole::kBias, layer, 1, q + 2 * kv, 1, "self_attn.qkv.bias"});
    }
    if (a.qk_norm == QkNorm::kPerHead) {
      out->push_back({TensorRole::kNorm, layer, 1, a.head_dim, 2, "self_attn.qk_norm"});
    } else if (a.qk_norm == QkNorm::kFullWidth) {
      out->push_back({TensorRole::kNorm, layer, 1, q + kv, 1, "self_attn.qk_norm"});
    }
  }
  if (a.o_bias) {
    out->push_back({TensorRole::kBias, layer, 1, d, 1, "self_attn.o_proj.bias"});
  }
}

}  // namespace

bool IsQuantizableLinear(TensorRole role) {
  switch (role) {
    case TensorRole::kAttnQ:
    case TensorRole::kAttnK:
    case TensorRole::kAttnV:
    case TensorRole::kAttnOutput:
    case TensorRole::kAttnQA:
    case TensorRole::kAttnQB:
    case TensorRole::kAttnKvA:
    case TensorRole::kAttnKvB:
      return true;
    default:
      return IsFeedForward(role);
  }
}

bool IsFeedForward(TensorRole role) {
  switch (role) {
    case TensorRole::kFfnGate:
    case TensorRole::kFfnUp:
    case TensorRole::kFfnDown:
    case TensorRole::kExpertGate:
    case TensorRole::kExpertUp:
    case TensorRole::kExpertDown:
    case TensorRole::kSharedGate:
    case TensorRole::kSharedUp:
    case TensorRole::kSharedDown:
      return true;
    default:
      return false;
  }
}

std::vector<TensorSpec> TensorInventory(const Architecture& a) {
  std::vector<TensorSpec> out;
  const int64_t d = a.hidden_size;
  const int64_t e = a.embedding_dim;
  out.push_back({TensorRole::kEmbedding, -1, a.vocab_size, e, 1, "model.embed_tokens"});
  if (e != d) {
    out.push_back({TensorRole::kEmbeddingProjection, -1, d, e, 1, "model.project_in"});
    out.push_back({TensorRole::kEmbeddingProjection, -1, e, d, 1, "model.project_out"});
  }
  if (a.learned_positions > 0) {
    out.push_back({TensorRole::kPosition, -1, a.learned_positions, d, 1, "model.embed_positions"});
  }
  for (int64_t i = 0; i < static_cast<int64_t>(a.layers.size()); ++i) {
    const LayerSpec& layer = a.layers[static_cast<size_t>(i)];
    AddNorms(a, i, a.norms_per_layer, d, "input_layernorm", &out);
    // Linear-attention and state-space mixers are not listed: their parameters stay in the
    // 16-bit remainder that EstimateWeightStorage adds.
    if (IsSoftmaxAttention(layer.mixer)) {
      AddAttention(a, i, &out);
    }
    if (layer.cross_attention && a.attention == AttentionKind::kStandard) {
      AddCrossAttention(a, i, &out);
    }
    if (!layer.feed_forward) {
      continue;
    }
    if (!layer.moe) {
      AddMlp(a, i, a.intermediate_size, 1, TensorRole::kFfnGate, TensorRole::kFfnUp,
             TensorRole::kFfnDown, &out);
      continue;
    }
    const MoeShape& m = a.moe;
    out.push_back({TensorRole::kRouter, i, m.num_experts, d, 1, "mlp.gate"});
    if (m.router_bias) {
      out.push_back(
          {TensorRole::kBias, i, 1, m.num_experts, 1, "mlp.gate.e_score_correction_bias"});
    }
    AddMlp(a, i, m.expert_ffn, m.num_experts, TensorRole::kExpertGate, TensorRole::kExpertUp,
           TensorRole::kExpertDown, &out);
    if (m.num_shared_experts > 0) {
      AddMlp(a, i, m.shared_ffn, m.num_shared_experts, TensorRole::kSharedGate,
             TensorRole::kSharedUp, TensorRole::kSharedDown, &out);
      if (m.shared_expert_gate) {
        out.push_back({TensorRole::kSharedExpertGate, i, 1, d, 1, "mlp.shared_expert_gate"});
      }
    }
  }
  AddNorms(a, -1, a.final_norm ? (a.is_encoder_decoder() ? 2 : 1) : 0, d, "model.norm", &out);
  if (a.tying == Tying::kUntied) {
    out.push_back({TensorRole::kOutput, -1, a.vocab_size, e, 1, "lm_head"});
  }
  return out;
}

}  // namespace llmcost
