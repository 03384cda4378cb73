// Names and parsing of weight formats (weight_format.h; docs/formulas.md "Weight formats").
#include "llmcost/weight_format.h"

#include <array>
#include <cctype>
#include <string>
#include <vector>

#include "llmcost/spelling.h"

namespace llmcost {
namespace {

struct GgufName {
  GgufFileType type;
  std::string_view name;
};

// llama-quantize's names for the file types (tools/quantize/quantize.cpp QUANT_OPTIONS).
constexpr std::array kGgufNames = {
    GgufName{GgufFileType::kF32, "F32"},       GgufName{GgufFileType::kF16, "F16"},
    GgufName{GgufFileType::kBf16, "BF16"},     GgufName{GgufFileType::kQ4_0, "Q4_0"},
    GgufName{GgufFileType::kQ4_1, "Q4_1"},     GgufName{GgufFileType::kQ5_0, "Q5_0"},
    GgufName{GgufFileType::kQ5_1, "Q5_1"},     GgufName{GgufFileType::kQ8_0, "Q8_0"},
    GgufName{GgufFileType::kQ2_K, "Q2_K"},     GgufName{GgufFileType::kQ3_K_S, "Q3_K_S"},
    GgufName{GgufFileType::kQ3_K_M, "Q3_K_M"}, GgufName{GgufFileType::kQ3_K_L, "Q3_K_L"},
    GgufName{GgufFileType::kQ4_K_S, "Q4_K_S"}, GgufName{GgufFileType::kQ4_K_M, "Q4_K_M"},
    GgufName{GgufFileType::kQ5_K_S, "Q5_K_S"}, GgufName{GgufFileType::kQ5_K_M, "Q5_K_M"},
    GgufName{GgufFileType::kQ6_K, "Q6_K"},     GgufName{GgufFileType::kIq4_Nl, "IQ4_NL"},
    GgufName{GgufFileType::kIq4_Xs, "IQ4_XS"},
};

struct KindName {
  WeightFormatKind kind;
  std::string_view name;
};

constexpr std::array kKindNames = {
    KindName{WeightFormatKind::kBf16, "bf16"},   KindName{WeightFormatKind::kFp16, "fp16"},
    KindName{WeightFormatKind::kFp32, "fp32"},   KindName{WeightFormatKind::kFp8, "fp8"},
    KindName{WeightFormatKind::kInt8, "int8"},   KindName{WeightFormatKind::kAwq, "awq"},
    KindName{WeightFormatKind::kGptq, "gptq"},   KindName{WeightFormatKind::kNf4, "nf4"},
    KindName{WeightFormatKind::kMxfp4, "mxfp4"},
};

std::string Lower(std::string_view s) {
  std::string out(s);
  for (char& c : out) {
    c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  }
  return out;
}

std::string Upper(std::string_view s) {
  std::string out(s);
  for (char& c : out) {
    c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
  }
  return out;
}

// Echoes user text safely (no control characters in a one-line message).
std::string Printable(std::string_view s) {
  std::string out;
  for (char c : s) {
    out += std::isprint(static_cast<unsigned char>(c)) ? c : '?';
  }
  return out;
}

// "<message>, did you mean '<near>'?" or "<message>; known: a, b, ..." for weights_format.
Status UnknownName(const std::string& message, std::string_view word,
                   const std::vector<std::string>& names) {
  if (auto near = ClosestSpelling(word, names)) {
    return FieldError("weights_format", message + ", did you mean '" + *near + "'?");
  }
  std::string known;
  for (const std::string& n : names) {
    known += (known.empty() ? "" : ", ") + n;
  }
  return FieldError("weights_format", message + "; known: " + known);
}

}  // namespace

std::string_view GgufFileTypeName(GgufFileType type) {
  for (const GgufName& g : kGgufNames) {
    if (g.type == type) {
      return g.name;
    }
  }
  return "";
}

std::string WeightFormatName(const WeightFormat& format) {
  switch (format.kind) {
    case WeightFormatKind::kGguf:
      return "gguf:" + std::string(GgufFileTypeName(format.gguf));
    case WeightFormatKind::kPackedInt:
      return "int" + std::to_string(format.bits) + " (compressed-tensors)";
    default:
      break;
  }
  for (const KindName& k : kKindNames) {
    if (k.kind == format.kind) {
      return std::string(k.name);
    }
  }
  return "";
}

Result<WeightFormat> ParseWeightFormat(std::string_view text, int64_t group_size) {
  WeightFormat out;
  out.origin = "--weights-format";
  const std::string lower = Lower(text);
  if (group_size != 0 && group_size != -1 &&
      (group_size < 16 || (group_size & (group_size - 1)) != 0)) {
    return FieldError("group_size",
                      "must be -1 or a power of two >= 16, got " + std::to_string(group_size));
  }
  if (lower.rfind("gguf:", 0) == 0) {
    const std::string type = Upper(std::string_view(lower).substr(5));
    for (const GgufName& g : kGgufNames) {
      if (g.name == type) {
        out.kind = WeightFormatKind::kGguf;
        out.gguf = g.type;
        out.bits = 0;
        return out;
      }
    }
    std::vector<std::string> names;
    for (const GgufName& g : kGgufNames) {
      names.emplace_back(g.name);
    }
    return UnknownName("unknown GGUF type '" + Printable(type) + "'", type, names);
  }
  for (const KindName& k : kKindNames) {
    if (k.name == lower) {
      out.kind = k.kind;
      switch (k.kind) {
        case WeightFormatKind::kFp32:
          out.bits = 32;
          break;
        case WeightFormatKind::kBf16:
        case WeightFormatKind::kFp16:
          out.bits = 16;
          break;
        case WeightFormatKind::kFp8:
        case WeightFormatKind::kInt8:
          out.bits = 8;
          break;
        case WeightFormatKind::kAwq:
        case WeightFormatKind::kGptq:
          out.bits = 4;
          out.group_size = group_size == 0 ? 128 : (group_size == -1 ? 0 : group_size);
          break;
        default:
          out.bits = 4;
          break;
      }
      if (group_size != 0 && k.kind != WeightFormatKind::kAwq &&
          k.kind != WeightFormatKind::kGptq) {
        return FieldError("group_size", "applies to awq and gptq only, got " +
                                            std::to_string(group_size) + " with " +
                                            std::string(k.name));
      }
      if (k.kind == WeightFormatKind::kAwq && group_size == -1) {
        return FieldError("group_size",
                          "AWQ needs a group size (AutoAWQ has no "
                          "per-channel mode), got -1");
      }
      return out;
    }
  }
  std::vector<std::string> names;
  for (const KindName& k : kKindNames) {
    names.emplace_back(k.name);
  }
  names.emplace_back("gguf:<TYPE>");
  return UnknownName("unknown format '" + Printable(text) + "'", lower, names);
}

}  // namespace llmcost
