// Test checkpoints named the way transformers saves each family.
#include "testing/hf_checkpoint.h"

namespace llmcost::testing {
namespace {

void Add(std::vector<TensorSpec>* out, std::string name, const std::string& dtype,
         std::vector<int64_t> shape) {
  out->push_back({std::move(name), dtype, std::move(shape)});
}

std::vector<TensorSpec> Gpt2(const Architecture& a, const std::string& dt) {
  const int64_t d = a.hidden_size;
  const int64_t f = a.intermediate_size;
  std::vector<TensorSpec> t;
  Add(&t, "wte.weight", dt, {a.vocab_size, d});
  Add(&t, "wpe.weight", dt, {a.learned_positions, d});
  for (int64_t i = 0; i < a.num_layers; ++i) {
    const std::string p = "h." + std::to_string(i) + ".";
    Add(&t, p + "ln_1.weight", dt, {d});
    Add(&t, p + "ln_1.bias", dt, {d});
    Add(&t, p + "attn.c_attn.weight", dt, {d, 3 * d});
    Add(&t, p + "attn.c_attn.bias", dt, {3 * d});
    Add(&t, p + "attn.c_proj.weight", dt, {d, d});
    Add(&t, p + "attn.c_proj.bias", dt, {d});
    Add(&t, p + "ln_2.weight", dt, {d});
    Add(&t, p + "ln_2.bias", dt, {d});
    Add(&t, p + "mlp.c_fc.weight", dt, {d, f});
    Add(&t, p + "mlp.c_fc.bias", dt, {f});
    Add(&t, p + "mlp.c_proj.weight", dt, {f, d});
    Add(&t, p + "mlp.c_proj.bias", dt, {d});
  }
  Add(&t, "ln_f.weight", dt, {d});
  Add(&t, "ln_f.bias", dt, {d});
  return t;
}

void GatedMlp(std::vector<TensorSpec>* t, const std::string& p, const std::string& dt, int64_t d,
              int64_t f, const char* gate, const char* up, const char* down) {
  Add(t, p + gate + ".weight", dt, {f, d});
  Add(t, p + up + ".weight", dt, {f, d});
  Add(t, p + down + ".weight", dt, {d, f});
}

std::vector<TensorSpec> Decoder(const Architecture& a, const std::string& dt) {
  const int64_t d = a.hidden_size;
  const int64_t h = a.num_heads;
  std::vector<TensorSpec> t;
  Add(&t, "model.embed_tokens.weight", dt, {a.vocab_size, d});
  for (int64_t i = 0; i < a.num_layers; ++i) {
    const std::string p = "model.layers." + std::to_string(i) + ".";
    if (a.attention == AttentionKind::kMultiLatent) {
      const MlaShape& m = a.mla;
      const int64_t qk = m.qk_nope_head_dim + m.qk_rope_head_dim;
      if (m.q_lora_rank > 0) {
        Add(&t, p + "self_attn.q_a_proj.weight", dt, {m.q_lora_rank, d});
        Add(&t, p + "self_attn.q_a_layernorm.weight", dt, {m.q_lora_rank});
        Add(&t, p + "self_attn.q_b_proj.weight", dt, {h * qk, m.q_lora_rank});
      } else {
        Add(&t, p + "self_attn.q_proj.weight", dt, {h * qk, d});
      }
      Add(&t, p + "self_attn.kv_a_proj_with_mqa.weight", dt,
          {m.kv_lora_rank + m.qk_rope_head_dim, d});
      Add(&t, p + "self_attn.kv_a_layernorm.weight", dt, {m.kv_lora_rank});
      Add(&t, p + "self_attn.kv_b_proj.weight", dt,
          {h * (m.qk_nope_head_dim + m.v_head_dim), m.kv_lora_rank});
      Add(&t, p + "self_attn.o_proj.weight", dt, {d, h * m.v_head_dim});
    } else {
      const int64_t q = h * a.head_dim;
      const int64_t kv = a.num_kv_heads * a.head_dim;
      Add(&t, p + "self_attn.q_proj.weight", dt, {q, d});
      Add(&t, p + "self_attn.k_proj.weight", dt, {kv, d});
      Add(&t, p + "self_attn.v_proj.weight", dt, {kv, d});
      if (a.qkv_bias) {
        Add(&t, p + "self_attn.q_proj.bias", dt, {q});
        Add(&t, p + "self_attn.k_proj.bias", dt, {kv});
        Add(&t, p + "self_attn.v_proj.bias", dt, {kv});
      }
      Add(&t, p + "self_attn.o_proj.weight", dt, {d, q});
      if (a.qk_norm == QkNorm::kPerHead) {
        Add(&t, p + "self_attn.q_norm.weight", dt, {a.head_dim});
        Add(&t, p + "self_attn.k_norm.weight", dt, {a.head_dim});
      } else if (a.qk_norm == QkNorm::kFullWidth) {
        Add(&t, p + "self_attn.q_norm.weight", dt, {q});
        Add(&t, p + "self_attn.k_norm.weight", dt, {kv});
      }
    }
    const LayerSpec& layer = a.layers[static_cast<size_t>(i)];
    if (!layer.moe) {
      GatedMlp(&t, p + "mlp.", dt, d, a.intermediate_size, "gate_proj", "up_proj", "down_proj");
    } else if (a.family == "mixtral") {
      Add(&t, p + "block_sparse_moe.gate.weight", dt, {a.moe.num_experts, d});
      for (int64_t e = 0; e < a.moe.num_experts; ++e) {
        GatedMlp(&t, p + "block_sparse_moe.experts." + std::to_string(e) + ".", dt, d,
                 a.moe.expert_ffn, "w1", "w3", "w2");
      }
    } else {
      Add(&t, p + "mlp.gate.weight", dt, {a.moe.num_experts, d});
      if (a.moe.router_bias) {
        Add(&t, p + "mlp.gate.e_score_correction_bias", "F32", {a.moe.num_experts});
      }
      for (int64_t e = 0; e < a.moe.num_experts; ++e) {
        GatedMlp(&t, p + "mlp.experts." + std::to_string(e) + ".", dt, d, a.moe.expert_ffn,
                 "gate_proj", "up_proj", "down_proj");
      }
      if (a.moe.num_shared_experts > 0) {
        // Qwen2-MoE: one shared_expert of width shared_ffn and a d x 1 gate; DeepSeek:
        // shared_experts of width S x f_e.
        const bool qwen = a.moe.shared_expert_gate;
        GatedMlp(&t, p + (qwen ? "mlp.shared_expert." : "mlp.shared_experts."), dt, d,
                 a.moe.num_shared_experts * a.moe.shared_ffn, "gate_proj", "up_proj", "down_proj");
        if (qwen) {
          Add(&t, p + "mlp.shared_expert_gate.weight", dt, {1, d});
        }
      }
    }
    Add(&t, p + "input_layernorm.weight", dt, {d});
    Add(&t, p + "post_attention_layernorm.weight", dt, {d});
    if (a.norms_per_layer == 4) {
      Add(&t, p + "pre_feedforward_layernorm.weight", dt, {d});
      Add(&t, p + "post_feedforward_layernorm.weight", dt, {d});
    }
  }
  Add(&t, "model.norm.weight", dt, {d});
  if (a.tying == Tying::kUntied) {
    Add(&t, "lm_head.weight", dt, {a.vocab_size, d});
  }
  return t;
}

}  // namespace

std::vector<TensorSpec> HfTensors(const Architecture& arch, const std::string& dtype) {
  return arch.family == "gpt2" ? Gpt2(arch, dtype) : Decoder(arch, dtype);
}

}  // namespace llmcost::testing
