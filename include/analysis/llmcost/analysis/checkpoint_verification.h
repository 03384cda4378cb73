// VerifyCheckpoint: reconciles what a checkpoint stores (its safetensors headers) with the
// parameters its config implies.
//
// Analysis stage (Architecture + ParameterCount + Checkpoint -> CheckpointVerification).
// Pure: no I/O. Method: docs/formulas.md "Checkpoint verification".
#ifndef LLMCOST_ANALYSIS_CHECKPOINT_VERIFICATION_H_
#define LLMCOST_ANALYSIS_CHECKPOINT_VERIFICATION_H_

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "llmcost/analysis/parameters.h"
#include "llmcost/architecture.h"
#include "llmcost/checkpoint.h"
#include "llmcost/status.h"

namespace llmcost {

// One parameter component, summed over the layers: what the config implies and what the
// checkpoint stores. A fused tensor (GPT-2's c_attn, Phi-3's qkv_proj) merges the
// components it holds into one row named "attention.q_proj+attention.k_proj+...".
struct ComponentCheck {
  std::string component;  // CountParameters' name, e.g. "attention.q_proj"
  int64_t expected = 0;   // parameters the config implies
  int64_t stored = 0;     // parameters the checkpoint's tensors hold
  int64_t tensors = 0;    // tensors stored for it
  bool operator==(const ComponentCheck&) const = default;
};

// Stored tensors grouped by dtype, or by what they are beyond the model.
struct StoredGroup {
  std::string name;  // a dtype ("BF16"), or "mtp", "tied_head_copy", "task_heads" (BERT's
                     // masked-LM / next-sentence heads), "quantization", "buffers"
  int64_t tensors = 0;
  int64_t elements = 0;  // stored elements (a packed 4-bit U8 byte is one element)
  int64_t bytes = 0;
  bool operator==(const StoredGroup&) const = default;
};

struct CheckpointVerification {
  int64_t tensors = 0;                  // every tensor the headers declare
  int64_t model_tensors = 0;            // of which reconciled with the config's parameters
  int64_t expected_parameters = 0;      // ParameterCount::total
  int64_t stored_parameters = 0;        // parameters of the reconciled tensors
  int64_t expected_mtp_parameters = 0;  // ParameterCount::mtp (embedding and head not counted)
  int64_t header_bytes = 0;
  int64_t data_bytes = 0;
  std::optional<int64_t> index_total_size;
  std::vector<ComponentCheck> components;  // in CountParameters' order, then extras
  std::vector<StoredGroup> dtypes;         // sorted by dtype name
  std::vector<StoredGroup> beyond_model;   // only the non-empty groups
  // One line per disagreement, each naming the tensor (or the missing tensor's likely
  // name), its component and layer, e.g. "model.layers.3.self_attn.k_proj.weight:
  // attention.k_proj, layer 3: the config implies 1048576 parameters, the checkpoint
  // stores 1048064". Empty when the checkpoint matches.
  std::vector<std::string> mismatches;

  bool matches() const { return mismatches.empty(); }
};

// Reconciles `checkpoint` with `arch` (whose count is `params`), layer by layer and
// component by component (components from the tensor names, checkpoint_reader.h).
// Tensors of layers past the main stack count as multi-token prediction when the config
// has MTP modules; a head stored for a tied model is a copy; quantization state and
// buffers are reported beyond the model. Everything else must match exactly.
// REQUIRES: params == CountParameters(arch).
// Errors: kOutOfRange when a sum overflows; kInternal if the per-layer counts do not add
// up to params (a bug).
Result<CheckpointVerification> VerifyCheckpoint(const Architecture& arch,
                                                const ParameterCount& params,
                                                const Checkpoint& checkpoint);

}  // namespace llmcost

#endif  // LLMCOST_ANALYSIS_CHECKPOINT_VERIFICATION_H_
