// config.json quantization_config -> WeightFormat (quantization_config.h).
//
// Field names as the writers put them: AutoAWQ / transformers AwqConfig (bits, group_size,
// zero_point, modules_to_not_convert), AutoGPTQ / GPTQConfig (bits, group_size, sym),
// transformers FineGrainedFP8Config and vLLM's "fp8" (activation_scheme,
// weight_block_size), compressed-tensors (format, config_groups.*.weights.{num_bits, type,
// strategy, group_size, symmetric, block_structure}, input_activations, ignore),
// transformers Mxfp4Config (modules_to_not_convert), BitsAndBytesConfig (load_in_4bit,
// load_in_8bit, bnb_4bit_quant_type, bnb_4bit_use_double_quant, llm_int8_skip_modules).
#include "quantization_config.h"

#include <string>

namespace llmcost::config {
namespace {

// Appends the strings of array field `name` (absent or null: nothing).
Status ReadNames(const Fields& f, std::string_view name, std::vector<std::string>* out) {
  const auto it = f.node().find(std::string(name));
  if (it == f.node().end() || it->is_null()) {
    return OkStatus();
  }
  if (!it->is_array()) {
    return f.Error(name, "must be an array of module names");
  }
  for (const auto& v : *it) {
    if (!v.is_string()) {
      return f.Error(name, "must be an array of module names");
    }
    out->push_back(v.get<std::string>());
  }
  return OkStatus();
}

Status ReadGroupSize(const Fields& f, WeightFormat* w) {
  const auto it = f.node().find("group_size");
  if (it == f.node().end() || it->is_null()) {
    w->group_size = 128;
    return OkStatus();
  }
  if (!it->is_number_integer() || (it->get<int64_t>() != -1 && it->get<int64_t>() < 1)) {
    return f.Error("group_size", "must be -1 (per channel) or a positive integer");
  }
  w->group_size = it->get<int64_t>() == -1 ? 0 : it->get<int64_t>();
  return OkStatus();
}

Status ReadCompressedTensors(const Fields& q, WeightFormat* w) {
  LLMCOST_ASSIGN_OR_RETURN(std::optional<Fields> groups, q.OptionalObject("config_groups"));
  if (!groups || groups->node().empty()) {
    return q.Error("config_groups", "must hold at least one quantization scheme");
  }
  // The first scheme describes the Linear layers (llm-compressor writes one for them).
  const std::string key = groups->node().begin().key();
  LLMCOST_ASSIGN_OR_RETURN(std::optional<Fields> scheme, groups->OptionalObject(key));
  if (!scheme) {
    return groups->Error(key, "must be an object");
  }
  LLMCOST_ASSIGN_OR_RETURN(std::optional<Fields> weights, scheme->OptionalObject("weights"));
  if (!weights) {
    return scheme->Error("weights", "must describe the weight quantization");
  }
  LLMCOST_ASSIGN_OR_RETURN(w->bits, weights->Integer({"num_bits"}, 2));
  if (w->bits > 8) {
    return weights->Error("num_bits", "must be an integer in [2, 8]");
  }
  LLMCOST_ASSIGN_OR_RETURN(std::optional<std::string> type, weights->OptionalString({"type"}));
  LLMCOST_ASSIGN_OR_RETURN(std::optional<std::string> strategy,
                           weights->OptionalString({"strategy"}));
  const std::string s = strategy.value_or("tensor");
  if (type.value_or("int") == "float") {
    if (w->bits != 8) {
      return weights->Error("num_bits", "float weights llmcost models are 8-bit (fp8)");
    }
    w->kind = WeightFormatKind::kFp8;
    if (s == "channel") {
      w->fp8_scales = ScaleGranularity::kChannel;
    } else if (s == "block") {
      LLMCOST_ASSIGN_OR_RETURN(std::vector<int64_t> block,
                               weights->IntegerList("block_structure", 1, int64_t{1} << 20));
      if (block.size() != 2) {
        return weights->Error("block_structure", "must be [rows, cols]");
      }
      w->fp8_scales = ScaleGranularity::kBlock;
      w->block_rows = block[0];
      w->block_cols = block[1];
    } else if (s != "tensor") {
      return weights->Error("strategy", "must be tensor, channel or block for float weights");
    }
    LLMCOST_ASSIGN_OR_RETURN(std::optional<Fields> inputs,
                             scheme->OptionalObject("input_activations"));
    if (inputs) {
      LLMCOST_ASSIGN_OR_RETURN(bool dynamic, inputs->Boolean({"dynamic"}, false));
      w->static_input_scale = !dynamic;
    }
  } else {
    w->kind = WeightFormatKind::kPackedInt;
    if (s == "group") {
      LLMCOST_ASSIGN_OR_RETURN(w->group_size, weights->Integer({"group_size"}, 1));
    } else if (s == "channel") {
      w->group_size = 0;
    } else {
      return weights->Error("strategy", "must be group or channel for int weights");
    }
    LLMCOST_ASSIGN_OR_RETURN(bool symmetric, weights->Boolean({"symmetric"}, true));
    w->zero_points = !symmetric;
  }
  return ReadNames(q, "ignore", &w->keep_16bit);
}

}  // namespace

Status ReadQuantizationConfig(const Fields& root, Architecture* arch) {
  LLMCOST_ASSIGN_OR_RETURN(std::optional<Fields> q, root.OptionalObject("quantization_config"));
  if (!q) {
    return OkStatus();
  }
  LLMCOST_ASSIGN_OR_RETURN(std::optional<std::string> method, q->OptionalString({"quant_method"}));
  WeightFormat w;
  w.origin = std::string(root.origin()) + " quantization_config";
  const std::string m = method.value_or("");
  if (m == "awq" || m == "gptq") {
    w.kind = m == "awq" ? WeightFormatKind::kAwq : WeightFormatKind::kGptq;
    LLMCOST_ASSIGN_OR_RETURN(w.bits, q->Integer({"bits", "w_bit"}, 2, 4));
    if (w.bits > 8) {
      return q->Error("bits", "must be an integer in [2, 8]");
    }
    LLMCOST_RETURN_IF_ERROR(ReadGroupSize(*q, &w));
    if (q->Has({"q_group_size"})) {
      LLMCOST_ASSIGN_OR_RETURN(w.group_size, q->Integer({"q_group_size"}, 1));
    }
    LLMCOST_RETURN_IF_ERROR(ReadNames(*q, "modules_to_not_convert", &w.keep_16bit));
  } else if (m == "fp8") {
    w.kind = WeightFormatKind::kFp8;
    w.bits = 8;
    LLMCOST_ASSIGN_OR_RETURN(std::vector<int64_t> block,
                             q->IntegerList("weight_block_size", 1, int64_t{1} << 20));
    if (!block.empty()) {
      if (block.size() != 2) {
        return q->Error("weight_block_size", "must be [rows, cols]");
      }
      w.fp8_scales = ScaleGranularity::kBlock;
      w.block_rows = block[0];
      w.block_cols = block[1];
    }
    LLMCOST_ASSIGN_OR_RETURN(std::optional<std::string> scheme,
                             q->OptionalString({"activation_scheme"}));
    w.static_input_scale = scheme.value_or("dynamic") == "static";
    LLMCOST_RETURN_IF_ERROR(ReadNames(*q, "modules_to_not_convert", &w.keep_16bit));
    LLMCOST_RETURN_IF_ERROR(ReadNames(*q, "ignored_layers", &w.keep_16bit));
  } else if (m == "compressed-tensors") {
    LLMCOST_RETURN_IF_ERROR(ReadCompressedTensors(*q, &w));
  } else if (m == "mxfp4") {
    w.kind = WeightFormatKind::kMxfp4;
    w.bits = 4;
    LLMCOST_RETURN_IF_ERROR(ReadNames(*q, "modules_to_not_convert", &w.keep_16bit));
  } else if (m == "bitsandbytes") {
    LLMCOST_ASSIGN_OR_RETURN(bool four, q->Boolean({"load_in_4bit"}, false));
    LLMCOST_ASSIGN_OR_RETURN(bool eight, q->Boolean({"load_in_8bit"}, false));
    if (four == eight) {
      return q->Error("load_in_4bit", "exactly one of load_in_4bit and load_in_8bit must be true");
    }
    w.kind = four ? WeightFormatKind::kNf4 : WeightFormatKind::kInt8;
    w.bits = four ? 4 : 8;
    LLMCOST_ASSIGN_OR_RETURN(w.double_quant, q->Boolean({"bnb_4bit_use_double_quant"}, false));
    LLMCOST_RETURN_IF_ERROR(ReadNames(*q, "llm_int8_skip_modules", &w.keep_16bit));
  } else {
    arch->assumptions.push_back("quantization_config: quant_method \"" + m +
                                "\" is not modelled; weights counted at 16 bits unless "
                                "--weights-format says otherwise");
    return OkStatus();
  }
  arch->checkpoint_format = std::move(w);
  return OkStatus();
}

}  // namespace llmcost::config
