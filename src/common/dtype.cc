// Names of the number formats (dtype.h).
#include "llmcost/dtype.h"

#include <cctype>
#include <string>

namespace llmcost {

std::string_view DTypeName(DType type) {
  switch (type) {
    case DType::kFp32:
      return "fp32";
    case DType::kBf16:
      return "bf16";
    case DType::kFp16:
      return "fp16";
    case DType::kFp8:
      return "fp8";
    case DType::kInt8:
      return "int8";
    case DType::kInt4:
      return "int4";
  }
  return "";
}

std::optional<DType> ParseDType(std::string_view name) {
  std::string lower(name);
  for (char& c : lower) {
    c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  }
  for (DType type :
       {DType::kFp32, DType::kBf16, DType::kFp16, DType::kFp8, DType::kInt8, DType::kInt4}) {
    if (DTypeName(type) == lower) {
      return type;
    }
  }
  return std::nullopt;
}

}  // namespace llmcost
