// `llmcost train`: training FLOPs, time, GPU-hours, price, energy and CO2, and whether the
// model fits the GPUs at the chosen layout (else the smallest layout that does).
#include <memory>

#include "llmcost/analysis/model_analysis.h"
#include "llmcost/cost_report.h"

#include "command.h"

namespace llmcost::cli {
namespace {

int RunTrain(const SharedFlags& f, Streams& streams) {
  if (f.gpu.empty() || !f.gpus) {
    return UsageFail(streams, "train needs --gpu NAME and --gpus N (see 'llmcost train --help')");
  }
  ModelRun run;
  if (int status = PrepareModelRun(f, streams, /*takes_hardware=*/true, &run); status != kExitOk) {
    return status;
  }
  const Workload& w = run.workload;
  const Hardware& hw = *run.gpu();
  return RunModelCommand(
      f,
      TrainingCostReportHead(TrainingLayoutFor(w, w.seq_len.value_or(0)), TrainingCostOptionsFor(w),
                             hw, run.sequence),
      [&](Architecture&& arch) { return AnalyzeTrainingCost(std::move(arch), w, hw); },
      [](const TrainingCostItem& item, Report* charts) { AddTrainingCostToCharts(item, charts); },
      [&](const TrainingCostItem& item) { return TrainingCostReportItem(item, hw); }, streams,
      &run.preloaded);
}

}  // namespace

Handler SetupTrain(CLI::App* sub) {
  auto f = std::make_shared<SharedFlags>();
  AddSharedFlags(sub, f.get(),
                 kModelFlags | kHardwareFlags | kTrainingFlags | kCostFlags | kOutputFlags);
  FreshFlagsOnEachParse(sub, f);
  return [f](Streams& streams) { return RunTrain(*f, streams); };
}

}  // namespace llmcost::cli
