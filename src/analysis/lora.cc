// LoRA / QLoRA parameter counts and quantized base storage (docs/formulas.md "Fine-tuning:
// LoRA and QLoRA"). Module names follow HuggingFace transformers' modeling code per family;
// PEFT's matching and counting rules follow peft 0.20 (tuners_utils.py check_target_module_
// exists, peft_model.py get_nb_trainable_parameters), re-derived, not copied.
#include "llmcost/analysis/lora.h"

#include <algorithm>
#include <array>
#include <string_view>

#include "llmcost/checked_arithmetic.h"
#include "llmcost/dotted_name.h"
#include "llmcost/spelling.h"

namespace llmcost {
namespace {

using Naming = ModuleNaming;

// A multimodal checkpoint (the language model read from text_config) nests the language model
// one level down (transformers >= 4.52: model.language_model.*).
bool Multimodal(const Architecture& a) {
  return !a.wrapper_model_type.empty();
}

// Path of the layer stack in the model's named_modules(), e.g. "model.layers.*".
std::string LayerPrefix(const Architecture& a, const LayerSpec& layer) {
  switch (a.module_naming) {
    case Naming::kGpt2:
    case Naming::kFalcon:
      return "transformer.h.*";
    case Naming::kGptNeox:
      return "gpt_neox.layers.*";
    case Naming::kOpt:
      return "model.decoder.layers.*";
    case Naming::kMamba2:
      return "backbone.layers.*";
    case Naming::kBert:
      return "encoder.layer.*";
    case Naming::kT5:
      return layer.encoder ? "encoder.block.*" : "decoder.block.*";
    default:
      return Multimodal(a) ? "model.language_model.layers.*" : "model.layers.*";
  }
}

struct TopModule {
  std::string name;  // e.g. "embed_tokens"
  std::string path;  // full path, e.g. "model.embed_tokens"
  int64_t params = 0;
};

// Embeddings and the head: what modules_to_save usually names.
std::vector<TopModule> TopModules(const Architecture& a) {
  const int64_t table = a.vocab_size * a.embedding_dim;
  const int64_t positions = a.learned_positions * a.embedding_dim;
  switch (a.module_naming) {
    case Naming::kGpt2:
      return {{"wte", "transformer.wte", table},
              {"wpe", "transformer.wpe", positions},
              {"lm_head", "lm_head", table}};
    case Naming::kGptNeox:
      return {{"embed_in", "gpt_neox.embed_in", table}, {"embed_out", "embed_out", table}};
    case Naming::kFalcon:
      return {{"word_embeddings", "transformer.word_embeddings", table},
              {"lm_head", "lm_head", table}};
    case Naming::kOpt:
      return {{"embed_tokens", "model.decoder.embed_tokens", table},
              {"embed_positions", "model.decoder.embed_positions", positions},
              {"lm_head", "lm_head", table}};
    case Naming::kMamba2:
      return {{"embeddings", "backbone.embeddings", table}, {"lm_head", "lm_head", table}};
    case Naming::kBert:
      return {{"word_embeddings", "embeddings.word_embeddings", table},
              {"position_embeddings", "embeddings.position_embeddings", positions},
              {"token_type_embeddings", "embeddings.token_type_embeddings",
               a.token_types * a.embedding_dim}};
    case Naming::kT5:
      return {{"shared", "shared", table}, {"lm_head", "lm_head", table}};
    default:
      return {{"embed_tokens",
               Multimodal(a) ? "model.language_model.embed_tokens" : "model.embed_tokens", table},
              {"lm_head", "lm_head", table}};
  }
}

// Adds `count` instances of a module, merging with an earlier entry of the same path.
void Add(std::vector<LinearModule>* out, std::string path, int64_t in, int64_t outf, int64_t count,
         bool bias) {
  for (LinearModule& m : *out) {
    if (m.path == path && m.in_features == in && m.out_features == outf) {
      m.count += count;
      return;
    }
  }
  out->push_back({std::move(path), in, outf, count, bias});
}

void AddGatedMlp(std::vector<LinearModule>* out, const std::string& prefix, int64_t d, int64_t f,
                 int64_t count, bool bias, Naming n) {
  if (n == Naming::kMixtral) {
    Add(out, prefix + "w1", d, f, count, bias);
    Add(out, prefix + "w2", f, d, count, bias);
    Add(out, prefix + "w3", d, f, count, bias);
    return;
  }
  Add(out, prefix + "gate_proj", d, f, count, bias);
  Add(out, prefix + "up_proj", d, f, count, bias);
  Add(out, prefix + "down_proj", f, d, count, bias);
}

// Q, K, V, O of a softmax-attention sublayer under `p` (e.g. "model.layers.*.self_attn.").
void AddAttention(std::vector<LinearModule>* out, const Architecture& a, const std::string& p) {
  const int64_t d = a.hidden_size;
  const int64_t h = a.num_heads;
  const int64_t k = a.num_kv_heads;
  const int64_t dh = a.head_dim;
  switch (a.module_naming) {
    case Naming::kPhi3:
      Add(out, p + "qkv_proj", d, (h + 2 * k) * dh, 1, a.qkv_bias);
      Add(out, p + "o_proj", h * dh, d, 1, a.o_bias);
      return;
    case Naming::kGpt2:
      Add(out, p + "c_attn", d, 3 * d, 1, a.qkv_bias);  // Conv1D: counted as a Linear
      Add(out, p + "c_proj", d, d, 1, a.o_bias);
      return;
    case Naming::kGptNeox:
    case Naming::kFalcon:
      Add(out, p + "query_key_value", d, (h + 2 * k) * dh, 1, a.qkv_bias);
      Add(out, p + "dense", h * dh, d, 1, a.o_bias);
      return;
    case Naming::kBert:
      // BertAttention: self.{query,key,value}, output.dense (p ends in "attention.").
      Add(out, p + "self.query", d, h * dh, 1, a.qkv_bias);
      Add(out, p + "self.key", d, k * dh, 1, a.qkv_bias);
      Add(out, p + "self.value", d, k * dh, 1, a.qkv_bias);
      Add(out, p + "output.dense", h * dh, d, 1, a.o_bias);
      return;
    case Naming::kT5:
      Add(out, p + "q", d, h * dh, 1, false);
      Add(out, p + "k", d, k * dh, 1, false);
      Add(out, p + "v", d, k * dh, 1, false);
      Add(out, p + "o", h * dh, d, 1, false);
      return;
    default:
      break;
  }
  if (a.attention == AttentionKind::kMultiLatent) {
    const MlaShape& m = a.mla;
    const int64_t qk = m.qk_nope_head_dim + m.qk_rope_head_dim;
    if (m.q_lora_rank > 0) {
      Add(out, p + "q_a_proj", d, m.q_lora_rank, 1, a.qkv_bias);
      Add(out, p + "q_b_proj", m.q_lora_rank, h * qk, 1, false);
    } else {
      Add(out, p + "q_proj", d, h * qk, 1, false);
    }
    Add(out, p + "kv_a_proj_with_mqa", d, m.kv_lora_rank + m.qk_rope_head_dim, 1, a.qkv_bias);
    Add(out, p + "kv_b_proj", m.kv_lora_rank, h * (m.qk_nope_head_dim + m.v_head_dim), 1, false);
    Add(out, p + "o_proj", h * m.v_head_dim, d, 1, a.o_bias);
    if (a.indexer.num_heads > 0) {
      // DeepSeek-V3.2's lightning indexer (names of DeepSeek's inference code, model.py).
      const IndexerShape& x = a.indexer;
      Add(out, p + "indexer.wq_b", m.q_lora_rank, x.num_heads * x.head_dim, 1, false);
      Add(out, p + "indexer.wk", d, x.head_dim, 1, false);
      Add(out, p + "indexer.weights_proj", d, x.num_heads, 1, false);
    }
    return;
  }
  const std::string o = a.module_naming == Naming::kOpt ? "out_proj" : "o_proj";
  // Qwen3-Next's gated attention: q_proj also emits the output gate (2 h d_h wide).
  Add(out, p + "q_proj", d, (a.attention_gate ? 2 : 1) * h * dh, 1, a.qkv_bias);
  Add(out, p + "k_proj", d, k * dh, 1, a.qkv_bias);
  Add(out, p + "v_proj", d, k * dh, 1, a.qkv_bias);
  Add(out, p + o, h * dh, d, 1, a.o_bias);
}

// The state-space mixer's linears (Mamba: in, x, dt, out; Mamba-2: in, out). Its conv1d is an
// nn.Conv1d, which all-linear does not include.
void AddStateSpace(std::vector<LinearModule>* out, const Architecture& a, const std::string& p) {
  const StateSpaceShape& m = a.ssm;
  const int64_t d = a.hidden_size;
  if (m.version == 1) {
    Add(out, p + "in_proj", d, 2 * m.inner, 1, m.proj_bias);
    Add(out, p + "x_proj", m.inner, m.dt_rank + 2 * m.state, 1, false);
    Add(out, p + "dt_proj", m.dt_rank, m.inner, 1, true);
  } else {
    Add(out, p + "in_proj", d, 2 * m.inner + 2 * m.groups * m.state + m.heads, 1, m.proj_bias);
  }
  Add(out, p + "out_proj", m.inner, d, 1, m.proj_bias);
}

// The feed-forward block of one layer.
void AddFeedForward(std::vector<LinearModule>* out, const Architecture& a, const LayerSpec& layer,
                    const std::string& lp) {
  const Naming n = a.module_naming;
  const int64_t d = a.hidden_size;
  const int64_t f = a.intermediate_size;
  if (!layer.moe) {
    switch (n) {
      case Naming::kPhi3:
        Add(out, lp + "mlp.gate_up_proj", d, 2 * f, 1, a.mlp_bias);
        Add(out, lp + "mlp.down_proj", f, d, 1, a.mlp_bias);
        return;
      case Naming::kGptNeox:
      case Naming::kFalcon:
        Add(out, lp + "mlp.dense_h_to_4h", d, f, 1, a.mlp_bias);
        Add(out, lp + "mlp.dense_4h_to_h", f, d, 1, a.mlp_bias);
        return;
      case Naming::kOpt:
        Add(out, lp + "fc1", d, f, 1, a.mlp_bias);
        Add(out, lp + "fc2", f, d, 1, a.mlp_bias);
        return;
      case Naming::kBert:
        Add(out, lp + "intermediate.dense", d, f, 1, a.mlp_bias);
        Add(out, lp + "output.dense", f, d, 1, a.mlp_bias);
        return;
      case Naming::kT5: {
        // T5LayerFF is the block's last sublayer: layer.1 (encoder) or layer.2 (decoder).
        const std::string p =
            lp + (layer.cross_attention ? "layer.2" : "layer.1") + ".DenseReluDense.";
        if (a.mlp == MlpKind::kGated) {
          Add(out, p + "wi_0", d, f, 1, false);
          Add(out, p + "wi_1", d, f, 1, false);
        } else {
          Add(out, p + "wi", d, f, 1, false);
        }
        Add(out, p + "wo", f, d, 1, false);
        return;
      }
      default:
        break;
    }
    const std::string block = n == Naming::kLlama4 || n == Naming::kJamba || n == Naming::kFalconH1
                                  ? "feed_forward."
                                  : "mlp.";
    if (a.mlp == MlpKind::kPlain) {
      Add(out, lp + block + "c_fc", d, f, 1, a.mlp_bias);  // GPT-2, StarCoder2
      Add(out, lp + block + "c_proj", f, d, 1, a.mlp_bias);
    } else {
      AddGatedMlp(out, lp + block, d, f, 1, a.mlp_bias, Naming::kLlama);
    }
    return;
  }
  const MoeShape& moe = a.moe;
  const int64_t e = moe.num_experts;
  switch (n) {
    case Naming::kGptOss:
      return;  // router and experts are nn.Parameters
    case Naming::kGraniteMoe:
      Add(out, lp + "block_sparse_moe.router.layer", d, e, 1, false);
      return;  // input_linear / output_linear are nn.Parameters
    case Naming::kLlama4:
      Add(out, lp + "feed_forward.router", d, e, 1, false);  // Llama4Router(nn.Linear)
      // feed_forward.experts: fused nn.Parameters, no nn.Linear.
      AddGatedMlp(out, lp + "feed_forward.shared_expert.", d, moe.shared_ffn,
                  moe.num_shared_experts, false, n);
      return;
    case Naming::kJamba:
      Add(out, lp + "feed_forward.router", d, e, 1, false);
      AddGatedMlp(out, lp + "feed_forward.experts.*.", d, moe.expert_ffn, e, a.mlp_bias, n);
      return;
    default:
      break;
  }
  const std::string block = n == Naming::kMixtral ? "block_sparse_moe." : "mlp.";
  if (n != Naming::kDeepseek) {
    Add(out, lp + block + "gate", d, e, 1, false);  // the router is an nn.Linear
  }
  AddGatedMlp(out, lp + block + "experts.*.", d, moe.expert_ffn, e, a.mlp_bias, n);
  if (moe.num_shared_experts > 0) {
    if (moe.shared_expert_gate) {
      // Qwen2-MoE / Qwen3-Next: shared_expert of its own width and a d x 1 gate.
      AddGatedMlp(out, lp + "mlp.shared_expert.", d, moe.shared_ffn, moe.num_shared_experts, false,
                  n);
      Add(out, lp + "mlp.shared_expert_gate", d, 1, 1, false);
    } else {
      // One MLP of width S x f_s (DeepseekV3MoE.shared_experts, GLM-4.5, ERNIE 4.5).
      AddGatedMlp(out, lp + "mlp.shared_experts.", d, moe.num_shared_experts * moe.shared_ffn, 1,
                  false, n);
    }
  }
}

// How a vision tower's modules are named (VisionTower::Naming), from transformers'
// modeling_siglip, modeling_llama4 and modeling_pixtral / modeling_mistral3.
struct VisionNames {
  const char* layers;     // the encoder layers, e.g. "model.vision_tower.transformer.layers.*."
  const char* attention;  // the attention block, e.g. "attention."
  const char* out_proj;   // its output projection, "out_proj", "o_proj" or "proj"
  const char* qkv;        // one fused D x 3 D projection (Qwen-VL's "qkv"), else nullptr: q, k, v
  const char* mlp;        // the MLP block: fc1, fc2 or (gated) gate_proj, up_proj, down_proj
  const char* patch;      // the patch embedding when it is an nn.Linear (Llama 4), else nullptr
  std::array<const char*, 3> projector;  // VisionTower::projector's matrices, in order
};

const VisionNames& NamesOf(VisionTower::Naming n) {
  static const VisionNames kSiglip = {"model.vision_tower.vision_model.encoder.layers.*.",
                                      "self_attn.",
                                      "out_proj",
                                      nullptr,
                                      "mlp.",
                                      nullptr,
                                      {nullptr, nullptr, nullptr}};  // an nn.Parameter
  static const VisionNames kLlama4 = {
      "model.vision_model.model.layers.*.",
      "self_attn.",
      "o_proj",
      nullptr,
      "mlp.",
      "model.vision_model.patch_embedding.linear",
      {"model.vision_model.vision_adapter.mlp.fc1", "model.vision_model.vision_adapter.mlp.fc2",
       "model.multi_modal_projector.linear_1"}};
  static const VisionNames kPixtral = {
      "model.vision_tower.transformer.layers.*.",
      "attention.",
      "o_proj",
      nullptr,
      "feed_forward.",
      nullptr,
      {"model.multi_modal_projector.patch_merger.merging_layer",
       "model.multi_modal_projector.linear_1", "model.multi_modal_projector.linear_2"}};
  // Qwen2-VL / Qwen2.5-VL (modeling_qwen2_vl, modeling_qwen2_5_vl): the patch embedding is a
  // Conv3d; the merger's MLP is an nn.Sequential of Linear, GELU, Linear.
  static const VisionNames kQwenVl = {
      "model.visual.blocks.*.",
      "attn.",
      "proj",
      "qkv",
      "mlp.",
      nullptr,
      {"model.visual.merger.mlp.0", "model.visual.merger.mlp.2", nullptr}};
  switch (n) {
    case VisionTower::Naming::kQwenVl:
      return kQwenVl;
    case VisionTower::Naming::kLlama4:
      return kLlama4;
    case VisionTower::Naming::kPixtral:
      return kPixtral;
    case VisionTower::Naming::kSiglip:
      break;
  }
  return kSiglip;
}

// The vision tower's and projector's linears. Conv2d patch embeddings and Gemma 3's projector
// (an nn.Parameter) are not nn.Linear.
void AddVision(std::vector<LinearModule>* out, const VisionTower& v) {
  if (!v.present()) {
    return;
  }
  const VisionNames& names = NamesOf(v.naming);
  const int64_t dv = v.hidden_size;
  const int64_t fv = v.intermediate_size;
  const std::string p = names.layers;
  if (names.qkv != nullptr) {
    Add(out, p + names.attention + names.qkv, dv, 3 * dv, v.num_layers, v.biases);
    Add(out, p + names.attention + names.out_proj, dv, dv, v.num_layers, v.biases);
  } else {
    for (const std::string m : {"q_proj", "k_proj", "v_proj", names.out_proj}) {
      Add(out, p + names.attention + m, dv, dv, v.num_layers, v.biases);
    }
  }
  const std::string mlp = p + names.mlp;
  if (v.gated_mlp) {
    AddGatedMlp(out, mlp, dv, fv, v.num_layers, v.biases, Naming::kLlama);
  } else {
    Add(out, mlp + "fc1", dv, fv, v.num_layers, v.biases);
    Add(out, mlp + "fc2", fv, dv, v.num_layers, v.biases);
  }
  if (names.patch != nullptr) {
    Add(out, names.patch, v.num_channels * v.patch_size * v.patch_size, dv, 1, v.patch_bias);
  }
  for (size_t i = 0; i < v.projector.size() && i < names.projector.size(); ++i) {
    if (names.projector[i] != nullptr) {
      const VisionTower::Matrix& m = v.projector[i];
      Add(out, names.projector[i], m.rows, m.cols, 1, m.bias);
    }
  }
}

bool AllDigits(std::string_view s) {
  return !s.empty() && std::all_of(s.begin(), s.end(), [](char c) { return c >= '0' && c <= '9'; });
}

// PEFT's rule: a target matches a module whose full name equals it or ends with "." + it.
// `path` has "*" for layer and expert indices, which match any index in the target.
bool Matches(std::string_view target, std::string_view path) {
  const std::vector<std::string_view> t = SplitDottedName(target);
  const std::vector<std::string_view> p = SplitDottedName(path);
  if (t.size() > p.size()) {
    return false;
  }
  for (size_t i = 0; i < t.size(); ++i) {
    const std::string_view tc = t[t.size() - 1 - i];
    const std::string_view pc = p[p.size() - 1 - i];
    if (tc != pc && !(pc == "*" && AllDigits(tc))) {
      return false;
    }
  }
  return true;
}

// The last component of a module path: what people write in target_modules.
std::string LastName(std::string_view path) {
  const size_t dot = path.rfind('.');
  return std::string(dot == std::string_view::npos ? path : path.substr(dot + 1));
}

}  // namespace

Result<std::vector<LinearModule>> LayerLinearModules(const Architecture& arch) {
  const Architecture& a = arch;
  std::vector<LinearModule> out;
  // Layer by layer: the schedule says what each layer holds (mixers, cross-attention, dense or
  // MoE feed-forward), the family's ModuleNaming what transformers calls it.
  for (const LayerSpec& layer : a.layers) {
    const std::string lp = LayerPrefix(a, layer) + ".";
    if (IsSoftmaxAttention(layer.mixer)) {
      switch (a.module_naming) {
        case Naming::kGpt2:
          AddAttention(&out, a, lp + "attn.");
          break;
        case Naming::kGptNeox:
        case Naming::kBert:
          AddAttention(&out, a, lp + "attention.");
          break;
        case Naming::kFalcon:
          AddAttention(&out, a, lp + "self_attention.");
          break;
        case Naming::kT5:
          AddAttention(&out, a, lp + "layer.0.SelfAttention.");
          break;
        default:
          AddAttention(&out, a, lp + "self_attn.");
          break;
      }
    }
    if (layer.mixer == MixerKind::kLinearAttention) {
      // Gated DeltaNet (Qwen3NextGatedDeltaNet); its conv1d is an nn.Conv1d.
      const LinearAttentionShape& g = a.linear;
      const int64_t key = g.num_key_heads * g.key_head_dim;
      const int64_t value = g.num_value_heads * g.value_head_dim;
      Add(&out, lp + "linear_attn.in_proj_qkvz", a.hidden_size, 2 * key + 2 * value, 1, false);
      Add(&out, lp + "linear_attn.in_proj_ba", a.hidden_size, 2 * g.num_value_heads, 1, false);
      Add(&out, lp + "linear_attn.out_proj", value, a.hidden_size, 1, false);
    }
    if (HasStateSpace(layer.mixer)) {
      AddStateSpace(&out, a, lp + (a.module_naming == Naming::kMamba2 ? "mixer." : "mamba."));
    }
    if (layer.cross_attention) {
      AddAttention(&out, a, lp + "layer.1.EncDecAttention.");  // T5LayerCrossAttention
    }
    if (layer.feed_forward) {
      AddFeedForward(&out, a, layer, lp);
    }
  }
  // OPT-350m's projections between the embedding width and d (model.decoder.project_in/out).
  if (a.module_naming == Naming::kOpt && a.embedding_dim != a.hidden_size) {
    out.push_back({"model.decoder.project_in", a.embedding_dim, a.hidden_size, 1, false});
    out.push_back({"model.decoder.project_out", a.hidden_size, a.embedding_dim, 1, false});
  }
  // BertModel's pooler is an nn.Linear (all-linear includes it: BertModel has no output head).
  if (a.pooler) {
    Add(&out, "pooler.dense", a.hidden_size, a.hidden_size, 1, true);
  }
  AddVision(&out, a.vision);
  return out;
}

std::vector<std::string> PeftDefaultTargets(const std::string& model_type) {
  // PEFT src/peft/utils/constants.py (commit 00073fe), TRANSFORMERS_MODELS_TO_LORA_TARGET_
  // MODULES_MAPPING, the entries for model types the loader reads. PEFT keys it by the
  // model's config.model_type: a multimodal gemma3 or mistral3 has no entry although
  // gemma3_text and mistral do.
  struct Entry {
    std::string_view model_type;
    std::vector<std::string> targets;
  };
  static const std::array<Entry, 19> kTable = {{
      {"t5", {"q", "v"}},
      {"mt5", {"q", "v"}},
      {"gpt2", {"c_attn"}},
      {"opt", {"q_proj", "v_proj"}},
      {"gpt_neox", {"query_key_value"}},
      {"bert", {"query", "value"}},
      {"roberta", {"query", "value"}},
      {"llama", {"q_proj", "v_proj"}},
      {"llama4", {"q_proj", "v_proj"}},
      {"RefinedWebModel", {"query_key_value"}},
      {"RefinedWeb", {"query_key_value"}},
      {"falcon", {"query_key_value"}},
      {"mistral", {"q_proj", "v_proj"}},
      {"mixtral", {"q_proj", "v_proj"}},
      {"gemma", {"q_proj", "v_proj"}},
      {"gemma2", {"q_proj", "v_proj"}},
      {"gemma3_text", {"q_proj", "v_proj"}},
      {"qwen2", {"q_proj", "v_proj"}},
      {"qwen3", {"q_proj", "v_proj"}},
  }};
  for (const Entry& e : kTable) {
    if (e.model_type == model_type) {
      return e.targets;
    }
  }
  return {};
}

// The model_type PEFT looks its default targets up by: the multimodal wrapper's, else the
// config's, else (a config without model_type) the family read.
std::string PeftModelType(const Architecture& a) {
  if (!a.wrapper_model_type.empty()) {
    return a.wrapper_model_type;
  }
  return a.model_type.empty() ? a.family : a.model_type;
}

Result<LoraCount> CountLoraParameters(const Architecture& arch, const ParameterCount& params,
                                      const LoraOptions& options) {
  if (options.rank < 1) {
    return InvalidArgumentError("lora_rank: must be >= 1, got " + std::to_string(options.rank));
  }
  LLMCOST_ASSIGN_OR_RETURN(const std::vector<LinearModule> modules, LayerLinearModules(arch));
  std::vector<std::string> targets = options.targets;
  if (targets.empty()) {
    const std::string model_type = PeftModelType(arch);
    targets = PeftDefaultTargets(model_type);
    if (targets.empty()) {
      return InvalidArgumentError("lora_targets: PEFT has no default target modules for " +
                                  model_type + "; name them (e.g. all-linear)");
    }
  }
  const bool all_linear =
      targets.size() == 1 && (targets[0] == "all-linear" || targets[0] == "ALL-LINEAR");
  std::vector<std::string> names;  // for did-you-mean
  for (const LinearModule& m : modules) {
    names.push_back(LastName(m.path));
  }
  if (!all_linear) {
    for (const std::string& t : targets) {
      const bool found = std::any_of(modules.begin(), modules.end(),
                                     [&](const LinearModule& m) { return Matches(t, m.path); });
      if (!found) {
        std::string message = "lora_targets: no linear module '" + t + "' in " + arch.family;
        if (std::optional<std::string> near = ClosestSpelling(t, names)) {
          message += " (did you mean '" + *near + "'?)";
        } else {
          std::vector<std::string> unique = names;
          std::sort(unique.begin(), unique.end());
          unique.erase(std::unique(unique.begin(), unique.end()), unique.end());
          message += " (its modules:";
          for (const std::string& u : unique) {
            message += " " + u;
          }
          message += ")";
        }
        return InvalidArgumentError(message);
      }
    }
  }
  LoraCount out;
  out.rank = options.rank;
  for (const LinearModule& m : modules) {
    LLMCOST_ASSIGN_OR_RETURN(const int64_t weight,
                             CheckedProduct({m.in_features, m.out_features, m.count}, "weights"));
    LLMCOST_ASSIGN_OR_RETURN(out.quantizable_params,
                             CheckedAdd(out.quantizable_params, weight, "quantizable weights"));
    const bool hit = all_linear || std::any_of(targets.begin(), targets.end(),
                                               [&](const auto& t) { return Matches(t, m.path); });
    if (!hit) {
      continue;
    }
    // lora_A: r x in, lora_B: out x r (no biases; PEFT's default bias="none").
    LLMCOST_ASSIGN_OR_RETURN(
        const int64_t lora,
        CheckedProduct({options.rank, m.in_features + m.out_features, m.count}, "lora params"));
    out.targets.push_back({m.path, m.count, lora, m.in_features, m.out_features});
    LLMCOST_ASSIGN_OR_RETURN(out.adapter_params,
                             CheckedAdd(out.adapter_params, lora, "lora params"));
  }
  const std::vector<TopModule> top = TopModules(arch);
  for (const std::string& name : options.modules_to_save) {
    const auto it = std::find_if(top.begin(), top.end(), [&](const TopModule& m) {
      return (name == m.name || name == m.path) && m.params > 0;
    });
    if (it == top.end()) {
      std::vector<std::string> candidates;
      for (const TopModule& m : top) {
        if (m.params > 0) {
          candidates.emplace_back(m.name);
        }
      }
      std::string message = "modules_to_save: no module '" + name + "' in " + arch.family;
      if (std::optional<std::string> near = ClosestSpelling(name, candidates)) {
        message += " (did you mean '" + *near + "'?)";
      } else {
        message += " (supported:";
        for (const std::string& c : candidates) {
          message += " " + c;
        }
        message += ")";
      }
      return InvalidArgumentError(message);
    }
    out.saved_module_params += it->params;
  }
  LLMCOST_ASSIGN_OR_RETURN(out.trainable_params,
                           CheckedAdd(out.adapter_params, out.saved_module_params, "trainable"));
  LLMCOST_ASSIGN_OR_RETURN(out.all_params,
                           CheckedAdd(params.total, out.trainable_params, "all params"));
  return out;
}

Result<int64_t> QuantizedBaseBytes(const Architecture& arch, BaseStorage storage) {
  LLMCOST_ASSIGN_OR_RETURN(const std::vector<LinearModule> modules, LayerLinearModules(arch));
  int64_t total = 0;
  for (const LinearModule& m : modules) {
    LLMCOST_ASSIGN_OR_RETURN(const int64_t n,
                             CheckedMul(m.in_features, m.out_features, "tensor size"));
    int64_t per_tensor = 0;
    switch (storage) {
      case BaseStorage::k16Bit: {
        LLMCOST_ASSIGN_OR_RETURN(per_tensor, CheckedMul(n, 2, "16-bit weights"));
        break;
      }
      case BaseStorage::kInt8:
        // bitsandbytes Int8Params: CB (int8, n) + SCB (fp32 absmax per output row).
        per_tensor = n + 4 * m.out_features;
        break;
      case BaseStorage::kNf4: {
        // bitsandbytes quantize_4bit, blocksize 64, compress_statistics (double quant):
        // packed 4-bit values, uint8 absmax per block, fp32 absmax per 256 blocks, an fp32
        // offset and the 16-entry fp32 NF4 code per tensor.
        const int64_t blocks = n / 64 + (n % 64 != 0 ? 1 : 0);
        const int64_t blocks2 = blocks / 256 + (blocks % 256 != 0 ? 1 : 0);
        per_tensor = n / 2 + n % 2 + blocks + 4 * blocks2 + 4 + 16 * 4;
        break;
      }
    }
    LLMCOST_ASSIGN_OR_RETURN(const int64_t bytes, CheckedMul(per_tensor, m.count, "base bytes"));
    LLMCOST_ASSIGN_OR_RETURN(total, CheckedAdd(total, bytes, "base bytes"));
  }
  return total;
}

Result<int64_t> LargestModuleParams(const Architecture& arch) {
  LLMCOST_ASSIGN_OR_RETURN(const std::vector<LinearModule> modules, LayerLinearModules(arch));
  int64_t largest = 0;
  for (const LinearModule& m : modules) {
    largest = std::max(largest, m.in_features * m.out_features + (m.bias ? m.out_features : 0));
  }
  for (const TopModule& m : TopModules(arch)) {
    largest = std::max(largest, m.params);
  }
  return largest;
}

}  // namespace llmcost
