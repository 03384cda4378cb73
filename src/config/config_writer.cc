// Config writer: ConfigShape -> the family's HuggingFace config.json (config_writer.h).
//
// One row per writable family: its model_type, architectures entry, the HF names of the shape
// fields and its fixed fields. One builder makes the document for the text (ordered_json) and
// for the loader's reading (ReadConfigShape), so both carry the same fields and values.
#include "llmcost/config_writer.h"

#include <array>
#include <variant>

#include <nlohmann/json.hpp>

#include "architecture_document.h"

namespace llmcost {
namespace {

struct FixedField {
  std::string_view key;
  std::variant<bool, double, std::string_view> value;
};

// HF field names of one family; "" = the family has no such field.
struct WritableFamily {
  std::string_view model_type;
  std::string_view architecture;  // transformers class, written as "architectures": [...]
  std::string_view hidden_size;
  std::string_view num_layers;
  std::string_view num_heads;
  std::string_view num_kv_heads;
  std::string_view head_dim;
  std::string_view intermediate_size;
  std::string_view vocab_size;
  std::string_view max_position_embeddings;
  std::string_view num_experts;
  std::string_view experts_per_token;
  std::array<FixedField, 7> fixed;  // unused slots have an empty key
};

// Field names and defaults: transformers models/<family>/configuration_<family>.py.
constexpr std::array<WritableFamily, 3> kFamilies = {{
    {.model_type = "llama",
     .architecture = "LlamaForCausalLM",
     .hidden_size = "hidden_size",
     .num_layers = "num_hidden_layers",
     .num_heads = "num_attention_heads",
     .num_kv_heads = "num_key_value_heads",
     .head_dim = "head_dim",
     .intermediate_size = "intermediate_size",
     .vocab_size = "vocab_size",
     .max_position_embeddings = "max_position_embeddings",
     .num_experts = "",
     .experts_per_token = "",
     .fixed = {{{"hidden_act", std::string_view("silu")},
                {"rms_norm_eps", 1e-5},
                {"rope_theta", 500000.0},
                {"attention_bias", false},
                {"mlp_bias", false},
                {"tie_word_embeddings", false},
                {"torch_dtype", std::string_view("bfloat16")}}}},
    {.model_type = "gpt2",
     .architecture = "GPT2LMHeadModel",
     .hidden_size = "n_embd",
     .num_layers = "n_layer",
     .num_heads = "n_head",
     .num_kv_heads = "",
     .head_dim = "",
     .intermediate_size = "n_inner",
     .vocab_size = "vocab_size",
     .max_position_embeddings = "n_positions",
     .num_experts = "",
     .experts_per_token = "",
     .fixed = {{{"activation_function", std::string_view("gelu_new")},
                {"layer_norm_epsilon", 1e-5},
                {"tie_word_embeddings", true},
                {"torch_dtype", std::string_view("bfloat16")},
                {"", false},
                {"", false},
                {"", false}}}},
    {.model_type = "mixtral",
     .architecture = "MixtralForCausalLM",
     .hidden_size = "hidden_size",
     .num_layers = "num_hidden_layers",
     .num_heads = "num_attention_heads",
     .num_kv_heads = "num_key_value_heads",
     .head_dim = "head_dim",
     .intermediate_size = "intermediate_size",
     .vocab_size = "vocab_size",
     .max_position_embeddings = "max_position_embeddings",
     .num_experts = "num_local_experts",
     .experts_per_token = "num_experts_per_tok",
     .fixed = {{{"hidden_act", std::string_view("silu")},
                {"rms_norm_eps", 1e-5},
                {"rope_theta", 1000000.0},
                {"tie_word_embeddings", false},
                {"torch_dtype", std::string_view("bfloat16")},
                {"", false},
                {"", false}}}},
}};

Result<const WritableFamily*> FindWritable(std::string_view family) {
  for (const WritableFamily& f : kFamilies) {
    if (f.model_type == family) {
      return &f;
    }
  }
  std::string known;
  for (const WritableFamily& f : kFamilies) {
    known += (known.empty() ? "" : ", ") + std::string(f.model_type);
  }
  return NotFoundError("cannot write a config for family \"" + std::string(family) +
                       "\"; writable: " + known);
}

// The shape fields of `s` under family `f`'s names (empty names: the family has no such field).
// Errors: kInvalidArgument when a count the family writes is not positive.
template <typename Json>
Status SetShapeFields(const WritableFamily& f, const ConfigShape& s, Json* doc) {
  const std::pair<std::string_view, int64_t> counts[] = {
      {f.hidden_size, s.hidden_size}, {f.num_layers, s.num_layers},
      {f.num_heads, s.num_heads},     {f.num_kv_heads, s.num_kv_heads},
      {f.head_dim, s.head_dim},       {f.intermediate_size, s.intermediate_size},
      {f.num_experts, s.num_experts}, {f.experts_per_token, s.experts_per_token},
      {f.vocab_size, s.vocab_size},   {f.max_position_embeddings, s.max_position_embeddings},
  };
  (*doc)["name"] = s.name;
  for (const auto& [key, value] : counts) {
    if (key.empty()) {
      continue;
    }
    if (value < 1) {
      return InvalidArgumentError("config " + std::string(key) + " must be positive, got " +
                                  std::to_string(value));
    }
    (*doc)[std::string(key)] = value;
  }
  return OkStatus();
}

// Json: nlohmann::ordered_json to print (fields in table order), nlohmann::json to read.
template <typename Json>
Result<Json> BuildDocument(const ConfigShape& s) {
  LLMCOST_ASSIGN_OR_RETURN(const WritableFamily* f, FindWritable(s.family));
  Json doc;
  doc["name"] = s.name;
  doc["model_type"] = f->model_type;
  doc["architectures"] = Json::array({f->architecture});
  LLMCOST_RETURN_IF_ERROR(SetShapeFields(*f, s, &doc));
  for (const FixedField& field : f->fixed) {
    if (!field.key.empty()) {
      std::visit([&](const auto& v) { doc[std::string(field.key)] = v; }, field.value);
    }
  }
  return doc;
}

}  // namespace

std::vector<std::string> WritableFamilies() {
  std::vector<std::string> out;
  for (const WritableFamily& f : kFamilies) {
    out.emplace_back(f.model_type);
  }
  return out;
}

Result<bool> FamilyWritesExperts(std::string_view family) {
  LLMCOST_ASSIGN_OR_RETURN(const WritableFamily* f, FindWritable(family));
  return !f->num_experts.empty();
}

Result<bool> FamilyWritesKvHeads(std::string_view family) {
  LLMCOST_ASSIGN_OR_RETURN(const WritableFamily* f, FindWritable(family));
  return !f->num_kv_heads.empty();
}

Result<std::string> WriteConfigJson(const ConfigShape& shape) {
  LLMCOST_ASSIGN_OR_RETURN(nlohmann::ordered_json doc,
                           BuildDocument<nlohmann::ordered_json>(shape));
  return doc.dump(2) + "\n";
}

struct ConfigShapeReader::Document {
  const WritableFamily* family = nullptr;
  nlohmann::json json;  // BuildDocument's fields; the shape fields rewritten by each Read
};

ConfigShapeReader::ConfigShapeReader() = default;
ConfigShapeReader::~ConfigShapeReader() = default;
ConfigShapeReader::ConfigShapeReader(ConfigShapeReader&&) noexcept = default;
ConfigShapeReader& ConfigShapeReader::operator=(ConfigShapeReader&&) noexcept = default;

Result<Architecture> ConfigShapeReader::Read(const ConfigShape& shape, std::string_view origin) {
  if (document_ == nullptr || document_->family->model_type != shape.family) {
    LLMCOST_ASSIGN_OR_RETURN(nlohmann::json json, BuildDocument<nlohmann::json>(shape));
    document_ = std::make_unique<Document>();
    document_->family = *FindWritable(shape.family);
    document_->json = std::move(json);
  } else {
    // The same family writes the same keys: only the shape fields change.
    LLMCOST_RETURN_IF_ERROR(SetShapeFields(*document_->family, shape, &document_->json));
  }
  return config::ReadArchitectureDocument(document_->json, origin, {}, {},
                                          config::UnreadFieldCheck::kSkip);
}

Result<Architecture> ReadConfigShape(const ConfigShape& shape, std::string_view origin) {
  // The same fields as WriteConfigJson, in the container the loader reads. Every key is the
  // writer's own, so the unread-field scan (typos in a user's file) has nothing to find.
  LLMCOST_ASSIGN_OR_RETURN(nlohmann::json document, BuildDocument<nlohmann::json>(shape));
  return config::ReadArchitectureDocument(document, origin, {}, {},
                                          config::UnreadFieldCheck::kSkip);
}

}  // namespace llmcost
