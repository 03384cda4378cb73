// bitsandbytes AdamW optimizer states (docs/formulas.md "Paged optimizers"; bitsandbytes
// 95f9af3, bitsandbytes/optim/optimizer.py).
#include "llmcost/analysis/bitsandbytes_optimizer.h"

#include <algorithm>
#include <string>

#include "llmcost/checked_arithmetic.h"

namespace llmcost {
namespace {

constexpr int64_t kMin8BitSize = 4096;         // Optimizer2State's min_8bit_size default
constexpr int64_t kPagedMinElements = 100000;  // get_state_buffer: numel < 1e5 is not paged
constexpr int64_t kBlockSize = 256;            // init_state: absmax per 256-element block
constexpr int64_t kFp32 = 4;
constexpr int64_t kQuantileMapBytes = 2 * 256 * kFp32;  // create_dynamic_map signed + unsigned

}  // namespace

Result<BitsandbytesState> BitsandbytesAdamState(const std::vector<TrainableTensor>& tensors,
                                                const BitsandbytesOptions& options) {
  if (options.optim_bits != 8 && options.optim_bits != 32) {
    return InvalidArgumentError("optim_bits: must be 8 or 32, got " +
                                std::to_string(options.optim_bits));
  }
  BitsandbytesState out;
  bool any_8bit = false;
  for (const TrainableTensor& t : tensors) {
    if (t.elements < 1 || t.count < 1) {
      return InvalidArgumentError("trainable tensor: elements and count must be >= 1, got " +
                                  std::to_string(t.elements) + " x " + std::to_string(t.count));
    }
    const bool eight_bit = options.optim_bits == 8 && t.elements >= kMin8BitSize;
    any_8bit = any_8bit || eight_bit;
    LLMCOST_ASSIGN_OR_RETURN(const int64_t states,
                             CheckedMul(t.elements, eight_bit ? 2 : 2 * kFp32, "optimizer state"));
    const int64_t blocks = t.elements / kBlockSize + (t.elements % kBlockSize != 0 ? 1 : 0);
    const int64_t absmax = eight_bit ? 2 * kFp32 * blocks : 0;
    LLMCOST_ASSIGN_OR_RETURN(const int64_t one, CheckedAdd(states, absmax, "optimizer state"));
    LLMCOST_ASSIGN_OR_RETURN(const int64_t all, CheckedMul(one, t.count, "optimizer state"));
    LLMCOST_ASSIGN_OR_RETURN(out.state_bytes, CheckedAdd(out.state_bytes, all, "optimizer state"));
    if (options.paged && t.elements >= kPagedMinElements) {
      LLMCOST_ASSIGN_OR_RETURN(const int64_t paged, CheckedMul(states, t.count, "paged state"));
      LLMCOST_ASSIGN_OR_RETURN(out.paged_bytes, CheckedAdd(out.paged_bytes, paged, "paged state"));
      out.largest_paged_bytes = std::max(out.largest_paged_bytes, states);
    }
  }
  if (any_8bit) {
    LLMCOST_ASSIGN_OR_RETURN(out.state_bytes,
                             CheckedAdd(out.state_bytes, kQuantileMapBytes, "optimizer state"));
  }
  return out;
}

}  // namespace llmcost
