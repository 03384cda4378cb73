// `llmcost memory`: per-GPU training memory of model configs, side by side.
#include <memory>

#include "llmcost/analysis/model_analysis.h"
#include "llmcost/cost_report.h"

#include "command.h"

namespace llmcost::cli {
namespace {

int RunMemory(const SharedFlags& f, Streams& streams) {
  ModelRun run;
  if (int status = PrepareModelRun(f, streams, /*takes_hardware=*/true, &run); status != kExitOk) {
    return status;
  }
  const Workload& w = run.workload;
  const Hardware* hw = run.gpu();
  return RunModelCommand(
      f, TrainingMemoryReportHead(TrainingLayoutFor(w, w.seq_len.value_or(0)), run.sequence, hw),
      [&](Architecture&& arch) { return AnalyzeTrainingMemory(std::move(arch), w, hw); },
      [](const TrainingMemoryItem& item, Report* charts) {
        AddTrainingMemoryToCharts(item, charts);
      },
      [&](const TrainingMemoryItem& item) { return TrainingMemoryReportItem(item, hw); }, streams,
      &run.preloaded);
}

}  // namespace

Handler SetupMemory(CLI::App* sub) {
  auto f = std::make_shared<SharedFlags>();
  AddSharedFlags(sub, f.get(), kModelFlags | kHardwareFlags | kTrainingFlags | kOutputFlags);
  FreshFlagsOnEachParse(sub, f);
  return [f](Streams& streams) { return RunMemory(*f, streams); };
}

}  // namespace llmcost::cli
