// `llmcost design`: search concrete shapes for a compute budget and write the best config.
#include <chrono>
#include <cstdio>
#include <memory>
#include <sstream>

#include <fmt/format.h>

#include "llmcost/analysis/design_search.h"
#include "llmcost/atomic_file.h"
#include "llmcost/hardware.h"
#include "llmcost/scaling_report.h"

#include "command.h"

namespace llmcost::cli {
namespace {

constexpr const char* kDesignDescription =
    "Design search: enumerate concrete shapes of a family (width a multiple of 128, head dim "
    "64 or 128, depth with d/L in [20, 200], gated MLP 8d/3 rounded to 256, GQA kv heads, MoE "
    "experts and top_k), give each its exact training FLOPs per token F (as `llmcost analyze` "
    "counts them), the tokens D = C / F the budget buys and the loss the law predicts; keep "
    "those that fit the GPUs' memory and the time limit; print the best --top and write the "
    "best as a HuggingFace-style config (--write-config).\n"
    "Default law: epoch (Besiroglu et al. 2024), whose optimum is ~20 tokens/param; chinchilla's "
    "rounded constants favour ~93 tokens/param (see `llmcost scale --help`).\n"
    "Memory check (with --gpu): ZeRO-3 mixed-precision AdamW, 16 bytes/param over all GPUs, plus "
    "one sequence's activations with full recomputation and the logits. Time limit (--days): "
    "C / (GPUs x peak BF16 x 40% MFU).";

struct DesignFlags {
  std::string compute;
  std::string vocab;
  std::string seq_len;
  std::string family = "llama";
  std::string law = "epoch";
  std::string days;
  std::string top = "5";
  std::string write_config;
  bool stats = false;
  SharedFlags shared;  // --gpu, --gpus, --hardware-file and the output flags
};

int RunDesign(const DesignFlags& f, Streams& streams) {
  const std::string& gpu_name = f.shared.gpu;
  if ((f.shared.gpus.has_value() || !f.days.empty()) && gpu_name.empty()) {
    return UsageFail(streams, "--gpus and --days need --gpu NAME");
  }
  Result<OutputFormat> format = ResolveFormat(f.shared.output, kTableFormats);
  if (!format.ok()) {
    return UsageFail(streams, format.status().message());
  }
  if (f.shared.output.output && *f.shared.output.output == f.write_config) {
    return UsageFail(streams, "--write-config and --output name the same file");
  }
  DesignSearchOptions o;
  Result<double> compute = ParsePositiveFlag("--compute", f.compute);
  if (!compute.ok()) {
    return UsageFail(streams, compute.status().message());
  }
  o.compute_flops = *compute;
  Result<int64_t> vocab = ParsePositiveIntegerFlag("--vocab", f.vocab);
  Result<int64_t> seq_len = ParsePositiveIntegerFlag("--seq-len", f.seq_len);
  Result<int64_t> top = ParsePositiveIntegerFlag("--top", f.top);
  for (const Result<int64_t>* r : {&vocab, &seq_len, &top}) {
    if (!r->ok()) {
      return UsageFail(streams, r->status().message());
    }
  }
  o.vocab_size = *vocab;
  o.seq_len = *seq_len;
  o.top = static_cast<int>(std::min<int64_t>(*top, 1000));
  Result<DesignFamily> family = ParseDesignFamily(f.family);
  if (!family.ok()) {
    return UsageFail(streams, family.status().message());
  }
  o.family = *family;
  Result<const ScalingLaw*> law = FindScalingLaw(f.law);
  if (!law.ok()) {
    return UsageFail(streams, "--law: " + law.status().message());
  }
  o.law = *law;
  DesignContext context;
  if (!gpu_name.empty()) {
    o.hardware.gpus = 1;
    if (f.shared.gpus.has_value()) {
      Result<int64_t> gpus = ParsePositiveIntegerFlag("--gpus", *f.shared.gpus);
      if (!gpus.ok()) {
        return UsageFail(streams, gpus.status().message());
      }
      o.hardware.gpus = *gpus;
    }
    if (!f.days.empty()) {
      Result<double> days = ParsePositiveFlag("--days", f.days);
      if (!days.ok()) {
        return UsageFail(streams, days.status().message());
      }
      o.hardware.max_days = *days;
    }
    Result<std::optional<Hardware>> hw = ResolveHardware(f.shared);
    if (!hw.ok()) {
      return Fail(streams, hw.status());
    }
    o.hardware.memory_bytes_per_gpu = (*hw)->memory_bytes;
    o.hardware.peak_flops_per_s = (*hw)->peak_bf16_flops_per_s;
    context.hardware_name = (*hw)->name;
  }

  const auto start = std::chrono::steady_clock::now();
  Result<DesignSearchResult> result = SearchDesigns(o);
  const std::chrono::duration<double> elapsed = std::chrono::steady_clock::now() - start;
  if (!result.ok()) {
    return Fail(streams, result.status());
  }
  if (f.stats) {
    context.stats = DesignStats{result->candidates_evaluated, elapsed.count()};
  }
  // One transaction: the report is rendered first, then the config is written, then the report
  // goes out; a failure at any step leaves no config behind.
  context.written_path = f.write_config;
  const Report report = BuildDesignReport(o, *result, context);
  std::ostringstream rendered;
  Status status = Render(report, *format, rendered);
  if (!status.ok()) {
    return Fail(streams, status);
  }
  if (!f.write_config.empty()) {
    const DesignCandidate& best = result->best.front();
    const std::string name = fmt::format("llmcost design: {} for {:.4g} FLOPs ({})",
                                         DesignFamilyName(o.family), o.compute_flops, o.law->id);
    status = WriteFileAtomically(f.write_config, DesignConfigJson(best.shape, name),
                                 f.shared.output.force ? Overwrite::kAllow : Overwrite::kRefuse);
    if (!status.ok()) {
      return Fail(streams, status);
    }
  }
  const int exit_status = EmitReport(report, f.shared.output, kTableFormats, streams);
  if (exit_status != kExitOk && !f.write_config.empty()) {
    std::remove(f.write_config.c_str());
  }
  return exit_status;
}

}  // namespace

Handler SetupDesign(CLI::App* sub) {
  auto f = std::make_shared<DesignFlags>();
  sub->description(kDesignDescription);
  sub->add_option("--compute", f->compute, "Compute budget C in FLOPs, e.g. 1.36e21")->required();
  sub->add_option("--vocab", f->vocab, "Vocabulary size V, e.g. 32000")->required();
  sub->add_option("--seq-len,--seq_len", f->seq_len, "Training sequence length s, e.g. 2048")
      ->required();
  sub->add_option("--family", f->family, "llama (default), gpt2 or moe");
  sub->add_option("--law", f->law, "Scaling law that ranks the shapes (default: epoch)");
  sub->add_option("--days", f->days, "Time limit in days (with --gpu)");
  sub->add_option("--top", f->top, "Candidates to print, 1-100 (default 5)");
  sub->add_option("--write-config,--out", f->write_config,
                  "Write the best design as config.json to FILE (atomically; --force overwrites; "
                  "only once the report has succeeded)");
  sub->add_flag("--stats", f->stats,
                "Add candidates_evaluated, seconds and candidates_per_second (not byte-stable)");
  AddSharedFlags(sub, &f->shared, kHardwareFlags | kOutputFlags);
  return [f](Streams& streams) { return RunDesign(*f, streams); };
}

}  // namespace llmcost::cli
