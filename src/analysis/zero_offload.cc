// DeepSpeed's ZeRO model-state estimators, re-derived (docs/formulas.md "Offload").
// Python computes them in floating point and truncates with int(); so does this, in double
// (exact for the integer products below 2^53 that real models produce).
#include "llmcost/analysis/zero_offload.h"

#include <algorithm>
#include <cmath>
#include <string>

namespace llmcost {
namespace {

constexpr double kMaxBytes = 9.2e18;  // below INT64_MAX: the result must fit in int64_t

Result<int64_t> Truncate(double bytes, std::string_view what) {
  if (!std::isfinite(bytes) || bytes < 0 || bytes >= kMaxBytes) {
    return OutOfRangeError(std::string(what) + " overflows 64-bit bytes");
  }
  return static_cast<int64_t>(bytes);
}

}  // namespace

std::string_view OffloadName(Offload offload) {
  switch (offload) {
    case Offload::kNone:
      return "none";
    case Offload::kOptimizer:
      return "optimizer";
    case Offload::kParams:
      return "params";
    case Offload::kBoth:
      return "both";
  }
  return "";
}

std::string_view OffloadDeviceName(OffloadDevice device) {
  return device == OffloadDevice::kNvme ? "nvme" : "cpu";
}

Result<ZeroModelStates> EstimateZeroModelStates(const ZeroStatesOptions& options) {
  const ZeroStatesOptions& o = options;
  if (o.zero != 2 && o.zero != 3) {
    return InvalidArgumentError("offload: DeepSpeed offload needs ZeRO stage 2 or 3, got " +
                                std::to_string(o.zero));
  }
  if ((o.offload == Offload::kParams || o.offload == Offload::kBoth) && o.zero != 3) {
    return InvalidArgumentError("offload: parameter offload needs ZeRO stage 3, got " +
                                std::to_string(o.zero));
  }
  if (o.total_params < 1 || o.gpus_per_node < 1 || o.nodes < 1 || o.largest_layer_params < 0) {
    return InvalidArgumentError("offload: parameter and GPU counts must be >= 1");
  }
  if (!(o.buffer_factor >= 1)) {
    return InvalidArgumentError("offload: buffer factor must be >= 1");
  }
  const double p = static_cast<double>(o.total_params);
  const double g = static_cast<double>(o.gpus_per_node);
  const double nodes = static_cast<double>(o.nodes);
  const double n = g * nodes;
  const double f = o.buffer_factor;
  double gpu = 0;
  double host = 0;
  if (o.zero == 2) {
    if (o.offload == Offload::kOptimizer) {
      gpu = 2 * p;
      host = p * std::max(4 * n, 16.0) * f;
    } else {
      // 2 (16-bit params) + 18 / N (16-bit and fp32 gradients, fp32 params, two moments).
      gpu = 2 * p + std::trunc(18 * p / n);
      host = p * 4 * g * f;
    }
  } else {
    const double largest = 4 * static_cast<double>(o.largest_layer_params);
    const double gpus_factor = 1 / nodes;
    switch (o.offload) {
      case Offload::kBoth:
        gpu = largest;
        host = o.zero_init ? p * 18 * gpus_factor * f : p * std::max(4 * g, 18 * gpus_factor) * f;
        break;
      case Offload::kOptimizer:
        gpu = largest + std::trunc(2 * p / n);
        host = o.zero_init ? p * 16 * gpus_factor * f : p * std::max(4 * g, 16 * gpus_factor) * f;
        break;
      case Offload::kParams:
        // No DeepSpeed estimator: case "none" with the 16-bit parameter shards on the host.
        gpu = largest + std::trunc(16 * p / n);
        host = p * 2 * gpus_factor * f;
        break;
      case Offload::kNone:
        gpu = largest + std::trunc(18 * p / n);
        host =
            o.zero_init ? static_cast<double>(o.largest_layer_params) * 4 * g * f : p * 4 * g * f;
        break;
    }
  }
  ZeroModelStates out;
  LLMCOST_ASSIGN_OR_RETURN(out.gpu_bytes, Truncate(gpu, "offload GPU memory"));
  LLMCOST_ASSIGN_OR_RETURN(out.host_bytes, Truncate(host, "offload host memory"));
  out.host_bytes_per_gpu =
      out.host_bytes / o.gpus_per_node + (out.host_bytes % o.gpus_per_node != 0 ? 1 : 0);
  return out;
}

}  // namespace llmcost
