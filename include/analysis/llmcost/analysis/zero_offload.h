// EstimateZeroModelStates: GPU and host bytes of ZeRO-2 / ZeRO-3 model states with optional
// ZeRO-Offload (optimizer to host) and ZeRO-Infinity (parameters too), as DeepSpeed's own
// estimators compute them.
//
// Analysis stage (parameter counts -> ZeroModelStates). Pure: no I/O. Follows DeepSpeed
// v0.19.6 (commit edaa722): estimate_zero2_model_states_mem_needs in
// deepspeed/runtime/zero/stage_1_and_2.py and estimate_zero3_model_states_mem_needs in
// deepspeed/runtime/zero/stage3.py. docs/formulas.md "Offload (ZeRO-Offload / ZeRO-Infinity)".
#ifndef LLMCOST_ANALYSIS_ZERO_OFFLOAD_H_
#define LLMCOST_ANALYSIS_ZERO_OFFLOAD_H_

#include <cstdint>
#include <string_view>

#include "llmcost/status.h"

namespace llmcost {

// What moves off the GPU.
enum class Offload {
  kNone,
  kOptimizer,  // offload_optimizer: fp32 master weights, moments and fp32 gradients
  kParams,     // offload_param (ZeRO-3 only): 16-bit parameters; optimizer stays on GPU
  kBoth,       // offload_param + offload_optimizer
};

// Where offloaded states live: host RAM (ZeRO-Offload) or NVMe (ZeRO-Infinity).
enum class OffloadDevice { kCpu, kNvme };

std::string_view OffloadName(Offload offload);             // "none", "optimizer", ...
std::string_view OffloadDeviceName(OffloadDevice device);  // "cpu", "nvme"

struct ZeroStatesOptions {
  int64_t total_params = 0;          // P, e.g. 2851e6
  int64_t largest_layer_params = 0;  // the largest module's own parameters (ZeRO-3 gather)
  int64_t gpus_per_node = 1;         // e.g. 8
  int64_t nodes = 1;
  int zero = 3;  // 2 or 3
  Offload offload = Offload::kNone;
  bool zero_init = true;       // deepspeed.zero.Init: parameters created partitioned
  double buffer_factor = 1.5;  // DeepSpeed's additional_buffer_factor on host memory
};

struct ZeroModelStates {
  int64_t gpu_bytes = 0;           // per GPU
  int64_t host_bytes = 0;          // per node (DeepSpeed's "per CPU" column)
  int64_t host_bytes_per_gpu = 0;  // host_bytes / gpus_per_node, rounded up
};

// DeepSpeed's formulas (bytes; int() truncation as in Python):
//   ZeRO-2, offload optimizer: GPU 2P; host P max(4 N, 16) f
//   ZeRO-2, none:              GPU 2P + 18P/N; host 4P g f
//   ZeRO-3 (L = 4 x largest layer): both: GPU L, host 18P f / nodes (zero_init; else
//   P max(4g, 18/nodes) f); optimizer: GPU L + 2P/N, host 16P f / nodes (else
//   P max(4g, 16/nodes) f); none: GPU L + 18P/N, host 4 largest g f (else 4P g f)
// with N = all GPUs, g = GPUs per node, f = buffer_factor. kParams (no DeepSpeed estimator):
// GPU L + 16P/N, host 2P f / nodes: case "none" with the 16-bit parameters moved out.
// Errors: kInvalidArgument for zero not 2 or 3, kParams/kBoth with zero 2, counts < 1,
// buffer_factor < 1; kOutOfRange when a product overflows.
// Example: P 2851e6, largest 32e6, 8 GPUs, ZeRO-3 both, zero_init -> GPU 0.12 GiB, host
// 71.69 GiB (DeepSpeed docs, memory.rst).
Result<ZeroModelStates> EstimateZeroModelStates(const ZeroStatesOptions& options);

}  // namespace llmcost

#endif  // LLMCOST_ANALYSIS_ZERO_OFFLOAD_H_
