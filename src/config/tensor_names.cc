// Hugging Face tensor names -> llmcost's parameter components (ClassifyTensor).
//
// Learned from the modeling code of the families llmcost reads (transformers'
// modeling_llama, _gpt2, _gpt_neox, _opt, _falcon, _phi3, _mixtral, _qwen2_moe,
// _deepseek_v3, _mamba2, _jamba, _falcon_h1, _starcoder2, _cohere, _t5, _pixtral, _mistral3,
// _gemma3, _llama4 ...): a layer's tensors are "<prefix>.<stack>.<i>.<module path>.<param>", with
// <stack> one of layers, h, blocks, block (T5: encoder.block.<i>, decoder.block.<i>). A vision
// tower's and projector's tensors (vision_tower.*, vision_model.*, multi_modal_projector.*,
// Qwen-VL's visual.*) are
// the components vision.encoder and vision.projector. Component names are CountParameters'.
#include <algorithm>
#include <array>

#include "llmcost/checkpoint_reader.h"
#include "llmcost/dotted_name.h"

namespace llmcost {
namespace {

bool IsIndex(std::string_view s) {
  return !s.empty() && s.size() <= 9 &&
         std::all_of(s.begin(), s.end(), [](char c) { return c >= '0' && c <= '9'; });
}

template <size_t N>
bool OneOf(std::string_view s, const std::array<std::string_view, N>& names) {
  return std::find(names.begin(), names.end(), s) != names.end();
}

constexpr std::array<std::string_view, 5> kLayerStacks = {"layers", "h", "blocks", "layer",
                                                          "block"};
constexpr std::array<std::string_view, 4> kAttention = {"self_attn", "attn", "attention",
                                                        "self_attention"};
constexpr std::array<std::string_view, 4> kFeedForward = {"mlp", "block_sparse_moe", "feed_forward",
                                                          "moe"};
constexpr std::array<std::string_view, 14> kMlpMatrices = {
    "gate_proj",     "up_proj", "down_proj", "gate_up_proj", "c_fc", "c_proj", "dense_h_to_4h",
    "dense_4h_to_h", "fc1",     "fc2",       "w1",           "w2",   "w3",     "fc_in"};
constexpr std::array<std::string_view, 12> kLayerNorms = {"input_layernorm",
                                                          "pre_ff_layernorm",
                                                          "norm",
                                                          "post_attention_layernorm",
                                                          "pre_feedforward_layernorm",
                                                          "post_feedforward_layernorm",
                                                          "ln_1",
                                                          "ln_2",
                                                          "ln_attn",
                                                          "ln_mlp",
                                                          "self_attn_layer_norm",
                                                          "final_layer_norm"};
constexpr std::string_view kQkv = "attention.q_proj+attention.k_proj+attention.v_proj";

// Parameter names that hold quantization state rather than parameters.
constexpr std::array<std::string_view, 12> kQuantizationParams = {"weight_scale_inv",
                                                                  "weight_scale",
                                                                  "input_scale",
                                                                  "scales",
                                                                  "qzeros",
                                                                  "g_idx",
                                                                  "weight_zero_point",
                                                                  "weight_global_scale",
                                                                  "input_global_scale",
                                                                  "absmax",
                                                                  "quant_map",
                                                                  "zeros"};

// Attention projection component for a module name inside an attention block.
std::string AttentionComponent(std::string_view m) {
  if (m == "q_proj")
    return "attention.q_proj";
  if (m == "k_proj")
    return "attention.k_proj";
  if (m == "v_proj")
    return "attention.v_proj";
  if (m == "o_proj" || m == "out_proj" || m == "dense" || m == "c_proj")
    return "attention.o_proj";
  if (m == "c_attn" || m == "query_key_value" || m == "qkv_proj" || m == "Wqkv") {
    return std::string(kQkv);
  }
  if (m == "q_a_proj")
    return "attention.q_a_proj";
  if (m == "q_a_layernorm")
    return "attention.q_a_norm";
  if (m == "q_b_proj")
    return "attention.q_b_proj";
  if (m == "kv_a_proj_with_mqa")
    return "attention.kv_a_proj";
  if (m == "kv_a_layernorm")
    return "attention.kv_a_norm";
  if (m == "kv_b_proj")
    return "attention.kv_b_proj";
  if (m == "q_norm" || m == "k_norm")
    return "attention.qk_norm";
  return "";
}

// State-space mixers: "mixer" (Mamba-2), "mamba" (Jamba, Falcon-H1).
constexpr std::array<std::string_view, 2> kStateSpace = {"mixer", "mamba"};

// State-space component of a module inside a Mamba / Mamba-2 mixer.
std::string StateSpaceComponent(std::string_view m) {
  if (m == "in_proj" || m == "conv1d" || m == "x_proj" || m == "dt_proj" || m == "out_proj") {
    return "ssm." + std::string(m);
  }
  if (m == "norm" || m == "dt_layernorm" || m == "b_layernorm" || m == "c_layernorm") {
    return "ssm.a_d_and_norms";
  }
  return "";
}

// Component of a module inside a T5 block: layer.<j>.{SelfAttention,EncDecAttention}.{q,k,v,o,
// relative_attention_bias}, layer.<j>.DenseReluDense.{wi,wi_0,wi_1,wo}, layer.<j>.layer_norm (the
// decoder's layer.1 norm belongs to its cross-attention sublayer).
std::string T5Component(const std::vector<std::string_view>& path, bool decoder) {
  if (path.size() < 3 || path[0] != "layer" || !IsIndex(path[1])) {
    return "";
  }
  const std::string_view block = path[2];
  if (path.size() == 3 && block == "layer_norm") {
    return decoder && path[1] == "1" ? "cross_attention.norm" : "norms";
  }
  if (path.size() != 4) {
    return "";
  }
  const std::string_view m = path[3];
  if (block == "SelfAttention" || block == "EncDecAttention") {
    if (block == "SelfAttention" && m == "relative_attention_bias") {
      return "relative_attention_bias";
    }
    if (m == "q" || m == "k" || m == "v" || m == "o") {
      return std::string(block == "SelfAttention" ? "attention." : "cross_attention.") +
             std::string(m) + "_proj";
    }
    return "";
  }
  if (block == "DenseReluDense" && (m == "wi" || m == "wi_0" || m == "wi_1" || m == "wo")) {
    return "mlp";
  }
  return "";
}

// Component of a module path inside one layer (`path` excludes the parameter name).
std::string LayerComponent(const std::vector<std::string_view>& path) {
  if (path.empty()) {
    return "";
  }
  for (std::string_view p : path) {
    if (p == "shared_expert" || p == "shared_experts" || p == "shared_expert_gate" ||
        p == "shared_mlp") {
      return "moe.shared_experts";
    }
  }
  for (std::string_view p : path) {
    if (p == "experts") {
      return "moe.routed_experts";
    }
  }
  const std::string_view last = path.back();
  const std::string_view parent = path.size() >= 2 ? path[path.size() - 2] : "";
  if (path.size() == 2 && OneOf(parent, kFeedForward) &&
      (last == "gate" || last == "router" || last == "moe_statics")) {
    return "moe.router";  // ERNIE 4.5 keeps the correction bias in mlp.moe_statics
  }
  // Granite-MoE: block_sparse_moe.router.layer (the router), input_linear / output_linear (the
  // experts' fused weights).
  if (path.size() == 3 && OneOf(path[0], kFeedForward) && path[1] == "router" && last == "layer") {
    return "moe.router";
  }
  if (path.size() == 2 && OneOf(parent, kFeedForward) &&
      (last == "input_linear" || last == "output_linear")) {
    return "moe.routed_experts";
  }
  // DeepSeek-V3.2's lightning indexer: self_attn.indexer.{wq_b,wk,k_norm,weights_proj}.
  if (path.size() == 3 && OneOf(path[0], kAttention) && path[1] == "indexer") {
    return "attention.indexer";
  }
  // Gated DeltaNet (Qwen3-Next): linear_attn.{in_proj_qkvz,in_proj_ba,conv1d,out_proj,norm}.
  if (path.size() == 2 && parent == "linear_attn") {
    if (last == "in_proj_qkvz" || last == "in_proj_ba" || last == "conv1d" || last == "out_proj") {
      return "linear_attention." + std::string(last);
    }
    return last == "norm" ? "linear_attention.gates_and_norm" : "";
  }
  // BERT / RoBERTa: attention.self.{query,key,value}, attention.output.{dense,LayerNorm},
  // intermediate.dense, output.{dense,LayerNorm}.
  if (path.size() == 3 && path[0] == "attention" && path[1] == "self") {
    return last == "query"   ? "attention.q_proj"
           : last == "key"   ? "attention.k_proj"
           : last == "value" ? "attention.v_proj"
                             : "";
  }
  if ((path.size() == 3 && path[0] == "attention" && path[1] == "output") ||
      (path.size() == 2 && (parent == "intermediate" || parent == "output"))) {
    if (last == "LayerNorm") {
      return "norms";
    }
    if (last == "dense") {
      return path.size() == 3 ? "attention.o_proj" : "mlp";
    }
    return "";
  }
  if (path.size() == 2 && OneOf(parent, kAttention)) {
    return AttentionComponent(last);
  }
  if (path.size() == 2 && OneOf(parent, kStateSpace)) {
    return StateSpaceComponent(last);
  }
  if ((path.size() == 2 && OneOf(parent, kFeedForward) && OneOf(last, kMlpMatrices)) ||
      (path.size() == 1 && (last == "fc1" || last == "fc2"))) {
    return "mlp";
  }
  if (path.size() == 1 && OneOf(last, kLayerNorms)) {
    return "norms";
  }
  return "";
}

// Component of a module path outside the layer stack (prefixes such as "model." removed).
std::string ModelComponent(const std::vector<std::string_view>& path) {
  if (path.empty()) {
    return "";
  }
  const std::string_view last = path.back();
  // BERT / RoBERTa: embeddings.{word,position,token_type}_embeddings, embeddings.LayerNorm,
  // pooler.dense; the pre-training heads (cls.predictions.*, cls.seq_relationship.*, RoBERTa's
  // lm_head.{dense,layer_norm,decoder}) are reported apart.
  if (path.size() == 2 && path[0] == "embeddings") {
    return last == "word_embeddings"         ? "embedding"
           : last == "position_embeddings"   ? "position"
           : last == "token_type_embeddings" ? "token_type_embedding"
           : last == "LayerNorm"             ? "embedding_norm"
                                             : "";
  }
  if (path.size() == 2 && path[0] == "pooler" && last == "dense") {
    return "pooler";
  }
  if (path.size() >= 2 && path[0] == "cls") {
    return path[1] == "seq_relationship" ? "nsp_head" : "mlm_head";
  }
  if (path.size() == 2 && path[0] == "lm_head") {
    return "mlm_head";
  }
  if (path.size() != 1) {
    return "";
  }
  if (last == "embed_tokens" || last == "wte" || last == "word_embeddings" || last == "embed_in" ||
      last == "tok_embeddings" || last == "embeddings" || last == "shared") {
    return "embedding";
  }
  if (last == "lm_head" || last == "embed_out" || last == "output")
    return "lm_head";
  if (last == "wpe" || last == "embed_positions")
    return "position";
  if (last == "norm" || last == "ln_f" || last == "final_layer_norm" || last == "final_layernorm" ||
      last == "norm_f") {
    return "final_norm";
  }
  if (last == "project_in" || last == "project_out")
    return "embedding_projection";
  return "";
}

// Wrappers around the decoder in the families' checkpoints ("model.", "transformer.",
// "model.decoder.", "gpt_neox.", "language_model.model." ...).
constexpr std::array<std::string_view, 9> kPrefixes = {"model",    "transformer", "decoder",
                                                       "encoder",  "gpt_neox",    "language_model",
                                                       "backbone", "bert",        "roberta"};

// A multimodal model's vision parts (Gemma 3, Mistral 3 / Pixtral, Llama 4, Qwen-VL): the component
// of a tensor whose path (wrappers removed) starts with `head`, or "" for a language-model tensor.
std::string VisionComponent(const std::vector<std::string_view>& path) {
  if (path.empty()) {
    return "";
  }
  if (path[0] == "multi_modal_projector" ||
      (path[0] == "vision_model" && path.size() > 1 && path[1] == "vision_adapter")) {
    return "vision.projector";  // Llama 4's pixel-shuffle adapter is counted with the projector
  }
  if (path[0] == "vision_tower" || path[0] == "vision_model") {
    return "vision.encoder";
  }
  // Qwen2-VL / Qwen2.5-VL: "visual.blocks.<i>...", "visual.patch_embed.proj", "visual.merger".
  if (path[0] == "visual") {
    return path.size() > 1 && path[1] == "merger" ? "vision.projector" : "vision.encoder";
  }
  return "";
}

}  // namespace

void ClassifyTensor(const std::vector<std::string>& all_names, int64_t gptq_bits,
                    CheckpointTensor* t) {
  std::vector<std::string_view> parts = SplitDottedName(t->name);
  t->role = TensorRole::kUnknown;
  t->component.clear();
  t->layer = -1;
  t->decoder_stack = false;
  t->parameters = 0;
  t->packed_bits = 0;
  // bitsandbytes: "<module>.weight.absmax", "<module>.weight.quant_state.bitsandbytes__nf4".
  for (size_t i = 0; i + 1 < parts.size(); ++i) {
    if (parts[i] == "weight" &&
        (parts[i + 1] == "quant_state" || parts[i + 1] == "absmax" || parts[i + 1] == "quant_map" ||
         parts[i + 1].rfind("nested_", 0) == 0)) {
      t->role = TensorRole::kQuantization;
      parts.resize(i + 1);
      break;
    }
  }
  std::string_view param = parts.back();
  parts.pop_back();
  size_t start = 0;
  bool in_decoder = false;  // "decoder." was one of the wrappers (T5's decoder stack)
  while (start < parts.size() && OneOf(parts[start], kPrefixes)) {
    in_decoder = in_decoder || parts[start] == "decoder";
    ++start;
  }
  std::vector<std::string_view> path(parts.begin() + static_cast<std::ptrdiff_t>(start),
                                     parts.end());
  const std::string vision = VisionComponent(path);
  bool t5_block = false;
  if (vision.empty() && path.size() >= 2 && OneOf(path[0], kLayerStacks) && IsIndex(path[1])) {
    t->layer = std::stoll(std::string(path[1]));
    t5_block = path[0] == "block";
    t->decoder_stack = t5_block && in_decoder;
    path.erase(path.begin(), path.begin() + 2);
  }
  // MXFP4 (GPT-OSS): "experts.gate_up_proj_blocks" (U8, two 4-bit values a byte) and
  // "..._scales" (U8 shared exponents).
  const bool mxfp4_blocks = param.size() > 7 && param.substr(param.size() - 7) == "_blocks";
  const bool mxfp4_scales = param.size() > 7 && param.substr(param.size() - 7) == "_scales";
  if (param == "inv_freq" || (t->layer >= 0 && path.size() == 1 && OneOf(path[0], kAttention) &&
                              (param == "bias" || param == "masked_bias"))) {
    // Rotary frequencies and GPT-2 / GPT-NeoX causal-mask tables are buffers.
    t->role = TensorRole::kBuffer;
  } else if (t->role == TensorRole::kQuantization || mxfp4_scales ||
             OneOf(param, kQuantizationParams)) {
    t->role = TensorRole::kQuantization;
  } else {
    t->role = TensorRole::kWeight;
  }
  t->component = !vision.empty() ? vision
                 : t5_block      ? T5Component(path, t->decoder_stack)
                 : t->layer >= 0 ? LayerComponent(path)
                                 : ModelComponent(path);
  if (t->component.empty() && t->layer >= 0 && path.size() == 1 && path[0] == "experts") {
    t->component = "moe.routed_experts";
  }
  // Parameters held by a block itself rather than by a submodule.
  if (t->component.empty() && t->layer >= 0 && path.size() == 1) {
    if (OneOf(path[0], kStateSpace) && (param == "A_log" || param == "D" || param == "dt_bias")) {
      t->component = "ssm.a_d_and_norms";  // a Mamba mixer's A_log, D, Mamba-2's dt_bias
    } else if (path[0] == "linear_attn" && (param == "A_log" || param == "dt_bias")) {
      t->component = "linear_attention.gates_and_norm";  // Gated DeltaNet
    } else if (OneOf(path[0], kAttention) && param == "sinks") {
      t->component = "attention.sinks";  // GPT-OSS
    } else if (OneOf(path[0], kFeedForward) && param == "e_score_correction_bias") {
      t->component = "moe.router";  // MiniMax-M2's block_sparse_moe.e_score_correction_bias
    }
  }
  if (t->role == TensorRole::kBuffer) {
    return;
  }
  if (t->component.empty()) {
    if (t->role == TensorRole::kWeight) {
      t->role = TensorRole::kUnknown;
    }
    return;
  }
  if (t->role != TensorRole::kWeight) {
    return;
  }
  // Packed 4-bit weights: GPTQ/AWQ "qweight" (I32, 32/bits values each), MXFP4 blocks and
  // bitsandbytes 4-bit weights (U8 with a quant_state beside them, two values a byte).
  const std::string quant_state = t->name + ".quant_state.";
  const auto next = std::lower_bound(all_names.begin(), all_names.end(), quant_state);
  const bool bnb = t->dtype == "U8" && param == "weight" && next != all_names.end() &&
                   next->rfind(quant_state, 0) == 0;
  if (param == "qweight") {
    t->packed_bits = gptq_bits;
  } else if (mxfp4_blocks || bnb) {
    t->packed_bits = 4;
  }
  if (t->packed_bits > 0) {
    // bytes x 8 / bits cannot overflow meaningfully for a validated header (bytes < 2^63 / 8
    // is checked by the caller); saturate to be safe.
    int64_t bits = 0;
    if (__builtin_mul_overflow(t->bytes, int64_t{8}, &bits)) {
      t->role = TensorRole::kUnknown;
      return;
    }
    t->parameters = bits / t->packed_bits;
  } else {
    t->parameters = t->elements;
  }
}

}  // namespace llmcost
