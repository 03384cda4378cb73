// `llmcost serve`: serving memory (weights + KV cache) and decode/prefill speed.
#include <memory>

#include "llmcost/analysis/model_analysis.h"
#include "llmcost/cost_report.h"

#include "command.h"

namespace llmcost::cli {
namespace {

int RunServe(const SharedFlags& f, Streams& streams) {
  Result<Workload> workload = ToWorkload(f);
  if (!workload.ok()) {
    return UsageFail(streams, workload.status().message());
  }
  const Workload& w = *workload;
  Result<std::optional<Hardware>> hardware = ResolveHardware(f);
  if (!hardware.ok()) {
    return Fail(streams, hardware.status());
  }
  const Hardware* hw = *hardware ? &**hardware : nullptr;
  return RunModels(
      f, kTableFormats, ServingReportHead(ServingOptionsFor(w, w.seq_len.value_or(0)), hw),
      [&](Architecture arch) -> Result<Entry> {
        LLMCOST_ASSIGN_OR_RETURN(ServingItem item, AnalyzeServing(std::move(arch), w, hw));
        return ServingReportItem(item, hw);
      },
      streams);
}

}  // namespace

Handler SetupServe(CLI::App* sub) {
  auto f = std::make_shared<SharedFlags>();
  AddSharedFlags(sub, f.get(), kModelFlags | kHardwareFlags | kServingFlags | kOutputFlags);
  return [f](Streams& streams) { return RunServe(*f, streams); };
}

}  // namespace llmcost::cli
