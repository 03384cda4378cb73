// `llmcost analyze` and the seed-compatible `detailed_cost_analysis`.
#include <memory>

#include "llmcost/analysis/model_analysis.h"
#include "llmcost/model_report.h"

#include "command.h"

namespace llmcost::cli {
namespace {

int RunAnalyze(const SharedFlags& f, Streams& streams) {
  ModelRun run;
  if (int status = PrepareModelRun(f, streams, /*takes_hardware=*/false, &run); status != kExitOk) {
    return status;
  }
  return RunModelCommand(
      f, EmptyModelReport(run.sequence),
      [&](Architecture&& arch) { return AnalyzeModel(std::move(arch), run.workload); },
      [](const ModelAnalysis& m, Report* charts) { AddModelToCharts(m, charts); },
      [](const ModelAnalysis& m, Readers readers) { return ModelReportItem(m, readers); }, streams,
      &run.preloaded);
}

Handler Setup(CLI::App* sub) {
  auto f = std::make_shared<SharedFlags>();
  AddSharedFlags(sub, f.get(), kModelFlags | kOutputFlags);
  FreshFlagsOnEachParse(sub, f);
  return [f](Streams& streams) { return RunAnalyze(*f, streams); };
}

}  // namespace

Handler SetupAnalyze(CLI::App* sub) {
  return Setup(sub);
}

Handler SetupDetailedCostAnalysis(CLI::App* sub) {
  return Setup(sub);
}

}  // namespace llmcost::cli
