// Per-family field maps. Defaults are those of each family's HuggingFace
// configuration class (transformers, models/<family>/configuration_<family>.py);
// a default that changes the answer is recorded in Architecture::assumptions.
#include "family_readers.h"

#include <algorithm>
#include <array>
#include <bit>
#include <cctype>
#include <cstdint>
#include <optional>
#include <string>

#include "llmcost/checked_arithmetic.h"
#include "llmcost/spelling.h"

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

// The product of a field's value and other widths (`what` says which, e.g. "expand x
// hidden_size"), or an error naming the field when it overflows 64-bit counts.
Result<int64_t> FieldProduct(const Fields& f, std::string_view field,
                             std::initializer_list<int64_t> factors, std::string_view what) {
  Result<int64_t> product = CheckedProduct(factors, what);
  if (!product.ok()) {
    return f.Error(field, std::string(what) + " must fit in 64-bit parameter counts");
  }
  return product;
}

// Tied or not: the family's default applies when the field is absent.
Status ReadTying(const Fields& f, bool family_default, std::string_view family,
                 Architecture* arch) {
  if (!f.Has({"tie_word_embeddings"})) {
    std::string sentence = "tie_word_embeddings absent: ";
    sentence += family;
    sentence += family_default ? " default true (output head shares the embedding)"
                               : " default false (separate output head)";
    Assume(arch, std::move(sentence));
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
    // The context before the RoPE extension cannot exceed the extended one: a larger
    // value would silently become the pre-training context.
    if (original && max_pos && *original > *max_pos) {
      return rope->Error(
          "original_max_position_embeddings",
          "must not exceed " + std::string(*f.Find(names)) + " (" + Str(*max_pos) + ")");
    }
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
      LayerSpec& layer = arch->layers[static_cast<size_t>(i)];
      layer.mixer = MixerKind::kSlidingWindow;
      layer.sliding_window = *window;
    }
  }
  return OkStatus();
}

// layer_types (transformers' per-layer schedule): "full_attention", "sliding_attention"
// (window from sliding_window), "chunked_attention" (block from attention_chunk_size),
// "linear_attention". Returns false when the config has no layer_types.
Result<bool> ReadLayerTypes(const Fields& f, Architecture* arch) {
  LLMCOST_ASSIGN_OR_RETURN(std::vector<std::string> types, f.StringList("layer_types"));
  if (types.empty()) {
    return false;
  }
  if (static_cast<int64_t>(types.size()) != arch->num_layers) {
    return InvalidArgumentError(std::string(f.origin()) + ": " + f.Pointer("layer_types") +
                                ": must list one type per layer (" + Str(arch->num_layers) +
                                "), got " + Str(static_cast<int64_t>(types.size())));
  }
  LLMCOST_ASSIGN_OR_RETURN(std::optional<int64_t> window, f.OptionalInteger({"sliding_window"}, 1));
  LLMCOST_ASSIGN_OR_RETURN(std::optional<int64_t> chunk,
                           f.OptionalInteger({"attention_chunk_size"}, 1));
  for (size_t i = 0; i < types.size(); ++i) {
    LayerSpec& layer = arch->layers[i];
    const std::string& t = types[i];
    if (t == "full_attention") {
      layer.mixer = MixerKind::kFullAttention;
    } else if (t == "sliding_attention") {
      if (!window) {
        return f.Error("sliding_window", "must be given when layer_types has sliding_attention");
      }
      layer.mixer = MixerKind::kSlidingWindow;
      layer.sliding_window = *window;
    } else if (t == "chunked_attention") {
      if (!chunk) {
        return f.Error("attention_chunk_size",
                       "must be given when layer_types has chunked_attention");
      }
      layer.mixer = MixerKind::kChunkedAttention;
      layer.attention_chunk = *chunk;
    } else if (t == "linear_attention") {
      layer.mixer = MixerKind::kLinearAttention;
    } else {
      return InvalidArgumentError(std::string(f.origin()) + ": " + f.Pointer("layer_types") + "/" +
                                  std::to_string(i) +
                                  ": must be full_attention, sliding_attention, "
                                  "chunked_attention or linear_attention, got " +
                                  DescribeJson(nlohmann::json(t)));
    }
  }
  return true;
}

