// WeightFormat: how a checkpoint stores its weights (bf16, FP8 with scales, AWQ/GPTQ groups,
// NF4, MXFP4, a GGUF file type), as read from config.json's quantization_config or chosen
// with --weights-format.
//
// Shared vocabulary of the loader (which fills it from quantization_config) and the
// analyses (weight_storage.h turns it into bytes). Formats and sources: docs/formulas.md
// "Weight formats".
#ifndef LLMCOST_WEIGHT_FORMAT_H_
#define LLMCOST_WEIGHT_FORMAT_H_

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "llmcost/status.h"

namespace llmcost {

enum class WeightFormatKind {
  kFp32,       // 4 bytes per weight
  kBf16,       // 2 bytes per weight (the default)
  kFp16,       // 2 bytes per weight
  kFp8,        // float8 e4m3 values + float32 scales (per tensor, channel or block)
  kInt8,       // bitsandbytes LLM.int8: int8 values + one float32 scale per output row
  kAwq,        // AutoAWQ GEMM: packed int32 qweight, packed qzeros, fp16 scales per group
  kGptq,       // AutoGPTQ: packed qweight, packed qzeros, fp16 scales per group, int32 g_idx
  kPackedInt,  // compressed-tensors pack-quantized: packed ints + 16-bit scales (+ zeros)
  kNf4,        // bitsandbytes 4-bit NF4 (absmax per 64, optional double quantization)
  kMxfp4,      // OCP MX FP4: 4-bit values + one 8-bit power-of-two scale per 32
  kGguf,       // a llama.cpp GGUF file type (per-tensor ggml types, see gguf_type_mix.h)
};

// Granularity of FP8 scales.
enum class ScaleGranularity { kTensor, kChannel, kBlock };

// llama.cpp file types (llama_ftype) whose type mix llmcost reproduces.
enum class GgufFileType {
  kF32,
  kF16,
  kBf16,
  kQ4_0,
  kQ4_1,
  kQ5_0,
  kQ5_1,
  kQ8_0,
  kQ2_K,
  kQ3_K_S,
  kQ3_K_M,
  kQ3_K_L,
  kQ4_K_S,
  kQ4_K_M,
  kQ5_K_S,
  kQ5_K_M,
  kQ6_K,
  kIq4_Nl,
  kIq4_Xs,
};

struct WeightFormat {
  WeightFormatKind kind = WeightFormatKind::kBf16;
  int64_t bits = 16;        // bits of one quantized value: AWQ/GPTQ/packed 2..8, fp8/int8 8
  int64_t group_size = 0;   // weights sharing a scale along the input dim, e.g. 128;
                            // 0 = one group per output row (GPTQ's group_size -1)
  bool zero_points = true;  // asymmetric (AWQ zero_point, GPTQ always stores qzeros,
                            // compressed-tensors symmetric: false)
  ScaleGranularity fp8_scales = ScaleGranularity::kTensor;
  int64_t block_rows = 0;  // FP8 block scales: weight_block_size, e.g. 128 x 128
  int64_t block_cols = 0;
  bool static_input_scale = false;  // FP8 activation_scheme "static": one fp32 input_scale
  bool double_quant = true;         // NF4: bnb_4bit_use_double_quant
  GgufFileType gguf = GgufFileType::kQ4_K_M;
  // Module-name patterns kept at 16 bits besides embeddings, head, norms and routers
  // (quantization_config's modules_to_not_convert / ignore): "lm_head", a glob with '*',
  // or "re:<regex>".
  std::vector<std::string> keep_16bit;
  std::string origin;  // where it came from, e.g. "--weights-format" or "config.json"
};

// Returns the name a user types: "bf16", "fp8", "awq", "gguf:Q4_K_M", ...
std::string WeightFormatName(const WeightFormat& format);

// Returns "Q4_K_M" etc.
std::string_view GgufFileTypeName(GgufFileType type);

// Parses a --weights-format value: bf16|fp16|fp32|fp8|int8|awq|gptq|nf4|mxfp4|gguf:<TYPE>
// (TYPE as llama-quantize names it, ASCII case ignored, e.g. gguf:q4_k_m). `group_size`
// applies to awq and gptq (default 128 when 0 is passed; -1 = per channel).
// Errors: kInvalidArgument "weights_format: unknown format 'int3'; known: ..." and
// "weights_format: unknown GGUF type 'Q4_K_X', did you mean 'Q4_K_M'?"; "group_size: must
// be -1 or a power of two >= 16, got 7".
Result<WeightFormat> ParseWeightFormat(std::string_view text, int64_t group_size);

}  // namespace llmcost

#endif  // LLMCOST_WEIGHT_FORMAT_H_
