// `llmcost memory`: per-GPU training memory of model configs, side by side.
#include <memory>

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
  TrainingFlags training;
  OutputOptions output;
};

int RunMemory(const MemoryFlags& f, Streams& streams) {
  TrainingMemoryOptions options = ToTrainingMemoryOptions(f.training);
  Result<std::vector<CountedModel>> models = LoadAllAndCount(f.files);
  if (!models.ok()) {
    return Fail(streams, models.status());
  }
  const SequenceLengthChoice sequence = ChooseSequenceLength(options.seq_len, Views(*models));
  if (sequence.source != SequenceLengthChoice::Source::kOwnContext) {
    options.seq_len = sequence.tokens;
  }
  std::vector<TrainingMemoryItem> items;
  for (size_t i = 0; i < models->size(); ++i) {
    CountedModel& model = (*models)[i];
    Result<TrainingMemoryEstimate> memory =
        EstimateTrainingMemory(model.arch, model.params, options);
    if (!memory.ok()) {
      return Fail(streams, WithContext(memory.status(), f.files[i]));
    }
    items.push_back({std::move(model.arch), std::move(memory).value()});
  }
  return EmitReport(BuildTrainingMemoryReport(items, options, sequence), f.output, streams);
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
}

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
  return o;
}

Handler SetupMemory(CLI::App* sub) {
  auto f = std::make_shared<MemoryFlags>();
  sub->add_option("files", f->files, "Model configs (several: side by side); '-' reads stdin")
      ->required();
  AddTrainingFlags(sub, &f->training, DataParallelFlag::kAdd);
  AddOutputOptions(sub, &f->output);
  return [f](Streams& streams) { return RunMemory(*f, streams); };
}

}  // namespace llmcost::cli
