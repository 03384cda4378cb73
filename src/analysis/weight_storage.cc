// Bytes of the weights in a storage format (weight_storage.h; docs/formulas.md
// "Weight formats").
//
// Layouts, per quantized nn.Linear of `r` output rows and `c` input columns, groups of `g`
// along the input, b-bit values packed into int32 words:
//   AWQ  (AutoAWQ WQLinear_GEMM): qweight int32 [c, r b/32], qzeros int32 [c/g, r b/32],
//        scales fp16 [c/g, r].
//   GPTQ (AutoGPTQ QuantLinear):  qweight int32 [c b/32, r], qzeros int32 [c/g, r b/32],
//        scales fp16 [c/g, r], g_idx int32 [c].
//   compressed-tensors pack-quantized: weight_packed int32 [r, c b/32], weight_scale 16-bit
//        [r, c/g], weight_zero_point (asymmetric only) int32 [r b/32, c/g], weight_shape
//        int64 [2].
//   FP8: float8 [r, c] + float32 weight_scale per tensor, per output row, or per
//        block (weight_scale_inv [ceil(r/128), ceil(c/128)]), + float32 input_scale (static).
//   LLM.int8 (bitsandbytes Int8Params): int8 [r, c] + float32 SCB [r].
//   NF4 (bitsandbytes Params4bit): uint8 [r c / 2] + absmax per 64 weights: float32, or
//        with double quantization uint8 + float32 nested_absmax per 256 blocks +
//        nested_quant_map float32 [256]; quant_map float32 [16].
//   MXFP4 (OCP MX v1.0; GPT-OSS): uint8 blocks [r, c/32, 16] + uint8 E8M0 scales [r, c/32].
// Embeddings, the head, norms, biases and routers stay 16-bit in these formats.
#include "llmcost/analysis/weight_storage.h"

#include <regex>
#include <string>

#include "llmcost/analysis/parameters.h"

#include "gguf_type_mix.h"
#include "tensor_inventory.h"

namespace llmcost {
namespace {

// 128-bit sums: a product of widths that overflows int64 is caught at the end (Narrow).
__extension__ using Wide = __int128;

int64_t CeilDiv(int64_t a, int64_t b) {
  return (a + b - 1) / b;
}

// Bytes accumulated by part name, with a 128-bit total so no product overflows silently.
class ByteTally {
 public:
  void Add(std::string_view part, Wide bytes) {
    total_ += bytes;
    for (auto& [name, value] : parts_) {
      if (name == part) {
        value += bytes;
        return;
      }
    }
    parts_.emplace_back(std::string(part), bytes);
  }
  Wide total() const { return total_; }
  const std::vector<std::pair<std::string, Wide>>& parts() const { return parts_; }

