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
#include "llmcost/sequence_length.h"
#include "llmcost/status.h"

namespace llmcost {

// The report of `analyze`: one item per model, in the seed tool's layout
// (configs/models/README.md), keys as in docs/output-schema.md; its charts: parameters and
// forward FLOPs per token by component, a stacked bar per model. `sequence` says in the header
// how the sequence length was chosen.
Report BuildModelReport(const std::vector<ModelAnalysis>& models,
                        const SequenceLengthChoice& sequence = {});

// The same report built one model at a time (for thousands of configs): the title, header and
// empty charts with no items; one model's item to append to Report::items; and its bars to add
// to the charts. For Readers::kMachines the item has no labels, notes or text-only entries
// (report.h): its JSON and CSV are those of the full item.
Report EmptyModelReport(const SequenceLengthChoice& sequence = {});
Entry ModelReportItem(const ModelAnalysis& model, Readers readers = Readers::kPeople);
void AddModelToCharts(const ModelAnalysis& model, Report* report);

}  // namespace llmcost

#endif  // LLMCOST_MODEL_REPORT_H_
