// CountLoraParameters: the parameters a LoRA / QLoRA fine-tune trains and holds, counted as
// PEFT's print_trainable_parameters prints them, and QuantizedBaseBytes: the frozen base at
// its storage (16-bit, LLM.int8 or QLoRA's NF4 with double quantization).
//
// Analysis stage (Architecture + ParameterCount -> LoraCount). Pure: no I/O.
// Formulas and sources: docs/formulas.md "Fine-tuning: LoRA and QLoRA".
#ifndef LLMCOST_ANALYSIS_LORA_H_
#define LLMCOST_ANALYSIS_LORA_H_

#include <cstdint>
#include <string>
#include <vector>

#include "llmcost/analysis/parameters.h"
#include "llmcost/architecture.h"
#include "llmcost/status.h"

namespace llmcost {

// One nn.Linear (or GPT-2 Conv1D) kind of a decoder layer, named as HuggingFace transformers
// names the module, e.g. {"self_attn.q_proj", 4096, 4096, 32}.
struct LinearModule {
  std::string path;          // module path inside a layer, e.g. "mlp.experts.gate_proj"
  int64_t in_features = 0;   // e.g. 4096
  int64_t out_features = 0;  // e.g. 11008
  int64_t count = 0;         // instances in the whole model (layers x experts), e.g. 32
  bool bias = false;         // the module has a bias vector (out_features values)
};

// The nn.Linear (and GPT-2 Conv1D) modules of `arch` as its family's modeling code builds
// them: layer by layer from the schedule (softmax attention, linear attention, state-space
// mixer, cross-attention, dense or MoE feed-forward), named by arch.module_naming (fused
// c_attn / query_key_value / qkv_proj where the family fuses), plus BERT's pooler, OPT-350m's
// projections and a vision tower's and projector's linears (arch.vision.naming). The output head
// is not included (PEFT's all-linear excludes it). MoE experts follow transformers 4.x, one
// nn.Linear per expert; modules that are nn.Parameters rather than nn.Linear (DeepSeek /
// GLM-4.5 routers, GPT-OSS's router and experts, Llama 4's and Granite-MoE's fused experts),
// convolutions (Mamba conv1d, patch embeddings) and embeddings are not listed: PEFT's LoRA
// cannot target them by module name. docs/formulas.md "Module layouts".
// Errors: none today (every family declares a naming); kept a Result for overflow checks.
Result<std::vector<LinearModule>> LayerLinearModules(const Architecture& arch);

// Module names PEFT targets by default for a model whose config.model_type is `model_type`
// (PEFT utils/constants.py TRANSFORMERS_MODELS_TO_LORA_TARGET_MODULES_MAPPING). Empty when PEFT
// has none (it then requires target_modules). CountLoraParameters looks up the multimodal
// wrapper's model_type (e.g. "gemma3", which has none), else the config's, else the family.
std::vector<std::string> PeftDefaultTargets(const std::string& model_type);

struct LoraOptions {
  int64_t rank = 8;  // r, e.g. 16. Default: 8 (PEFT LoraConfig.r)
  // Module names (matched as PEFT matches them: the whole name or a dot-separated suffix of
  // the module's path), or the one entry "all-linear". Default: empty = PEFT's default.
  std::vector<std::string> targets;
  // Modules trained in full and saved beside the adapter, e.g. {"lm_head", "embed_tokens"}:
  // PEFT wraps a trainable copy, so each adds its parameters to trainable AND all params.
  std::vector<std::string> modules_to_save;
};

struct LoraTarget {
  std::string path;          // full module path, e.g. "model.layers.*.self_attn.q_proj"
  int64_t count = 0;         // adapted instances in the model (layers x experts)
  int64_t params = 0;        // r (in + out) x count
  int64_t in_features = 0;   // the adapted module's input width: lora_A is r x in
  int64_t out_features = 0;  // its output width: lora_B is out x r
};

struct LoraCount {
  int64_t rank = 0;
  std::vector<LoraTarget> targets;  // adapted modules, in layer order
  int64_t adapter_params = 0;       // sum over targets: lora_A (r x in) + lora_B (out x r)
  int64_t saved_module_params = 0;  // trainable copies of modules_to_save
  int64_t trainable_params = 0;     // adapter + saved modules ("trainable params: ...")
  int64_t all_params = 0;           // base + trainable ("all params: ...")
  // Base parameters in nn.Linear weights of the layers (what bitsandbytes quantizes):
  // sum of in x out x count over LayerLinearModules. The rest (embeddings, head, norms,
  // biases, bare-parameter routers) stays 16-bit.
  int64_t quantizable_params = 0;
};

// Counts a LoRA fine-tune of `arch`, with `params` = CountParameters(arch).
// Errors: kInvalidArgument "lora_rank: must be >= 1, got 0"; "lora_targets: no module
// 'q_prj' in <family> (did you mean 'q_proj'?)"; "lora_targets: PEFT has no default target
// modules for <family>; name them"; "modules_to_save: ..." likewise; kOutOfRange on overflow.
// Example: Llama-2-7B, r 8, {"q_proj", "v_proj"} -> trainable 4,194,304, all 6,742,609,920.
Result<LoraCount> CountLoraParameters(const Architecture& arch, const ParameterCount& params,
                                      const LoraOptions& options);

// Storage of the frozen base's linear weights.
enum class BaseStorage {
  k16Bit,  // bf16 / fp16: 2 B per weight
  kInt8,   // LLM.int8 (Dettmers et al. 2022): int8 weight + one fp32 scale per output row
  kNf4,    // QLoRA NF4 + double quantization (Dettmers et al. 2023 §3)
};

// Bytes of the quantizable weights of `arch` at `storage`, tensor by tensor:
//   16-bit: 2 n;  int8: n + 4 out;
//   NF4: ceil(n/2) packed values + ceil(n/64) 8-bit absmax + 4 ceil(ceil(n/64)/256) fp32
//        second-level absmax + 4 (fp32 offset) + 64 (the 16-entry fp32 NF4 code) per tensor,
// with n = in x out of each tensor (one tensor per module instance). Asymptotically
// 4 + 8/64 + 32/(64 x 256) = 4.127 bits per weight (QLoRA §3 "Double Quantization").
// Errors: as LayerLinearModules; kOutOfRange on overflow.
Result<int64_t> QuantizedBaseBytes(const Architecture& arch, BaseStorage storage);

// Parameters of the largest single module (its own tensors, not its children's): what
// ZeRO-3 gathers at once (DeepSpeed's largest_layer_params). The embedding, head or the
// widest linear layer.
// Errors: as LayerLinearModules.
Result<int64_t> LargestModuleParams(const Architecture& arch);

}  // namespace llmcost

#endif  // LLMCOST_ANALYSIS_LORA_H_