 private:
  Wide total_ = 0;
  std::vector<std::pair<std::string, Wide>> parts_;
};

// modules_to_not_convert / ignore matching: "re:<regex>" matches the whole name; a pattern
// with '*' is a glob over the name or a dotted prefix of it; otherwise the pattern must be
// the name, or a run of its dotted components.
bool MatchesModule(const std::string& name, const std::string& pattern) {
  if (pattern.rfind("re:", 0) == 0) {
    try {
      return std::regex_match(name, std::regex(pattern.substr(3)));
    } catch (const std::regex_error&) {
      return false;
    }
  }
  if (pattern.find('*') != std::string::npos) {
    std::string re;
    for (char c : pattern) {
      if (c == '*') {
        re += "[^.]*";
      } else if (std::isalnum(static_cast<unsigned char>(c)) || c == '_') {
        re += c;
      } else {
        re += '\\';
        re += c;
      }
    }
    try {
      return std::regex_match(name, std::regex(re + "(\\..*)?"));
    } catch (const std::regex_error&) {
      return false;
    }
  }
  const std::string dotted = "." + name + ".";
  return dotted.find("." + pattern + ".") != std::string::npos;
}

std::string ModuleName(const TensorSpec& t) {
  if (t.layer < 0) {
    return std::string(t.name);
  }
  return "model.layers." + std::to_string(t.layer) + "." + std::string(t.name);
}

// Adds one quantized tensor copy's parts (x copies) for the safetensors formats.
void AddQuantized(const WeightFormat& f, const TensorSpec& t, ByteTally* tally) {
  const Wide n = t.count;
  const int64_t r = t.rows;
  const int64_t c = t.cols;
  const int64_t b = f.bits;
  const int64_t groups = f.group_size > 0 ? CeilDiv(c, f.group_size) : 1;
  const std::string values = "int" + std::to_string(b) + " values";
  switch (f.kind) {
    case WeightFormatKind::kAwq:
      tally->Add(values, n * c * CeilDiv(r * b, 32) * 4);
      tally->Add("zero points", n * groups * CeilDiv(r * b, 32) * 4);
      tally->Add("scales", n * groups * r * 2);
      return;
    case WeightFormatKind::kGptq:
      tally->Add(values, n * CeilDiv(c * b, 32) * r * 4);
      tally->Add("zero points", n * groups * CeilDiv(r * b, 32) * 4);
      tally->Add("scales", n * groups * r * 2);
      tally->Add("g_idx", n * c * 4);
      return;
    case WeightFormatKind::kPackedInt:
      tally->Add(values, n * r * CeilDiv(c * b, 32) * 4);
      tally->Add("scales", n * r * groups * 2);
      if (f.zero_points) {
        tally->Add("zero points", n * CeilDiv(r * b, 32) * groups * 4);
      }
      tally->Add("shapes", n * 16);
      return;
    case WeightFormatKind::kFp8: {
      tally->Add("fp8 values", n * r * c);
      Wide scales = 4;
      if (f.fp8_scales == ScaleGranularity::kChannel) {
        scales = static_cast<Wide>(4) * r;
      } else if (f.fp8_scales == ScaleGranularity::kBlock) {
        scales = static_cast<Wide>(4) * CeilDiv(r, f.block_rows) * CeilDiv(c, f.block_cols);
      }
      tally->Add("scales", n * (scales + (f.static_input_scale ? 4 : 0)));
      return;
    }
    case WeightFormatKind::kInt8:
      tally->Add("int8 values", n * r * c);
      tally->Add("scales", n * r * 4);
      return;
    case WeightFormatKind::kNf4: {
      const int64_t elements = r * c;
      const int64_t blocks = CeilDiv(elements, 64);
      tally->Add("nf4 values", n * CeilDiv(elements, 2));
      if (f.double_quant) {
        tally->Add("scales", n * (blocks + 4 * CeilDiv(blocks, 256) + 256 * 4 + 16 * 4));
      } else {
        tally->Add("scales", n * (4 * blocks + 16 * 4));
      }
      return;
    }
    case WeightFormatKind::kMxfp4:
      tally->Add("fp4 values", n * r * CeilDiv(c, 32) * 16);
      tally->Add("scales", n * r * CeilDiv(c, 32));
      return;
    default:
      tally->Add("16-bit", n * r * c * 2);
      return;
  }
}

bool Quantizes(const WeightFormat& f, const Architecture& a, const TensorSpec& t) {
  switch (f.kind) {
    case WeightFormatKind::kFp32:
    case WeightFormatKind::kBf16:
    case WeightFormatKind::kFp16:
    case WeightFormatKind::kGguf:
      return false;
    case WeightFormatKind::kMxfp4:
      // GPT-OSS quantizes the routed experts only; a dense model's MLP takes their place.
      if (a.is_moe() ? !(t.role == TensorRole::kExpertGate || t.role == TensorRole::kExpertUp ||
                         t.role == TensorRole::kExpertDown)
                     : !IsFeedForward(t.role)) {
        return false;
      }
      break;
    default:
      if (!IsQuantizableLinear(t.role)) {
        return false;
      }
      break;
  }
  const std::string name = ModuleName(t);
  for (const std::string& pattern : f.keep_16bit) {
    if (MatchesModule(name, pattern)) {
      return false;
    }
  }
  return true;
}

Result<int64_t> Narrow(Wide v, std::string_view what) {
  if (v < 0 || v > static_cast<Wide>(INT64_MAX)) {
    return OutOfRangeError(std::string(what) + ": bytes overflow 64-bit counts");
  }
  return static_cast<int64_t>(v);
}

}  // namespace

Result<WeightStorage> EstimateWeightStorage(const Architecture& arch, const WeightFormat& format) {
  const Architecture& a = arch;
  const WeightFormat& f = format;
  LLMCOST_ASSIGN_OR_RETURN(ParameterCount params, CountParameters(a));
  WeightStorage out;
  out.params = params.total;
  out.layer_bytes.assign(static_cast<size_t>(a.num_layers), 0);
  ByteTally tally;
  std::vector<Wide> layers(static_cast<size_t>(a.num_layers), 0);
  Wide embedding = 0;
  Wide head = 0;
  Wide quantized = 0;
  Wide experts = 0;
  Wide inventory_params = 0;
  const int64_t unquantized_bytes = f.kind == WeightFormatKind::kFp32 ? 4 : 2;
  const std::string unquantized_name = f.kind == WeightFormatKind::kFp32 ? "fp32" : "16-bit";
  for (const TensorSpec& t : TensorInventory(a)) {
    const Wide elements = static_cast<Wide>(t.rows) * t.cols * t.count;
    inventory_params += elements;
    const Wide before = tally.total();
    if (f.kind == WeightFormatKind::kGguf) {
      const GgmlType type = GgufTensorType(a, f.gguf, t);
      tally.Add(Traits(type).name, static_cast<Wide>(GgmlBytes(type, t.rows, t.cols)) * t.count);
      if (type != GgmlType::kF32 && type != GgmlType::kF16 && type != GgmlType::kBf16) {
        quantized += elements;
      }
    } else if (Quantizes(f, a, t)) {
      AddQuantized(f, t, &tally);
      quantized += elements;
    } else {
      tally.Add(unquantized_name, elements * unquantized_bytes);
    }
    const Wide bytes = tally.total() - before;
    if (t.role == TensorRole::kExpertGate || t.role == TensorRole::kExpertUp ||
        t.role == TensorRole::kExpertDown) {
      experts += bytes;
    }
    if (t.layer >= 0) {
      layers[static_cast<size_t>(t.layer)] += bytes;
    } else if (t.role == TensorRole::kOutput || t.role == TensorRole::kNorm) {
      head += bytes;
    } else {
      embedding += bytes;
    }
  }
  // Parameters the inventory does not place (linear-attention and state-space mixers, an
  // output-head bias) stay at 16 bits, so the total always covers CountParameters.
  if (inventory_params != params.total) {
    const Wide other = static_cast<Wide>(params.total) - inventory_params;
    tally.Add("other (16-bit)", other * 2);
    embedding += other * 2;
  }
  LLMCOST_ASSIGN_OR_RETURN(out.total_bytes, Narrow(tally.total(), "weights"));
  for (const auto& [name, bytes] : tally.parts()) {
    LLMCOST_ASSIGN_OR_RETURN(int64_t value, Narrow(bytes, name));
    out.breakdown.push_back({name, value});
  }
  for (size_t i = 0; i < layers.size(); ++i) {
    LLMCOST_ASSIGN_OR_RETURN(out.layer_bytes[i], Narrow(layers[i], "layer weights"));
  }
  LLMCOST_ASSIGN_OR_RETURN(out.embedding_bytes, Narrow(embedding, "embedding weights"));
  LLMCOST_ASSIGN_OR_RETURN(out.head_bytes, Narrow(head, "head weights"));
  LLMCOST_ASSIGN_OR_RETURN(out.quantized_params, Narrow(quantized, "quantized parameters"));
  LLMCOST_ASSIGN_OR_RETURN(out.routed_expert_bytes, Narrow(experts, "expert weights"));
  out.bits_per_weight =
      out.params > 0 ? static_cast<double>(out.total_bytes) * 8 / static_cast<double>(out.params)
                     : 0;
  return out;
}

}  // namespace llmcost
