// Checkpoint: what a safetensors checkpoint stores, read from its headers only.
//
// Data passed from the loader (checkpoint_reader.h, which reads the headers and names each
// tensor's component) to the verification analysis (analysis/checkpoint_verification.h).
// No tensor data is ever read. Format: docs/config-schema.md "Checkpoints".
#ifndef LLMCOST_CHECKPOINT_H_
#define LLMCOST_CHECKPOINT_H_

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace llmcost {

// What a stored tensor is, from its name.
enum class TensorRole {
  kWeight,        // a model parameter (weight or bias), possibly packed (see `packing`)
  kQuantization,  // quantization state: FP8 block scales, GPTQ/AWQ zeros and scales, ...
  kBuffer,        // a non-parameter buffer (rotary inv_freq, a causal-mask table)
  kUnknown,       // a name llmcost does not map to a component
};

struct CheckpointTensor {
  std::string name;   // e.g. "model.layers.0.self_attn.q_proj.weight"
  std::string file;   // the shard it is in, e.g. "model-00001-of-00004.safetensors"
  std::string dtype;  // safetensors dtype, e.g. "BF16", "F8_E4M3", "I32"
  std::vector<int64_t> shape;
  int64_t elements = 0;  // product of shape
  int64_t bytes = 0;     // elements x dtype size

  // ---- From the name (the loader's tensor-name map) ----
  TensorRole role = TensorRole::kUnknown;
  // The parameter component(s) it holds, as CountParameters names them: one name, or
  // several joined by '+' for a fused tensor ("attention.q_proj+attention.k_proj+
  // attention.v_proj" for GPT-2's c_attn). Empty for kUnknown.
  std::string component;
  int64_t layer = -1;  // index in the layer stack (model.layers.<i>.), -1 outside it
  // True for a layer of an encoder-decoder model's decoder stack (T5 "decoder.block.<i>."):
  // `layer` then counts from the decoder's first layer (the schedule's first decoder layer).
  bool decoder_stack = false;
  // Parameters it holds: elements, or for a packed 4-bit weight (GPTQ/AWQ qweight, MXFP4
  // blocks, bitsandbytes NF4) the values packed in it: bytes x 8 / bits.
  int64_t parameters = 0;
  int64_t packed_bits = 0;  // bits per parameter when packed (4), 0 when not packed
};

struct Checkpoint {
  std::string directory;                    // where the files are, e.g. a snapshot directory
  std::string config_path;                  // the config.json reconciled with it
  std::vector<std::string> files;           // safetensors files read, in order
  std::string index_file;                   // model.safetensors.index.json, or "" for one file
  std::optional<int64_t> index_total_size;  // the index's metadata.total_size, if given
  int64_t header_bytes = 0;                 // sum over files of 8 + header length
  int64_t data_bytes = 0;                   // sum over files of the tensor data
  std::vector<CheckpointTensor> tensors;    // sorted by name
};

}  // namespace llmcost

#endif  // LLMCOST_CHECKPOINT_H_
