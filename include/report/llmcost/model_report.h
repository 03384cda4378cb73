// The forward analysis of one or more model configs, as a Report.
//
// Glue between analyses and presentation: runs CountParameters and EstimateFlops, then
// decides what the `analyze` report shows (BuildReport picks what; renderers pick how).
#ifndef LLMCOST_MODEL_REPORT_H_
#define LLMCOST_MODEL_REPORT_H_

#include <vector>

#include "llmcost/analysis/flops.h"
#include "llmcost/analysis/parameters.h"
#include "llmcost/architecture.h"
#include "llmcost/report.h"
#include "llmcost/status.h"

namespace llmcost {

struct ModelAnalysis {
  Architecture arch;
  ParameterCount params;
  FlopsEstimate flops;
};

// Counts parameters and FLOPs of `arch` (taken by value: pass an rvalue to avoid a copy).
// Errors: kInvalidArgument for a --seq-len beyond a learned position table; those of
// CountParameters and EstimateFlops; all prefixed with arch.source.
Result<ModelAnalysis> AnalyzeModel(Architecture arch, const FlopsOptions& options);

// The report of `analyze`: one item per model, in the seed tool's layout
// (configs/models/README.md), keys as in docs/output-schema.md.
Report BuildModelReport(const std::vector<ModelAnalysis>& models);

// The same report built one model at a time (for thousands of configs): the title and
// header with no items, and one model's item to append to Report::items.
Report EmptyModelReport();
Entry ModelReportItem(const ModelAnalysis& model);

}  // namespace llmcost

#endif  // LLMCOST_MODEL_REPORT_H_
