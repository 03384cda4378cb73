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

// Which module naming a family's modeling code uses.
enum class Naming { kLlama, kPhi3, kGpt2, kGptNeox, kFalcon, kOpt, kDeepseek, kMixtral };

Result<Naming> NamingOf(const std::string& family) {
  static constexpr std::array kLlamaLike = {"llama",  "mistral", "qwen2",     "qwen3",    "gemma",
                                            "gemma2", "olmo",    "qwen2_moe", "qwen3_moe"};
  for (std::string_view f : kLlamaLike) {
    if (family == f) {
      return Naming::kLlama;
    }
  }
  if (family == "phi3") {
    return Naming::kPhi3;
  }
  if (family == "gpt2") {
    return Naming::kGpt2;
  }
  if (family == "gpt_neox") {
    return Naming::kGptNeox;
  }
  if (family == "falcon") {
    return Naming::kFalcon;
  }
  if (family == "opt") {
    return Naming::kOpt;
  }
  if (family == "deepseek_v2" || family == "deepseek_v3") {
    return Naming::kDeepseek;
  }
  if (family == "mixtral") {
    return Naming::kMixtral;
  }
  return InvalidArgumentError("lora: the module layout of family '" + family +
                              "' is not known (supported: the loader's families)");
}

// Prefix of a layer's modules in the model's named_modules(), e.g. "model.layers.*".
std::string_view LayerPrefix(Naming n) {
  switch (n) {
    case Naming::kGpt2:
    case Naming::kFalcon:
      return "transformer.h.*";
    case Naming::kGptNeox:
      return "gpt_neox.layers.*";
    case Naming::kOpt:
      return "model.decoder.layers.*";
    default:
      return "model.layers.*";
  }
}

struct TopModule {
  std::string_view name;  // e.g. "embed_tokens"
  std::string_view path;  // full path, e.g. "model.embed_tokens"
  int64_t params = 0;
};

