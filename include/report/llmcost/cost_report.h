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

namespace llmcost {

// The head (title, header; no items) and one model's item of each report, for writing a
// report item by item (ReportWriter); the Build* functions are the whole report at once.
Report TrainingMemoryReportHead(const TrainingMemoryOptions& options);
Entry TrainingMemoryReportItem(const TrainingMemoryItem& item);
Report ServingReportHead(const ServingOptions& options, const Hardware* hardware);
Entry ServingReportItem(const ServingItem& item, const Hardware* hardware);
Report TrainingCostReportHead(const TrainingMemoryOptions& layout,
                              const TrainingCostOptions& options, const Hardware& hardware);
Entry TrainingCostReportItem(const TrainingCostItem& item, const Hardware& hardware);

// `llmcost memory`: one item per model; the header states the workload and parallelism.
Report BuildTrainingMemoryReport(const std::vector<TrainingMemoryItem>& items,
                                 const TrainingMemoryOptions& options);

// `llmcost serve`: one item per model; `hardware` may be null.
Report BuildServingReport(const std::vector<ServingItem>& items, const ServingOptions& options,
                          const Hardware* hardware);

// `llmcost train`: one item per model.
Report BuildTrainingCostReport(const std::vector<TrainingCostItem>& items,
                               const TrainingMemoryOptions& layout,
                               const TrainingCostOptions& options, const Hardware& hardware);

// `llmcost hardware`: one item per accelerator, in table order.
Report BuildHardwareReport(const std::vector<Hardware>& table);

}  // namespace llmcost

#endif  // LLMCOST_COST_REPORT_H_
