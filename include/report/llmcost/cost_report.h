// Reports of the memory and cost commands: `memory`, `serve`, `train` and `hardware`.
//
// Glue between the memory/cost analyses and presentation (BuildReport picks what; renderers
// pick how). Keys are documented in docs/output-schema.md; bytes are exact integers.
#ifndef LLMCOST_COST_REPORT_H_
#define LLMCOST_COST_REPORT_H_

#include <optional>
#include <vector>

#include "llmcost/analysis/model_analysis.h"
#include "llmcost/analysis/serving_memory.h"
#include "llmcost/analysis/training_cost.h"
#include "llmcost/analysis/training_memory.h"
#include "llmcost/architecture.h"
#include "llmcost/hardware.h"
#include "llmcost/report.h"
#include "llmcost/sequence_length.h"

namespace llmcost {

// The head (title, header and charts with no data; no items), one model's item, and its data
// added to the head's charts, of each report: for writing a report item by item
// (ReportWriter); the Build* functions are the whole report at once. `sequence` says in the
// header how the sequence length was chosen.
//
// memory: the header states the workload and parallelism; the chart stacks the parts of each
// model's peak against the accelerator's memory when `hardware` is not null (then each item
// also says whether it fits).
Report TrainingMemoryReportHead(const TrainingMemoryOptions& options,
                                const SequenceLengthChoice& sequence = {},
                                const Hardware* hardware = nullptr);
Entry TrainingMemoryReportItem(const TrainingMemoryItem& item, const Hardware* hardware = nullptr);
void AddTrainingMemoryToCharts(const TrainingMemoryItem& item, Report* head);
Report BuildTrainingMemoryReport(const std::vector<TrainingMemoryItem>& items,
                                 const TrainingMemoryOptions& options,
                                 const SequenceLengthChoice& sequence = {},
                                 const Hardware* hardware = nullptr);

// serve: `hardware` may be null. Charts (computed here with EstimateFlops and EstimateServing
// from item.params): weights + KV cache against the context, with the accelerator's memory;
// with `hardware`, decode throughput against the batch up to the largest batch that fits.
// Points the analyses refuse are left out of the curves.
Report ServingReportHead(const ServingOptions& options, const Hardware* hardware,
                         const SequenceLengthChoice& sequence = {});
Entry ServingReportItem(const ServingItem& item, const Hardware* hardware);
void AddServingToCharts(const ServingItem& item, const ServingOptions& options,
                        const Hardware* hardware, Report* head);
Report BuildServingReport(const std::vector<ServingItem>& items, const ServingOptions& options,
                          const Hardware* hardware, const SequenceLengthChoice& sequence = {});

// train: the chart is the memory per GPU as `memory` draws it, against the accelerator.
Report TrainingCostReportHead(const TrainingMemoryOptions& layout,
                              const TrainingCostOptions& options, const Hardware& hardware,
                              const SequenceLengthChoice& sequence = {});
Entry TrainingCostReportItem(const TrainingCostItem& item, const Hardware& hardware);
void AddTrainingCostToCharts(const TrainingCostItem& item, Report* head);
Report BuildTrainingCostReport(const std::vector<TrainingCostItem>& items,
                               const TrainingMemoryOptions& layout,
                               const TrainingCostOptions& options, const Hardware& hardware,
                               const SequenceLengthChoice& sequence = {});

// `llmcost hardware`: one item per accelerator, in table order. Charts: dense peak compute
// (BF16, and FP8 stacked on it) and memory per accelerator.
Report BuildHardwareReport(const std::vector<Hardware>& table);

}  // namespace llmcost

#endif  // LLMCOST_COST_REPORT_H_