// Embeddings and the head: what modules_to_save usually names.
std::vector<TopModule> TopModules(const Architecture& a, Naming n) {
  const int64_t table = a.vocab_size * a.embedding_dim;
  const int64_t positions = a.learned_positions * a.embedding_dim;
  switch (n) {
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
    default:
      return {{"embed_tokens", "model.embed_tokens", table}, {"lm_head", "lm_head", table}};
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
  LLMCOST_ASSIGN_OR_RETURN(const Naming n, NamingOf(a.family));
  const int64_t d = a.hidden_size;
  const int64_t h = a.num_heads;
  const int64_t k = a.num_kv_heads;
  const int64_t dh = a.head_dim;
  const int64_t layers = a.num_layers;
  std::vector<LinearModule> out;
  // ---- Attention ----
  switch (n) {
    case Naming::kPhi3:
      Add(&out, "self_attn.qkv_proj", d, (h + 2 * k) * dh, layers, a.qkv_bias);
      Add(&out, "self_attn.o_proj", h * dh, d, layers, a.o_bias);
      break;
    case Naming::kGpt2:
      Add(&out, "attn.c_attn", d, 3 * d, layers, a.qkv_bias);  // Conv1D: counted as a Linear
      Add(&out, "attn.c_proj", d, d, layers, a.o_bias);
      break;
    case Naming::kGptNeox:
      Add(&out, "attention.query_key_value", d, (h + 2 * k) * dh, layers, a.qkv_bias);
      Add(&out, "attention.dense", h * dh, d, layers, a.o_bias);
      break;
    case Naming::kFalcon:
      Add(&out, "self_attention.query_key_value", d, (h + 2 * k) * dh, layers, a.qkv_bias);
      Add(&out, "self_attention.dense", h * dh, d, layers, a.o_bias);
      break;
    case Naming::kDeepseek: {
      const MlaShape& m = a.mla;
      const int64_t qk = m.qk_nope_head_dim + m.qk_rope_head_dim;
      if (m.q_lora_rank > 0) {
        Add(&out, "self_attn.q_a_proj", d, m.q_lora_rank, layers, a.qkv_bias);
        Add(&out, "self_attn.q_b_proj", m.q_lora_rank, h * qk, layers, false);
      } else {
        Add(&out, "self_attn.q_proj", d, h * qk, layers, false);
      }
      Add(&out, "self_attn.kv_a_proj_with_mqa", d, m.kv_lora_rank + m.qk_rope_head_dim, layers,
          a.qkv_bias);
      Add(&out, "self_attn.kv_b_proj", m.kv_lora_rank, h * (m.qk_nope_head_dim + m.v_head_dim),
          layers, false);
      Add(&out, "self_attn.o_proj", h * m.v_head_dim, d, layers, a.o_bias);
      break;
    }
    case Naming::kOpt:
      Add(&out, "self_attn.q_proj", d, h * dh, layers, a.qkv_bias);
      Add(&out, "self_attn.k_proj", d, k * dh, layers, a.qkv_bias);
      Add(&out, "self_attn.v_proj", d, k * dh, layers, a.qkv_bias);
      Add(&out, "self_attn.out_proj", h * dh, d, layers, a.o_bias);
      break;
    case Naming::kLlama:
    case Naming::kMixtral:
      Add(&out, "self_attn.q_proj", d, h * dh, layers, a.qkv_bias);
      Add(&out, "self_attn.k_proj", d, k * dh, layers, a.qkv_bias);
      Add(&out, "self_attn.v_proj", d, k * dh, layers, a.qkv_bias);
      Add(&out, "self_attn.o_proj", h * dh, d, layers, a.o_bias);
      break;
  }
  // ---- Feed-forward, layer by layer (dense and MoE layers may mix) ----
  const MoeShape& moe = a.moe;
  for (const LayerSpec& layer : a.layers) {
    const int64_t f = a.intermediate_size;
    if (!layer.moe) {
      switch (n) {
        case Naming::kPhi3:
          Add(&out, "mlp.gate_up_proj", d, 2 * f, 1, a.mlp_bias);
          Add(&out, "mlp.down_proj", f, d, 1, a.mlp_bias);
          break;
        case Naming::kGpt2:
          Add(&out, "mlp.c_fc", d, f, 1, a.mlp_bias);
          Add(&out, "mlp.c_proj", f, d, 1, a.mlp_bias);
          break;
        case Naming::kGptNeox:
        case Naming::kFalcon:
          Add(&out, "mlp.dense_h_to_4h", d, f, 1, a.mlp_bias);
          Add(&out, "mlp.dense_4h_to_h", f, d, 1, a.mlp_bias);
          break;
        case Naming::kOpt:
          Add(&out, "fc1", d, f, 1, a.mlp_bias);
          Add(&out, "fc2", f, d, 1, a.mlp_bias);
          break;
        default:
          AddGatedMlp(&out, "mlp.", d, f, 1, a.mlp_bias, Naming::kLlama);
          break;
      }
      continue;
    }
    const std::string block = n == Naming::kMixtral ? "block_sparse_moe." : "mlp.";
    if (n != Naming::kDeepseek) {
      Add(&out, block + "gate", d, moe.num_experts, 1, false);  // the router is an nn.Linear
    }
    AddGatedMlp(&out, block + "experts.*.", d, moe.expert_ffn, moe.num_experts, a.mlp_bias, n);
    if (moe.num_shared_experts > 0) {
      if (n == Naming::kDeepseek) {
        // One MLP of width S x f_s (DeepseekV3MoE.shared_experts).
        AddGatedMlp(&out, "mlp.shared_experts.", d, moe.num_shared_experts * moe.shared_ffn, 1,
                    false, n);
      } else {
        AddGatedMlp(&out, "mlp.shared_expert.", d, moe.shared_ffn, moe.num_shared_experts, false,
                    n);
      }
    }
    if (moe.shared_expert_gate) {
      Add(&out, "mlp.shared_expert_gate", d, 1, 1, false);
    }
  }
  // Full paths: the layer prefix on every module.
  for (LinearModule& m : out) {
    m.path = std::string(LayerPrefix(n)) + "." + m.path;
  }
  // OPT-350m's projections between the embedding width and d (model.decoder.project_in/out).
  if (n == Naming::kOpt && a.embedding_dim != a.hidden_size) {
    out.push_back({"model.decoder.project_in", a.embedding_dim, d, 1, false});
    out.push_back({"model.decoder.project_out", d, a.embedding_dim, 1, false});
  }
  return out;
}

std::vector<std::string> PeftDefaultTargets(const std::string& family) {
  // PEFT 0.20.1.dev0 (commit 5d602fd), src/peft/utils/constants.py, for the families the
  // loader reads. deepseek_v2/v3, olmo, phi3, qwen2_moe and qwen3_moe have no entry.
  struct Entry {
    std::string_view family;
    std::vector<std::string> targets;
  };
  static const std::array<Entry, 11> kTable = {{
      {"llama", {"q_proj", "v_proj"}},
      {"mistral", {"q_proj", "v_proj"}},
      {"mixtral", {"q_proj", "v_proj"}},
      {"gemma", {"q_proj", "v_proj"}},
      {"gemma2", {"q_proj", "v_proj"}},
      {"qwen2", {"q_proj", "v_proj"}},
      {"qwen3", {"q_proj", "v_proj"}},
      {"opt", {"q_proj", "v_proj"}},
      {"gpt2", {"c_attn"}},
      {"gpt_neox", {"query_key_value"}},
      {"falcon", {"query_key_value"}},
  }};
  for (const Entry& e : kTable) {
    if (e.family == family) {
      return e.targets;
    }
  }
  return {};
}

Result<LoraCount> CountLoraParameters(const Architecture& arch, const ParameterCount& params,
                                      const LoraOptions& options) {
  if (options.rank < 1) {
    return InvalidArgumentError("lora_rank: must be >= 1, got " + std::to_string(options.rank));
  }
  LLMCOST_ASSIGN_OR_RETURN(const Naming naming, NamingOf(arch.family));
  LLMCOST_ASSIGN_OR_RETURN(const std::vector<LinearModule> modules, LayerLinearModules(arch));
  std::vector<std::string> targets = options.targets;
  if (targets.empty()) {
    targets = PeftDefaultTargets(arch.family);
    if (targets.empty()) {
      return InvalidArgumentError("lora_targets: PEFT has no default target modules for " +
                                  arch.family + "; name them (e.g. all-linear)");
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
  const std::vector<TopModule> top = TopModules(arch, naming);
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
  LLMCOST_ASSIGN_OR_RETURN(const Naming naming, NamingOf(arch.family));
  LLMCOST_ASSIGN_OR_RETURN(const std::vector<LinearModule> modules, LayerLinearModules(arch));
  int64_t largest = 0;
  for (const LinearModule& m : modules) {
    largest = std::max(largest, m.in_features * m.out_features + (m.bias ? m.out_features : 0));
  }
  for (const TopModule& m : TopModules(arch, naming)) {
    largest = std::max(largest, m.params);
  }
  return largest;
}

}  // namespace llmcost
