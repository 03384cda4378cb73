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
  const Hardware& hw = **hardware;
  Report head = TrainingCostReportHead(TrainingLayoutFor(w, w.seq_len.value_or(0)),
                                       TrainingCostOptionsFor(w), hw, *sequence);
  Report charts;
  charts.charts = head.charts;
  const bool draws_charts = DrawsCharts(f.output);
  return RunModels(
      f, kTableFormats, std::move(head),
      [&](Architecture arch) -> Result<Entry> {
        LLMCOST_ASSIGN_OR_RETURN(TrainingCostItem item,
                                 AnalyzeTrainingCost(std::move(arch), w, hw));
        if (draws_charts) {
          AddTrainingCostToCharts(item, &charts);
        }
        return TrainingCostReportItem(item, hw);
      },
      streams, &charts.charts);
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
