// `llmcost memory`: per-GPU training memory of model configs, side by side.
#include <memory>

#include "llmcost/analysis/model_analysis.h"
#include "llmcost/cost_report.h"

#include "command.h"

namespace llmcost::cli {
namespace {

int RunMemory(const SharedFlags& f, Streams& streams) {
  Result<Workload> workload = ToWorkload(f);
  if (!workload.ok()) {
    return UsageFail(streams, workload.status().message());
  }
  Result<SequenceLengthChoice> sequence = ChooseSequenceLength(f, streams, &*workload);
  if (!sequence.ok()) {
    return Fail(streams, sequence.status());
  }
  const Workload& w = *workload;
  Result<std::optional<Hardware>> hardware = ResolveHardware(f);
  if (!hardware.ok()) {
    return Fail(streams, hardware.status());
  }
  const Hardware* hw = *hardware ? &**hardware : nullptr;
  Report head =
      TrainingMemoryReportHead(TrainingLayoutFor(w, w.seq_len.value_or(0)), *sequence, hw);
  Report charts;
  charts.charts = head.charts;
  const bool draws_charts = DrawsCharts(f.output);
  return RunModels(
      f, kTableFormats, std::move(head),
      [&](Architecture arch) -> Result<Entry> {
        LLMCOST_ASSIGN_OR_RETURN(TrainingMemoryItem item,
                                 AnalyzeTrainingMemory(std::move(arch), w, hw));
        if (draws_charts) {
          AddTrainingMemoryToCharts(item, &charts);
        }
        return TrainingMemoryReportItem(item, hw);
      },
      streams, &charts.charts);
}

}  // namespace

Handler SetupMemory(CLI::App* sub) {
  auto f = std::make_shared<SharedFlags>();
  AddSharedFlags(sub, f.get(), kModelFlags | kHardwareFlags | kTrainingFlags | kOutputFlags);
  FreshFlagsOnEachParse(sub, f);
  return [f](Streams& streams) { return RunMemory(*f, streams); };
}

}  // namespace llmcost::cli
