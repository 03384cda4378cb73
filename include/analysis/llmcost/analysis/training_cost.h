// EstimateTrainingCost: a training run's FLOPs, wall-clock time, GPU-hours, price, energy and
// CO2, and SmallestFittingLayout: the least model parallelism whose memory fits the GPUs.
//
// Analysis stage (FlopsEstimate + ParameterCount + Hardware -> TrainingCostEstimate). Pure:
// no I/O. Formulas and sources: docs/formulas.md "Training cost" (DESIGN §7; REFERENCE §2).
#ifndef LLMCOST_ANALYSIS_TRAINING_COST_H_
#define LLMCOST_ANALYSIS_TRAINING_COST_H_

#include <cstdint>
#include <optional>

#include "llmcost/analysis/flops.h"
#include "llmcost/analysis/parameters.h"
#include "llmcost/analysis/training_memory.h"
#include "llmcost/architecture.h"
#include "llmcost/hardware.h"
#include "llmcost/status.h"

namespace llmcost {

// Default model FLOPs utilization: Llama 3.1 405B reached 38-43% on H100 (Dubey et al. 2024,
// Table 4); Llama 2 70B about 43% on A100 (REFERENCE §2.2).
inline constexpr double kDefaultMfu = 0.40;

struct TrainingCostOptions {
  std::optional<double> tokens = std::nullopt;  // D, e.g. 2e12. Default: law "tokens20"
  int64_t gpus = 0;                             // accelerators the run uses, e.g. 2048
  double mfu = kDefaultMfu;  // model FLOPs utilization in (0, 1] (PaLM's definition)
  // Peak the MFU refers to: the BF16 dense peak, or the FP8 one for fp8 mixed precision.
  TrainingPrecision precision = TrainingPrecision::kBf16Mixed;
  std::optional<double> price_usd_per_gpu_hour =
      std::nullopt;  // Default: the hardware table's, if any
  double pue = 1.0;  // power usage effectiveness >= 1. Default: 1 (board power only)
  std::optional<double> grid_gco2_per_kwh =
      std::nullopt;  // grid carbon intensity. Default: none (no CO2)
};

struct TrainingCostEstimate {
  double tokens = 0;              // D used
  bool tokens_from_rule = false;  // true: D = 20 N (scaling law "tokens20")
  double flops_per_token = 0;     // exact training FLOPs per token (3 x forward)
  double total_flops = 0;         // flops_per_token x D
  double peak_flops_per_s = 0;    // per GPU, dense
  double mfu = 0;
  double wall_clock_s = 0;  // total_flops / (gpus x peak x mfu)
  double gpu_hours = 0;     // gpus x wall_clock / 3600
  std::optional<double> price_usd_per_gpu_hour = std::nullopt;
  std::optional<double> cost_usd = std::nullopt;    // gpu_hours x price
  std::optional<double> energy_kwh = std::nullopt;  // gpu_hours x board power x PUE / 1000
  std::optional<double> co2_kg = std::nullopt;      // energy x grid intensity / 1000
};

// Cost of training on `hardware` with `flops` = EstimateFlops(arch, params, {seq_len}).
// Errors: kInvalidArgument naming the option: "--gpus: must be >= 1, got 0", "--mfu: must be
// in (0, 1], got 1.5", "--tokens: must be a positive finite number", "--price-per-gpu-hour:
// must be >= 0", "--pue: must be >= 1", "--grid-gco2-per-kwh: must be >= 0", "--precision fp8:
// <gpu> has no FP8 peak".
Result<TrainingCostEstimate> EstimateTrainingCost(const ParameterCount& params,
                                                  const FlopsEstimate& flops,
                                                  const Hardware& hardware,
                                                  const TrainingCostOptions& options);

// MFU a published run implies: total_flops / (gpu_hours x 3600 x peak).
// Errors: kInvalidArgument when an argument is not positive and finite.
// Example: DeepSeek-V3, 14.8T tokens at 2.664M H800-hours -> about 0.39 (BF16 peak).
Result<double> ImpliedMfu(double total_flops, double gpu_hours, double peak_flops_per_s);

// The smallest standard layout for `gpus` GPUs with `memory_bytes` each whose peak training
// memory fits. Order: recomputation from options.recompute up to full (outermost: it costs
// compute), then model-parallel size t x p ascending (within a size, larger t first: t <= 8
// stays inside an NVLink node), then ZeRO stage 0..3. dp = gpus / (t p).
// Keeps the workload (batch, seq_len, precision, optimizer, flash, ep when it divides dp) of
// `options`. Returns nullopt when nothing fits.
// Errors: those of EstimateTrainingMemory other than layouts it skips as invalid.
Result<std::optional<TrainingMemoryOptions>> SmallestFittingLayout(
    const Architecture& arch, const ParameterCount& params, const TrainingMemoryOptions& options,
    int64_t gpus, int64_t memory_bytes);

}  // namespace llmcost

#endif  // LLMCOST_ANALYSIS_TRAINING_COST_H_
