// `llmcost serve`: serving memory (weights + KV cache) and decode/prefill speed.
#include <memory>

#include "llmcost/analysis/model_analysis.h"
#include "llmcost/cost_report.h"

#include "command.h"

namespace llmcost::cli {
namespace {

int RunServe(const SharedFlags& f, Streams& streams) {
  ModelRun run;
  if (int status = PrepareModelRun(f, streams, /*takes_hardware=*/true, &run); status != kExitOk) {
    return status;
  }
  const Workload& w = run.workload;
  const Hardware* hw = run.gpu();
  return RunModelCommand(
      f, ServingReportHead(ServingOptionsFor(w, w.seq_len.value_or(0)), hw, run.sequence),
      [&](Architecture&& arch) { return AnalyzeServing(std::move(arch), w, hw); },
      [&](const ServingItem& item, Report* charts) {
        AddServingToCharts(item, ServingOptionsFor(w, item.serving.context), hw, charts);
      },
      [&](const ServingItem& item) { return ServingReportItem(item, hw); }, streams,
      &run.preloaded);
}

}  // namespace

Handler SetupServe(CLI::App* sub) {
  auto f = std::make_shared<SharedFlags>();
  AddSharedFlags(sub, f.get(), kModelFlags | kHardwareFlags | kServingFlags | kOutputFlags);
  FreshFlagsOnEachParse(sub, f);
  return [f](Streams& streams) { return RunServe(*f, streams); };
}

}  // namespace llmcost::cli
