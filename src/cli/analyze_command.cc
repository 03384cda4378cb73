// `llmcost analyze` and the seed-compatible `detailed_cost_analysis`.
#include <memory>

#include "llmcost/config.h"
#include "llmcost/model_report.h"

#include "command.h"

namespace llmcost::cli {
namespace {

struct AnalyzeOptions {
  std::vector<std::string> files;
  std::vector<std::string> model_configs;
  int64_t seq_len = 0;
  std::string attention = "causal";
  std::string family;
  OutputOptions output;
};

void AddAnalysisOptions(CLI::App* sub, AnalyzeOptions* o) {
  sub->add_option("--seq-len", o->seq_len,
                  "Sequence length s for attention FLOPs (default: the config's pre-training "
                  "context)")
      ->check(CLI::Range(int64_t{1}, int64_t{1} << 40));
  sub->add_option("--attention", o->attention,
                  "causal: a query sees (s+1)/2 keys on average (default); full: all s keys "
                  "(Kaplan/Chinchilla/PaLM)")
      ->check(CLI::IsMember({"causal", "full"}));
  std::vector<std::string> families = SupportedFamilies();
  sub->add_option("--family", o->family,
                  "Read every config with this family's field map, ignoring model_type")
      ->check(CLI::IsMember(families));
  AddOutputOptions(sub, &o->output);
}

int RunAnalyze(const AnalyzeOptions& o, Streams& streams) {
  std::vector<std::string> files = o.model_configs;
  files.insert(files.end(), o.files.begin(), o.files.end());
  if (files.empty()) {
    return UsageFail(streams, "no config given; pass FILE or --model_config FILE");
  }
  LoadOptions load;
  load.family = o.family;
  std::vector<Architecture> archs;
  archs.reserve(files.size());
  for (const std::string& file : files) {
    Result<Architecture> arch = LoadArchitecture(file, load);
    if (!arch.ok()) {
      return Fail(streams, arch.status());
    }
    archs.push_back(std::move(arch).value());
  }
  // Several models compare at one sequence length (sequence_length.h).
  std::vector<const Architecture*> views;
  for (const Architecture& a : archs) {
    views.push_back(&a);
  }
  const SequenceLengthChoice sequence = ChooseSequenceLength(o.seq_len, views);
  FlopsOptions flops;
  flops.seq_len = sequence.source == SequenceLengthChoice::Source::kOwnContext ? 0 : sequence.tokens;
  flops.attention =
      o.attention == "full" ? AttentionConvention::kFull : AttentionConvention::kCausal;
  Report report = EmptyModelReport(sequence);
  report.items.reserve(files.size());
  for (Architecture& arch : archs) {
    Result<ModelAnalysis> analysis = AnalyzeModel(std::move(arch), flops);
    if (!analysis.ok()) {
      return Fail(streams, analysis.status());
    }
    report.items.push_back(ModelReportItem(*analysis));
    AddModelToCharts(*analysis, &report);
  }
  return EmitReport(report, o.output, streams);
}

}  // namespace

Handler SetupAnalyze(CLI::App* sub) {
  auto o = std::make_shared<AnalyzeOptions>();
  sub->add_option("files", o->files, "Model configs: config.json, .jsonc; '-' reads stdin");
  sub->add_option("--model_config,--model-config", o->model_configs,
                  "A model config (repeatable; the original tool's flag)");
  AddAnalysisOptions(sub, o.get());
  return [o](Streams& streams) { return RunAnalyze(*o, streams); };
}

Handler SetupDetailedCostAnalysis(CLI::App* sub) {
  auto o = std::make_shared<AnalyzeOptions>();
  sub->add_option("--model_config,--model-config", o->model_configs,
                  "A model config; repeat to compare several")
      ->required();
  AddAnalysisOptions(sub, o.get());
  return [o](Streams& streams) { return RunAnalyze(*o, streams); };
}

}  // namespace llmcost::cli
