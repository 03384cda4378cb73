// `llmcost design`: search concrete shapes for a compute budget and write the best config.
#include <algorithm>
#include <chrono>
#include <cstdio>
#include <memory>
#include <sstream>

#include <fmt/format.h>

#include "llmcost/analysis/design_search.h"
#include "llmcost/atomic_file.h"
#include "llmcost/config_writer.h"
#include "llmcost/hardware.h"
#include "llmcost/scaling_report.h"

#include "command.h"

namespace llmcost::cli {
namespace {

constexpr const char* kDesignDescription =
    "Design search: enumerate practical shapes of a family (head dim 128, 64 below d = 2048; "
    "heads a multiple of 8; 8 GQA KV heads; d a multiple of 128; FFN rounded as LLaMA rounds "
    "it; vocabulary padded to a multiple of 128; d/L in [64, 160]; MoE: expansion E and "
    "granularity G), read each as a config through the loader, take its exact parameters and "
    "training FLOPs per token F from the forward analysis, rank by the law's loss on the N and D "
    "it was fitted with (C = 6ND), report ties within --tie-tolerance as ties broken by "
    "tensor/pipeline divisibility and alignment, keep those that fit the GPUs' memory, and write "
    "the best as a HuggingFace config (--write-config).\n"
    "Default law: epoch (Besiroglu et al. 2024) for dense families, krajewski (Krajewski et al. "
    "2024, fine-grained MoE) for --family moe / mixtral.\n"
    "Memory check (with --gpu): ZeRO-3 over all GPUs, full recomputation, one sequence per GPU, "
    "expert parallelism for MoE. Time limit (--days): C / (GPUs x peak BF16 x 40% MFU).";

struct DesignFlags {
  std::string compute;
  std::string vocab;
  std::string seq_len;
  std::string family = "llama";
  std::string law;  // "": epoch for dense families, krajewski for MoE
  std::string days;
  std::string top = "5";
  std::string write_config;
  std::string head_dim;
  std::string kv_heads;
  std::string heads_multiple;
  std::string ffn_multiple_of;
  std::string ffn_dim_multiplier;
  std::string min_aspect;
  std::string max_aspect;
  std::string tie_tolerance;
  bool stats = false;
  SharedFlags shared;  // --gpu, --gpus, --hardware-file and the output flags
};

// Overrides of DesignPriors given on the command line (empty: the prior's default).
Status ApplyPriorFlags(const DesignFlags& f, DesignPriors* p) {
  const std::pair<const std::string*, std::pair<const char*, int64_t*>> integers[] = {
      {&f.head_dim, {"--head-dim", &p->head_dim}},
      {&f.kv_heads, {"--kv-heads", &p->kv_heads}},
      {&f.heads_multiple, {"--heads-multiple", &p->heads_multiple}},
      {&f.ffn_multiple_of, {"--ffn-multiple-of", &p->ffn_multiple_of}},
  };
  for (const auto& [text, target] : integers) {
    if (!text->empty()) {
      LLMCOST_ASSIGN_OR_RETURN(*target.second, ParsePositiveIntegerFlag(target.first, *text));
    }
  }
  const std::pair<const std::string*, std::pair<const char*, double*>> numbers[] = {
      {&f.ffn_dim_multiplier, {"--ffn-dim-multiplier", &p->ffn_dim_multiplier}},
      {&f.min_aspect, {"--min-aspect", &p->min_aspect}},
      {&f.max_aspect, {"--max-aspect", &p->max_aspect}},
      {&f.tie_tolerance, {"--tie-tolerance", &p->tie_tolerance}},
  };
  for (const auto& [text, target] : numbers) {
    if (!text->empty()) {
      LLMCOST_ASSIGN_OR_RETURN(*target.second, ParsePositiveFlag(target.first, *text));
    }
  }
  return OkStatus();
}

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
  // The families the config writer knows, and "moe" for mixtral.
  std::string known;
  for (const std::string& name : WritableFamilies()) {
    known += name + ", ";
  }
  const std::vector<std::string> writable = WritableFamilies();
  if (f.family != "moe" &&
      std::find(writable.begin(), writable.end(), f.family) == writable.end()) {
    return UsageFail(streams,
                     fmt::format("--family: unknown family \"{}\"; known: {}moe", f.family, known));
  }
  o.family = f.family;
  if (Status status = ApplyPriorFlags(f, &o.priors); !status.ok()) {
    return UsageFail(streams, status.message());
  }
  const bool moe_family = f.family == "moe" || f.family == "mixtral";
  const std::string law_id = !f.law.empty() ? f.law : moe_family ? "krajewski" : "epoch";
  if (Result<const FineGrainedMoeLaw*> moe_law = FindMoeScalingLaw(law_id); moe_law.ok()) {
    o.law.moe = *moe_law;
  } else {
    Result<const ScalingLaw*> law = FindScalingLaw(law_id);
    if (!law.ok()) {
      return UsageFail(streams, "--law: " + law.status().message() + " (MoE: krajewski)");
    }
    o.law.dense = *law;
  }
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
    ConfigShape best = result->best.front().config;
    best.name = fmt::format("llmcost design: {} for {:.4g} FLOPs", best.family, o.compute_flops);
    Result<std::string> text = WriteConfigJson(best);
    if (!text.ok()) {
      return Fail(streams, text.status());
    }
    status = WriteFileAtomically(f.write_config, *text,
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
  sub->add_option("--family", f->family, "llama (default), gpt2, mixtral or moe (= mixtral)");
  sub->add_option("--law", f->law,
                  "Scaling law that ranks the shapes (default: epoch; krajewski for MoE)");
  sub->add_option("--days", f->days, "Time limit in days (with --gpu)");
  sub->add_option("--top", f->top, "Candidates to print, 1-100 (default 5)");
  sub->add_option("--write-config,--out", f->write_config,
                  "Write the best design as config.json to FILE (atomically; --force overwrites; "
                  "only once the report has succeeded)");
  sub->add_option("--head-dim", f->head_dim, "Head dim for d >= 2048 (default 128)");
  sub->add_option("--kv-heads", f->kv_heads, "GQA KV heads, a power of two (default 8)");
  sub->add_option("--heads-multiple", f->heads_multiple, "Heads a multiple of (default 8)");
  sub->add_option("--ffn-multiple-of", f->ffn_multiple_of, "LLaMA multiple_of (default 256)");
  sub->add_option("--ffn-dim-multiplier", f->ffn_dim_multiplier,
                  "LLaMA ffn_dim_multiplier (default 1; Llama 3 uses 1.3)");
  sub->add_option("--min-aspect", f->min_aspect, "Smallest d/L (default 64)");
  sub->add_option("--max-aspect", f->max_aspect, "Largest d/L (default 160)");
  sub->add_option("--tie-tolerance", f->tie_tolerance,
                  "Losses within this many nats of the best tie (default 0.001)");
  sub->add_flag("--stats", f->stats,
                "Add candidates_evaluated, seconds and candidates_per_second (not byte-stable)");
  AddSharedFlags(sub, &f->shared, kHardwareFlags | kOutputFlags);
  FreshFlagsOnEachParse(sub, f);
  return [f](Streams& streams) { return RunDesign(*f, streams); };
}

}  // namespace llmcost::cli
