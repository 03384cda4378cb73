// Training time, GPU-hours, price, energy and CO2 (Narayanan et al. 2021 §5.1: time =
// FLOPs / (n X), X = peak x MFU; docs/formulas.md#training-cost).
#include "llmcost/analysis/training_cost.h"

#include <cmath>
#include <string>
#include <vector>

#include <fmt/format.h>

#include "llmcost/analysis/scaling_law.h"

namespace llmcost {
namespace {

constexpr double kSecondsPerHour = 3600.0;
constexpr double kWattsPerKilowatt = 1000.0;
constexpr double kGramsPerKilogram = 1000.0;

bool PositiveFinite(double v) {
  return std::isfinite(v) && v > 0;
}

}  // namespace

Result<double> ImpliedMfu(double total_flops, double gpu_hours, double peak_flops_per_s) {
  if (!PositiveFinite(total_flops) || !PositiveFinite(gpu_hours) ||
      !PositiveFinite(peak_flops_per_s)) {
    return InvalidArgumentError("implied MFU needs positive finite FLOPs, GPU-hours and peak");
  }
  return total_flops / (gpu_hours * kSecondsPerHour * peak_flops_per_s);
}

Result<TrainingCostEstimate> EstimateTrainingCost(const ParameterCount& params,
                                                  const FlopsEstimate& flops,
                                                  const Hardware& hardware,
                                                  const TrainingCostOptions& options) {
  const Hardware& hw = hardware;
  const TrainingCostOptions& o = options;
  if (o.gpus < 1) {
    return FieldError("gpus", "must be >= 1, got " + std::to_string(o.gpus));
  }
  if (!(o.mfu > 0 && o.mfu <= 1)) {
    return FieldError("mfu", "must be in (0, 1], got " + fmt::format("{}", o.mfu));
  }
  if (o.tokens && !PositiveFinite(*o.tokens)) {
    return FieldError("tokens",
                      "must be a positive finite number, got " + fmt::format("{}", *o.tokens));
  }
  if (o.price_usd_per_gpu_hour &&
      !(std::isfinite(*o.price_usd_per_gpu_hour) && *o.price_usd_per_gpu_hour >= 0)) {
    return FieldError("price_usd_per_gpu_hour",
                      "must be >= 0, got " + fmt::format("{}", *o.price_usd_per_gpu_hour));
  }
  if (!(std::isfinite(o.pue) && o.pue >= 1)) {
    return FieldError("pue", "must be >= 1, got " + fmt::format("{}", o.pue));
  }
  if (o.grid_gco2_per_kwh && !(std::isfinite(*o.grid_gco2_per_kwh) && *o.grid_gco2_per_kwh >= 0)) {
    return FieldError("grid_gco2_per_kwh",
                      "must be >= 0, got " + fmt::format("{}", *o.grid_gco2_per_kwh));
  }
  TrainingCostEstimate out;
  out.tokens_from_rule = !o.tokens.has_value();
  if (o.tokens) {
    out.tokens = *o.tokens;
  } else {
    // The scaling-law library's "tokens20" rule (kFixedRatio, all parameters): D = 20 N.
    LLMCOST_ASSIGN_OR_RETURN(const ScalingLaw* law, FindScalingLaw("tokens20"));
    LLMCOST_ASSIGN_OR_RETURN(ScalingPoint optimum,
                             OptimalForParams(*law, static_cast<double>(params.total)));
    out.tokens = optimum.tokens;
  }
  out.flops_per_token = flops.training;
  out.total_flops = out.flops_per_token * out.tokens;
  if (o.precision == TrainingPrecision::kFp8Mixed) {
    if (!hw.peak_fp8_flops_per_s) {
      return FieldError("precision", "fp8: " + hw.id + " has no FP8 peak");
    }
    out.peak_flops_per_s = *hw.peak_fp8_flops_per_s;
  } else {
    out.peak_flops_per_s = hw.peak_bf16_flops_per_s;
  }
  out.mfu = o.mfu;
  const double gpus = static_cast<double>(o.gpus);
  out.wall_clock_s = out.total_flops / (gpus * out.peak_flops_per_s * out.mfu);
  out.gpu_hours = gpus * out.wall_clock_s / kSecondsPerHour;
  out.price_usd_per_gpu_hour =
      o.price_usd_per_gpu_hour ? o.price_usd_per_gpu_hour : hw.price_usd_per_gpu_hour;
  if (out.price_usd_per_gpu_hour) {
    out.cost_usd = out.gpu_hours * *out.price_usd_per_gpu_hour;
  }
  if (hw.power_watts) {
    out.energy_kwh = out.gpu_hours * *hw.power_watts / kWattsPerKilowatt * o.pue;
    if (o.grid_gco2_per_kwh) {
      out.co2_kg = *out.energy_kwh * *o.grid_gco2_per_kwh / kGramsPerKilogram;
    }
  }
  // Every input is finite and in range; a result that is not comes from one extreme input
  // (or a pair of them): name the field whose value is to blame, with what it gave.
  if (!std::isfinite(out.total_flops)) {
    return FieldError("tokens", fmt::format("{} tokens x {} FLOPs per token is beyond a double "
                                            "(about 1.8e308); give fewer tokens",
                                            out.tokens, out.flops_per_token));
  }
  if (!std::isfinite(out.wall_clock_s) || !std::isfinite(out.gpu_hours)) {
    // GPU-seconds = FLOPs / (peak x MFU): when they are finite at MFU 1, a tiny MFU is to
    // blame; otherwise the tokens are.
    if (std::isfinite(out.total_flops / out.peak_flops_per_s) && o.mfu < 1) {
      return FieldError("mfu", fmt::format("{} makes the training time beyond a double ({} FLOPs "
                                           "at {} FLOP/s per GPU); give a realistic MFU",
                                           o.mfu, out.total_flops, out.peak_flops_per_s));
    }
    return FieldError("tokens", fmt::format("{} tokens make the training time beyond a double; "
                                            "give fewer tokens",
                                            out.tokens));
  }
  if (out.cost_usd && !std::isfinite(*out.cost_usd)) {
    return FieldError("price_usd_per_gpu_hour",
                      fmt::format("{} USD per GPU-hour x {} GPU-hours is beyond a double",
                                  *out.price_usd_per_gpu_hour, out.gpu_hours));
  }
  if (out.energy_kwh && !std::isfinite(*out.energy_kwh)) {
    return FieldError("pue", fmt::format("{} makes the energy ({} GPU-hours) beyond a double",
                                         o.pue, out.gpu_hours));
  }
  if (out.co2_kg && !std::isfinite(*out.co2_kg)) {
    return FieldError("grid_gco2_per_kwh",
                      fmt::format("{} g CO2 per kWh x {} kWh is beyond a double",
                                  *o.grid_gco2_per_kwh, *out.energy_kwh));
  }
  return out;
}

Result<std::optional<TrainingMemoryOptions>> SmallestFittingLayout(
    const Architecture& arch, const ParameterCount& params, const TrainingMemoryOptions& options,
    int64_t gpus, int64_t memory_bytes) {
  // Model-parallel sizes in ascending order; within one size, more tensor parallelism first
  // (t <= 8 stays inside an NVLink node).
  struct Split {
    int64_t tp;
    int64_t pp;
  };
  std::vector<Split> splits;
  // The doubling stops before it could pass gpus: no overflow even for gpus near 2^63.
  for (int64_t size = 1; size <= gpus; size *= 2) {
    for (int64_t tp = 8; tp >= 1; tp /= 2) {
      if (tp <= size && size % tp == 0) {
        splits.push_back({tp, size / tp});
      }
    }
    if (size > gpus / 2) {
      break;
    }
  }
  for (int r = static_cast<int>(options.recompute); r <= static_cast<int>(Recompute::kFull); ++r) {
    for (const Split& split : splits) {
      if (gpus % (split.tp * split.pp) != 0) {
        continue;
      }
      for (int zero = 0; zero <= 3; ++zero) {
        TrainingMemoryOptions o = options;
        o.tp = split.tp;
        o.pp = split.pp;
        o.dp = gpus / (split.tp * split.pp);
        o.zero = zero;
        o.recompute = static_cast<Recompute>(r);
        if (o.ep > 1 && o.dp % o.ep != 0) {
          o.ep = 1;
        }
        Result<TrainingMemoryEstimate> m = EstimateTrainingMemory(arch, params, o);
        if (!m.ok()) {
          if (m.status().code() == StatusCode::kInvalidArgument) {
            continue;  // a degree that does not divide the model: not a candidate
          }
          return m.status();
        }
        if (m->required_bytes <= memory_bytes) {
          return std::optional<TrainingMemoryOptions>(o);
        }
      }
    }
  }
  return std::optional<TrainingMemoryOptions>();
}

}  // namespace llmcost
