// Fit verdicts (docs/formulas.md "Fit verdicts").
#include "llmcost/analysis/fit_verdict.h"

#include <algorithm>

#include "llmcost/analysis/training_cost.h"

namespace llmcost {
namespace {

std::string MethodName(const TrainingMemoryOptions& o) {
  std::string name(FineTuneName(o.finetune));
  if (o.offload != Offload::kNone) {
    name += " + offload " + std::string(OffloadName(o.offload)) + " (" +
            std::string(OffloadDeviceName(o.offload_device)) + ")";
  }
  return name;
}

// The smallest standard layout of `options`' method on `gpus` GPUs that fits `usable`.
Result<std::optional<FitLayout>> Fitting(const Architecture& arch, const ParameterCount& params,
                                         const TrainingMemoryOptions& options, int64_t gpus,
                                         int64_t usable) {
  LLMCOST_ASSIGN_OR_RETURN(std::optional<TrainingMemoryOptions> layout,
                           SmallestFittingLayout(arch, params, options, gpus, usable));
  if (!layout) {
    return std::optional<FitLayout>();
  }
  LLMCOST_ASSIGN_OR_RETURN(TrainingMemoryEstimate memory,
                           EstimateTrainingMemory(arch, params, *layout));
  return std::optional<FitLayout>(FitLayout{MethodName(*layout), gpus, *layout, memory});
}

}  // namespace

int64_t DefaultReserveBytes(int64_t memory_bytes) {
  return std::max(int64_t{2} << 30, memory_bytes / 20);
}

Result<FitVerdict> JudgeFit(const Architecture& arch, const ParameterCount& params,
                            const TrainingMemoryOptions& options, const FitOptions& fit) {
  if (fit.gpus < 1) {
    return InvalidArgumentError("gpus: must be >= 1, got " + std::to_string(fit.gpus));
  }
  FitVerdict v;
  v.gpus = fit.gpus;
  v.memory_bytes = fit.memory_bytes;
  v.reserve_bytes = fit.reserve_bytes.value_or(DefaultReserveBytes(fit.memory_bytes));
  if (v.reserve_bytes < 0 || v.reserve_bytes >= fit.memory_bytes) {
    return InvalidArgumentError("reserve: must be >= 0 and below the GPU's memory (" +
                                std::to_string(fit.memory_bytes) + " B), got " +
                                std::to_string(v.reserve_bytes) + " B");
  }
  v.usable_bytes = fit.memory_bytes - v.reserve_bytes;
  LLMCOST_ASSIGN_OR_RETURN(const TrainingMemoryEstimate requested,
                           EstimateTrainingMemory(arch, params, options));
  v.peak_bytes = requested.required_bytes;  // the peak, less what a paged optimizer pages out
  v.fits = v.peak_bytes <= v.usable_bytes;
  v.headroom_bytes = v.usable_bytes - v.peak_bytes;  // both in [0, 2^63): no overflow
  if (v.fits) {
    return v;
  }
  LLMCOST_ASSIGN_OR_RETURN(v.on_given, Fitting(arch, params, options, fit.gpus, v.usable_bytes));
  if (!v.on_given) {
    // given x 2^k; the bound check before doubling keeps n far from 2^63.
    for (int64_t n = fit.gpus; n <= fit.max_gpus / 2;) {
      n *= 2;
      Result<std::optional<FitLayout>> needs = Fitting(arch, params, options, n, v.usable_bytes);
      if (!needs.ok()) {
        if (needs.status().code() == StatusCode::kOutOfRange) {
          break;  // counts this large overflow the estimate: stop the search, nothing found
        }
        return needs.status();
      }
      if (*needs) {
        v.needs = std::move(*needs);
        break;
      }
    }
  }
  // Cheaper methods on the GPUs given.
  std::vector<TrainingMemoryOptions> cheaper;
  TrainingMemoryOptions base = options;
  base.offload = Offload::kNone;
  if (options.finetune == FineTune::kFull) {
    TrainingMemoryOptions lora = base;
    lora.finetune = FineTune::kLora;
    cheaper.push_back(lora);
  }
  if (options.finetune != FineTune::kQlora && arch.quantization_method.empty()) {
    TrainingMemoryOptions qlora = base;
    qlora.finetune = FineTune::kQlora;
    cheaper.push_back(qlora);
  }
  if (options.finetune == FineTune::kFull) {
    for (Offload what : {Offload::kOptimizer, Offload::kBoth}) {
      if (options.offload == what) {
        continue;
      }
      TrainingMemoryOptions offload = base;
      offload.offload = what;
      offload.offload_device = options.offload_device;
      offload.precision = options.precision == TrainingPrecision::kFp32
                              ? TrainingPrecision::kBf16Mixed
                              : options.precision;
      offload.optimizer = OptimizerKind::kAdamW;
      cheaper.push_back(offload);
    }
  }
  for (const TrainingMemoryOptions& o : cheaper) {
    Result<std::optional<FitLayout>> alt = Fitting(arch, params, o, fit.gpus, v.usable_bytes);
    if (!alt.ok()) {
      if (alt.status().code() == StatusCode::kInvalidArgument ||
          alt.status().code() == StatusCode::kOutOfRange) {
        continue;  // the method does not apply (no PEFT default targets, host bytes overflow)
      }
      return alt.status();
    }
    if (*alt) {
      v.alternatives.push_back(std::move(**alt));
    }
  }
  return v;
}

}  // namespace llmcost
