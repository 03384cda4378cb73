// DType: the number formats weights, KV caches and activations are stored in.
//
// Shared vocabulary of the memory analyses (training_memory.h, serving_memory.h). Sizes are
// in bits, so 4-bit types stay integral (STYLE §2.6).
#ifndef LLMCOST_DTYPE_H_
#define LLMCOST_DTYPE_H_

#include <cstdint>
#include <optional>
#include <string_view>

namespace llmcost {

enum class DType { kFp32, kBf16, kFp16, kFp8, kInt8, kInt4 };

// Bits one element occupies: 32, 16, 16, 8, 8, 4.
constexpr int64_t BitsPerElement(DType type) {
  switch (type) {
    case DType::kFp32:
      return 32;
    case DType::kBf16:
    case DType::kFp16:
      return 16;
    case DType::kFp8:
    case DType::kInt8:
      return 8;
    case DType::kInt4:
      return 4;
  }
  return 0;
}

// Returns "fp32", "bf16", "fp16", "fp8", "int8" or "int4".
std::string_view DTypeName(DType type);

// Returns the dtype named `name` (the names above, ASCII case ignored), or nullopt.
std::optional<DType> ParseDType(std::string_view name);

}  // namespace llmcost

#endif  // LLMCOST_DTYPE_H_
