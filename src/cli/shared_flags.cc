// The shared flag set (shared_flags.h).
#include "shared_flags.h"

#include <algorithm>
#include <array>
#include <cctype>
#include <cmath>
#include <filesystem>
#include <limits>
#include <thread>
#include <tuple>

#include "llmcost/analysis/flops.h"
#include "llmcost/analysis/training_memory.h"
#include "llmcost/analysis/zero_offload.h"
#include "llmcost/weight_format.h"

#include "flag_names.h"
#include "number_parser.h"

namespace llmcost::cli {
namespace {

const std::vector<std::string> kDTypes = {"fp32", "bf16", "fp16", "fp8", "int8", "int4"};

// The flag's value as a whole number, when given. `what` is how --help describes it.
Status ParseWhole(std::string_view flag, const std::optional<std::string>& given,
                  std::optional<int64_t>* out) {
  if (!given) {
    return OkStatus();
  }
  const std::string& text = *given;
  *out = ParseWholeNumber(text);
  if (!*out) {
    return InvalidArgumentError(std::string(flag) +
                                ": expected a whole number such as 4096, 32K or 1e6, got '" + text +
                                "'");
  }
  return OkStatus();
}

Status ParseReal(std::string_view flag, const std::optional<std::string>& given,
                 std::optional<double>* out) {
  if (!given) {
    return OkStatus();
  }
  const std::string& text = *given;
  *out = ParseNumber(text);
  if (!*out) {
    return InvalidArgumentError(std::string(flag) +
                                ": expected a number such as 0.4, 1e21 or 2T, got '" + text + "'");
  }
  return OkStatus();
}

// Parses an optional integer flag into `*target` (left as is when the flag is absent).
template <typename T>
Status ParseInto(std::string_view flag, const std::optional<std::string>& text, T* target) {
  std::optional<int64_t> v;
  LLMCOST_RETURN_IF_ERROR(ParseWhole(flag, text, &v));
  if (v) {
    if constexpr (sizeof(T) < sizeof(int64_t)) {
      // A narrow field (the ZeRO stage).
      if (*v < std::numeric_limits<T>::min() || *v > std::numeric_limits<T>::max()) {
        return InvalidArgumentError(std::string(flag) + ": out of range, got '" + *text + "'");
      }
      *target = static_cast<T>(*v);
    } else {
      *target = *v;
    }
  }
  return OkStatus();
}

// A flag's choices, in --help order; each one's name is the analysis layer's (e.g.
// TrainingPrecisionName), so the names CLI11 accepts and the names reports print are one.
template <typename E, size_t N>
struct Choices {
  std::array<E, N> values;
  std::string_view (*name)(E);
};
template <typename E, size_t N>
Choices(std::array<E, N>, std::string_view (*)(E)) -> Choices<E, N>;

const Choices kAttentionChoices{
    std::array{AttentionConvention::kCausal, AttentionConvention::kFull}, AttentionConventionName};
const Choices kPrecisionChoices{
    std::array{TrainingPrecision::kFp32, TrainingPrecision::kBf16Mixed,
               TrainingPrecision::kFp16Mixed, TrainingPrecision::kFp8Mixed},
    TrainingPrecisionName};
const Choices kOptimizerChoices{
    std::array{OptimizerKind::kAdamW, OptimizerKind::kSgdMomentum, OptimizerKind::kAdafactor,
               OptimizerKind::kAdam8Bit, OptimizerKind::kPagedAdamW,
               OptimizerKind::kPagedAdamW8Bit},
    OptimizerKindName};
const Choices kRecomputeChoices{
    std::array{Recompute::kNone, Recompute::kSelective, Recompute::kFull}, RecomputeName};
const Choices kFrameworkChoices{std::array{Framework::kMegatron, Framework::kHf}, FrameworkName};
const Choices kFineTuneChoices{std::array{FineTune::kFull, FineTune::kLora, FineTune::kQlora},
                               FineTuneName};
const Choices kOffloadChoices{
    std::array{Offload::kNone, Offload::kOptimizer, Offload::kParams, Offload::kBoth}, OffloadName};
const Choices kOffloadDeviceChoices{std::array{OffloadDevice::kCpu, OffloadDevice::kNvme},
                                    OffloadDeviceName};

// CLI::IsMember over a list that costs something to build (the supported families: about 20 K
// instructions, 3% of one `analyze`): the list is made only when the flag is given or the help
// shows it, not on every run. The same help text and message as CLI::IsMember.
class IsMemberOfLazyList : public CLI::Validator {
 public:
  explicit IsMemberOfLazyList(std::vector<std::string> (*members)()) {
    desc_function_ = [members] { return CLI::detail::generate_set(members()); };
    func_ = [members](std::string& input) {
      const std::vector<std::string> set = members();
      if (std::find(set.begin(), set.end(), input) != set.end()) {
        return std::string();
      }
      return input + " not in " + CLI::detail::generate_set(set);
    };
  }
};

// The names CLI11 accepts for a flag.
template <typename E, size_t N>
std::vector<std::string> NamesOf(const Choices<E, N>& choices) {
  std::vector<std::string> names;
  names.reserve(N);
  for (const E value : choices.values) {
    names.emplace_back(choices.name(value));
  }
  return names;
}

// The value a flag names; `fallback` when the flag was not given (CLI11 checked the name).
template <typename E, size_t N>
E ValueOf(const Choices<E, N>& choices, const std::string& name, E fallback) {
  for (const E value : choices.values) {
    if (choices.name(value) == name) {
      return value;
    }
  }
  return fallback;
}

// The serving flags: the weight format (--weights-format, or --weights-dtype where int4 is a
// 4-bit AWQ checkpoint with groups of 128) and vLLM's engine arguments.
Status ParseServing(const SharedFlags& f, Workload* w) {
  if (!f.weights_dtype.empty() && !f.weights_format.empty()) {
    return InvalidArgumentError(
        "--weights-dtype: give --weights-dtype or --weights-format, "
        "not both");
  }
  std::optional<int64_t> group;
  if (f.group_size && (*f.group_size == "-1")) {
    group = -1;
  } else {
    LLMCOST_RETURN_IF_ERROR(ParseWhole("--group-size", f.group_size, &group));
  }
  const std::string format = !f.weights_format.empty()
                                 ? f.weights_format
                                 : (f.weights_dtype == "int4" ? "awq" : f.weights_dtype);
  if (!format.empty() || group) {
    Result<WeightFormat> parsed =
        ParseWeightFormat(format.empty() ? "bf16" : format, group.value_or(0));
    if (!parsed.ok()) {
      return InFlagTerms(parsed.status());
    }
    w->weights = *parsed;
  }
  std::optional<double> real;
  LLMCOST_RETURN_IF_ERROR(ParseReal("--gpu-memory-utilization", f.gpu_memory_utilization, &real));
  w->gpu_memory_utilization = real.value_or(w->gpu_memory_utilization);
  real.reset();
  LLMCOST_RETURN_IF_ERROR(ParseReal("--mbu", f.mbu, &real));
  w->mbu = real.value_or(w->mbu);
  real.reset();
  LLMCOST_RETURN_IF_ERROR(ParseReal("--mfu", f.serving_mfu, &real));
  w->serving_mfu = real.value_or(w->serving_mfu);
  std::optional<int64_t> whole;
  LLMCOST_RETURN_IF_ERROR(ParseWhole("--max-model-len", f.max_model_len, &whole));
  w->max_model_len = whole;
  LLMCOST_RETURN_IF_ERROR(ParseInto("--block-size", f.block_size, &w->block_size));
  LLMCOST_RETURN_IF_ERROR(
      ParseInto("--max-num-batched-tokens", f.max_num_batched_tokens, &w->max_num_batched_tokens));
  LLMCOST_RETURN_IF_ERROR(ParseInto("--max-num-seqs", f.max_num_seqs, &w->max_num_seqs));
  constexpr double kGiB = 1024.0 * 1024.0 * 1024.0;
  for (const auto& [flag, text, out] :
       {std::tuple{"--activation-peak-gib", &f.activation_peak_gib, &w->activation_peak_bytes},
        std::tuple{"--non-torch-gib", &f.non_torch_gib, &w->non_torch_bytes}}) {
    real.reset();
    LLMCOST_RETURN_IF_ERROR(ParseReal(flag, *text, &real));
    if (real) {
      if (!std::isfinite(*real) || *real < 0 || *real > 1e6) {
        return InvalidArgumentError(std::string(flag) + ": must be in [0, 1e6] GiB, got '" +
                                    **text + "'");
      }
      *out = static_cast<int64_t>(*real * kGiB);
    }
  }
  return OkStatus();
}

}  // namespace

void AddSharedFlags(CLI::App* sub, SharedFlags* f, unsigned groups,
                    const std::vector<std::string>& output_formats) {
  f->groups = groups;
  if ((groups & kModelFlags) != 0) {
    sub->add_option("sources", f->sources,
                    "Models: config.json/.jsonc/.py files, directories with config.json, "
                    "Hugging Face ids in the local cache; '-' reads stdin (several: side by side)");
    sub->add_option("--model_config,--model-config", f->model_configs,
                    "A model config (repeatable; the original tool's flag)");
    sub->add_option("--family", f->family,
                    "Read every config with this family's field map, ignoring model_type")
        ->check(IsMemberOfLazyList(&SupportedFamilies));
    sub->add_option(
        (groups & kServingFlags) != 0 ? "--seq-len,--seq_len,--context" : "--seq-len,--seq_len",
        f->seq_len, "Tokens per sequence s (default: the config's pre-training context)");
    sub->add_option("--batch", f->batch,
                    (groups & kServingFlags) != 0
                        ? "Concurrent sequences (default: 1)"
                        : "Micro-batch size b, sequences per GPU step (default: 1)");
    sub->add_option("--attention", f->attention,
                    "causal: a query sees (s+1)/2 keys on average (default); full: all s keys "
                    "(Kaplan/Chinchilla/PaLM)")
        ->check(CLI::IsMember(NamesOf(kAttentionChoices)));
    sub->add_option("--jobs", f->jobs,
                    "Threads that load and analyze models when there are many; the output is "
                    "the same (default: the hardware threads, at most 4; 1: one thread)");
  }
  if ((groups & kHardwareFlags) != 0) {
    sub->add_option("--gpu", f->gpu, "Accelerator id or alias ('llmcost hardware' lists them)");
    sub->add_option("--gpus", f->gpus, "Number of accelerators (a multiple of --tp x --pp)");
    sub->add_option("--hardware-file", f->hardware_files,
                    "Extra accelerator table (JSON, same format as data/hardware.json); "
                    "repeatable");
  }
  if ((groups & kTrainingFlags) != 0) {
    sub->add_option("--precision", f->precision,
                    "fp32 | bf16 | fp16 (mixed, fp32 master weights) | fp8 (mixed; default: bf16)")
        ->check(CLI::IsMember(NamesOf(kPrecisionChoices)));
    sub->add_option(
           "--optimizer", f->optimizer,
           "adamw (8 B/param + master) | sgd (momentum, 4 B) | adafactor (factored) | "
           "adam8bit (bitsandbytes AdamW8bit: 2 B + fp32 absmax per 256) | paged_adamw_32bit | "
           "paged_adamw_8bit (state pageable to host memory) (default: adamw)")
        ->check(CLI::IsMember(NamesOf(kOptimizerChoices)));
    sub->add_option("--dp", f->dp,
                    "Data-parallel degree (default: 1; with --gpus: GPUs / (tp x pp))");
    sub->add_option("--zero", f->zero,
                    "ZeRO stage: 0 none, 1 optimizer states, 2 + gradients, 3 + weights (FSDP) "
                    "(default: 0)");
    sub->add_option("--tp", f->tp, "Tensor-parallel degree; must divide the heads (default: 1)");
    sub->add_flag("--sp", f->sp,
                  "Sequence parallelism with --tp (splits norm/dropout activations)");
    sub->add_option("--pp", f->pp,
                    "Pipeline stages (1F1B); must divide the layers (default: 1). The report "
                    "shows the stage with the highest peak");
    sub->add_option("--ep", f->ep,
                    "Expert-parallel degree (MoE); must divide the experts and the data-parallel "
                    "degree (default: 1)");
    sub->add_option("--recompute", f->recompute,
                    "Activation recomputation: none | selective (attention core) | full "
                    "(default: none)")
        ->check(CLI::IsMember(NamesOf(kRecomputeChoices)));
    sub->add_flag("--no-flash", f->no_flash,
                  "Unfused attention: keep the s x s scores (Korthikanti's 5 a s^2 b term)");
    sub->add_flag("--dropout", f->dropout,
                  "Training uses dropout: keep 1-byte masks (as in Korthikanti et al. 2022)");
    sub->add_option("--framework", f->framework,
                    "Activation convention: megatron (fused kernels, Korthikanti et al.) | hf "
                    "(transformers' modeling code under PyTorch autograd; llama, mistral, qwen2, "
                    "qwen3, gemma, gemma2, gemma3, mixtral, qwen2_moe, qwen3_moe) (default: "
                    "megatron)")
        ->check(CLI::IsMember(NamesOf(kFrameworkChoices)));
    sub->add_option("--finetune", f->finetune,
                    "full | lora (adapters on a frozen 16-bit base) | qlora (NF4 base with "
                    "double quantization) (default: full)")
        ->check(CLI::IsMember(NamesOf(kFineTuneChoices)));
    sub->add_option("--lora-rank", f->lora_rank, "LoRA rank r >= 1 (default: 8, PEFT's)");
    sub->add_option("--lora-targets", f->lora_targets,
                    "Module names, comma-separated (q_proj,v_proj), or all-linear (every linear "
                    "layer but the head) (default: PEFT's default for the family)");
    sub->add_option("--modules-to-save", f->modules_to_save,
                    "Modules trained in full beside the adapters, e.g. lm_head,embed_tokens");
    sub->add_flag("--load-in-8bit", f->load_in_8bit,
                  "With --finetune lora: the frozen base in LLM.int8 (bitsandbytes)");
    sub->add_option("--offload", f->offload,
                    "ZeRO-Offload / ZeRO-Infinity: none | optimizer | params | both (ZeRO 2-3; "
                    "params needs 3) (default: none)")
        ->check(CLI::IsMember(NamesOf(kOffloadChoices)));
    sub->add_option("--offload-device", f->offload_device, "cpu | nvme (default: cpu)")
        ->check(CLI::IsMember(NamesOf(kOffloadDeviceChoices)));
    sub->add_option("--reserve", f->reserve,
                    "With --gpu: GiB per GPU kept for the CUDA context and fragmentation in the "
                    "fit verdict (default: max(2 GiB, 5% of the GPU's memory))");
  }
  if ((groups & kServingFlags) != 0) {
    sub->add_option("--weights-format", f->weights_format,
                    "Weight storage: bf16|fp16|fp32|fp8|int8|awq|gptq|nf4|mxfp4|gguf:<TYPE> "
                    "(e.g. gguf:Q4_K_M; default: the config's quantization_config, else bf16)");
    sub->add_option("--weights-dtype", f->weights_dtype,
                    "Weights precision: fp32|bf16|fp16|fp8|int8|int4 (int4 = awq); prefer "
                    "--weights-format")
        ->check(CLI::IsMember(kDTypes));
    sub->add_option("--group-size", f->group_size,
                    "Weights per scale for awq/gptq (default: 128; -1 = per channel)");
    sub->add_option("--kv-dtype", f->kv_dtype,
                    "KV cache precision: fp32|bf16|fp16|fp8|int8|int4 (default: bf16)")
        ->check(CLI::IsMember(kDTypes));
    if ((groups & kTrainingFlags) == 0) {
      sub->add_option("--tp", f->tp,
                      "Tensor-parallel GPUs (vLLM --tensor-parallel-size; default: 1)");
      sub->add_option("--pp", f->pp, "Pipeline stages (vLLM --pipeline-parallel-size; default: 1)");
    }
    sub->add_option("--gpu-memory-utilization", f->gpu_memory_utilization,
                    "Fraction of GPU memory vLLM may use, (0, 1] (default: 0.9)");
    sub->add_option("--max-model-len", f->max_model_len,
                    "Tokens per request for vLLM's concurrency (default: --seq-len)");
    sub->add_option("--block-size", f->block_size,
                    "Tokens per KV-cache block: 1, 8, 16, 32, 64, 128 (default: 16)");
    sub->add_option("--max-num-batched-tokens", f->max_num_batched_tokens,
                    "Tokens of vLLM's profiling forward pass (default: 8192)");
    sub->add_option("--max-num-seqs", f->max_num_seqs,
                    "Sequences of vLLM's profiling sampler pass (default: 256)");
    sub->add_option("--activation-peak-gib", f->activation_peak_gib,
                    "Measured 'PyTorch activation peak memory' in GiB (default: estimated)");
    sub->add_option("--non-torch-gib", f->non_torch_gib,
                    "Measured 'non_torch_memory' in GiB (default: 1.79; 3.58 with --tp > 1)");
    sub->add_option("--mbu", f->mbu,
                    "Achieved fraction of peak memory bandwidth, (0, 1] (default: 1)");
    if ((groups & kCostFlags) == 0) {
      sub->add_option("--mfu", f->serving_mfu,
                      "Achieved fraction of the dense peak FLOP/s, (0, 1] (default: 1)");
    }
  }
  if ((groups & kCostFlags) != 0) {
    sub->add_option("--tokens", f->tokens,
                    "Training tokens D, e.g. 2e12 or 2T (default: 20 per parameter, the "
                    "compute-optimal rule of Hoffmann et al. 2022)");
    sub->add_option("--mfu", f->mfu,
                    "Model FLOPs utilization in (0, 1] of the dense peak (default: 0.4)");
    sub->add_option("--price-per-gpu-hour", f->price,
                    "USD per GPU-hour (default: the hardware table's price, if any)");
    sub->add_option("--pue", f->pue,
                    "Power usage effectiveness >= 1 applied to board power (default: 1)");
    sub->add_option("--grid-gco2-per-kwh", f->grid,
                    "Grid carbon intensity in gCO2/kWh; adds a CO2 figure");
  }
  if ((groups & kOutputFlags) != 0) {
    std::string names;
    for (const std::string& name : output_formats) {
      names += (names.empty() ? "" : "|") + name;
    }
    sub->add_option("--format", f->output.format,
                    "Output format: " + names +
                        " (default: from the --output extension, else "
                        "text)")
        ->check(CLI::IsMember(output_formats));
    sub->add_option("-o,--output", f->output.output,
                    "Write the report to FILE (atomically; its extension picks the format)");
    sub->add_flag("--force", f->output.force, "Overwrite an existing --output file");
  }
}

// "a,b,,c" -> {"a", "b", "c"}.
std::vector<std::string> SplitCommas(const std::string& text) {
  std::vector<std::string> out;
  size_t start = 0;
  while (start < text.size()) {
    size_t comma = text.find(',', start);
    if (comma == std::string::npos) {
      comma = text.size();
    }
    if (comma > start) {
      out.push_back(text.substr(start, comma - start));
    }
    start = comma + 1;
  }
  return out;
}

Result<Workload> ToWorkload(const SharedFlags& f) {
  Workload w;
  std::optional<int64_t> seq_len;
  LLMCOST_RETURN_IF_ERROR(ParseWhole("--seq-len", f.seq_len, &seq_len));
  w.seq_len = seq_len;
  LLMCOST_RETURN_IF_ERROR(ParseInto("--batch", f.batch, &w.batch));
  LLMCOST_RETURN_IF_ERROR(ModelJobs(f).status());
  w.attention = ValueOf(kAttentionChoices, f.attention, AttentionConvention::kCausal);
  std::optional<int64_t> gpus;
  LLMCOST_RETURN_IF_ERROR(ParseWhole("--gpus", f.gpus, &gpus));
  w.gpus = gpus;
  w.precision = ValueOf(kPrecisionChoices, f.precision, TrainingPrecision::kBf16Mixed);
  w.optimizer = ValueOf(kOptimizerChoices, f.optimizer, OptimizerKind::kAdamW);
  w.recompute = ValueOf(kRecomputeChoices, f.recompute, Recompute::kNone);
  w.flash = f.no_flash ? FlashAttention::kOff : FlashAttention::kOn;
  w.dropout = f.dropout ? Dropout::kOn : Dropout::kOff;
  w.framework = ValueOf(kFrameworkChoices, f.framework, Framework::kMegatron);
  w.finetune = ValueOf(kFineTuneChoices, f.finetune, FineTune::kFull);
  LLMCOST_RETURN_IF_ERROR(ParseInto("--lora-rank", f.lora_rank, &w.lora.rank));
  w.lora.targets = SplitCommas(f.lora_targets);
  w.lora.modules_to_save = SplitCommas(f.modules_to_save);
  w.base_storage = f.load_in_8bit ? BaseStorage::kInt8 : BaseStorage::k16Bit;
  w.offload = ValueOf(kOffloadChoices, f.offload, Offload::kNone);
  w.offload_device = ValueOf(kOffloadDeviceChoices, f.offload_device, OffloadDevice::kCpu);
  if (f.reserve) {
    std::optional<double> gib = ParseNumber(*f.reserve);
    if (!gib || *gib < 0 || *gib > 1e9) {
      return InvalidArgumentError("--reserve: expected GiB >= 0 such as 4 or 2.5, got '" +
                                  *f.reserve + "'");
    }
    w.reserve_bytes = static_cast<int64_t>(*gib * static_cast<double>(int64_t{1} << 30));
  }
  LLMCOST_RETURN_IF_ERROR(ParseInto("--dp", f.dp, &w.dp));
  LLMCOST_RETURN_IF_ERROR(ParseInto("--zero", f.zero, &w.zero));
  LLMCOST_RETURN_IF_ERROR(ParseInto("--tp", f.tp, &w.tp));
  LLMCOST_RETURN_IF_ERROR(ParseInto("--pp", f.pp, &w.pp));
  LLMCOST_RETURN_IF_ERROR(ParseInto("--ep", f.ep, &w.ep));
  w.sp = f.sp ? SequenceParallel::kOn : SequenceParallel::kOff;
  w.kv_cache = ParseDType(f.kv_dtype).value_or(DType::kBf16);  // checked by CLI11
  LLMCOST_RETURN_IF_ERROR(ParseServing(f, &w));
  std::optional<double> value;
  LLMCOST_RETURN_IF_ERROR(ParseReal("--tokens", f.tokens, &w.tokens));
  LLMCOST_RETURN_IF_ERROR(ParseReal("--mfu", f.mfu, &value));
  w.mfu = value.value_or(w.mfu);
  LLMCOST_RETURN_IF_ERROR(ParseReal("--price-per-gpu-hour", f.price, &w.price_usd_per_gpu_hour));
  value.reset();
  LLMCOST_RETURN_IF_ERROR(ParseReal("--pue", f.pue, &value));
  w.pue = value.value_or(w.pue);
  LLMCOST_RETURN_IF_ERROR(ParseReal("--grid-gco2-per-kwh", f.grid, &w.grid_gco2_per_kwh));
  if (f.dp && gpus) {
    return InvalidArgumentError(
        "--dp: give --dp or --gpus, not both (--gpus implies dp = GPUs / "
        "(tp x pp))");
  }
  if (f.gpus && f.gpu.empty() && (f.groups & kHardwareFlags) != 0) {
    return InvalidArgumentError("--gpus: needs --gpu NAME (which accelerator)");
  }
  Status valid = ValidateWorkload(w);
  if (!valid.ok()) {
    return InFlagTerms(valid);
  }
  return w;
}

Result<int> ModelJobs(const SharedFlags& f) {
  std::optional<int64_t> jobs;
  LLMCOST_RETURN_IF_ERROR(ParseWhole("--jobs", f.jobs, &jobs));
  if (!jobs) {
    const unsigned hardware = std::thread::hardware_concurrency();
    return hardware == 0 ? 1 : std::min(static_cast<int>(hardware), kDefaultJobsCap);
  }
  if (*jobs < 1 || *jobs > kMaxJobs) {
    return InvalidArgumentError("--jobs: must be in [1, " + std::to_string(kMaxJobs) + "], got '" +
                                *f.jobs + "'");
  }
  return static_cast<int>(*jobs);
}

std::vector<std::string> Sources(const SharedFlags& f) {
  std::vector<std::string> sources = f.model_configs;
  sources.insert(sources.end(), f.sources.begin(), f.sources.end());
  return sources;
}

LoadOptions LoadOptionsOf(const SharedFlags& f) {
  LoadOptions o;
  o.family = f.family;
  return o;
}

Result<std::optional<Hardware>> ResolveHardware(const SharedFlags& f) {
  if (f.gpu.empty()) {
    return std::optional<Hardware>();
  }
  LLMCOST_ASSIGN_OR_RETURN(std::vector<Hardware> table, LoadHardwareTables(f.hardware_files));
  Result<const Hardware*> found = FindHardware(table, f.gpu);
  if (!found.ok()) {
    return WithContext(found.status(), "--gpu");
  }
  return std::optional<Hardware>(**found);
}

Result<OutputFormat> ResolveFormat(const OutputOptions& o,
                                   const std::vector<std::string>& allowed) {
  if (o.output && o.output->empty()) {
    return InvalidArgumentError("--output: expected a file name, got ''");
  }
  std::string name = o.format;
  if (name.empty() && o.output && *o.output != "-") {
    std::string ext = std::filesystem::path(*o.output).extension().string();
    for (char& c : ext) {
      c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    }
    if (ext.empty() || ext == ".txt" || ext == ".text") {
      name = "text";
    } else {
      name = ext.substr(1);
      if (name == "markdown") {
        name = "md";
      }
      if (name == "htm") {
        name = "html";
      }
      if (std::find(allowed.begin(), allowed.end(), name) == allowed.end()) {
        return InvalidArgumentError("--output: '" + *o.output +
                                    "' names no format this command "
                                    "writes (" +
                                    ext + "); pass --format");
      }
    }
  }
  std::optional<OutputFormat> format = ParseOutputFormat(name.empty() ? "text" : name);
  if (!format) {
    return InvalidArgumentError("--format: unknown format '" + name + "'");
  }
  if (!o.format.empty() && std::find(allowed.begin(), allowed.end(), o.format) == allowed.end()) {
    std::string list;
    for (const std::string& a : allowed) {
      list += (list.empty() ? "" : ", ") + a;
    }
    return InvalidArgumentError("--format: this command writes " + list + ", not '" + o.format +
                                "'");
  }
  return *format;
}

bool DrawsCharts(const OutputOptions& output) {
  Result<OutputFormat> format = ResolveFormat(output, {"svg", "html"});
  return format.ok() && (*format == OutputFormat::kSvg || *format == OutputFormat::kHtml);
}

Result<double> ParsePositiveFlag(std::string_view flag, const std::string& text) {
  std::optional<double> v;
  LLMCOST_RETURN_IF_ERROR(ParseReal(flag, std::optional<std::string>(text), &v));
  if (!v || !(*v > 0)) {
    return InvalidArgumentError(std::string(flag) + ": must be > 0, got '" + text + "'");
  }
  return *v;
}

Result<int64_t> ParsePositiveIntegerFlag(std::string_view flag, const std::string& text) {
  std::optional<int64_t> v;
  LLMCOST_RETURN_IF_ERROR(ParseWhole(flag, std::optional<std::string>(text), &v));
  if (!v || *v < 1 || *v > kMaxWorkloadInteger) {
    return InvalidArgumentError(std::string(flag) + ": must be in [1, " +
                                std::to_string(kMaxWorkloadInteger) + "], got '" + text + "'");
  }
  return *v;
}

}  // namespace llmcost::cli
