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
  const Workload& w = *workload;
  return RunModels(
      f, kTableFormats, TrainingMemoryReportHead(TrainingLayoutFor(w, w.seq_len.value_or(0))),
      [&](Architecture arch) -> Result<Entry> {
        LLMCOST_ASSIGN_OR_RETURN(TrainingMemoryItem item,
                                 AnalyzeTrainingMemory(std::move(arch), w));
        return TrainingMemoryReportItem(item);
      },
      streams);
}

}  // namespace

Handler SetupMemory(CLI::App* sub) {
  auto f = std::make_shared<SharedFlags>();
  AddSharedFlags(sub, f.get(), kModelFlags | kTrainingFlags | kOutputFlags);
  return [f](Streams& streams) { return RunMemory(*f, streams); };
}

}  // namespace llmcost::cli