// no_rope_layers (SmolLM3, Llama 4): one 0/1 per layer, 1 = the layer applies RoPE. Absent:
// every no_rope_layer_interval-th layer (1-based) skips RoPE, as the config classes default.
Status ReadNoRopeLayers(const Fields& f, int64_t default_interval, Architecture* arch) {
  LLMCOST_ASSIGN_OR_RETURN(std::vector<int64_t> flags, f.IntegerList("no_rope_layers", 0, 1));
  if (!flags.empty()) {
    if (static_cast<int64_t>(flags.size()) != arch->num_layers) {
      return InvalidArgumentError(std::string(f.origin()) + ": " + f.Pointer("no_rope_layers") +
                                  ": must list one 0/1 per layer (" + Str(arch->num_layers) +
                                  "), got " + Str(static_cast<int64_t>(flags.size())));
    }
    for (size_t i = 0; i < flags.size(); ++i) {
      arch->layers[i].rope = flags[i] == 1;
    }
    return OkStatus();
  }
  LLMCOST_ASSIGN_OR_RETURN(int64_t interval,
                           f.Integer({"no_rope_layer_interval"}, 1, default_interval));
  for (int64_t i = 0; i < arch->num_layers; ++i) {
    arch->layers[static_cast<size_t>(i)].rope = (i + 1) % interval != 0;
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
  arch->moe.normalize_top_k = true;  // MixtralSparseMoeBlock divides by the top-k sum
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
    f.Has({"sliding_window", "max_window_layers"});  // inert while use_sliding_window is false
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
  LLMCOST_ASSIGN_OR_RETURN(arch->moe.normalize_top_k, f.Boolean({"norm_topk_prob"}, false));
  return ReadQwenMoeLayout(f, arch);
}

// Qwen3: no biases by default; per-head RMSNorm on q and k.
Status ReadQwen3(const Fields& f, Architecture* arch) {
  LLMCOST_RETURN_IF_ERROR(ReadLlamaCore(f, false, "qwen3", arch));
  LLMCOST_RETURN_IF_ERROR(ReadDenseFfn(f, arch));
  LLMCOST_RETURN_IF_ERROR(ReadAttentionBias(f, arch));
  arch->qk_norm = QkNorm::kPerHead;
  return ReadQwenSlidingWindow(f, arch);
}

// Qwen3-MoE: Qwen3 attention; routed experts only.
Status ReadQwen3Moe(const Fields& f, Architecture* arch) {
  LLMCOST_RETURN_IF_ERROR(ReadQwen3(f, arch));
  LLMCOST_ASSIGN_OR_RETURN(arch->moe.num_experts, f.Integer({"num_experts"}, 1));
  LLMCOST_ASSIGN_OR_RETURN(arch->moe.expert_ffn, f.Integer({"moe_intermediate_size"}, 1));
  LLMCOST_RETURN_IF_ERROR(ReadTopK(f, {"num_experts_per_tok"}, arch));
  LLMCOST_ASSIGN_OR_RETURN(arch->moe.normalize_top_k, f.Boolean({"norm_topk_prob"}, false));
  return ReadQwenMoeLayout(f, arch);
}

// Gemma: GeGLU, tied embeddings, head_dim often != d / h.
Status ReadGemma(const Fields& f, Architecture* arch) {
  LLMCOST_RETURN_IF_ERROR(ReadLlamaCore(f, true, "gemma", arch));
  LLMCOST_RETURN_IF_ERROR(ReadDenseFfn(f, arch));
  return ReadAttentionBias(f, arch);
}

// attn_logit_softcapping / final_logit_softcapping: a positive number, null (off) or absent
// (the family's config default: Gemma2Config 50 / 30, Gemma3TextConfig None / None).
Status ReadSoftcapping(const Fields& f, std::optional<double> attn_default,
                       std::optional<double> final_default, Architecture* arch) {
  LLMCOST_ASSIGN_OR_RETURN(std::optional<double> attn,
                           f.PositiveNumberOrNull("attn_logit_softcapping", attn_default));
  LLMCOST_ASSIGN_OR_RETURN(std::optional<double> final_cap,
                           f.PositiveNumberOrNull("final_logit_softcapping", final_default));
  arch->attn_logit_softcapping = attn.value_or(0);
  arch->final_logit_softcapping = final_cap.value_or(0);
  return OkStatus();
}

// Gemma-2: four norms per layer (input, post-attention, pre- and post-feed-forward);
// even layers (0, 2, ...) use the sliding window (Gemma2DecoderLayer); attention and final
// logits soft-capped (Gemma2Config defaults 50 and 30).
Status ReadGemma2(const Fields& f, Architecture* arch) {
  LLMCOST_RETURN_IF_ERROR(ReadLlamaCore(f, true, "gemma2", arch));
  LLMCOST_RETURN_IF_ERROR(ReadDenseFfn(f, arch));
  LLMCOST_RETURN_IF_ERROR(ReadAttentionBias(f, arch));
  LLMCOST_RETURN_IF_ERROR(ReadSoftcapping(f, 50.0, 30.0, arch));
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
  f.Has({"num_key_value_heads"});  // MLA has no separate KV heads: K and V come from c_KV
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

// ---- 2024-2026 families ----

// SmolLM3: LLaMA layers; every no_rope_layer_interval-th layer (default 4) without RoPE
// (no_rope_layers); tied by default (SmolLM3Config); optional sliding window via layer_types.
Status ReadSmolLm3(const Fields& f, Architecture* arch) {
  LLMCOST_RETURN_IF_ERROR(ReadLlamaCore(f, true, "smollm3", arch));
  LLMCOST_RETURN_IF_ERROR(ReadDenseFfn(f, arch));
  LLMCOST_RETURN_IF_ERROR(ReadAttentionBias(f, arch));
  LLMCOST_ASSIGN_OR_RETURN(arch->mlp_bias, f.Boolean({"mlp_bias"}, false));
  LLMCOST_ASSIGN_OR_RETURN(bool typed, ReadLayerTypes(f, arch));
  (void)typed;
  f.Has({"use_sliding_window", "max_window_layers"});  // folded into layer_types
  return ReadNoRopeLayers(f, 4, arch);
}

// OLMo 2: RMSNorm over the whole q and k (q_norm h d_h, k_norm k d_h); the two norms per
// layer sit after attention and after the MLP (same count as pre-norms); untied.
Status ReadOlmo2(const Fields& f, Architecture* arch) {
  LLMCOST_RETURN_IF_ERROR(ReadLlamaCore(f, false, "olmo2", arch));
  LLMCOST_RETURN_IF_ERROR(ReadDenseFfn(f, arch));
  LLMCOST_RETURN_IF_ERROR(ReadAttentionBias(f, arch));
  arch->qk_norm = QkNorm::kFullWidth;
  return OkStatus();
}

// OLMoE: OLMo-2-style full-width q/k norms; every layer MoE with num_experts (default 64) of
// intermediate_size, top num_experts_per_tok (default 8), no shared expert (OlmoeConfig).
Status ReadOlmoe(const Fields& f, Architecture* arch) {
  LLMCOST_RETURN_IF_ERROR(ReadLlamaCore(f, false, "olmoe", arch));
  LLMCOST_RETURN_IF_ERROR(ReadAttentionBias(f, arch));
  arch->qk_norm = QkNorm::kFullWidth;
  LLMCOST_ASSIGN_OR_RETURN(arch->moe.num_experts, f.Integer({"num_experts"}, 1, 64));
  LLMCOST_ASSIGN_OR_RETURN(arch->moe.expert_ffn, f.Integer({"intermediate_size"}, 1));
  arch->intermediate_size = arch->moe.expert_ffn;
  LLMCOST_ASSIGN_OR_RETURN(arch->moe.top_k, f.Integer({"num_experts_per_tok"}, 1, 8));
  if (arch->moe.top_k > arch->moe.num_experts) {
    return f.Error("num_experts_per_tok",
                   "must not exceed num_experts (" + Str(arch->moe.num_experts) + ")");
  }
  for (LayerSpec& layer : arch->layers) {
    layer.moe = true;
  }
  return OkStatus();
}

// GPT-OSS: biases on Q, K, V, O (attention_bias, default true), a learned sink logit per head,
// every layer MoE with num_local_experts of intermediate_size carrying biases (gate_up 2 f_e,
// down d) and a router with bias; layer_types alternate sliding (even layers) and full.
Status ReadGptOss(const Fields& f, Architecture* arch) {
  LLMCOST_RETURN_IF_ERROR(ReadLlamaCore(f, false, "gpt_oss", arch));
  LLMCOST_ASSIGN_OR_RETURN(bool bias, f.Boolean({"attention_bias"}, true));
  arch->qkv_bias = arch->o_bias = bias;
  arch->attention_sinks = true;
  LLMCOST_ASSIGN_OR_RETURN(arch->moe.num_experts, f.Integer({"num_local_experts"}, 1, 128));
  LLMCOST_ASSIGN_OR_RETURN(arch->moe.expert_ffn, f.Integer({"intermediate_size"}, 1));
  arch->intermediate_size = arch->moe.expert_ffn;
  LLMCOST_RETURN_IF_ERROR(ReadTopK(f, {"num_experts_per_tok", "experts_per_token"}, arch));
  arch->moe.router_bias = true;
  arch->mlp_bias = true;  // expert biases
  for (LayerSpec& layer : arch->layers) {
    layer.moe = true;
  }
  LLMCOST_ASSIGN_OR_RETURN(bool typed, ReadLayerTypes(f, arch));
  if (!typed) {
    Assume(arch, "layer_types absent: gpt_oss default, even layers use the sliding window");
    LLMCOST_RETURN_IF_ERROR(ReadSlidingWindow(
        f, [](int64_t i) { return i % 2 == 0; }, arch));
  }
  LLMCOST_ASSIGN_OR_RETURN(std::optional<Fields> quant, f.OptionalObject("quantization_config"));
  if (quant) {
    LLMCOST_ASSIGN_OR_RETURN(std::optional<std::string> method,
                             quant->OptionalString({"quant_method"}));
    if (method) {
      Assume(arch, "quantization_config " + *method +
                       ": the checkpoint stores the experts quantized; counts are parameters, "
                       "bytes follow the chosen weight format");
    }
  }
  return OkStatus();
}

// Gemma 3 (text): Gemma-2 layers (GeGLU, four norms per layer, tied) with per-head q/k
// RMSNorm; local layers use sliding_window, every sliding_window_pattern-th layer (1-based,
// default 6) is global, unless layer_types says otherwise. Gemma3TextConfig defaults apply
// to the fields a multimodal config leaves out of text_config.
Status ReadGemma3Text(const Fields& f, Architecture* arch) {
  LLMCOST_ASSIGN_OR_RETURN(arch->hidden_size, f.Integer({"hidden_size"}, 1, 2304));
  LLMCOST_RETURN_IF_ERROR(ReadLayerCount(f, {"num_hidden_layers"}, arch));
  auto defaulted = [&](std::string_view name, int64_t value) -> Result<int64_t> {
    if (!f.Has({name})) {
      Assume(arch, std::string(name) + " absent: gemma3_text default " + Str(value));
    }
    return f.Integer({name}, 1, value);
  };
  LLMCOST_ASSIGN_OR_RETURN(arch->vocab_size, defaulted("vocab_size", 262208));
  LLMCOST_ASSIGN_OR_RETURN(arch->num_heads, defaulted("num_attention_heads", 8));
  LLMCOST_ASSIGN_OR_RETURN(arch->num_kv_heads, defaulted("num_key_value_heads", 4));
  if (arch->num_heads % arch->num_kv_heads != 0) {
    return f.Error("num_key_value_heads",
                   "must divide num_attention_heads (" + Str(arch->num_heads) + ")");
  }
  LLMCOST_ASSIGN_OR_RETURN(arch->head_dim, defaulted("head_dim", 256));
  LLMCOST_ASSIGN_OR_RETURN(arch->intermediate_size, f.Integer({"intermediate_size"}, 1, 9216));
  LLMCOST_RETURN_IF_ERROR(ReadContext(f, {"max_position_embeddings"}, 131072, arch));
  LLMCOST_RETURN_IF_ERROR(ReadTying(f, true, "gemma3_text", arch));
  LLMCOST_RETURN_IF_ERROR(ReadAttentionBias(f, arch));
  LLMCOST_RETURN_IF_ERROR(ReadSoftcapping(f, std::nullopt, std::nullopt, arch));
  arch->embedding_dim = arch->hidden_size;
  arch->mlp = MlpKind::kGated;
  arch->norm = NormKind::kRmsNorm;
  arch->norms_per_layer = 4;
  arch->qk_norm = QkNorm::kPerHead;
  LLMCOST_ASSIGN_OR_RETURN(bool typed, ReadLayerTypes(f, arch));
  if (!typed) {
    LLMCOST_ASSIGN_OR_RETURN(int64_t pattern, f.Integer({"sliding_window_pattern"}, 1, 6));
    if (!f.Has({"sliding_window"})) {
      Assume(arch, "sliding_window absent: gemma3_text default 4096");
    }
    LLMCOST_ASSIGN_OR_RETURN(int64_t window, f.Integer({"sliding_window"}, 1, 4096));
    for (int64_t i = 0; i < arch->num_layers; ++i) {
      if ((i + 1) % pattern != 0) {
        LayerSpec& layer = arch->layers[static_cast<size_t>(i)];
        layer.mixer = MixerKind::kSlidingWindow;
        layer.sliding_window = window;
      }
    }
  }
  return OkStatus();
}

// Qwen3-Next: layer_types (default: every full_attention_interval-th layer, 1-based, is full
// attention, the rest Gated DeltaNet); gated attention output (q_proj 2 h d_h wide), per-head
// q/k norm; Qwen2-MoE experts with a gated shared expert (Qwen3NextConfig).
Status ReadQwen3Next(const Fields& f, Architecture* arch) {
  LLMCOST_RETURN_IF_ERROR(ReadLlamaCore(f, false, "qwen3_next", arch));
  LLMCOST_RETURN_IF_ERROR(ReadAttentionBias(f, arch));
  arch->qk_norm = QkNorm::kPerHead;
  arch->attention_gate = true;
  LLMCOST_ASSIGN_OR_RETURN(arch->intermediate_size, f.Integer({"intermediate_size"}, 1));
  LinearAttentionShape& g = arch->linear;
  LLMCOST_ASSIGN_OR_RETURN(g.num_key_heads, f.Integer({"linear_num_key_heads"}, 1, 16));
  LLMCOST_ASSIGN_OR_RETURN(g.num_value_heads, f.Integer({"linear_num_value_heads"}, 1, 32));
  LLMCOST_ASSIGN_OR_RETURN(g.key_head_dim, f.Integer({"linear_key_head_dim"}, 1, 128));
  LLMCOST_ASSIGN_OR_RETURN(g.value_head_dim, f.Integer({"linear_value_head_dim"}, 1, 128));
  LLMCOST_ASSIGN_OR_RETURN(g.conv_kernel, f.Integer({"linear_conv_kernel_dim"}, 1, 4));
  LLMCOST_ASSIGN_OR_RETURN(bool typed, ReadLayerTypes(f, arch));
  if (!typed) {
    LLMCOST_ASSIGN_OR_RETURN(int64_t interval, f.Integer({"full_attention_interval"}, 1, 4));
    for (int64_t i = 0; i < arch->num_layers; ++i) {
      if ((i + 1) % interval != 0) {
        arch->layers[static_cast<size_t>(i)].mixer = MixerKind::kLinearAttention;
      }
    }
  }
  LLMCOST_ASSIGN_OR_RETURN(arch->moe.num_experts, f.Integer({"num_experts"}, 0, 512));
  if (arch->moe.num_experts == 0) {
    return OkStatus();
  }
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

// Llama 4 (text): MoE layers every interleave_moe_layer_step (or the moe_layers list) with
// num_local_experts of intermediate_size, top num_experts_per_tok, one shared expert of the
// same width; dense layers of intermediate_size_mlp; no_rope_layers (default every 4th layer)
// attend globally without RoPE, the RoPE layers attend in blocks of attention_chunk_size;
// use_qk_norm is a parameter-free L2 norm (Llama4TextConfig, Llama4TextAttention).
Status ReadLlama4Text(const Fields& f, Architecture* arch) {
  LLMCOST_RETURN_IF_ERROR(ReadLlamaCore(f, false, "llama4_text", arch));
  LLMCOST_RETURN_IF_ERROR(ReadAttentionBias(f, arch));
  f.Has({"use_qk_norm"});  // L2 norm without parameters
  LLMCOST_ASSIGN_OR_RETURN(arch->intermediate_size, f.Integer({"intermediate_size_mlp"}, 1));
  LLMCOST_ASSIGN_OR_RETURN(arch->moe.num_experts, f.Integer({"num_local_experts"}, 1));
  LLMCOST_ASSIGN_OR_RETURN(arch->moe.expert_ffn, f.Integer({"intermediate_size"}, 1));
  LLMCOST_RETURN_IF_ERROR(ReadTopK(f, {"num_experts_per_tok"}, arch));
  arch->moe.num_shared_experts = 1;
  arch->moe.shared_ffn = arch->moe.expert_ffn;
  LLMCOST_ASSIGN_OR_RETURN(std::vector<int64_t> moe_layers,
                           f.IntegerList("moe_layers", 0, arch->num_layers - 1));
  LLMCOST_ASSIGN_OR_RETURN(int64_t step, f.Integer({"interleave_moe_layer_step"}, 1, 1));
  for (int64_t i = 0; i < arch->num_layers; ++i) {
    const bool listed = std::find(moe_layers.begin(), moe_layers.end(), i) != moe_layers.end();
    arch->layers[static_cast<size_t>(i)].moe = f.Has({"moe_layers"}) ? listed : (i + 1) % step == 0;
  }
  LLMCOST_RETURN_IF_ERROR(ReadNoRopeLayers(f, 4, arch));
  LLMCOST_ASSIGN_OR_RETURN(bool typed, ReadLayerTypes(f, arch));
  if (!typed) {
    LLMCOST_ASSIGN_OR_RETURN(std::optional<int64_t> chunk,
                             f.OptionalInteger({"attention_chunk_size"}, 1));
    for (LayerSpec& layer : arch->layers) {
      if (chunk && layer.rope) {
        layer.mixer = MixerKind::kChunkedAttention;
        layer.attention_chunk = *chunk;
      }
    }
  }
  return OkStatus();
}

// Granite (IBM Granite 3.x dense): LLaMA layers; its embedding, attention, residual and logit
// multipliers hold no parameters; untied by default (GraniteConfig).
Status ReadGranite(const Fields& f, Architecture* arch) {
  LLMCOST_RETURN_IF_ERROR(ReadLlama(f, arch));
  f.Has({"embedding_multiplier", "attention_multiplier", "residual_multiplier", "logits_scaling"});
  return OkStatus();
}

// Granite-MoE: Granite attention; every layer MoE with num_local_experts (default 8) of
// intermediate_size (input_linear 2 f_e x d, output_linear d x f_e, no biases), top
// num_experts_per_tok (default 2), router d x E without bias; no shared expert.
Status ReadGraniteMoe(const Fields& f, Architecture* arch) {
  LLMCOST_RETURN_IF_ERROR(ReadLlamaCore(f, false, "granitemoe", arch));
  LLMCOST_RETURN_IF_ERROR(ReadAttentionBias(f, arch));
  f.Has({"embedding_multiplier", "attention_multiplier", "residual_multiplier", "logits_scaling"});
  LLMCOST_ASSIGN_OR_RETURN(arch->moe.num_experts, f.Integer({"num_local_experts"}, 1, 8));
  LLMCOST_ASSIGN_OR_RETURN(arch->moe.expert_ffn, f.Integer({"intermediate_size"}, 1));
  arch->intermediate_size = arch->moe.expert_ffn;
  LLMCOST_ASSIGN_OR_RETURN(arch->moe.top_k, f.Integer({"num_experts_per_tok"}, 1, 2));
  if (arch->moe.top_k > arch->moe.num_experts) {
    return f.Error("num_experts_per_tok",
                   "must not exceed num_local_experts (" + Str(arch->moe.num_experts) + ")");
  }
  for (LayerSpec& layer : arch->layers) {
    layer.moe = true;
  }
  return OkStatus();
}

// BERT / RoBERTa encoders, counted as AutoModel loads them (BertModel / RobertaModel: the
// embeddings with segment embedding and LayerNorm, post-LN layers with biases and a plain GELU
// MLP, the pooler); bidirectional attention; no LM head. The masked-LM head is reported apart;
// the next-sentence head (2 d + 2) is not counted. RoBERTa's max_position_embeddings already
// holds its padding offset of 2 (BertConfig / RobertaConfig defaults).
Status ReadEncoder(const Fields& f, std::string_view family, int64_t type_default,
                   int64_t position_offset, Architecture* arch) {
  LLMCOST_ASSIGN_OR_RETURN(arch->hidden_size, f.Integer({"hidden_size"}, 1, 768));
  LLMCOST_RETURN_IF_ERROR(ReadLayerCount(f, {"num_hidden_layers"}, arch));
  LLMCOST_ASSIGN_OR_RETURN(arch->vocab_size, f.Integer({"vocab_size"}, 1));
  LLMCOST_RETURN_IF_ERROR(ReadHeads(f, {"num_attention_heads"}, {}, arch));
  LLMCOST_ASSIGN_OR_RETURN(arch->intermediate_size,
                           f.Integer({"intermediate_size"}, 1, 4 * arch->hidden_size));
  LLMCOST_ASSIGN_OR_RETURN(arch->max_position_embeddings,
                           f.Integer({"max_position_embeddings"}, 1, 512));
  LLMCOST_ASSIGN_OR_RETURN(std::optional<std::string> positions,
                           f.OptionalString({"position_embedding_type"}));
  if (positions && *positions != "absolute") {
    return f.Error("position_embedding_type", "must be \"absolute\" (learned positions)");
  }
  arch->learned_positions = arch->max_position_embeddings;
  arch->pretraining_context = std::max<int64_t>(arch->max_position_embeddings - position_offset, 1);
  LLMCOST_ASSIGN_OR_RETURN(arch->token_types, f.Integer({"type_vocab_size"}, 0, type_default));
  arch->embedding_dim = arch->hidden_size;
  arch->position = PositionKind::kLearned;
  arch->norm = NormKind::kLayerNorm;
  arch->final_norm = false;
  arch->embedding_norm = true;
  arch->qkv_bias = arch->o_bias = arch->mlp_bias = true;
  arch->mlp = MlpKind::kPlain;
  arch->causal = false;
  arch->output_head = false;
  arch->tying = Tying::kTied;  // the masked-LM decoder reuses the embedding
  arch->pooler = true;
  arch->mlm_head = true;
  f.Has({"tie_word_embeddings"});
  Assume(arch, std::string(family) + " encoder counted as AutoModel loads it (embeddings, " +
                   "layers, pooler); the masked-LM head is reported apart, the next-sentence " +
                   "head is not counted; attention is bidirectional");
  return OkStatus();
}

Status ReadBert(const Fields& f, Architecture* arch) {
  return ReadEncoder(f, "bert", 2, 0, arch);
}
Status ReadRoberta(const Fields& f, Architecture* arch) {
  return ReadEncoder(f, "roberta", 1, 2, arch);
}

// T5 family (T5Config / MT5Config / UMT5Config; Raffel et al. 2020 §2.1, §3.1.1): an encoder
// stack of num_layers layers and a decoder stack of num_decoder_layers (default num_layers);
// attention width num_heads x d_kv (not necessarily d_model), no biases anywhere, weight-only
// RMS norms (T5LayerNorm: 2 per encoder layer, 3 per decoder layer, 1 after each stack); a
// relative_attention_num_buckets x num_heads position bias in the first self-attention layer of
// each stack (UMT5: in every self-attention layer); feed_forward_proj "ACT" (wi, wo) or
// "gated-ACT" (wi_0, wi_1, wo) of d_ff; one shared embedding read by both stacks; the lm_head
// is the shared embedding when tie_word_embeddings (T5 default true; mT5 false; T5 v1.1 and
// Flan-T5 configs set false).
Status ReadT5Family(const Fields& f, std::string_view family, bool tie_default,
                    bool bias_every_layer, Architecture* arch) {
  LLMCOST_ASSIGN_OR_RETURN(arch->hidden_size, f.Integer({"d_model"}, 1));
  LLMCOST_ASSIGN_OR_RETURN(int64_t encoder_layers, f.Integer({"num_layers"}, 1));
  LLMCOST_ASSIGN_OR_RETURN(int64_t decoder_layers,
                           f.Integer({"num_decoder_layers"}, 1, encoder_layers));
  if (encoder_layers > kMaxLayers / 2 || decoder_layers > kMaxLayers / 2) {
    return f.Error(encoder_layers > kMaxLayers / 2 ? "num_layers" : "num_decoder_layers",
                   "must be at most " + Str(kMaxLayers / 2) + " layers");
  }
  arch->num_layers = encoder_layers + decoder_layers;
  arch->layers.assign(static_cast<size_t>(encoder_layers), LayerSpec{});
  for (LayerSpec& l : arch->layers) {
    l.encoder = true;
  }
  LayerSpec decoder;
  decoder.cross_attention = true;
  arch->layers.insert(arch->layers.end(), static_cast<size_t>(decoder_layers), decoder);
  LLMCOST_ASSIGN_OR_RETURN(arch->vocab_size, f.Integer({"vocab_size"}, 1));
  LLMCOST_ASSIGN_OR_RETURN(arch->num_heads, f.Integer({"num_heads"}, 1));
  arch->num_kv_heads = arch->num_heads;
  LLMCOST_ASSIGN_OR_RETURN(arch->head_dim, f.Integer({"d_kv"}, 1, 64));
  LLMCOST_ASSIGN_OR_RETURN(arch->intermediate_size, f.Integer({"d_ff"}, 1));
  LLMCOST_ASSIGN_OR_RETURN(std::optional<std::string> projection,
                           f.OptionalString({"feed_forward_proj"}));
  const std::string proj = projection.value_or("relu");
  // "gated-gelu" -> gated; "relu" -> plain; anything else with a dash is rejected, as T5Config
  // does (the activation itself holds no parameters).
  const size_t dash = proj.find('-');
  const bool gated = dash != std::string::npos;
  if (proj.empty() || (gated && (proj.substr(0, dash) != "gated" || dash + 1 == proj.size() ||
                                 proj.find('-', dash + 1) != std::string::npos))) {
    return f.Error("feed_forward_proj",
                   "must be an activation (\"relu\") or \"gated-\" and one "
                   "(\"gated-gelu\")");
  }
  arch->mlp = gated ? MlpKind::kGated : MlpKind::kPlain;
  LLMCOST_ASSIGN_OR_RETURN(arch->relative_buckets,
                           f.Integer({"relative_attention_num_buckets"}, 1, 32));
  f.Has({"relative_attention_max_distance", "is_encoder_decoder", "layer_norm_epsilon",
         "dense_act_fn", "is_gated_act"});  // no parameters; is_gated_act follows feed_forward_proj
  arch->relative_bias_every_layer = bias_every_layer;
  arch->position = PositionKind::kRelativeBias;
  LLMCOST_RETURN_IF_ERROR(ReadTying(f, tie_default, family, arch));
  arch->embedding_dim = arch->hidden_size;
  arch->norm = NormKind::kRmsNorm;
  arch->norms_per_layer = 2;  // + the cross-attention sublayer's own norm in decoder layers
  arch->final_norm = true;
  arch->qkv_bias = arch->o_bias = arch->mlp_bias = false;
  // No position table bounds the length: n_positions (512 in released configs) is the
  // pre-training input length.
  LLMCOST_ASSIGN_OR_RETURN(arch->pretraining_context, f.Integer({"n_positions"}, 1, 512));
  if (!f.Has({"n_positions"})) {
    Assume(arch, std::string(family) +
                     ": no n_positions; sequence length 512 (T5's pre-training "
                     "input length)");
  }
  Assume(arch, std::string(family) +
                   " is an encoder-decoder: the encoder reads s source tokens "
                   "and the decoder s target tokens (both the sequence length "
                   "or context); FLOPs per token are per source-target pair, "
                   "the serving cache holds decoder self-attention K/V over "
                   "the context and cross-attention K/V over an encoder input "
                   "of the same length");
  if (family != "t5") {
    Assume(arch,
           std::string(family) +
               " is the T5 architecture under a new name: read with the "
               "t5 field map" +
               (bias_every_layer ? " (relative position bias in every self-attention layer)" : ""));
  }
  return OkStatus();
}

Status ReadT5(const Fields& f, Architecture* arch) {
  return ReadT5Family(f, "t5", true, false, arch);
}
Status ReadMt5(const Fields& f, Architecture* arch) {
  return ReadT5Family(f, "mt5", false, false, arch);
}
Status ReadUmt5(const Fields& f, Architecture* arch) {
  return ReadT5Family(f, "umt5", true, true, arch);
}

// DeepSeek-V3.2: DeepSeek-V3 plus the lightning indexer on every layer (index_n_heads,
// index_head_dim) whose top index_topk keys the main attention attends to.
Status ReadDeepseekV32(const Fields& f, Architecture* arch) {
  LLMCOST_RETURN_IF_ERROR(ReadDeepseek(f, arch, true));
  LLMCOST_ASSIGN_OR_RETURN(arch->indexer.num_heads, f.Integer({"index_n_heads"}, 1, 64));
  LLMCOST_ASSIGN_OR_RETURN(arch->indexer.head_dim, f.Integer({"index_head_dim"}, 1, 128));
  LLMCOST_ASSIGN_OR_RETURN(arch->indexer.top_k, f.Integer({"index_topk"}, 1, 2048));
  return OkStatus();
}

// Kimi K2: the DeepSeek-V3 architecture under its own model_type (DeepseekV3ForCausalLM).
Status ReadKimiK2(const Fields& f, Architecture* arch) {
  Assume(arch, "kimi_k2 is the DeepSeek-V3 architecture: read with the deepseek_v3 field map");
  return ReadDeepseek(f, arch, true);
}

// StarCoder2 (Starcoder2Config): biases on every projection (use_bias, default true), LayerNorm
// with bias, a plain GELU MLP (c_fc, c_proj) of intermediate_size, tied by default
// (PretrainedConfig), sliding_window on every layer when given.
Status ReadStarcoder2(const Fields& f, Architecture* arch) {
  LLMCOST_RETURN_IF_ERROR(ReadLlamaCore(f, true, "starcoder2", arch));
  LLMCOST_RETURN_IF_ERROR(ReadDenseFfn(f, arch));
  LLMCOST_ASSIGN_OR_RETURN(bool bias, f.Boolean({"use_bias"}, true));
  arch->qkv_bias = arch->o_bias = arch->mlp_bias = bias;
  arch->mlp = MlpKind::kPlain;
  arch->norm = NormKind::kLayerNorm;
  f.Has({"norm_type", "mlp_type"});  // "layer_norm" / "default" in every released config
  return ReadSlidingWindow(
      f, [](int64_t) { return true; }, arch);
}

// Cohere (Command R, CohereConfig): a parallel block (one LayerNorm feeds attention and the
// gated MLP), LayerNorms without bias (weight only, d), tied by default; use_qk_norm adds
// weight-only norms over each head of q (h d_h) and k (k d_h); logit_scale holds no parameters.
Status ReadCohereCore(const Fields& f, std::string_view family, Architecture* arch) {
  LLMCOST_RETURN_IF_ERROR(ReadLlamaCore(f, true, family, arch));
  LLMCOST_RETURN_IF_ERROR(ReadDenseFfn(f, arch));
  LLMCOST_RETURN_IF_ERROR(ReadAttentionBias(f, arch));
  arch->norm = NormKind::kRmsNorm;  // CohereLayerNorm(bias=False): d weights
  arch->norms_per_layer = 1;
  f.Has({"logit_scale"});
  return OkStatus();
}

Status ReadCohere(const Fields& f, Architecture* arch) {
  LLMCOST_RETURN_IF_ERROR(ReadCohereCore(f, "cohere", arch));
  LLMCOST_ASSIGN_OR_RETURN(bool qk_norm, f.Boolean({"use_qk_norm"}, false));
  arch->qk_norm = qk_norm ? QkNorm::kFullWidth : QkNorm::kNone;
  return OkStatus();
}

// Cohere 2 (Command R7B, Cohere2Config): Cohere's parallel block; layer_types (or every
// sliding_window_pattern-th layer, default 4, 1-based) is full attention without RoPE, the
// others sliding-window attention with RoPE.
Status ReadCohere2(const Fields& f, Architecture* arch) {
  LLMCOST_RETURN_IF_ERROR(ReadCohereCore(f, "cohere2", arch));
  LLMCOST_ASSIGN_OR_RETURN(bool typed, ReadLayerTypes(f, arch));
  if (!typed) {
    LLMCOST_ASSIGN_OR_RETURN(int64_t pattern, f.Integer({"sliding_window_pattern"}, 1, 4));
    LLMCOST_ASSIGN_OR_RETURN(int64_t window, f.Integer({"sliding_window"}, 1, 4096));
    for (int64_t i = 0; i < arch->num_layers; ++i) {
      if ((i + 1) % pattern != 0) {
        LayerSpec& layer = arch->layers[static_cast<size_t>(i)];
        layer.mixer = MixerKind::kSlidingWindow;
        layer.sliding_window = window;
      }
    }
  } else {
    f.Has({"sliding_window_pattern"});  // folded into layer_types
  }
  for (LayerSpec& layer : arch->layers) {
    layer.rope = layer.mixer == MixerKind::kSlidingWindow;  // global layers use no RoPE
  }
  return OkStatus();
}

// PhiMoE (Phi-3.5-MoE, PhimoeConfig): every layer MoE with num_local_experts (16) of
// intermediate_size, top num_experts_per_tok (2), router d x E without bias; biases on Q, K,
// V and O (attention_bias); LayerNorms with bias; an output-head bias (lm_head_bias); untied.
Status ReadPhimoe(const Fields& f, Architecture* arch) {
  LLMCOST_RETURN_IF_ERROR(ReadLlamaCore(f, false, "phimoe", arch));
  LLMCOST_RETURN_IF_ERROR(ReadAttentionBias(f, arch));
  LLMCOST_ASSIGN_OR_RETURN(arch->head_bias, f.Boolean({"lm_head_bias"}, false));
  arch->norm = NormKind::kLayerNorm;
  LLMCOST_ASSIGN_OR_RETURN(arch->moe.num_experts, f.Integer({"num_local_experts"}, 1, 16));
  LLMCOST_ASSIGN_OR_RETURN(arch->moe.expert_ffn, f.Integer({"intermediate_size"}, 1));
  arch->intermediate_size = arch->moe.expert_ffn;
  LLMCOST_RETURN_IF_ERROR(ReadTopK(f, {"num_experts_per_tok"}, arch));
  for (LayerSpec& layer : arch->layers) {
    layer.moe = true;
  }
  return ReadSlidingWindow(
      f, [](int64_t) { return true; }, arch);
}

// GLM-4.5 (Glm4MoeConfig): GQA attention with q/k/v biases (attention_bias; o_proj has none),
// optional per-head q/k RMSNorm (use_qk_norm); DeepSeek-V3-style MoE: dense
// first_k_dense_replace layers of intermediate_size, then n_routed_experts of
// moe_intermediate_size (top num_experts_per_tok) plus n_shared_experts, router with the
// e_score_correction_bias; num_nextn_predict_layers MTP modules reported apart; untied.
Status ReadGlm4Moe(const Fields& f, Architecture* arch) {
  LLMCOST_RETURN_IF_ERROR(ReadLlamaCore(f, false, "glm4_moe", arch));
  LLMCOST_RETURN_IF_ERROR(ReadDenseFfn(f, arch));
  LLMCOST_ASSIGN_OR_RETURN(arch->qkv_bias, f.Boolean({"attention_bias"}, false));
  LLMCOST_ASSIGN_OR_RETURN(bool qk_norm, f.Boolean({"use_qk_norm"}, false));
  arch->qk_norm = qk_norm ? QkNorm::kPerHead : QkNorm::kNone;
  f.Has({"partial_rotary_factor", "n_group", "topk_group", "routed_scaling_factor",
         "norm_topk_prob"});  // no parameters of their own
  LLMCOST_ASSIGN_OR_RETURN(arch->moe.num_experts, f.Integer({"n_routed_experts"}, 1, 128));
  LLMCOST_ASSIGN_OR_RETURN(arch->moe.expert_ffn, f.Integer({"moe_intermediate_size"}, 1));
  LLMCOST_RETURN_IF_ERROR(ReadTopK(f, {"num_experts_per_tok"}, arch));
  LLMCOST_ASSIGN_OR_RETURN(arch->moe.num_shared_experts, f.Integer({"n_shared_experts"}, 0, 1));
  arch->moe.shared_ffn = arch->moe.expert_ffn;
  arch->moe.router_bias = true;
  LLMCOST_ASSIGN_OR_RETURN(int64_t first_dense, f.Integer({"first_k_dense_replace"}, 0, 1));
  if (first_dense > arch->num_layers) {
    return f.Error("first_k_dense_replace",
                   "must not exceed num_hidden_layers (" + Str(arch->num_layers) + ")");
  }
  for (int64_t i = 0; i < arch->num_layers; ++i) {
    arch->layers[static_cast<size_t>(i)].moe = i >= first_dense;
  }
  LLMCOST_ASSIGN_OR_RETURN(arch->mtp_layers, f.Integer({"num_nextn_predict_layers"}, 0, 0));
  if (arch->mtp_layers > kMaxLayers) {
    return f.Error("num_nextn_predict_layers", "must be at most " + Str(kMaxLayers));
  }
  return OkStatus();
}

// ERNIE 4.5 dense (Ernie4_5Config): LLaMA layers; use_bias (false) puts biases on Q, K, V, O
// and the MLP; tied by default.
Status ReadErnie45(const Fields& f, Architecture* arch) {
  LLMCOST_RETURN_IF_ERROR(ReadLlamaCore(f, true, "ernie4_5", arch));
  LLMCOST_RETURN_IF_ERROR(ReadDenseFfn(f, arch));
  LLMCOST_ASSIGN_OR_RETURN(bool bias, f.Boolean({"use_bias"}, false));
  arch->qkv_bias = arch->o_bias = arch->mlp_bias = bias;
  return OkStatus();
}

// ERNIE 4.5 MoE (Ernie4_5_MoeConfig; transformers Ernie4_5_MoeSparseMoeBlock): ERNIE 4.5 layers;
// layer i is MoE when (i + 1) % moe_layer_interval == 0 and moe_layer_start_index <= i <=
// moe_layer_end_index (-1: the last layer), else a dense MLP of intermediate_size; an MoE layer
// has moe_num_experts experts of moe_intermediate_size, top moe_k, a d x E router without bias
// plus the E-wide e_score_correction_bias (moe_statics), and one shared MLP of
// moe_num_shared_experts x moe_intermediate_size; use_bias also puts a bias on the lm_head.
// Multi-token-prediction weights in the checkpoint are not loaded by transformers and not counted.
Status ReadErnie45Moe(const Fields& f, Architecture* arch) {
  LLMCOST_RETURN_IF_ERROR(ReadLlamaCore(f, true, "ernie4_5_moe", arch));
  LLMCOST_RETURN_IF_ERROR(ReadDenseFfn(f, arch));
  LLMCOST_ASSIGN_OR_RETURN(bool bias, f.Boolean({"use_bias"}, false));
  arch->qkv_bias = arch->o_bias = arch->mlp_bias = arch->head_bias = bias;
  LLMCOST_ASSIGN_OR_RETURN(arch->moe.num_experts, f.Integer({"moe_num_experts"}, 1, 64));
  LLMCOST_ASSIGN_OR_RETURN(arch->moe.expert_ffn, f.Integer({"moe_intermediate_size"}, 1, 1536));
  LLMCOST_ASSIGN_OR_RETURN(arch->moe.top_k, f.Integer({"moe_k"}, 1, 6));
  if (arch->moe.top_k > arch->moe.num_experts) {
    return f.Error("moe_k", "must not exceed moe_num_experts (" + Str(arch->moe.num_experts) + ")");
  }
  LLMCOST_ASSIGN_OR_RETURN(arch->moe.num_shared_experts,
                           f.Integer({"moe_num_shared_experts"}, 0, 2));
  arch->moe.shared_ffn = arch->moe.expert_ffn;
  arch->moe.router_bias = true;
  arch->moe.normalize_top_k = true;
  LLMCOST_ASSIGN_OR_RETURN(int64_t start, f.Integer({"moe_layer_start_index"}, 0, 1));
  LLMCOST_ASSIGN_OR_RETURN(int64_t end, f.Integer({"moe_layer_end_index"}, -1, -1));
  LLMCOST_ASSIGN_OR_RETURN(int64_t interval, f.Integer({"moe_layer_interval"}, 1, 1));
  if (end == -1) {
    end = arch->num_layers - 1;
  }
  for (int64_t i = 0; i < arch->num_layers; ++i) {
    arch->layers[static_cast<size_t>(i)].moe = (i + 1) % interval == 0 && i >= start && i <= end;
  }
  f.Has({"moe_norm_min", "router_aux_loss_coef", "moe_capacity", "moe_gate", "moe_use_aux_free",
         "num_nextn_predict_layers", "multi_token_pred_lambda"});
  return OkStatus();
}

// MiniMax-M2 (MiniMaxM2Config): every layer full attention (attn_type_list all 1) with
// use_qk_norm RMSNorms over the whole q and k (qk_norm_type "per_layer") or per head
// ("per_head"); every layer MoE with num_local_experts of intermediate_size, top
// num_experts_per_tok, router d x E plus the e_score_correction_bias (use_routing_bias); no
// shared expert; untied. Its MTP modules (use_mtp) are not counted.
Status ReadMinimaxM2(const Fields& f, Architecture* arch) {
  LLMCOST_RETURN_IF_ERROR(ReadLlamaCore(f, false, "minimax_m2", arch));
  LLMCOST_RETURN_IF_ERROR(ReadAttentionBias(f, arch));
  LLMCOST_ASSIGN_OR_RETURN(bool qk_norm, f.Boolean({"use_qk_norm"}, true));
  LLMCOST_ASSIGN_OR_RETURN(std::optional<std::string> norm_type,
                           f.OptionalString({"qk_norm_type"}));
  if (norm_type && *norm_type != "per_layer" && *norm_type != "per_head") {
    return f.Error("qk_norm_type", "must be \"per_layer\" or \"per_head\"");
  }
  arch->qk_norm = !qk_norm                                ? QkNorm::kNone
                  : norm_type && *norm_type == "per_head" ? QkNorm::kPerHead
                                                          : QkNorm::kFullWidth;
  LLMCOST_ASSIGN_OR_RETURN(std::vector<int64_t> attn_types, f.IntegerList("attn_type_list", 0, 1));
  if (std::find(attn_types.begin(), attn_types.end(), 0) != attn_types.end()) {
    return f.Error("attn_type_list",
                   "must be all 1 (softmax attention); lightning-attention "
                   "layers (0) are not modelled");
  }
  LLMCOST_ASSIGN_OR_RETURN(int64_t shared, f.Integer({"shared_intermediate_size"}, 0, 0));
  if (shared > 0) {
    return f.Error("shared_intermediate_size", "must be 0 (no shared expert in MiniMax-M2)");
  }
  LLMCOST_ASSIGN_OR_RETURN(arch->moe.num_experts, f.Integer({"num_local_experts"}, 1, 256));
  LLMCOST_ASSIGN_OR_RETURN(arch->moe.expert_ffn, f.Integer({"intermediate_size"}, 1));
  arch->intermediate_size = arch->moe.expert_ffn;
  LLMCOST_RETURN_IF_ERROR(ReadTopK(f, {"num_experts_per_tok"}, arch));
  LLMCOST_ASSIGN_OR_RETURN(arch->moe.router_bias, f.Boolean({"use_routing_bias"}, true));
  for (LayerSpec& layer : arch->layers) {
    layer.moe = true;
  }
  f.Has({"rotary_dim", "scoring_func"});  // no parameters of their own
  LLMCOST_ASSIGN_OR_RETURN(bool mtp, f.Boolean({"use_mtp"}, false));
  f.Has({"num_mtp_modules", "mtp_transformer_layers"});
  if (mtp) {
    Assume(arch,
           "use_mtp: the multi-token-prediction modules are not counted (transformers "
           "does not load them)");
  }
  return OkStatus();
}

// ---- State-space and hybrid families ----

// A model whose layers hold no attention: no heads, no positions.
void NoAttention(Architecture* arch) {
  arch->num_heads = arch->num_kv_heads = arch->head_dim = 0;
  arch->position = PositionKind::kNone;
  for (LayerSpec& layer : arch->layers) {
    layer.rope = false;
  }
}

// Mamba-2 mixer fields shared by mamba2 and falcon_h1: heads x head size must be the inner
// width (transformers raises otherwise).
Status CheckMamba2Heads(const Fields& f, std::string_view heads_name, int64_t head_dim,
                        const StateSpaceShape& m) {
  if (m.heads * head_dim != m.inner) {
    return f.Error(heads_name, "times the head size (" + Str(head_dim) +
                                   ") must equal the inner width (" + Str(m.inner) + ")");
  }
  return OkStatus();
}

// The rest of a pure state-space model (Mamba, Mamba-2): one RMSNorm and a state-space mixer
// per layer, no attention, no feed-forward. It has no position limit and its configs record
// no context: the estimates default to the 2048-token sequences the Mamba and Mamba-2 papers
// train on (Gu & Dao 2023 §4.2; Dao & Gu 2024 §9.2), said in the assumptions; --seq-len
// overrides it. `paper` names the model in that sentence.
Status StateSpaceOnlyLayers(const Fields& f, std::string_view paper, Architecture* arch) {
  LLMCOST_RETURN_IF_ERROR(ReadContext(f, {"max_position_embeddings"}, std::nullopt, arch));
  if (arch->pretraining_context == 0) {
    arch->pretraining_context = 2048;
    Assume(arch,
           "no max_position_embeddings: a state-space model has no context limit; "
           "sequence length 2048 (the " +
               std::string(paper) + " paper's training length) unless --seq-len says otherwise");
  }
  arch->embedding_dim = arch->hidden_size;
  arch->norm = NormKind::kRmsNorm;
  arch->norms_per_layer = 1;
  NoAttention(arch);
  for (LayerSpec& layer : arch->layers) {
    layer.mixer = MixerKind::kStateSpace;
    layer.feed_forward = false;
  }
  return OkStatus();
}

// Mamba's low-rank dt projection R: an integer, or "auto" (and absent) for ceil(d / 16).
Result<int64_t> ReadDtRank(const Fields& f, std::string_view name, int64_t d) {
  const int64_t auto_rank = (d + 15) / 16;
  if (f.Has({name}) && f.node()[std::string(name)].is_string()) {
    if (f.node()[std::string(name)].get<std::string>() != "auto") {
      return f.Error(name, "must be an integer or \"auto\"");
    }
    return auto_rank;
  }
  return f.Integer({name}, 1, auto_rank);
}

// Mamba (MambaConfig, MambaForCausalLM) and Falcon-Mamba (FalconMambaConfig, the same fields):
// every layer an RMSNorm and a Mamba mixer (in_proj d x 2 d_i, a depthwise conv1d, x_proj,
// dt_proj, A_log and D, out_proj), no attention and no feed-forward. Falcon-Mamba's RMSNorms
// on B, C and dt have no weights, so both count alike. Defaults are MambaConfig's; tied by
// default (PretrainedConfig's), as the state-spaces checkpoints are.
Status ReadMambaFields(const Fields& f, std::string_view family, Architecture* arch) {
  LLMCOST_ASSIGN_OR_RETURN(arch->hidden_size, f.Integer({"hidden_size", "d_model"}, 1, 768));
  LLMCOST_RETURN_IF_ERROR(ReadLayerCount(f, {"num_hidden_layers", "n_layer"}, arch));
  LLMCOST_ASSIGN_OR_RETURN(arch->vocab_size, f.Integer({"vocab_size"}, 1, 50280));
  LLMCOST_RETURN_IF_ERROR(ReadTying(f, true, family, arch));
  StateSpaceShape& m = arch->ssm;
  m.version = 1;
  LLMCOST_ASSIGN_OR_RETURN(int64_t expand, f.Integer({"expand"}, 1, 2));
  LLMCOST_ASSIGN_OR_RETURN(int64_t inner, FieldProduct(f, "expand", {expand, arch->hidden_size},
                                                       "expand x hidden_size"));
  // MambaConfig derives intermediate_size = expand x hidden_size; a saved config repeats it.
  LLMCOST_ASSIGN_OR_RETURN(m.inner, f.Integer({"intermediate_size"}, 1, inner));
  LLMCOST_ASSIGN_OR_RETURN(m.state, f.Integer({"state_size"}, 1, 16));
  LLMCOST_ASSIGN_OR_RETURN(m.conv_kernel, f.Integer({"conv_kernel"}, 1, 4));
  LLMCOST_ASSIGN_OR_RETURN(m.dt_rank, ReadDtRank(f, "time_step_rank", arch->hidden_size));
  LLMCOST_ASSIGN_OR_RETURN(m.proj_bias, f.Boolean({"use_bias"}, false));
  LLMCOST_ASSIGN_OR_RETURN(m.conv_bias, f.Boolean({"use_conv_bias"}, true));
  m.gated_norm = false;
  m.dt_bc_norms = false;
  // No parameters of their own: initialisation, kernels, the original code's layout choices.
  f.Has({"rms_norm", "residual_in_fp32", "fused_add_norm", "pad_vocab_size_multiple",
         "mixer_rms_eps", "use_mambapy", "time_step_scale", "time_step_min", "time_step_max",
         "time_step_init_scheme", "time_step_floor", "rescale_prenorm_residual"});
  return StateSpaceOnlyLayers(f, "Mamba", arch);
}

Status ReadMamba(const Fields& f, Architecture* arch) {
  return ReadMambaFields(f, "mamba", arch);
}

Status ReadFalconMamba(const Fields& f, Architecture* arch) {
  return ReadMambaFields(f, "falcon_mamba", arch);
}

// Mamba-2 (Mamba2Config, Mamba2ForCausalLM): every layer an RMSNorm and a Mamba-2 mixer, no
// attention and no feed-forward; untied by default. Defaults are Mamba2Config's (the
// Mamba-Codestral-7B shape).
Status ReadMamba2(const Fields& f, Architecture* arch) {
  LLMCOST_ASSIGN_OR_RETURN(arch->hidden_size, f.Integer({"hidden_size"}, 1, 4096));
  LLMCOST_RETURN_IF_ERROR(ReadLayerCount(f, {"num_hidden_layers"}, arch));
  LLMCOST_ASSIGN_OR_RETURN(arch->vocab_size, f.Integer({"vocab_size"}, 1, 32768));
  LLMCOST_RETURN_IF_ERROR(ReadTying(f, false, "mamba2", arch));
  StateSpaceShape& m = arch->ssm;
  m.version = 2;
  LLMCOST_ASSIGN_OR_RETURN(int64_t expand, f.Integer({"expand"}, 1, 2));
  LLMCOST_ASSIGN_OR_RETURN(
      m.inner, FieldProduct(f, "expand", {expand, arch->hidden_size}, "expand x hidden_size"));
  LLMCOST_ASSIGN_OR_RETURN(m.state, f.Integer({"state_size"}, 1, 128));
  LLMCOST_ASSIGN_OR_RETURN(m.conv_kernel, f.Integer({"conv_kernel"}, 1, 4));
  LLMCOST_ASSIGN_OR_RETURN(m.groups, f.Integer({"n_groups"}, 1, 8));
  LLMCOST_ASSIGN_OR_RETURN(m.heads, f.Integer({"num_heads"}, 1, 128));
  LLMCOST_ASSIGN_OR_RETURN(int64_t head_dim, f.Integer({"head_dim"}, 1, 64));
  LLMCOST_RETURN_IF_ERROR(CheckMamba2Heads(f, "num_heads", head_dim, m));
  LLMCOST_ASSIGN_OR_RETURN(m.proj_bias, f.Boolean({"use_bias"}, false));
  LLMCOST_ASSIGN_OR_RETURN(m.conv_bias, f.Boolean({"use_conv_bias"}, true));
  m.gated_norm = true;
  f.Has({"rms_norm", "time_step_rank", "chunk_size"});  // no parameters of their own
  return StateSpaceOnlyLayers(f, "Mamba-2", arch);
}

// Jamba (JambaConfig): layer i is attention when i % attn_layer_period == attn_layer_offset
// (default 8, 4), else a Mamba mixer; its feed-forward is MoE (num_experts of
// intermediate_size, top num_experts_per_tok, router d x E without bias) when
// i % expert_layer_period == expert_layer_offset (default 2, 1) and num_experts > 1, else a
// dense MLP. Attention has no positional encoding; the Mamba mixer has RMSNorms on dt, B and
// C; mamba_dt_rank "auto" is ceil(d / 16).
Status ReadJamba(const Fields& f, Architecture* arch) {
  LLMCOST_RETURN_IF_ERROR(ReadLlamaCore(f, false, "jamba", arch));
  LLMCOST_RETURN_IF_ERROR(ReadDenseFfn(f, arch));
  arch->position = PositionKind::kNone;
  StateSpaceShape& m = arch->ssm;
  m.version = 1;
  LLMCOST_ASSIGN_OR_RETURN(int64_t expand, f.Integer({"mamba_expand"}, 1, 2));
  LLMCOST_ASSIGN_OR_RETURN(m.inner, FieldProduct(f, "mamba_expand", {expand, arch->hidden_size},
                                                 "mamba_expand x hidden_size"));
  LLMCOST_ASSIGN_OR_RETURN(m.state, f.Integer({"mamba_d_state"}, 1, 16));
  LLMCOST_ASSIGN_OR_RETURN(m.conv_kernel, f.Integer({"mamba_d_conv"}, 1, 4));
  LLMCOST_ASSIGN_OR_RETURN(m.dt_rank, ReadDtRank(f, "mamba_dt_rank", arch->hidden_size));
  LLMCOST_ASSIGN_OR_RETURN(m.conv_bias, f.Boolean({"mamba_conv_bias"}, true));
  LLMCOST_ASSIGN_OR_RETURN(m.proj_bias, f.Boolean({"mamba_proj_bias"}, false));
  m.gated_norm = false;
  m.dt_bc_norms = true;
  f.Has({"use_mamba_kernels"});
  LLMCOST_ASSIGN_OR_RETURN(int64_t attn_period, f.Integer({"attn_layer_period"}, 1, 8));
  LLMCOST_ASSIGN_OR_RETURN(int64_t attn_offset, f.Integer({"attn_layer_offset"}, 0, 4));
  LLMCOST_ASSIGN_OR_RETURN(int64_t expert_period, f.Integer({"expert_layer_period"}, 1, 2));
  LLMCOST_ASSIGN_OR_RETURN(int64_t expert_offset, f.Integer({"expert_layer_offset"}, 0, 1));
  if (attn_offset >= attn_period) {
    return f.Error("attn_layer_offset",
                   "must be less than attn_layer_period (" + Str(attn_period) + ")");
  }
  if (expert_offset >= expert_period) {
    return f.Error("expert_layer_offset",
                   "must be less than expert_layer_period (" + Str(expert_period) + ")");
  }
  LLMCOST_ASSIGN_OR_RETURN(int64_t experts, f.Integer({"num_experts"}, 1, 16));
  for (int64_t i = 0; i < arch->num_layers; ++i) {
    LayerSpec& layer = arch->layers[static_cast<size_t>(i)];
    layer.rope = false;
    layer.mixer =
        i % attn_period == attn_offset ? MixerKind::kFullAttention : MixerKind::kStateSpace;
    layer.moe = experts > 1 && i % expert_period == expert_offset;
  }
  if (experts > 1) {
    arch->moe.num_experts = experts;
    arch->moe.expert_ffn = arch->intermediate_size;
    LLMCOST_ASSIGN_OR_RETURN(arch->moe.top_k, f.Integer({"num_experts_per_tok"}, 1, 2));
    if (arch->moe.top_k > experts) {
      return f.Error("num_experts_per_tok", "must not exceed num_experts (" + Str(experts) + ")");
    }
  } else {
    f.Has({"num_experts_per_tok"});  // one expert: a dense MLP
  }
  return OkStatus();
}

// Falcon-H1 (FalconH1Config): every layer runs attention (LLaMA-style, attention_bias) and a
// Mamba-2 mixer side by side on one normalized input, then a gated MLP (mamba_use_mlp, default
// true); two RMSNorms per layer; untied by default. The mixer: mamba_d_ssm inner width (absent:
// mamba_expand x d), mamba_n_heads heads of mamba_d_head ("auto": d_ssm / heads),
// mamba_n_groups, mamba_d_state, mamba_d_conv, conv bias mamba_conv_bias, in_proj bias
// mamba_proj_bias, out_proj bias projectors_bias, its gated RMSNorm only with mamba_rms_norm.
// The muP multipliers hold no parameters.
Status ReadFalconH1(const Fields& f, Architecture* arch) {
  LLMCOST_RETURN_IF_ERROR(ReadLlamaCore(f, false, "falcon_h1", arch));
  LLMCOST_RETURN_IF_ERROR(ReadDenseFfn(f, arch));
  LLMCOST_RETURN_IF_ERROR(ReadAttentionBias(f, arch));
  LLMCOST_ASSIGN_OR_RETURN(arch->mlp_bias, f.Boolean({"mlp_bias"}, false));
  StateSpaceShape& m = arch->ssm;
  m.version = 2;
  LLMCOST_ASSIGN_OR_RETURN(int64_t expand, f.Integer({"mamba_expand"}, 1, 2));
  LLMCOST_ASSIGN_OR_RETURN(std::optional<int64_t> d_ssm, f.OptionalInteger({"mamba_d_ssm"}, 1));
  if (d_ssm) {
    m.inner = *d_ssm;
  } else {
    LLMCOST_ASSIGN_OR_RETURN(m.inner, FieldProduct(f, "mamba_expand", {expand, arch->hidden_size},
                                                   "mamba_expand x hidden_size"));
    Assume(arch, "mamba_d_ssm absent: falcon_h1 inner width mamba_expand x hidden_size = " +
                     Str(m.inner));
  }
  LLMCOST_ASSIGN_OR_RETURN(m.heads, f.Integer({"mamba_n_heads"}, 1, 128));
  int64_t head_dim = m.inner / m.heads;
  if (f.Has({"mamba_d_head"}) && !f.node()["mamba_d_head"].is_string()) {
    LLMCOST_ASSIGN_OR_RETURN(head_dim, f.Integer({"mamba_d_head"}, 1));
  } else if (f.Has({"mamba_d_head"}) && f.node()["mamba_d_head"].get<std::string>() != "auto") {
    return f.Error("mamba_d_head", "must be an integer or \"auto\"");
  }
  LLMCOST_RETURN_IF_ERROR(CheckMamba2Heads(f, "mamba_n_heads", head_dim, m));
  LLMCOST_ASSIGN_OR_RETURN(m.groups, f.Integer({"mamba_n_groups"}, 1, 1));
  LLMCOST_ASSIGN_OR_RETURN(m.state, f.Integer({"mamba_d_state"}, 1, 256));
  LLMCOST_ASSIGN_OR_RETURN(m.conv_kernel, f.Integer({"mamba_d_conv"}, 1, 4));
  LLMCOST_ASSIGN_OR_RETURN(m.conv_bias, f.Boolean({"mamba_conv_bias"}, true));
  LLMCOST_ASSIGN_OR_RETURN(bool in_bias, f.Boolean({"mamba_proj_bias"}, false));
  LLMCOST_ASSIGN_OR_RETURN(bool out_bias, f.Boolean({"projectors_bias"}, false));
  if (in_bias != out_bias) {
    return f.Error("mamba_proj_bias",
                   "must equal projectors_bias (llmcost counts one bias "
                   "switch for in_proj and out_proj)");
  }
  m.proj_bias = in_bias;
  LLMCOST_ASSIGN_OR_RETURN(m.gated_norm, f.Boolean({"mamba_rms_norm"}, false));
  LLMCOST_ASSIGN_OR_RETURN(bool mlp, f.Boolean({"mamba_use_mlp"}, true));
  f.Has({"mamba_chunk_size", "mamba_norm_before_gate", "attn_layer_indices"});
  for (LayerSpec& layer : arch->layers) {
    layer.mixer = MixerKind::kAttentionAndStateSpace;
    layer.feed_forward = mlp;
  }
  return OkStatus();
}

constexpr std::array kFamilies = {
    Family{"bert", ReadBert, ModuleNaming::kBert},
    Family{"cohere", ReadCohere, ModuleNaming::kLlama},
    Family{"cohere2", ReadCohere2, ModuleNaming::kLlama},
    Family{"deepseek_v2", ReadDeepseekV2, ModuleNaming::kDeepseek},
    Family{"deepseek_v3", ReadDeepseekV3, ModuleNaming::kDeepseek},
    Family{"deepseek_v32", ReadDeepseekV32, ModuleNaming::kDeepseek},
    Family{"ernie4_5", ReadErnie45, ModuleNaming::kLlama},
    Family{"ernie4_5_moe", ReadErnie45Moe, ModuleNaming::kLlama},
    Family{"falcon", ReadFalcon, ModuleNaming::kFalcon},
    Family{"falcon_h1", ReadFalconH1, ModuleNaming::kFalconH1},
    Family{"falcon_mamba", ReadFalconMamba, ModuleNaming::kMamba2},
    Family{"gemma", ReadGemma, ModuleNaming::kLlama},
    Family{"gemma2", ReadGemma2, ModuleNaming::kLlama},
    Family{"gemma3_text", ReadGemma3Text, ModuleNaming::kLlama},
    Family{"gpt_oss", ReadGptOss, ModuleNaming::kGptOss},
    Family{"glm4_moe", ReadGlm4Moe, ModuleNaming::kDeepseek},
    Family{"granite", ReadGranite, ModuleNaming::kLlama},
    Family{"granitemoe", ReadGraniteMoe, ModuleNaming::kGraniteMoe},
    Family{"gpt2", ReadGpt2, ModuleNaming::kGpt2},
    Family{"gpt_neox", ReadGptNeox, ModuleNaming::kGptNeox},
    Family{"jamba", ReadJamba, ModuleNaming::kJamba},
    Family{"kimi_k2", ReadKimiK2, ModuleNaming::kDeepseek},
    Family{"llama", ReadLlama, ModuleNaming::kLlama},
    Family{"llama4_text", ReadLlama4Text, ModuleNaming::kLlama4},
    Family{"mamba", ReadMamba, ModuleNaming::kMamba2},
    Family{"mamba2", ReadMamba2, ModuleNaming::kMamba2},
    Family{"minimax_m2", ReadMinimaxM2, ModuleNaming::kMixtral},
    Family{"mistral", ReadMistral, ModuleNaming::kLlama},
    Family{"mixtral", ReadMixtral, ModuleNaming::kMixtral},
    Family{"mt5", ReadMt5, ModuleNaming::kT5},
    Family{"olmo", ReadOlmo, ModuleNaming::kLlama},
    Family{"olmo2", ReadOlmo2, ModuleNaming::kLlama},
    Family{"olmoe", ReadOlmoe, ModuleNaming::kLlama},
    Family{"opt", ReadOpt, ModuleNaming::kOpt},
    Family{"phi3", ReadPhi3, ModuleNaming::kPhi3},
    Family{"phimoe", ReadPhimoe, ModuleNaming::kMixtral},
    Family{"qwen2", ReadQwen2, ModuleNaming::kLlama},
    Family{"qwen2_moe", ReadQwen2Moe, ModuleNaming::kLlama},
    Family{"qwen3", ReadQwen3, ModuleNaming::kLlama},
    Family{"qwen3_moe", ReadQwen3Moe, ModuleNaming::kLlama},
    Family{"qwen3_next", ReadQwen3Next, ModuleNaming::kLlama},
    Family{"roberta", ReadRoberta, ModuleNaming::kBert},
    Family{"smollm3", ReadSmolLm3, ModuleNaming::kLlama},
    Family{"starcoder2", ReadStarcoder2, ModuleNaming::kLlama},
    Family{"t5", ReadT5, ModuleNaming::kT5},
    Family{"umt5", ReadUmt5, ModuleNaming::kT5},
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
    Alias{"gemma3", "gemma3_text"},  // multimodal wrapper; the reader sees text_config
    Alias{"llama4", "llama4_text"},
    // Qwen2-VL / Qwen2.5-VL: the language model is Qwen2's (q/k/v biases, the same fields),
    // at the top level of the config or, from transformers 4.53 on, under text_config.
    Alias{"qwen2_vl", "qwen2"},
    Alias{"qwen2_vl_text", "qwen2"},
    Alias{"qwen2_5_vl", "qwen2"},
    Alias{"qwen2_5_vl_text", "qwen2"},
};

// ---- Vision towers (the multimodal config's vision_config) ----

// SigLIP / Gemma 3: SiglipVisionConfig fields and defaults; Gemma3MultiModalProjector is an
// RMSNorm of D (mm_soft_emb_norm) and a D x d matrix (mm_input_projection_weight).
Status ReadGemma3Vision(const Fields& v, const Fields& /*root*/, const Architecture& text,
                        VisionTower* out) {
  LLMCOST_ASSIGN_OR_RETURN(out->hidden_size, v.Integer({"hidden_size"}, 1, 768));
  LLMCOST_ASSIGN_OR_RETURN(out->num_layers, v.Integer({"num_hidden_layers"}, 1, 12));
  LLMCOST_ASSIGN_OR_RETURN(out->intermediate_size, v.Integer({"intermediate_size"}, 1, 3072));
  LLMCOST_ASSIGN_OR_RETURN(out->num_heads, v.Integer({"num_attention_heads"}, 1, 12));
  LLMCOST_ASSIGN_OR_RETURN(out->patch_size, v.Integer({"patch_size"}, 1, 16));
  LLMCOST_ASSIGN_OR_RETURN(out->image_size, v.Integer({"image_size"}, 1, 224));
  LLMCOST_ASSIGN_OR_RETURN(out->num_channels, v.Integer({"num_channels"}, 1, 3));
  LLMCOST_ASSIGN_OR_RETURN(bool head, v.Boolean({"vision_use_head"}, true));
  if (head) {
    return v.Error("vision_use_head", "must be false for Gemma 3 (no pooling head)");
  }
  out->naming = VisionTower::Naming::kSiglip;
  out->patch_bias = true;
  out->post_norm = true;
  out->projector_norm = out->hidden_size;
  out->projector = {{out->hidden_size, text.hidden_size}};
  return OkStatus();
}

// Llama 4: Llama4VisionModel (unfold patch linear without bias, class token, pre and post
// LayerNorms), its pixel-shuffle adapter (fc1 intermediate_size x projector_input_dim, fc2
// projector_output_dim x projector_output_dim, no biases) and the multi-modal projector
// (vision_output_dim x d, no bias).
Status ReadLlama4Vision(const Fields& v, const Fields& /*root*/, const Architecture& text,
                        VisionTower* out) {
  LLMCOST_ASSIGN_OR_RETURN(out->hidden_size, v.Integer({"hidden_size"}, 1));
  LLMCOST_ASSIGN_OR_RETURN(out->num_layers, v.Integer({"num_hidden_layers"}, 1));
  LLMCOST_ASSIGN_OR_RETURN(out->intermediate_size, v.Integer({"intermediate_size"}, 1));
  LLMCOST_ASSIGN_OR_RETURN(out->num_heads, v.Integer({"num_attention_heads"}, 1));
  LLMCOST_ASSIGN_OR_RETURN(out->patch_size, v.Integer({"patch_size"}, 1));
  LLMCOST_ASSIGN_OR_RETURN(out->image_size, v.Integer({"image_size"}, 1));
  LLMCOST_ASSIGN_OR_RETURN(out->num_channels, v.Integer({"num_channels"}, 1, 3));
  LLMCOST_ASSIGN_OR_RETURN(int64_t adapter_in, v.Integer({"projector_input_dim"}, 1));
  LLMCOST_ASSIGN_OR_RETURN(int64_t adapter_out, v.Integer({"projector_output_dim"}, 1));
  LLMCOST_ASSIGN_OR_RETURN(int64_t output_dim, v.Integer({"vision_output_dim"}, 1));
  v.Has({"pixel_shuffle_ratio"});  // the shuffle itself holds no parameters
  out->naming = VisionTower::Naming::kLlama4;
  out->patch_bias = false;
  out->class_token = true;
  out->pre_norm = true;
  out->post_norm = true;
  out->projector = {{out->intermediate_size, adapter_in},
                    {adapter_out, adapter_out},
                    {output_dim, text.hidden_size}};
  return OkStatus();
}

// Mistral 3 (Mistral-Small-3.1, Mistral3Config): a Pixtral vision encoder (PixtralVisionConfig:
// Conv2d patch embedding without bias, an RMSNorm ln_pre, layers of RMSNorm + Q/K/V/O without
// biases + RMSNorm + a gated MLP without biases, 2-D rotary positions: no position table, no
// post-norm) and Mistral3MultiModalProjector: an RMSNorm of D, the patch merger (a D s^2 x D
// matrix over each s x s block of patches, s = spatial_merge_size), linear_1 (D x d) and linear_2
// (d x d), with biases when multimodal_projector_bias. One vision_feature_layer only.
Status ReadMistral3Vision(const Fields& v, const Fields& root, const Architecture& text,
                          VisionTower* out) {
  LLMCOST_ASSIGN_OR_RETURN(out->hidden_size, v.Integer({"hidden_size"}, 1, 1024));
  LLMCOST_ASSIGN_OR_RETURN(out->num_layers, v.Integer({"num_hidden_layers"}, 1, 24));
  LLMCOST_ASSIGN_OR_RETURN(out->intermediate_size, v.Integer({"intermediate_size"}, 1, 4096));
  LLMCOST_ASSIGN_OR_RETURN(out->num_heads, v.Integer({"num_attention_heads"}, 1, 16));
  LLMCOST_ASSIGN_OR_RETURN(out->patch_size, v.Integer({"patch_size"}, 1, 16));
  LLMCOST_ASSIGN_OR_RETURN(out->image_size, v.Integer({"image_size"}, 1, 1024));
  LLMCOST_ASSIGN_OR_RETURN(out->num_channels, v.Integer({"num_channels"}, 1, 3));
  LLMCOST_ASSIGN_OR_RETURN(std::optional<int64_t> head_dim, v.OptionalInteger({"head_dim"}, 1));
  if (head_dim && *head_dim * out->num_heads != out->hidden_size) {
    return v.Error("head_dim", "must be hidden_size / num_attention_heads (" +
                                   Str(out->hidden_size) + " / " + Str(out->num_heads) + ")");
  }
  v.Has({"rope_theta", "hidden_act", "attention_dropout", "initializer_range"});
  LLMCOST_ASSIGN_OR_RETURN(int64_t merge, root.Integer({"spatial_merge_size"}, 1, 2));
  LLMCOST_ASSIGN_OR_RETURN(bool bias, root.Boolean({"multimodal_projector_bias"}, false));
  // One feature layer (an integer, -1 = the last); a list would widen linear_1.
  LLMCOST_RETURN_IF_ERROR(
      root.OptionalInteger({"vision_feature_layer"}, -out->num_layers - 1).status());
  root.Has({"projector_hidden_act", "image_token_index"});
  const int64_t d = out->hidden_size;
  if (merge > 1024) {
    return root.Error("spatial_merge_size", "must be at most 1024");
  }
  out->naming = VisionTower::Naming::kPixtral;
  out->patch_bias = false;
  out->class_token = false;
  out->pre_norm = true;
  out->post_norm = false;
  out->rms_norm = true;
  out->biases = false;
  out->gated_mlp = true;
  out->learned_positions = false;
  out->projector_norm = d;
  out->projector = {{d * merge * merge, d, false},
                    {d, text.hidden_size, bias},
                    {text.hidden_size, text.hidden_size, bias}};
  return OkStatus();
}

// Qwen2-VL and Qwen2.5-VL: the vision tower ("visual") patches frames of temporal_patch_size
// images with a Conv3d without bias (C t p p D weights), runs depth blocks of two norms,
// a fused qkv (D x 3D) and a proj (D x D), both with biases, and an MLP with biases, with 2-D
// rotary positions (no table, no final norm), then the patch merger: a norm of D and two
// linears with biases over each m x m block of patches (D m^2 x D m^2, D m^2 x d).
// Qwen2-VL (Qwen2VLVisionConfig): the width is embed_dim, hidden_size is the merger's output;
// LayerNorms; fc1 / fc2 of embed_dim x mlp_ratio. Qwen2.5-VL (Qwen2_5_VLVisionConfig): the
// width is hidden_size, out_hidden_size the merger's output; RMSNorms; a gated MLP of
// intermediate_size with biases on all three matrices.
Status ReadQwenVlVision(const Fields& v, const Architecture& text, bool qwen2_5, VisionTower* out) {
  LLMCOST_ASSIGN_OR_RETURN(out->num_layers, v.Integer({"depth"}, 1, 32));
  int64_t merged_width = 0;  // the merger's output: the language model's width
  if (qwen2_5) {
    LLMCOST_ASSIGN_OR_RETURN(out->hidden_size, v.Integer({"hidden_size"}, 1, 3584));
    LLMCOST_ASSIGN_OR_RETURN(out->intermediate_size, v.Integer({"intermediate_size"}, 1, 3420));
    LLMCOST_ASSIGN_OR_RETURN(merged_width, v.Integer({"out_hidden_size"}, 1, 3584));
  } else {
    LLMCOST_ASSIGN_OR_RETURN(out->hidden_size, v.Integer({"embed_dim"}, 1, 1280));
    LLMCOST_ASSIGN_OR_RETURN(merged_width, v.Integer({"hidden_size"}, 1, 3584));
    LLMCOST_ASSIGN_OR_RETURN(std::optional<double> ratio, v.PositiveNumberOrNull("mlp_ratio", 4.0));
    const double width = static_cast<double>(out->hidden_size) * ratio.value_or(0.0);
    if (!ratio || !(width >= 1.0) || width > static_cast<double>(kMaxFieldValue)) {
      return v.Error("mlp_ratio",
                     "must be a number > 0 giving an MLP width embed_dim x "
                     "mlp_ratio between 1 and 2^40");
    }
    out->intermediate_size = static_cast<int64_t>(width);  // int(), as VisionMlp takes it
  }
  if (merged_width != text.hidden_size) {
    return v.Error(qwen2_5 ? "out_hidden_size" : "hidden_size",
                   "must equal the language model's hidden_size (" + Str(text.hidden_size) +
                       "): the patch merger projects into it");
  }
  LLMCOST_ASSIGN_OR_RETURN(out->num_heads, v.Integer({"num_heads"}, 1, 16));
  if (out->hidden_size % out->num_heads != 0) {
    return v.Error("num_heads", "must divide the vision width (" + Str(out->hidden_size) + ")");
  }
  LLMCOST_ASSIGN_OR_RETURN(out->patch_size, v.Integer({"patch_size"}, 1, 14));
  LLMCOST_ASSIGN_OR_RETURN(out->temporal_patch_size, v.Integer({"temporal_patch_size"}, 1, 2));
  // The configs Qwen publishes say in_chans; the config class reads in_channels.
  LLMCOST_ASSIGN_OR_RETURN(out->num_channels, v.Integer({"in_channels", "in_chans"}, 1, 3));
  LLMCOST_ASSIGN_OR_RETURN(int64_t merge, v.Integer({"spatial_merge_size"}, 1, 2));
  if (merge > 1024) {
    return v.Error("spatial_merge_size", "must be at most 1024");
  }
  // Resolution is dynamic (no image_size); window attention and its layout hold no parameters.
  v.Has({"spatial_patch_size", "window_size", "fullatt_block_indexes", "tokens_per_second",
         "hidden_act"});
  const int64_t d = out->hidden_size;
  LLMCOST_ASSIGN_OR_RETURN(int64_t merged,
                           FieldProduct(v, "spatial_merge_size", {d, merge, merge},
                                        "the patch merger width D x spatial_merge_size^2"));
  out->image_size = 0;
  out->patch_bias = false;
  out->class_token = false;
  out->pre_norm = false;
  out->post_norm = false;
  out->rms_norm = qwen2_5;
  out->biases = true;
  out->gated_mlp = qwen2_5;
  out->learned_positions = false;
  out->projector_norm = qwen2_5 ? d : 2 * d;  // ln_q: RMSNorm (D) or LayerNorm (2 D)
  out->projector = {{merged, merged, true}, {merged, text.hidden_size, true}};
  out->naming = VisionTower::Naming::kQwenVl;
  return OkStatus();
}

Status ReadQwen2VlVision(const Fields& v, const Fields& /*root*/, const Architecture& text,
                         VisionTower* out) {
  return ReadQwenVlVision(v, text, /*qwen2_5=*/false, out);
}

Status ReadQwen25VlVision(const Fields& v, const Fields& /*root*/, const Architecture& text,
                          VisionTower* out) {
  return ReadQwenVlVision(v, text, /*qwen2_5=*/true, out);
}

struct VisionFamily {
  std::string_view model_type;  // the multimodal config's model_type
  // `root` is the multimodal config (projector fields live there).
  Status (*read)(const Fields& vision_config, const Fields& root, const Architecture& text,
                 VisionTower* out);
};
constexpr std::array kVisionFamilies = {
    VisionFamily{"gemma3", ReadGemma3Vision},       VisionFamily{"llama4", ReadLlama4Vision},
    VisionFamily{"mistral3", ReadMistral3Vision},   VisionFamily{"qwen2_vl", ReadQwen2VlVision},
    VisionFamily{"qwen2_5_vl", ReadQwen25VlVision},
};

}  // namespace

Status ReadVisionTower(const Fields& root, Architecture* arch) {
  LLMCOST_ASSIGN_OR_RETURN(std::optional<Fields> vision, root.OptionalObject("vision_config"));
  if (!vision) {
    return OkStatus();
  }
  LLMCOST_ASSIGN_OR_RETURN(std::optional<std::string> type, root.OptionalString({"model_type"}));
  for (const VisionFamily& family : kVisionFamilies) {
    if (type && family.model_type == *type) {
      LLMCOST_RETURN_IF_ERROR(family.read(*vision, root, *arch, &arch->vision));
      Assume(arch,
             "vision tower read from vision_config and counted apart (in the total, not "
             "in the per-text-token active count)");
      return OkStatus();
    }
  }
  arch->warnings.push_back("vision_config is not counted: no vision field map for model_type " +
                           (type ? "\"" + *type + "\"" : std::string("(none)")) +
                           "; the total covers the language model only");
  Assume(arch, arch->warnings.back());
  return OkStatus();
}

namespace {

// Fields some family reads that change the counts (kShape): a present, non-trivial one that
// the chosen field map did not read is reported, never silently dropped. Then the size fields
// (kSize): with the first, the names whose misspellings get a did-you-mean warning, in the
// order the suggestion prefers on a tie.
enum class KnownKind { kShape, kSize };
struct KnownField {
  std::string_view name;
  KnownKind kind;
};
constexpr std::array kKnownFields = {
    KnownField{"attention_bias", KnownKind::kShape},
    KnownField{"attention_chunk_size", KnownKind::kShape},
    KnownField{"decoder_sparse_step", KnownKind::kShape},
    KnownField{"experts_per_token", KnownKind::kShape},
    KnownField{"first_k_dense_replace", KnownKind::kShape},
    KnownField{"full_attention_interval", KnownKind::kShape},
    KnownField{"head_dim", KnownKind::kShape},
    KnownField{"index_head_dim", KnownKind::kShape},
    KnownField{"index_n_heads", KnownKind::kShape},
    KnownField{"interleave_moe_layer_step", KnownKind::kShape},
    KnownField{"intermediate_size", KnownKind::kShape},
    KnownField{"intermediate_size_mlp", KnownKind::kShape},
    KnownField{"kv_lora_rank", KnownKind::kShape},
    KnownField{"layer_types", KnownKind::kShape},
    KnownField{"layers_block_type", KnownKind::kShape},
    KnownField{"linear_conv_kernel_dim", KnownKind::kShape},
    KnownField{"linear_key_head_dim", KnownKind::kShape},
    KnownField{"linear_num_key_heads", KnownKind::kShape},
    KnownField{"linear_num_value_heads", KnownKind::kShape},
    KnownField{"linear_value_head_dim", KnownKind::kShape},
    KnownField{"mlp_bias", KnownKind::kShape},
    KnownField{"mlp_only_layers", KnownKind::kShape},
    KnownField{"moe_intermediate_size", KnownKind::kShape},
    KnownField{"moe_layer_freq", KnownKind::kShape},
    KnownField{"moe_layers", KnownKind::kShape},
    KnownField{"n_routed_experts", KnownKind::kShape},
    KnownField{"n_shared_experts", KnownKind::kShape},
    KnownField{"no_rope_layers", KnownKind::kShape},
    KnownField{"num_experts", KnownKind::kShape},
    KnownField{"num_experts_per_tok", KnownKind::kShape},
    KnownField{"num_key_value_heads", KnownKind::kShape},
    KnownField{"num_local_experts", KnownKind::kShape},
    KnownField{"num_nextn_predict_layers", KnownKind::kShape},
    KnownField{"q_lora_rank", KnownKind::kShape},
    KnownField{"qk_nope_head_dim", KnownKind::kShape},
    KnownField{"qk_rope_head_dim", KnownKind::kShape},
    KnownField{"shared_expert_intermediate_size", KnownKind::kShape},
    KnownField{"sliding_window", KnownKind::kShape},
    KnownField{"sliding_window_pattern", KnownKind::kShape},
    KnownField{"tie_word_embeddings", KnownKind::kShape},
    KnownField{"v_head_dim", KnownKind::kShape},
    KnownField{"vision_config", KnownKind::kShape},
    KnownField{"attn_layer_period", KnownKind::kShape},
    KnownField{"expert_layer_period", KnownKind::kShape},
    KnownField{"mamba_d_state", KnownKind::kShape},
    KnownField{"ssm_state_size", KnownKind::kShape},
    KnownField{"use_qk_norm", KnownKind::kShape},
    KnownField{"qk_layernorm", KnownKind::kShape},
    KnownField{"hidden_size", KnownKind::kSize},
    KnownField{"num_hidden_layers", KnownKind::kSize},
    KnownField{"num_attention_heads", KnownKind::kSize},
    KnownField{"vocab_size", KnownKind::kSize},
    KnownField{"max_position_embeddings", KnownKind::kSize},
    KnownField{"n_embd", KnownKind::kSize},
    KnownField{"n_layer", KnownKind::kSize},
    KnownField{"n_head", KnownKind::kSize},
    KnownField{"n_positions", KnownKind::kSize},
    KnownField{"ffn_dim", KnownKind::kSize},
    KnownField{"n_inner", KnownKind::kSize},
    KnownField{"word_embed_proj_dim", KnownKind::kSize},
};

// The character buckets of a name, as a bit set: ASCII letters case folded, digits, '_', '-'
// and '.' each in a bucket of their own (other bytes may share one), the buckets of
// EditDistanceIgnoringCaseAtMost's character count.
constexpr uint64_t CharacterBuckets(std::string_view name) {
  uint64_t buckets = 0;
  for (char c : name) {
    auto byte = static_cast<unsigned char>(c);
    if (byte >= 'A' && byte <= 'Z') {
      byte = static_cast<unsigned char>(byte - 'A' + 'a');
    }
    buckets |= uint64_t{1} << ((byte & 31u) | ((byte & 64u) >> 1));
  }
  return buckets;
}

// kKnownFields' names sorted (for the membership test) and each name's buckets (in
// kKnownFields order), computed at compile time: no table is built per config.
// by_length[n]: the set of kKnownFields indices whose name has n bytes.
constexpr size_t kMaxKnownLength = 48;
static_assert(kKnownFields.size() <= 64, "by_length holds a 64-bit set of indices");
struct KnownFieldTables {
  std::array<KnownField, kKnownFields.size()> sorted{};
  std::array<uint64_t, kKnownFields.size()> buckets{};
  std::array<uint64_t, kMaxKnownLength + 1> by_length{};
};
constexpr KnownFieldTables MakeKnownFieldTables() {
  KnownFieldTables t;
  for (size_t i = 0; i < kKnownFields.size(); ++i) {
    t.sorted[i] = kKnownFields[i];
    t.buckets[i] = CharacterBuckets(kKnownFields[i].name);
    t.by_length[kKnownFields[i].name.size()] |= uint64_t{1} << i;
  }
  std::sort(t.sorted.begin(), t.sorted.end(),
            [](const KnownField& a, const KnownField& b) { return a.name < b.name; });
  return t;
}
constexpr KnownFieldTables kKnownFieldTables = MakeKnownFieldTables();

const KnownField* FindKnownField(std::string_view key) {
  const auto& sorted = kKnownFieldTables.sorted;
  const auto it =
      std::lower_bound(sorted.begin(), sorted.end(), key,
                       [](const KnownField& f, std::string_view k) { return f.name < k; });
  return it != sorted.end() && it->name == key ? &*it : nullptr;
}

// True when a JSON value says something (not false, 0, "", [] or {}).
bool Meaningful(const nlohmann::json& v) {
  if (v.is_boolean()) {
    return v.get<bool>();
  }
  if (v.is_number()) {
    return v.get<double>() != 0;
  }
  if (v.is_string() || v.is_array() || v.is_object()) {
    return !v.empty();
  }
  return !v.is_null();
}

}  // namespace

std::vector<std::string_view> KnownFieldNames() {
  std::vector<std::string_view> names;
  for (const KnownField& f : kKnownFields) {
    names.push_back(f.name);
  }
  return names;
}

namespace {

// True when more than `n` bits of `bits` are set.
bool MoreBitsThan(uint64_t bits, size_t n) {
  for (size_t i = 0; i < n && bits != 0; ++i) {
    bits &= bits - 1;
  }
  return bits != 0;
}

}  // namespace

std::optional<std::string_view> NearestKnownField(std::string_view key) {
  // ClosestSpelling(key, KnownFieldNames()), with two cheap lower bounds on the distance
  // checked first: the length difference (only names within max_distance bytes of the key's
  // length are visited, in list order), and the buckets one name has and the other lacks
  // (each such character takes an edit). A candidate they rule out could not have replaced
  // the best one, so the answer is the same; most candidates stop there.
  const size_t max_distance = std::clamp<size_t>(key.size() / 3, 1, 3);
  uint64_t candidates = 0;
  for (size_t n = key.size() > max_distance ? key.size() - max_distance : 0;
       n <= key.size() + max_distance && n <= kMaxKnownLength; ++n) {
    candidates |= kKnownFieldTables.by_length[n];
  }
  const uint64_t key_buckets = CharacterBuckets(key);
  std::optional<std::string_view> best;
  size_t best_distance = max_distance + 1;
  for (; candidates != 0; candidates &= candidates - 1) {
    const auto i = static_cast<size_t>(std::countr_zero(candidates));
    const std::string_view name = kKnownFields[i].name;
    const size_t bound = best_distance - 1;
    const size_t length_gap =
        name.size() > key.size() ? name.size() - key.size() : key.size() - name.size();
    const uint64_t buckets = kKnownFieldTables.buckets[i];
    if (length_gap > bound || MoreBitsThan(buckets & ~key_buckets, bound) ||
        MoreBitsThan(key_buckets & ~buckets, bound)) {
      continue;
    }
    const size_t distance = EditDistanceIgnoringCaseAtMost(key, name, bound);
    if (distance < best_distance) {
      best_distance = distance;
      best = name;
      if (distance == 0) {
        break;
      }
    }
  }
  return best;
}

std::vector<std::string> UnreadFieldWarnings(const Fields& fields, std::string_view family) {
  std::vector<std::string> out;
  fields.ForEachUnread([&](std::string_view key, const nlohmann::json& value) {
    const KnownField* known = FindKnownField(key);
    if (known != nullptr) {
      if (known->kind == KnownKind::kShape && Meaningful(value)) {
        out.push_back(fields.Pointer(key) + " is ignored by the " + std::string(family) +
                      " field map: the estimates leave it out");
      }
      return;
    }
    const std::optional<std::string_view> near = NearestKnownField(key);
    if (near) {
      // The key is echoed through DescribeJson, which escapes control characters.
      out.push_back("unknown field " + DescribeJson(nlohmann::json(key)) +
                    (fields.pointer().empty() ? "" : " in " + fields.pointer()) +
                    "; did you mean " + std::string(*near) + "?");
    }
  });
  return out;
}

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
