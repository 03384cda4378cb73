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
#include "llmcost/sequence_length.h"

namespace llmcost {

struct TrainingMemoryItem {
  Architecture arch;
  TrainingMemoryEstimate memory;
};

// `llmcost memory`: one item per model; the header states the workload, how the sequence length
// was chosen and the parallelism. Chart: the parts of each model's peak, stacked, against the
// accelerator's memory when `hardware` is not null (then each item also says whether it fits).
Report BuildTrainingMemoryReport(const std::vector<TrainingMemoryItem>& items,
                                 const TrainingMemoryOptions& options,
                                 const SequenceLengthChoice& sequence = {},
                                 const Hardware* hardware = nullptr);

struct ServingItem {
  Architecture arch;
  int64_t total_params = 0;
  ServingEstimate serving;
  ParameterCount params;  // CountParameters(arch): the charts re-run the analyses
};

// `llmcost serve`: one item per model; `hardware` may be null. Charts (computed here with
// EstimateFlops and EstimateServing): weights + KV cache against the context, with the
// accelerator's memory; with `hardware`, decode throughput against the batch up to the largest
// batch that fits. Points the analyses refuse are left out of the curves.
Report BuildServingReport(const std::vector<ServingItem>& items, const ServingOptions& options,
                          const Hardware* hardware, const SequenceLengthChoice& sequence = {});

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

// `llmcost train`: one item per model. Chart: the memory per GPU as `memory` draws it.
Report BuildTrainingCostReport(const std::vector<TrainingCostItem>& items,
                               const TrainingMemoryOptions& layout,
                               const TrainingCostOptions& options, const Hardware& hardware,
                               const SequenceLengthChoice& sequence = {});

// `llmcost hardware`: one item per accelerator, in table order. Charts: dense peak compute
// (BF16, and FP8 stacked on it) and memory per accelerator.
Report BuildHardwareReport(const std::vector<Hardware>& table);

}  // namespace llmcost

#endif  // LLMCOST_COST_REPORT_H_
