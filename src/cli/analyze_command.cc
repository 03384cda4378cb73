// `llmcost analyze` and the seed-compatible `detailed_cost_analysis`.
#include <memory>

#include "llmcost/analysis/model_analysis.h"
#include "llmcost/model_report.h"

#include "command.h"

namespace llmcost::cli {
namespace {

int RunAnalyze(const SharedFlags& f, Streams& streams) {
  Result<Workload> workload = ToWorkload(f);
  if (!workload.ok()) {
    return UsageFail(streams, workload.status().message());
  }
  Result<SequenceLengthChoice> sequence = ChooseSequenceLength(f, streams, &*workload);
  if (!sequence.ok()) {
    return Fail(streams, sequence.status());
  }
  Report head = EmptyModelReport(*sequence);
  Report charts;
  charts.charts = head.charts;
  const bool draws_charts = DrawsCharts(f.output);
  return RunModels(
      f, kTableFormats, std::move(head),
      [&](Architecture arch) -> Result<Entry> {
        LLMCOST_ASSIGN_OR_RETURN(ModelAnalysis m, AnalyzeModel(std::move(arch), *workload));
        if (draws_charts) {
          AddModelToCharts(m, &charts);
        }
        return ModelReportItem(m);
      },
      streams, &charts.charts);
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
