// JudgeFit: whether a training / fine-tuning layout fits a GPU model, with what headroom,
// and when it does not, the smallest count of that GPU and the layout that fits, plus the
// cheaper methods (LoRA, QLoRA, offload) that fit the GPUs given.
//
// Analysis stage (Architecture + ParameterCount + TrainingMemoryOptions -> FitVerdict).
// Pure: no I/O. docs/formulas.md "Fit verdicts".
#ifndef LLMCOST_ANALYSIS_FIT_VERDICT_H_
#define LLMCOST_ANALYSIS_FIT_VERDICT_H_

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "llmcost/analysis/parameters.h"
#include "llmcost/analysis/training_memory.h"
#include "llmcost/architecture.h"
#include "llmcost/status.h"

namespace llmcost {

// Memory kept back from each GPU for the CUDA context (~0.5-1 GiB with cuBLAS and NCCL
// workspaces) and the caching allocator's fragmentation: max(2 GiB, 5% of the memory).
// E.g. 4 GiB of an 80 GiB H100, 2 GiB of a 24 GiB RTX 4090.
int64_t DefaultReserveBytes(int64_t memory_bytes);

struct FitOptions {
  int64_t gpus = 1;          // GPUs given, e.g. 8
  int64_t memory_bytes = 0;  // per GPU, e.g. 80 GiB
  std::optional<int64_t> reserve_bytes =
      std::nullopt;  // Default: DefaultReserveBytes(memory_bytes)
  // Largest GPU count the "needs" search tries (given x 2^k up to this). Default: 2^20.
  int64_t max_gpus = int64_t{1} << 20;
};

// A layout and what it holds per GPU.
struct FitLayout {
  std::string method;  // "full", "lora", "qlora", "full + offload optimizer (cpu)", ...
  int64_t gpus = 0;
  TrainingMemoryOptions layout;
  TrainingMemoryEstimate memory;
};

struct FitVerdict {
  int64_t gpus = 0;
  int64_t memory_bytes = 0;    // per GPU
  int64_t reserve_bytes = 0;   // kept back per GPU
  int64_t usable_bytes = 0;    // memory - reserve
  int64_t peak_bytes = 0;      // the requested layout's peak per GPU (its required_bytes:
                               // a paged optimizer's evictable state left out)
  bool fits = false;           // peak <= usable
  int64_t headroom_bytes = 0;  // usable - peak (negative: short by that much)
  // When the requested layout does not fit: the smallest standard layout of the same method
  // on the GPUs given (SmallestFittingLayout), else the smallest count given x 2^k that fits
  // and its layout.
  std::optional<FitLayout> on_given;
  std::optional<FitLayout> needs;
  // When the requested layout does not fit: cheaper methods that fit the GPUs given, in
  // order LoRA, QLoRA, offload optimizer, offload optimizer + parameters (those that apply).
  std::vector<FitLayout> alternatives;
};

// Judges `options` (a full layout: dp x tp x pp GPUs) against fit.gpus GPUs of
// fit.memory_bytes. The dp of `options` is not used: every layout uses fit.gpus GPUs.
// Errors: kInvalidArgument "gpus: must be >= 1", "reserve: must be >= 0 and below the
// GPU's memory"; those of EstimateTrainingMemory for the requested layout.
Result<FitVerdict> JudgeFit(const Architecture& arch, const ParameterCount& params,
                            const TrainingMemoryOptions& options, const FitOptions& fit);

}  // namespace llmcost

#endif  // LLMCOST_ANALYSIS_FIT_VERDICT_H_
