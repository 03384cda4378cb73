// Reports of the memory and cost commands: `memory`, `serve`, `train` and `hardware`.
//
// Glue between the memory/cost analyses and presentation (BuildReport picks what; renderers
// pick how). Keys are documented in docs/output-schema.md; bytes are exact integers.
#ifndef LLMCOST_COST_REPORT_H_
#define LLMCOST_COST_REPORT_H_

#include <optional>
#include <vector>

#include "llmcost/analysis/serving_memory.h"
#include "llmcost/analysis/training_cost.h"
#include "llmcost/analysis/training_memory.h"
#include "llmcost/architecture.h"
#include "llmcost/hardware.h"
#include "llmcost/report.h"

namespace llmcost {

struct TrainingMemoryItem {
  Architecture arch;
  TrainingMemoryEstimate memory;
};

// `llmcost memory`: one item per model; the header states the workload and parallelism.
Report BuildTrainingMemoryReport(const std::vector<TrainingMemoryItem>& items,
                                 const TrainingMemoryOptions& options);

struct ServingItem {
  Architecture arch;
  int64_t total_params = 0;
  ServingEstimate serving;
};

// `llmcost serve`: one item per model; `hardware` may be null.
Report BuildServingReport(const std::vector<ServingItem>& items, const ServingOptions& options,
                          const Hardware* hardware);

struct TrainingCostItem {
  Architecture arch;
  int64_t total_params = 0;
  TrainingCostEstimate cost;
  TrainingMemoryEstimate memory;  // at the requested layout
  // The smallest layout that fits when the requested one does not (nullopt: none fits, or
  // the requested one fits).
  std::optional<TrainingMemoryOptions> fitting_layout;
  std::optional<TrainingMemoryEstimate> fitting_memory;
};

// `llmcost train`: one item per model.
Report BuildTrainingCostReport(const std::vector<TrainingCostItem>& items,
                               const TrainingMemoryOptions& layout,
                               const TrainingCostOptions& options, const Hardware& hardware);

// `llmcost hardware`: one item per accelerator, in table order.
Report BuildHardwareReport(const std::vector<Hardware>& table);

}  // namespace llmcost

#endif  // LLMCOST_COST_REPORT_H_
