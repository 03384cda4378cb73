// The forward analysis of one or more model configs, as a Report.
//
// Decides what the `analyze` report shows of a ModelAnalysis (analysis/model_analysis.h):
// builders pick what, renderers pick how.
#ifndef LLMCOST_MODEL_REPORT_H_
#define LLMCOST_MODEL_REPORT_H_

#include <vector>

#include "llmcost/analysis/model_analysis.h"
#include "llmcost/architecture.h"
#include "llmcost/report.h"
#include "llmcost/status.h"

namespace llmcost {

// The report of `analyze`: one item per model, in the seed tool's layout
// (configs/models/README.md), keys as in docs/output-schema.md.
Report BuildModelReport(const std::vector<ModelAnalysis>& models);

// The same report built one model at a time (for thousands of configs): the title and
// header with no items, and one model's item to append to Report::items.
Report EmptyModelReport();
Entry ModelReportItem(const ModelAnalysis& model);

}  // namespace llmcost

#endif  // LLMCOST_MODEL_REPORT_H_
