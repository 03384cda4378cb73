// `llmcost memory`: per-GPU training memory of model configs, side by side.
#include <cmath>
#include <memory>
#include <optional>

#include "llmcost/analysis/parameters.h"
#include "llmcost/config.h"
#include "llmcost/cost_report.h"

#include "command.h"
#include "training_flags.h"

namespace llmcost::cli {
namespace {

TrainingPrecision ParsePrecision(const std::string& name) {
  if (name == "fp32") {
    return TrainingPrecision::kFp32;
  }
  if (name == "fp16") {
    return TrainingPrecision::kFp16Mixed;
  }
  if (name == "fp8") {
    return TrainingPrecision::kFp8Mixed;
  }
  return TrainingPrecision::kBf16Mixed;
}

OptimizerKind ParseOptimizer(const std::string& name) {
  if (name == "sgd") {
    return OptimizerKind::kSgdMomentum;
  }
  if (name == "adafactor") {
    return OptimizerKind::kAdafactor;
  }
  if (name == "adam8bit") {
    return OptimizerKind::kAdam8Bit;
  }
  return OptimizerKind::kAdamW;
}

struct MemoryFlags {
  std::vector<std::string> files;
  std::string gpu;  // with --gpu: a fit verdict per model
  int64_t gpus = 0;  // default: dp x tp x pp
  std::vector<std::string> hardware_files;
  TrainingFlags training;
  OutputOptions output;
};

int RunMemory(const MemoryFlags& f, Streams& streams) {
  if (Status status = CheckTrainingFlags(f.training); !status.ok()) {
    return UsageFail(streams, status.message());
  }
  TrainingMemoryOptions options = ToTrainingMemoryOptions(f.training);
  const Hardware* hardware = nullptr;
  std::vector<Hardware> table;
  if (!f.gpu.empty()) {
    Result<std::vector<Hardware>> loaded = LoadHardwareTables(f.hardware_files);
    if (!loaded.ok()) {
      return Fail(streams, loaded.status());
    }
    table = *std::move(loaded);
    Result<const Hardware*> hw = FindHardware(table, f.gpu);
    if (!hw.ok()) {
      return Fail(streams, WithContext(hw.status(), "--gpu"));
    }
    hardware = *hw;
    if (f.gpus != 0) {
      const int64_t model_parallel = options.tp * options.pp;
      if (f.gpus < 1 || model_parallel < 1 || f.gpus % model_parallel != 0) {
        return UsageFail(streams, "--gpus: must be a positive multiple of --tp x --pp (" +
                                      std::to_string(model_parallel) + "), got " +
                                      std::to_string(f.gpus));
      }
      options.dp = f.gpus / model_parallel;
    }
  } else if (f.gpus != 0) {
    return UsageFail(streams, "--gpus: needs --gpu");
  }
  std::vector<TrainingMemoryItem> items;
  for (const std::string& file : f.files) {
    Result<CountedModel> model = LoadAndCount(file);
    if (!model.ok()) {
      return Fail(streams, model.status());
    }
    Result<TrainingMemoryEstimate> memory =
        EstimateTrainingMemory(model->arch, model->params, options);
    if (!memory.ok()) {
      return Fail(streams, WithContext(memory.status(), file));
    }
    std::optional<FitVerdict> verdict;
    if (hardware != nullptr) {
      FitOptions fit;
      fit.gpus = memory->gpus;
      fit.memory_bytes = hardware->memory_bytes;
      fit.reserve_bytes = ReserveBytes(f.training);
      Result<FitVerdict> judged = JudgeFit(model->arch, model->params, options, fit);
      if (!judged.ok()) {
        return Fail(streams, WithContext(judged.status(), file));
      }
      verdict = *std::move(judged);
    }
    items.push_back({std::move(model->arch), std::move(memory).value(), std::move(verdict)});
  }
  return EmitReport(BuildTrainingMemoryReport(items, options, hardware), f.output, streams);
}

}  // namespace

void AddTrainingFlags(CLI::App* sub, TrainingFlags* f, DataParallelFlag dp) {
  sub->add_option("--batch", f->batch, "Micro-batch size b, sequences per GPU step (default: 1)");
  sub->add_option("--seq-len", f->seq_len,
                  "Sequence length s (default: the config's pre-training context)");
  sub->add_option("--precision", f->precision,
                  "fp32 | bf16 | fp16 (mixed, fp32 master weights) | fp8 (mixed; default: bf16)")
      ->check(CLI::IsMember({"fp32", "bf16", "fp16", "fp8"}));
  sub->add_option("--optimizer", f->optimizer,
                  "adamw (8 B/param + master) | sgd (momentum, 4 B) | adafactor (factored) | "
                  "adam8bit (2 B) (default: adamw)")
      ->check(CLI::IsMember({"adamw", "sgd", "adafactor", "adam8bit"}));
  if (dp == DataParallelFlag::kAdd) {
    sub->add_option("--dp", f->dp, "Data-parallel degree (default: 1)");
  }
  sub->add_option("--zero", f->zero,
                  "ZeRO stage: 0 none, 1 optimizer states, 2 + gradients, 3 + weights (FSDP) "
                  "(default: 0)");
  sub->add_option("--tp", f->tp, "Tensor-parallel degree; must divide the heads (default: 1)");
  sub->add_flag("--sp", f->sp, "Sequence parallelism with --tp (splits norm/dropout activations)");
  sub->add_option("--pp", f->pp,
                  "Pipeline stages (1F1B); must divide the layers (default: 1). The report shows "
                  "the stage with the highest peak");
  sub->add_option("--ep", f->ep,
                  "Expert-parallel degree (MoE); must divide the experts and --dp (default: 1)");
  sub->add_option("--recompute", f->recompute,
                  "Activation recomputation: none | selective (attention core) | full "
                  "(default: none)")
      ->check(CLI::IsMember({"none", "selective", "full"}));
  sub->add_flag("--no-flash", f->no_flash,
                "Unfused attention: keep the s x s scores (Korthikanti's 5 a s^2 b term)");
  sub->add_flag("--dropout", f->dropout,
                "Training uses dropout: keep 1-byte masks (as in Korthikanti et al. 2022)");
  sub->add_option("--framework", f->framework,
                  "Activation convention: megatron (fused kernels, Korthikanti et al.) | hf "
                  "(transformers' eager/SDPA code under PyTorch autograd; llama, mistral, qwen2) "
                  "(default: megatron)")
      ->check(CLI::IsMember({"megatron", "hf"}));
  sub->add_option("--finetune", f->finetune,
                  "full | lora (adapters on a frozen 16-bit base) | qlora (NF4 base with double "
                  "quantization) (default: full)")
      ->check(CLI::IsMember({"full", "lora", "qlora"}));
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
      ->check(CLI::IsMember({"none", "optimizer", "params", "both"}));
  sub->add_option("--offload-device", f->offload_device, "cpu | nvme (default: cpu)")
      ->check(CLI::IsMember({"cpu", "nvme"}));
  sub->add_option("--reserve", f->reserve_gib,
                  "GiB per GPU kept for the CUDA context and fragmentation in fit verdicts "
                  "(default: max(2 GiB, 5% of the GPU's memory))");
}

Status CheckTrainingFlags(const TrainingFlags& f) {
  if (f.lora_rank < 1) {
    return InvalidArgumentError("--lora-rank: must be >= 1, got " + std::to_string(f.lora_rank));
  }
  if (f.reserve_gib && !(std::isfinite(*f.reserve_gib) && *f.reserve_gib >= 0 &&
                         *f.reserve_gib < 1e9)) {
    return InvalidArgumentError("--reserve: must be a finite number of GiB >= 0");
  }
  if (f.load_in_8bit && f.finetune != "lora") {
    return InvalidArgumentError("--load-in-8bit: needs --finetune lora, got --finetune " +
                                f.finetune);
  }
  return OkStatus();
}

std::optional<int64_t> ReserveBytes(const TrainingFlags& f) {
  if (!f.reserve_gib) {
    return std::nullopt;
  }
  return static_cast<int64_t>(*f.reserve_gib * static_cast<double>(int64_t{1} << 30));
}

namespace {

std::vector<std::string> SplitCommas(const std::string& text) {
  std::vector<std::string> out;
  size_t start = 0;
  while (start <= text.size() && !text.empty()) {
    const size_t comma = text.find(',', start);
    std::string part = text.substr(start, comma == std::string::npos ? comma : comma - start);
    if (!part.empty()) {
      out.push_back(part);
    }
    if (comma == std::string::npos) {
      break;
    }
    start = comma + 1;
  }
  return out;
}

}  // namespace

TrainingMemoryOptions ToTrainingMemoryOptions(const TrainingFlags& f) {
  TrainingMemoryOptions o;
  o.micro_batch = f.batch;
  o.seq_len = f.seq_len;
  o.precision = ParsePrecision(f.precision);
  o.optimizer = ParseOptimizer(f.optimizer);
  o.recompute = f.recompute == "full"        ? Recompute::kFull
                : f.recompute == "selective" ? Recompute::kSelective
                                             : Recompute::kNone;
  o.flash = f.no_flash ? FlashAttention::kOff : FlashAttention::kOn;
  o.dropout = f.dropout ? Dropout::kOn : Dropout::kOff;
  o.dp = f.dp;
  o.zero = f.zero;
  o.tp = f.tp;
  o.sp = f.sp ? SequenceParallel::kOn : SequenceParallel::kOff;
  o.pp = f.pp;
  o.ep = f.ep;
  o.finetune = f.finetune == "qlora" ? FineTune::kQlora
               : f.finetune == "lora" ? FineTune::kLora
                                      : FineTune::kFull;
  o.framework = f.framework == "hf" ? Framework::kHf : Framework::kMegatron;
  o.lora.rank = f.lora_rank;
  o.lora.targets = SplitCommas(f.lora_targets);
  o.lora.modules_to_save = SplitCommas(f.modules_to_save);
  o.base_storage = f.load_in_8bit ? BaseStorage::kInt8 : BaseStorage::k16Bit;
  o.offload = f.offload == "optimizer" ? Offload::kOptimizer
              : f.offload == "params"  ? Offload::kParams
              : f.offload == "both"    ? Offload::kBoth
                                       : Offload::kNone;
  o.offload_device = f.offload_device == "nvme" ? OffloadDevice::kNvme : OffloadDevice::kCpu;
  return o;
}

Handler SetupMemory(CLI::App* sub) {
  auto f = std::make_shared<MemoryFlags>();
  sub->add_option("files", f->files, "Model configs (several: side by side); '-' reads stdin")
      ->required();
  AddTrainingFlags(sub, &f->training, DataParallelFlag::kAdd);
  sub->add_option("--gpu", f->gpu,
                  "Accelerator id or alias: adds a fit verdict ('llmcost hardware' lists them)");
  sub->add_option("--gpus", f->gpus,
                  "With --gpu: GPUs given, a multiple of --tp x --pp; sets --dp (default: "
                  "dp x tp x pp)");
  sub->add_option("--hardware-file", f->hardware_files,
                  "Extra accelerator table (JSON, same format as data/hardware.json); repeatable");
  AddOutputOptions(sub, &f->output);
  return [f](Streams& streams) { return RunMemory(*f, streams); };
}

}  // namespace llmcost::cli
