// The core entry point: one model's Architecture + the Workload -> what a command asks for.
//
// Every command runs the same pipeline: load -> AnalyzeModel (defaults and bounds resolved
// once, parameters counted once) -> the command's analysis -> report -> renderer. Errors are
// prefixed with the model's source; errors about a workload field keep field() set, so the
// CLI can name the flag.
#ifndef LLMCOST_ANALYSIS_MODEL_ANALYSIS_H_
#define LLMCOST_ANALYSIS_MODEL_ANALYSIS_H_

#include <optional>

#include "llmcost/analysis/fit_verdict.h"
#include "llmcost/analysis/flops.h"
#include "llmcost/analysis/parameters.h"
#include "llmcost/analysis/serving_memory.h"
#include "llmcost/analysis/training_cost.h"
#include "llmcost/analysis/training_memory.h"
#include "llmcost/analysis/workload.h"
#include "llmcost/architecture.h"
#include "llmcost/hardware.h"
#include "llmcost/status.h"

namespace llmcost {

// The forward analysis: exact parameters and FLOPs per token.
struct ModelAnalysis {
  Architecture arch;
  ParameterCount params;
  FlopsEstimate flops;
};

// The sequence length the workload means for `arch`: seq_len, else the pre-training context.
// Errors: kInvalidArgument "seq_len: ..." when neither is known.
Result<int64_t> ResolveSeqLen(const Architecture& arch, const Workload& workload);

// Counts parameters and FLOPs of `arch` (taken by value: pass an rvalue to avoid a copy) at
// the workload's sequence length and attention convention.
// Errors: kInvalidArgument (field seq_len) for a length beyond a learned position table (a
// RoPE model beyond max_position_embeddings gets an assumption instead); those of
// CountParameters and EstimateFlops; all prefixed with arch.source.
Result<ModelAnalysis> AnalyzeModel(Architecture arch, const Workload& workload);

// The per-analysis options a workload implies (defaults resolved against `arch`).
FlopsOptions FlopsOptionsFor(const Workload& workload, int64_t seq_len);
TrainingMemoryOptions TrainingLayoutFor(const Workload& workload, int64_t seq_len);
ServingOptions ServingOptionsFor(const Workload& workload, int64_t seq_len);
TrainingCostOptions TrainingCostOptionsFor(const Workload& workload);
FitOptions FitOptionsFor(const Workload& workload, const Hardware& hardware);

// `memory`: per-GPU training memory.
// With `hardware` (may be null), also the fit verdict on workload.gpus (default dp x tp x pp)
// of it, with workload.reserve_bytes.
struct TrainingMemoryItem {
  Architecture arch;
  TrainingMemoryEstimate memory;
  std::optional<FitVerdict> fit;
};
Result<TrainingMemoryItem> AnalyzeTrainingMemory(Architecture arch, const Workload& workload,
                                                 const Hardware* hardware = nullptr);

// `serve`: weights + KV cache, and speeds when `hardware` is given (may be null).
struct ServingItem {
  Architecture arch;
  int64_t total_params = 0;
  ServingEstimate serving;
  ParameterCount params;  // for re-running the analyses at other contexts and batches (charts)
};
Result<ServingItem> AnalyzeServing(Architecture arch, const Workload& workload,
                                   const Hardware* hardware);

// `train`: FLOPs, time, money, energy; memory at the layout, and the smallest layout that
// fits when it does not.
struct TrainingCostItem {
  Architecture arch;
  int64_t total_params = 0;
  TrainingCostEstimate cost;
  TrainingMemoryEstimate memory;  // at the requested layout
  FitVerdict fit;                 // the requested layout on workload.gpus of the hardware
};
// REQUIRES: workload.gpus is set.
Result<TrainingCostItem> AnalyzeTrainingCost(Architecture arch, const Workload& workload,
                                             const Hardware& hardware);

}  // namespace llmcost

#endif  // LLMCOST_ANALYSIS_MODEL_ANALYSIS_H_
