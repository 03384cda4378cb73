// Per-family field maps. Defaults are those of each family's HuggingFace
// configuration class (transformers, models/<family>/configuration_<family>.py);
// a default that changes the answer is recorded in Architecture::assumptions.
#include "family_readers.h"

#include <algorithm>
#include <array>
#include <cctype>
#include <optional>
#include <string>

namespace llmcost::config {
namespace {

// More layers than any real model; keeps per-layer tables bounded on hostile input.
constexpr int64_t kMaxLayers = 100000;

std::string Str(int64_t v) {
  return std::to_string(v);
}

void Assume(Architecture* arch, std::string sentence) {
  arch->assumptions.push_back(std::move(sentence));
}

Status ReadLayerCount(const Fields& f, std::initializer_list<std::string_view> names,
                      Architecture* arch) {
  LLMCOST_ASSIGN_OR_RETURN(arch->num_layers, f.Integer(names, 1));
  if (arch->num_layers > kMaxLayers) {
    return f.Error(*f.Find(names), "must be at most " + Str(kMaxLayers) + " layers");
  }
  arch->layers.assign(static_cast<size_t>(arch->num_layers), LayerSpec{});
  return OkStatus();
}

// Tied or not: the family's default applies when the field is absent.
Status ReadTying(const Fields& f, bool family_default, std::string_view family,
                 Architecture* arch) {
  if (!f.Has({"tie_word_embeddings"})) {
    Assume(arch, "tie_word_embeddings absent: " + std::string(family) + " default " +
                     (family_default ? "true (output head shares the embedding)"
                                     : "false (separate output head)"));
  }
  LLMCOST_ASSIGN_OR_RETURN(bool tied, f.Boolean({"tie_word_embeddings"}, family_default));
  arch->tying = tied ? Tying::kTied : Tying::kUntied;
  return OkStatus();
}

// Query heads, key/value heads and head size for standard attention.
// `kv_names` empty: the family has no GQA field (MHA).
Status ReadHeads(const Fields& f, std::initializer_list<std::string_view> head_names,
                 std::initializer_list<std::string_view> kv_names, Architecture* arch) {
  LLMCOST_ASSIGN_OR_RETURN(arch->num_heads, f.Integer(head_names, 1));
  std::string_view heads_name = *f.Find(head_names);
  std::optional<int64_t> kv;
  if (kv_names.size() > 0) {
    LLMCOST_ASSIGN_OR_RETURN(kv, f.OptionalInteger(kv_names, 1));
  }
  arch->num_kv_heads = kv.value_or(arch->num_heads);
  if (kv && arch->num_heads % *kv != 0) {
    return f.Error(*f.Find(kv_names),
                   "must divide " + std::string(heads_name) + " (" + Str(arch->num_heads) + ")");
  }
  LLMCOST_ASSIGN_OR_RETURN(std::optional<int64_t> head_dim, f.OptionalInteger({"head_dim"}, 1));
  if (head_dim) {
    arch->head_dim = *head_dim;
  } else {
    if (arch->hidden_size % arch->num_heads != 0) {
      return f.Error(heads_name, "must divide hidden_size (" + Str(arch->hidden_size) +
                                     ") when head_dim is not given");
    }
    arch->head_dim = arch->hidden_size / arch->num_heads;
  }
  return OkStatus();
}

// Context lengths: the config's limit and the context pre-training used (the
// original context when a RoPE extension is configured).
Status ReadContext(const Fields& f, std::initializer_list<std::string_view> names,
                   std::optional<int64_t> family_default, Architecture* arch) {
  LLMCOST_ASSIGN_OR_RETURN(std::optional<int64_t> max_pos, f.OptionalInteger(names, 1));
  if (!max_pos && family_default) {
    max_pos = family_default;
    Assume(arch, std::string(*names.begin()) + " absent: family default " + Str(*family_default));
  }
  arch->max_position_embeddings = max_pos.value_or(0);
  arch->pretraining_context = arch->max_position_embeddings;
  LLMCOST_ASSIGN_OR_RETURN(std::optional<Fields> rope, f.OptionalObject("rope_scaling"));
  if (rope) {
    LLMCOST_ASSIGN_OR_RETURN(std::optional<int64_t> original,
                             rope->OptionalInteger({"original_max_position_embeddings"}, 1));
    if (original) {
      arch->pretraining_context = *original;
    }
  }
  return OkStatus();
}

// Sliding-window attention on the layers `is_sliding` selects.
template <typename Predicate>
Status ReadSlidingWindow(const Fields& f, Predicate is_sliding, Architecture* arch) {
  LLMCOST_ASSIGN_OR_RETURN(std::optional<int64_t> window, f.OptionalInteger({"sliding_window"}, 1));
  if (!window) {
    return OkStatus();
  }
  for (int64_t i = 0; i < arch->num_layers; ++i) {
    if (is_sliding(i)) {
      arch->layers[static_cast<size_t>(i)].sliding_window = *window;
    }
  }
  return OkStatus();
}

// The fields every LLaMA-descended family shares: widths, heads, gated MLP, RMSNorm.
Status ReadLlamaCore(const Fields& f, bool tie_default, std::string_view family,
                     Architecture* arch) {
  LLMCOST_ASSIGN_OR_RETURN(arch->hidden_size, f.Integer({"hidden_size"}, 1));
  LLMCOST_RETURN_IF_ERROR(ReadLayerCount(f, {"num_hidden_layers"}, arch));
  LLMCOST_ASSIGN_OR_RETURN(arch->vocab_size, f.Integer({"vocab_size"}, 1));
  LLMCOST_RETURN_IF_ERROR(ReadHeads(f, {"num_attention_heads"}, {"num_key_value_heads"}, arch));
  LLMCOST_RETURN_IF_ERROR(ReadContext(f, {"max_position_embeddings"}, std::nullopt, arch));
  LLMCOST_RETURN_IF_ERROR(ReadTying(f, tie_default, family, arch));
  arch->embedding_dim = arch->hidden_size;
  arch->mlp = MlpKind::kGated;
  arch->norm = NormKind::kRmsNorm;
  arch->position = PositionKind::kRotary;
  return OkStatus();
}

Status ReadDenseFfn(const Fields& f, Architecture* arch) {
  LLMCOST_ASSIGN_OR_RETURN(arch->intermediate_size, f.Integer({"intermediate_size"}, 1));
  return OkStatus();
}

// attention_bias covers Q, K, V and O in LLaMA-style models.
Status ReadAttentionBias(const Fields& f, Architecture* arch) {
  LLMCOST_ASSIGN_OR_RETURN(bool bias, f.Boolean({"attention_bias"}, false));
  arch->qkv_bias = bias;
  arch->o_bias = bias;
  return OkStatus();
}

Status ReadTopK(const Fields& f, std::initializer_list<std::string_view> names,
                Architecture* arch) {
  LLMCOST_ASSIGN_OR_RETURN(arch->moe.top_k, f.Integer(names, 1));
  if (arch->moe.top_k > arch->moe.num_experts) {
    return f.Error(*f.Find(names), "must not exceed the number of routed experts (" +
                                       Str(arch->moe.num_experts) + ")");
  }
  return OkStatus();
}

// Qwen-MoE layout: layer i is MoE when (i + 1) % decoder_sparse_step == 0 and i is not in
// mlp_only_layers (transformers Qwen2MoeDecoderLayer / Qwen3MoeDecoderLayer).
Status ReadQwenMoeLayout(const Fields& f, Architecture* arch) {
  LLMCOST_ASSIGN_OR_RETURN(int64_t step, f.Integer({"decoder_sparse_step"}, 1, 1));
  LLMCOST_ASSIGN_OR_RETURN(std::vector<int64_t> dense_only,
                           f.IntegerList("mlp_only_layers", 0, arch->num_layers - 1));
  for (int64_t i = 0; i < arch->num_layers; ++i) {
    bool listed = std::find(dense_only.begin(), dense_only.end(), i) != dense_only.end();
    arch->layers[static_cast<size_t>(i)].moe = !listed && (i + 1) % step == 0;
  }
  return OkStatus();
}

// ---- Families ----

Status ReadLlama(const Fields& f, Architecture* arch) {
  LLMCOST_RETURN_IF_ERROR(ReadLlamaCore(f, false, "llama", arch));
  LLMCOST_RETURN_IF_ERROR(ReadDenseFfn(f, arch));
  LLMCOST_RETURN_IF_ERROR(ReadAttentionBias(f, arch));
  LLMCOST_ASSIGN_OR_RETURN(arch->mlp_bias, f.Boolean({"mlp_bias"}, false));
  return OkStatus();
}

// Mistral: LLaMA plus an optional sliding window on every layer.
Status ReadMistral(const Fields& f, Architecture* arch) {
  LLMCOST_RETURN_IF_ERROR(ReadLlamaCore(f, false, "mistral", arch));
  LLMCOST_RETURN_IF_ERROR(ReadDenseFfn(f, arch));
  return ReadSlidingWindow(
      f, [](int64_t) { return true; }, arch);
}

// Mixtral: every layer is MoE; intermediate_size is one expert's width; no shared expert.
Status ReadMixtral(const Fields& f, Architecture* arch) {
  LLMCOST_RETURN_IF_ERROR(ReadLlamaCore(f, false, "mixtral", arch));
  LLMCOST_ASSIGN_OR_RETURN(arch->moe.num_experts, f.Integer({"num_local_experts"}, 1));
  LLMCOST_ASSIGN_OR_RETURN(arch->moe.expert_ffn, f.Integer({"intermediate_size"}, 1));
  arch->intermediate_size = arch->moe.expert_ffn;
  LLMCOST_RETURN_IF_ERROR(ReadTopK(f, {"num_experts_per_tok"}, arch));
  for (LayerSpec& layer : arch->layers) {
    layer.moe = true;
  }
  return ReadSlidingWindow(
      f, [](int64_t) { return true; }, arch);
}

// Qwen2 / Qwen3 sliding window: only with use_sliding_window, on layers >= max_window_layers.
Status ReadQwenSlidingWindow(const Fields& f, Architecture* arch) {
  LLMCOST_ASSIGN_OR_RETURN(bool use, f.Boolean({"use_sliding_window"}, false));
  if (!use) {
    return OkStatus();
  }
  LLMCOST_ASSIGN_OR_RETURN(int64_t from, f.Integer({"max_window_layers"}, 0, 0));
  return ReadSlidingWindow(
      f, [from](int64_t i) { return i >= from; }, arch);
}

// Qwen2: biases on Q, K and V (not O) — Qwen2Attention uses bias=True for q/k/v_proj.
Status ReadQwen2(const Fields& f, Architecture* arch) {
  LLMCOST_RETURN_IF_ERROR(ReadLlamaCore(f, false, "qwen2", arch));
  LLMCOST_RETURN_IF_ERROR(ReadDenseFfn(f, arch));
  arch->qkv_bias = true;
  return ReadQwenSlidingWindow(f, arch);
}

// Qwen2-MoE: Qwen2 attention; routed experts, one gated shared expert of
// shared_expert_intermediate_size with a d x 1 sigmoid gate.
Status ReadQwen2Moe(const Fields& f, Architecture* arch) {
  LLMCOST_RETURN_IF_ERROR(ReadQwen2(f, arch));
  LLMCOST_ASSIGN_OR_RETURN(arch->moe.num_experts, f.Integer({"num_experts"}, 1));
  LLMCOST_ASSIGN_OR_RETURN(arch->moe.expert_ffn, f.Integer({"moe_intermediate_size"}, 1));
  LLMCOST_RETURN_IF_ERROR(ReadTopK(f, {"num_experts_per_tok"}, arch));
  LLMCOST_ASSIGN_OR_RETURN(int64_t shared, f.Integer({"shared_expert_intermediate_size"}, 0, 0));
  if (shared > 0) {
    arch->moe.num_shared_experts = 1;
    arch->moe.shared_ffn = shared;
    arch->moe.shared_expert_gate = true;
  }
  return ReadQwenMoeLayout(f, arch);
}

// Qwen3: no biases by default; per-head RMSNorm on q and k.
Status ReadQwen3(const Fields& f, Architecture* arch) {
  LLMCOST_RETURN_IF_ERROR(ReadLlamaCore(f, false, "qwen3", arch));
  LLMCOST_RETURN_IF_ERROR(ReadDenseFfn(f, arch));
  LLMCOST_RETURN_IF_ERROR(ReadAttentionBias(f, arch));
  arch->qk_norm = true;
  return ReadQwenSlidingWindow(f, arch);
}

// Qwen3-MoE: Qwen3 attention; routed experts only.
Status ReadQwen3Moe(const Fields& f, Architecture* arch) {
  LLMCOST_RETURN_IF_ERROR(ReadQwen3(f, arch));
  LLMCOST_ASSIGN_OR_RETURN(arch->moe.num_experts, f.Integer({"num_experts"}, 1));
  LLMCOST_ASSIGN_OR_RETURN(arch->moe.expert_ffn, f.Integer({"moe_intermediate_size"}, 1));
  LLMCOST_RETURN_IF_ERROR(ReadTopK(f, {"num_experts_per_tok"}, arch));
  return ReadQwenMoeLayout(f, arch);
}

// Gemma: GeGLU, tied embeddings, head_dim often != d / h.
Status ReadGemma(const Fields& f, Architecture* arch) {
  LLMCOST_RETURN_IF_ERROR(ReadLlamaCore(f, true, "gemma", arch));
  LLMCOST_RETURN_IF_ERROR(ReadDenseFfn(f, arch));
  return ReadAttentionBias(f, arch);
}

// Gemma-2: four norms per layer (input, post-attention, pre- and post-feed-forward);
// even layers (0, 2, ...) use the sliding window (Gemma2DecoderLayer).
Status ReadGemma2(const Fields& f, Architecture* arch) {
  LLMCOST_RETURN_IF_ERROR(ReadLlamaCore(f, true, "gemma2", arch));
  LLMCOST_RETURN_IF_ERROR(ReadDenseFfn(f, arch));
  LLMCOST_RETURN_IF_ERROR(ReadAttentionBias(f, arch));
  arch->norms_per_layer = 4;
  return ReadSlidingWindow(
      f, [](int64_t i) { return i % 2 == 0; }, arch);
}

// Phi-3: fused qkv_proj and gate_up_proj hold the same weights as LLaMA's; optional
// sliding window on every layer.
Status ReadPhi3(const Fields& f, Architecture* arch) {
  LLMCOST_RETURN_IF_ERROR(ReadLlamaCore(f, false, "phi3", arch));
  LLMCOST_RETURN_IF_ERROR(ReadDenseFfn(f, arch));
  return ReadSlidingWindow(
      f, [](int64_t) { return true; }, arch);
}

// OLMo (1): LayerNorm without learned parameters, SwiGLU, optional biases.
Status ReadOlmo(const Fields& f, Architecture* arch) {
  LLMCOST_RETURN_IF_ERROR(ReadLlamaCore(f, false, "olmo", arch));
  LLMCOST_RETURN_IF_ERROR(ReadDenseFfn(f, arch));
  LLMCOST_RETURN_IF_ERROR(ReadAttentionBias(f, arch));
  arch->norm = NormKind::kNonParametric;
  return OkStatus();
}

// GPT-2 (also nanoGPT's field names): learned positions, LayerNorm, biases everywhere,
// plain GELU MLP of n_inner (default 4 d), tied head.
Status ReadGpt2(const Fields& f, Architecture* arch) {
  LLMCOST_ASSIGN_OR_RETURN(arch->hidden_size, f.Integer({"n_embd", "hidden_size"}, 1));
  LLMCOST_RETURN_IF_ERROR(ReadLayerCount(f, {"n_layer", "num_hidden_layers"}, arch));
  LLMCOST_ASSIGN_OR_RETURN(arch->vocab_size, f.Integer({"vocab_size"}, 1));
  LLMCOST_RETURN_IF_ERROR(ReadHeads(f, {"n_head", "num_attention_heads"}, {}, arch));
  LLMCOST_ASSIGN_OR_RETURN(
      arch->max_position_embeddings,
      f.Integer({"n_positions", "block_size", "n_ctx", "max_position_embeddings"}, 1));
  arch->pretraining_context = arch->max_position_embeddings;
  arch->learned_positions = arch->max_position_embeddings;
  arch->position = PositionKind::kLearned;
  LLMCOST_ASSIGN_OR_RETURN(std::optional<int64_t> inner,
                           f.OptionalInteger({"n_inner", "intermediate_size"}, 1));
  arch->intermediate_size = inner.value_or(4 * arch->hidden_size);
  LLMCOST_RETURN_IF_ERROR(ReadTying(f, true, "gpt2", arch));
  LLMCOST_ASSIGN_OR_RETURN(bool bias, f.Boolean({"bias"}, true));  // nanoGPT's switch
  arch->embedding_dim = arch->hidden_size;
  arch->qkv_bias = arch->o_bias = arch->mlp_bias = bias;
  arch->mlp = MlpKind::kPlain;
  arch->norm = bias ? NormKind::kLayerNorm : NormKind::kRmsNorm;
  if (!bias) {
    Assume(arch, "bias false: LayerNorm without bias counted as d parameters each");
  }
  return OkStatus();
}

// GPT-NeoX (Pythia): biases on every projection, LayerNorm, plain GELU MLP, two norms per
// layer even with the parallel residual, untied embed_out.
Status ReadGptNeox(const Fields& f, Architecture* arch) {
  LLMCOST_ASSIGN_OR_RETURN(arch->hidden_size, f.Integer({"hidden_size"}, 1));
  LLMCOST_RETURN_IF_ERROR(ReadLayerCount(f, {"num_hidden_layers"}, arch));
  LLMCOST_ASSIGN_OR_RETURN(arch->vocab_size, f.Integer({"vocab_size"}, 1));
  LLMCOST_RETURN_IF_ERROR(ReadHeads(f, {"num_attention_heads"}, {}, arch));
  LLMCOST_ASSIGN_OR_RETURN(arch->intermediate_size,
                           f.Integer({"intermediate_size"}, 1, 4 * arch->hidden_size));
  LLMCOST_RETURN_IF_ERROR(ReadContext(f, {"max_position_embeddings"}, std::nullopt, arch));
  LLMCOST_RETURN_IF_ERROR(ReadTying(f, false, "gpt_neox", arch));
  LLMCOST_ASSIGN_OR_RETURN(bool bias, f.Boolean({"attention_bias"}, true));
  arch->embedding_dim = arch->hidden_size;
  arch->qkv_bias = arch->o_bias = bias;
  arch->mlp_bias = true;
  arch->mlp = MlpKind::kPlain;
  arch->norm = NormKind::kLayerNorm;
  arch->position = PositionKind::kRotary;
  return OkStatus();
}

// Falcon: fused query_key_value; multi-query (7B) or grouped KV (new_decoder_architecture,
// 40B/180B); parallel attention + MLP block with one LayerNorm (7B) or two (ln_attn,
// ln_mlp); tied head; optional biases and ALiBi (FalconConfig defaults).
Status ReadFalcon(const Fields& f, Architecture* arch) {
  LLMCOST_ASSIGN_OR_RETURN(arch->hidden_size, f.Integer({"hidden_size", "n_embed"}, 1));
  LLMCOST_RETURN_IF_ERROR(ReadLayerCount(f, {"num_hidden_layers", "n_layer"}, arch));
  LLMCOST_ASSIGN_OR_RETURN(arch->vocab_size, f.Integer({"vocab_size"}, 1));
  LLMCOST_RETURN_IF_ERROR(ReadHeads(f, {"num_attention_heads", "n_head"}, {}, arch));
  LLMCOST_ASSIGN_OR_RETURN(bool new_arch, f.Boolean({"new_decoder_architecture"}, false));
  LLMCOST_ASSIGN_OR_RETURN(bool multi_query, f.Boolean({"multi_query"}, true));
  LLMCOST_ASSIGN_OR_RETURN(bool parallel, f.Boolean({"parallel_attn"}, true));
  if (new_arch) {
    LLMCOST_ASSIGN_OR_RETURN(arch->num_kv_heads,
                             f.Integer({"num_kv_heads", "n_head_kv"}, 1, arch->num_heads));
    if (arch->num_heads % arch->num_kv_heads != 0) {
      return f.Error(*f.Find({"num_kv_heads", "n_head_kv"}),
                     "must divide num_attention_heads (" + Str(arch->num_heads) + ")");
    }
    LLMCOST_ASSIGN_OR_RETURN(arch->norms_per_layer, f.Integer({"num_ln_in_parallel_attn"}, 1, 2));
    if (arch->norms_per_layer > 2) {
      return f.Error("num_ln_in_parallel_attn", "must be 1 or 2");
    }
  } else {
    arch->num_kv_heads = multi_query ? 1 : arch->num_heads;
    arch->norms_per_layer = parallel ? 1 : 2;
  }
  LLMCOST_ASSIGN_OR_RETURN(arch->intermediate_size,
                           f.Integer({"ffn_hidden_size"}, 1, 4 * arch->hidden_size));
  LLMCOST_RETURN_IF_ERROR(ReadContext(f, {"max_position_embeddings"}, 2048, arch));
  LLMCOST_RETURN_IF_ERROR(ReadTying(f, true, "falcon", arch));
  LLMCOST_ASSIGN_OR_RETURN(bool bias, f.Boolean({"bias"}, false));
  LLMCOST_ASSIGN_OR_RETURN(bool alibi, f.Boolean({"alibi"}, false));
  arch->embedding_dim = arch->hidden_size;
  arch->qkv_bias = arch->o_bias = arch->mlp_bias = bias;
  arch->mlp = MlpKind::kPlain;
  arch->norm = NormKind::kLayerNorm;
  arch->position = alibi ? PositionKind::kAlibi : PositionKind::kRotary;
  return OkStatus();
}

// OPT: learned positions with 2 extra rows (OPTLearnedPositionalEmbedding offset),
// biases everywhere, ReLU MLP of ffn_dim, optional word_embed_proj_dim projections
// (OPT-350m), final LayerNorm only with do_layer_norm_before, tied head.
Status ReadOpt(const Fields& f, Architecture* arch) {
  LLMCOST_ASSIGN_OR_RETURN(arch->hidden_size, f.Integer({"hidden_size"}, 1));
  LLMCOST_RETURN_IF_ERROR(ReadLayerCount(f, {"num_hidden_layers"}, arch));
  LLMCOST_ASSIGN_OR_RETURN(arch->vocab_size, f.Integer({"vocab_size"}, 1));
  LLMCOST_RETURN_IF_ERROR(ReadHeads(f, {"num_attention_heads"}, {}, arch));
  LLMCOST_ASSIGN_OR_RETURN(arch->intermediate_size, f.Integer({"ffn_dim"}, 1));
  LLMCOST_ASSIGN_OR_RETURN(arch->max_position_embeddings,
                           f.Integer({"max_position_embeddings"}, 1));
  arch->pretraining_context = arch->max_position_embeddings;
  arch->learned_positions = arch->max_position_embeddings + 2;
  arch->position = PositionKind::kLearned;
  LLMCOST_ASSIGN_OR_RETURN(arch->embedding_dim,
                           f.Integer({"word_embed_proj_dim"}, 1, arch->hidden_size));
  LLMCOST_RETURN_IF_ERROR(ReadTying(f, true, "opt", arch));
  LLMCOST_ASSIGN_OR_RETURN(bool bias, f.Boolean({"enable_bias"}, true));
  LLMCOST_ASSIGN_OR_RETURN(bool affine, f.Boolean({"layer_norm_elementwise_affine"}, true));
  LLMCOST_ASSIGN_OR_RETURN(bool norm_before, f.Boolean({"do_layer_norm_before"}, true));
  LLMCOST_ASSIGN_OR_RETURN(bool remove_final, f.Boolean({"_remove_final_layer_norm"}, false));
  arch->qkv_bias = arch->o_bias = arch->mlp_bias = bias;
  arch->mlp = MlpKind::kPlain;
  arch->norm = affine ? NormKind::kLayerNorm : NormKind::kNonParametric;
  arch->final_norm = norm_before && !remove_final;
  return OkStatus();
}

// DeepSeek-V2 / V3: MLA attention; dense first_k_dense_replace layers, then MoE every
// moe_layer_freq layers (DeepseekV2DecoderLayer); shared experts of moe_intermediate_size;
// V3 adds the router's e_score_correction_bias and multi-token-prediction modules.
Status ReadDeepseek(const Fields& f, Architecture* arch, bool v3) {
  LLMCOST_ASSIGN_OR_RETURN(arch->hidden_size, f.Integer({"hidden_size"}, 1));
  LLMCOST_RETURN_IF_ERROR(ReadLayerCount(f, {"num_hidden_layers"}, arch));
  LLMCOST_ASSIGN_OR_RETURN(arch->vocab_size, f.Integer({"vocab_size"}, 1));
  LLMCOST_ASSIGN_OR_RETURN(arch->num_heads, f.Integer({"num_attention_heads"}, 1));
  arch->num_kv_heads = arch->num_heads;
  arch->attention = AttentionKind::kMultiLatent;
  LLMCOST_ASSIGN_OR_RETURN(std::optional<int64_t> q_rank, f.OptionalInteger({"q_lora_rank"}, 1));
  arch->mla.q_lora_rank = q_rank.value_or(0);
  LLMCOST_ASSIGN_OR_RETURN(arch->mla.kv_lora_rank, f.Integer({"kv_lora_rank"}, 1));
  LLMCOST_ASSIGN_OR_RETURN(arch->mla.qk_nope_head_dim, f.Integer({"qk_nope_head_dim"}, 1));
  LLMCOST_ASSIGN_OR_RETURN(arch->mla.qk_rope_head_dim, f.Integer({"qk_rope_head_dim"}, 1));
  LLMCOST_ASSIGN_OR_RETURN(arch->mla.v_head_dim, f.Integer({"v_head_dim"}, 1));
  arch->head_dim = arch->mla.qk_nope_head_dim + arch->mla.qk_rope_head_dim;
  LLMCOST_ASSIGN_OR_RETURN(arch->intermediate_size, f.Integer({"intermediate_size"}, 1));
  LLMCOST_RETURN_IF_ERROR(ReadContext(f, {"max_position_embeddings"}, std::nullopt, arch));
  LLMCOST_RETURN_IF_ERROR(ReadTying(f, false, v3 ? "deepseek_v3" : "deepseek_v2", arch));
  LLMCOST_RETURN_IF_ERROR(ReadAttentionBias(f, arch));
  arch->embedding_dim = arch->hidden_size;
  arch->mlp = MlpKind::kGated;
  arch->norm = NormKind::kRmsNorm;
  arch->position = PositionKind::kRotary;

  LLMCOST_ASSIGN_OR_RETURN(std::optional<int64_t> experts,
                           f.OptionalInteger({"n_routed_experts"}, 1));
  if (experts) {
    arch->moe.num_experts = *experts;
    LLMCOST_ASSIGN_OR_RETURN(arch->moe.expert_ffn, f.Integer({"moe_intermediate_size"}, 1));
    LLMCOST_RETURN_IF_ERROR(ReadTopK(f, {"num_experts_per_tok"}, arch));
    LLMCOST_ASSIGN_OR_RETURN(std::optional<int64_t> shared,
                             f.OptionalInteger({"n_shared_experts"}, 0));
    arch->moe.num_shared_experts = shared.value_or(0);
    arch->moe.shared_ffn = arch->moe.expert_ffn;
    arch->moe.router_bias = v3;
    LLMCOST_ASSIGN_OR_RETURN(int64_t first_dense, f.Integer({"first_k_dense_replace"}, 0, 0));
    if (first_dense > arch->num_layers) {
      return f.Error("first_k_dense_replace",
                     "must not exceed num_hidden_layers (" + Str(arch->num_layers) + ")");
    }
    LLMCOST_ASSIGN_OR_RETURN(int64_t freq, f.Integer({"moe_layer_freq"}, 1, 1));
    for (int64_t i = 0; i < arch->num_layers; ++i) {
      arch->layers[static_cast<size_t>(i)].moe = i >= first_dense && i % freq == 0;
    }
  }
  if (v3) {
    LLMCOST_ASSIGN_OR_RETURN(arch->mtp_layers, f.Integer({"num_nextn_predict_layers"}, 0, 0));
    if (arch->mtp_layers > kMaxLayers) {
      return f.Error("num_nextn_predict_layers", "must be at most " + Str(kMaxLayers));
    }
  }
  return OkStatus();
}

Status ReadDeepseekV2(const Fields& f, Architecture* arch) {
  return ReadDeepseek(f, arch, false);
}
Status ReadDeepseekV3(const Fields& f, Architecture* arch) {
  return ReadDeepseek(f, arch, true);
}

constexpr std::array kFamilies = {
    Family{"deepseek_v2", ReadDeepseekV2},
    Family{"deepseek_v3", ReadDeepseekV3},
    Family{"falcon", ReadFalcon},
    Family{"gemma", ReadGemma},
    Family{"gemma2", ReadGemma2},
    Family{"gpt2", ReadGpt2},
    Family{"gpt_neox", ReadGptNeox},
    Family{"llama", ReadLlama},
    Family{"mistral", ReadMistral},
    Family{"mixtral", ReadMixtral},
    Family{"olmo", ReadOlmo},
    Family{"opt", ReadOpt},
    Family{"phi3", ReadPhi3},
    Family{"qwen2", ReadQwen2},
    Family{"qwen2_moe", ReadQwen2Moe},
    Family{"qwen3", ReadQwen3},
    Family{"qwen3_moe", ReadQwen3Moe},
};

// Other spellings seen in published configs.
struct Alias {
  std::string_view alias;
  std::string_view family;
};
constexpr std::array kAliases = {
    Alias{"RefinedWebModel", "falcon"},
    Alias{"RefinedWeb", "falcon"},
    Alias{"gpt-neox", "gpt_neox"},
};

}  // namespace

const Family* FindFamily(std::string_view model_type) {
  for (const Alias& a : kAliases) {
    if (a.alias == model_type) {
      model_type = a.family;
    }
  }
  for (const Family& family : kFamilies) {
    if (family.name == model_type) {
      return &family;
    }
  }
  return nullptr;
}

std::vector<std::string> FamilyNames() {
  std::vector<std::string> names;
  for (const Family& family : kFamilies) {
    names.emplace_back(family.name);
  }
  std::sort(names.begin(), names.end());
  return names;
}

}  // namespace llmcost::config
