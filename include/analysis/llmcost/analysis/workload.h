// Workload: the per-run choices every command shares, in one value.
//
// The CLI maps flags to a Workload; the core (model_analysis.h) owns its defaults and bounds.
// Field names here are the names errors use ("seq_len: must be >= 1, got 0"); a front end
// maps them to its own spelling (the CLI's flag table, src/cli/flag_names.cc).
#ifndef LLMCOST_ANALYSIS_WORKLOAD_H_
#define LLMCOST_ANALYSIS_WORKLOAD_H_

#include <cstdint>
#include <optional>

#include "llmcost/analysis/flops.h"
#include "llmcost/analysis/training_cost.h"
#include "llmcost/analysis/training_memory.h"
#include "llmcost/dtype.h"
#include "llmcost/status.h"

namespace llmcost {

// The largest sequence length, batch, degree or GPU count a workload may name: far beyond any
// real run, small enough that products of a few of them stay exact in 64 bits.
inline constexpr int64_t kMaxWorkloadInteger = int64_t{1} << 40;

struct Workload {
  // ---- Sequences ----
  // seq_len: tokens per sequence s. Default: the config's pre-training context
  // (rope_scaling.original_max_position_embeddings when a context extension is configured,
  // else max_position_embeddings).
  std::optional<int64_t> seq_len;
  int64_t batch = 1;  // sequences per micro-batch (training) or concurrent sequences (serving)
  AttentionConvention attention = AttentionConvention::kCausal;

  // ---- Training ----
  TrainingPrecision precision = TrainingPrecision::kBf16Mixed;
  OptimizerKind optimizer = OptimizerKind::kAdamW;
  Recompute recompute = Recompute::kNone;
  FlashAttention flash = FlashAttention::kOn;
  Dropout dropout = Dropout::kOff;

  // ---- Parallelism ----
  // dp: the data-parallel degree. When `gpus` is given, dp = gpus / (tp x pp) instead.
  int64_t dp = 1;
  int zero = 0;  // ZeRO stage 0-3
  int64_t tp = 1;
  SequenceParallel sp = SequenceParallel::kOff;
  int64_t pp = 1;
  int64_t ep = 1;
  std::optional<int64_t> gpus;  // accelerators of the run

  // ---- Serving ----
  DType weights = DType::kBf16;
  DType kv_cache = DType::kBf16;

  // ---- Cost ----
  std::optional<double> tokens;  // training tokens D. Default: 20 per parameter
  double mfu = kDefaultMfu;
  std::optional<double> price_usd_per_gpu_hour;  // Default: the hardware table's, if any
  double pue = 1.0;
  std::optional<double> grid_gco2_per_kwh;
};

// Checks the bounds that need no model: integers in [1, kMaxWorkloadInteger] (zero in 0-3),
// gpus a multiple of tp x pp, mfu in (0, 1], tokens > 0, pue >= 1, price and grid >= 0, all
// finite. A failure means the request alone is wrong, whatever the model.
// Errors: kInvalidArgument with field() set, e.g. "seq_len: must be >= 1, got 0".
Status ValidateWorkload(const Workload& workload);

// The data-parallel degree the workload implies: gpus / (tp x pp) when gpus is given, else dp.
// REQUIRES: ValidateWorkload(workload).ok()
int64_t DataParallelDegree(const Workload& workload);

}  // namespace llmcost

#endif  // LLMCOST_ANALYSIS_WORKLOAD_H_
