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
#include "llmcost/sequence_length.h"
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
// (configs/models/README.md), keys as in docs/output-schema.md; its charts: parameters and
// forward FLOPs per token by component, a stacked bar per model. `sequence` says in the header
// how the sequence length was chosen.
Report BuildModelReport(const std::vector<ModelAnalysis>& models,
                        const SequenceLengthChoice& sequence = {});

// The same report built one model at a time (for thousands of configs): the title, header and
// empty charts with no items; one model's item to append to Report::items; and its bars to add
// to the charts.
Report EmptyModelReport(const SequenceLengthChoice& sequence = {});
Entry ModelReportItem(const ModelAnalysis& model);
void AddModelToCharts(const ModelAnalysis& model, Report* report);

}  // namespace llmcost

#endif  // LLMCOST_MODEL_REPORT_H_
