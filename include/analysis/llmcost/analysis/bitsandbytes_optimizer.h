// BitsandbytesAdamState: the optimizer-state bytes bitsandbytes' AdamW keeps for a list of
// trainable tensors, 32- or 8-bit, paged or not, and how much of it is paged.
//
// Analysis stage (trainable tensor shapes -> BitsandbytesState). Pure: no I/O. Follows
// bitsandbytes at commit 95f9af3 (bitsandbytes/optim/optimizer.py: Optimizer8bit.
// get_state_buffer, Optimizer2State.init_state). docs/formulas.md "Paged optimizers".
#ifndef LLMCOST_ANALYSIS_BITSANDBYTES_OPTIMIZER_H_
#define LLMCOST_ANALYSIS_BITSANDBYTES_OPTIMIZER_H_

#include <cstdint>
#include <vector>

#include "llmcost/status.h"

namespace llmcost {

// `count` trainable tensors of `elements` elements each, e.g. 32 lora_A of 8 x 4096.
struct TrainableTensor {
  int64_t elements = 0;
  int64_t count = 1;
};

// Which bitsandbytes optimizer.
struct BitsandbytesOptions {
  int optim_bits = 32;  // 32 (AdamW32bit, PagedAdamW32bit) or 8 (AdamW8bit, PagedAdamW8bit)
  bool paged = false;   // PagedAdamW*: state buffers in CUDA managed memory
};

struct BitsandbytesState {
  int64_t state_bytes = 0;  // every state tensor: state1, state2, absmax1/2, the quantile maps
  // The part in CUDA managed (unified) memory: state1 and state2 of each tensor of >= 1e5
  // elements when paged. Under memory pressure the driver pages it out to host memory; each
  // step prefetches one tensor's buffers before its update. 0 when not paged.
  int64_t paged_bytes = 0;
  int64_t largest_paged_bytes = 0;  // one tensor's paged buffers: what its update needs on GPU
};

// Per tensor of n elements (bitsandbytes' constants): 8-bit and n >= min_8bit_size (4096):
// state1 and state2 as uint8 (2 n) plus an fp32 absmax per block of 256 for each
// (2 x 4 x ceil(n / 256)); otherwise (32-bit, or a small tensor) two fp32 states (8 n). With
// any 8-bit tensor, the signed and unsigned dynamic maps (2 x 256 fp32) once. Paged: state1
// and state2 of tensors with n >= 1e5 go to managed memory; absmax and maps never do.
// Errors: kInvalidArgument when optim_bits is not 8 or 32 or a tensor has < 1 element or
// count < 1; kOutOfRange on 64-bit overflow.
Result<BitsandbytesState> BitsandbytesAdamState(const std::vector<TrainableTensor>& tensors,
                                                const BitsandbytesOptions& options);

}  // namespace llmcost

#endif  // LLMCOST_ANALYSIS_BITSANDBYTES_OPTIMIZER_H_
