// Config file -> Architecture: reads the file, picks the family's field map, validates.
#include <filesystem>
#include <optional>
#include <utility>

#include "llmcost/bounded_file.h"
#include "llmcost/config.h"
#include "llmcost/model_source.h"
#include "llmcost/printable.h"

#include "architecture_document.h"
#include "family_readers.h"
#include "file_reader.h"
#include "json_document.h"
#include "python_config.h"
#include "quantization_config.h"

namespace llmcost {
namespace {

std::string JoinNames(const std::vector<std::string>& names) {
  std::string out;
  for (const std::string& n : names) {
    out += (out.empty() ? "" : ", ") + n;
  }
  return out;
}

// std::filesystem::path(origin).stem() without building a path: the name after the last '/'
// less its last extension ("a/b.json" -> "b"; ".bashrc", "." and ".." stay whole).
std::string FileStem(std::string_view origin) {
  const size_t slash = origin.rfind('/');
  std::string_view stem = slash == std::string_view::npos ? origin : origin.substr(slash + 1);
  if (stem != "." && stem != "..") {
    const size_t dot = stem.rfind('.');
    if (dot != std::string_view::npos && dot > 0) {
      stem = stem.substr(0, dot);
    }
  }
  return stem.empty() ? std::string(origin) : std::string(stem);
}

// The config's own name for the model; arch->name stays empty when it gives none.
Status ReadName(const config::Fields& root, Architecture* arch) {
  LLMCOST_ASSIGN_OR_RETURN(std::optional<std::string> name,
                           root.OptionalString({"name", "model_name"}));
  if (!name || name->empty()) {
    LLMCOST_ASSIGN_OR_RETURN(name, root.OptionalString({"_name_or_path"}));
  }
  if (name) {
    arch->name = std::move(*name);
  }
  return OkStatus();
}

}  // namespace

std::vector<std::string> SupportedFamilies() {
  return config::FamilyNames();
}

namespace {

// Mixture-of-experts fields and the field maps that read them. A dense field map ignores
// them, which would silently count a MoE model as dense.
struct ExpertField {
  std::string_view name;
  std::string_view read_by;  // a --family that reads it
};
constexpr ExpertField kExpertFields[] = {
    {"num_local_experts", "mixtral"},
    {"num_experts", "qwen2_moe or qwen3_moe"},
    {"n_routed_experts", "deepseek_v3"},
    {"num_experts_per_tok", "mixtral, qwen3_moe or deepseek_v3"},
    {"moe_intermediate_size", "qwen3_moe or deepseek_v3"},
    {"n_shared_experts", "deepseek_v3"},
    {"shared_expert_intermediate_size", "qwen2_moe"},
};

// A dense reading (no routed experts) of a config that sets expert fields is an error,
// unless the value says "none" (null, 0, false).
Status RejectIgnoredExpertFields(const config::Fields& fields, const Architecture& arch) {
  if (arch.moe.num_experts > 0) {
    return OkStatus();
  }
  for (const ExpertField& expert : kExpertFields) {
    const nlohmann::json* it = fields.Peek(expert.name);  // not marked as read
    if (it == nullptr || it->is_null() || *it == 0 || *it == false) {
      continue;
    }
    return fields.Error(expert.name, "is a mixture-of-experts field that the " + arch.family +
                                         " field map (a dense model) does not read; remove it "
                                         "or use --family " +
                                         std::string(expert.read_by));
  }
  return OkStatus();
}

bool IsPythonConfig(std::string_view origin) {
  return origin.size() > 3 && origin.substr(origin.size() - 3) == ".py";
}

}  // namespace

namespace {

// ParseArchitecture, naming the model `fallback_name` when the config has no name field.
Result<Architecture> ParseNamedArchitecture(std::string_view text, std::string_view origin_text,
                                            std::string_view fallback_name,
                                            const LoadOptions& options) {
  // Every message below starts with the origin: escape it once (printable.h), and only when
  // it has a byte to escape (a plain path is its own escaped form).
  std::string shown_origin;
  std::string_view origin = origin_text;
  if (!IsPrintable(origin_text)) {
    shown_origin = Printable(origin_text);
    origin = shown_origin;
  }
  LLMCOST_ASSIGN_OR_RETURN(nlohmann::json document,
                           IsPythonConfig(origin) ? config::ParsePythonAssignments(text, origin)
                                                  : config::ParseJsonText(text, origin));
  return config::ReadArchitectureDocument(document, origin, options, fallback_name);
}

}  // namespace

Result<Architecture> config::ReadArchitectureDocument(const nlohmann::json& document,
                                                      std::string_view origin,
                                                      const LoadOptions& options,
                                                      std::string_view fallback_name,
                                                      UnreadFieldCheck check) {
  config::Fields root(document, origin, "");
  // Filled in place: the value is moved once, into the Result.
  Result<Architecture> result = Architecture();
  Architecture& arch = *result;
  arch.source = std::string(origin);
  LLMCOST_RETURN_IF_ERROR(ReadName(root, &arch));
  if (arch.name.empty()) {
    arch.name = fallback_name.empty() ? FileStem(origin) : std::string(fallback_name);
  }

  // Multimodal configs nest the language model under text_config.
  LLMCOST_ASSIGN_OR_RETURN(std::optional<config::Fields> text_config,
                           root.OptionalObject("text_config"));
  const config::Fields& fields = text_config ? *text_config : root;
  LLMCOST_ASSIGN_OR_RETURN(std::optional<std::string> model_type,
                           fields.OptionalString({"model_type"}));
  if (!model_type && text_config) {
    LLMCOST_ASSIGN_OR_RETURN(model_type, root.OptionalString({"model_type"}));
  }
  if (text_config) {
    arch.assumptions.push_back("language model read from text_config");
  }
  arch.model_type = model_type.value_or("");

  std::string family_name;
  if (!options.family.empty()) {
    family_name = options.family;
    if (model_type && *model_type != family_name) {
      arch.assumptions.push_back("read with the " + family_name + " field map (--family), not " +
                                 *model_type);
    }
  } else if (model_type) {
    family_name = *model_type;
  } else if (fields.Has({"n_embd"})) {
    family_name = "gpt2";
    arch.assumptions.push_back("no model_type: n_embd found, read as a GPT-2-style model");
  } else {
    family_name = "llama";
    arch.assumptions.push_back("no model_type: read as a LLaMA-style model");
  }
  const config::Family* family = config::FindFamily(family_name);
  if (family == nullptr) {
    std::string what =
        options.family.empty()
            ? std::string(origin) + ": " + fields.Pointer("model_type") +
                  ": unsupported model family \"" + Printable(family_name) + "\""
            : std::string(origin) + ": unsupported --family \"" + Printable(family_name) + "\"";
    return NotFoundError(what + "; supported: " + JoinNames(config::FamilyNames()) +
                         " (use --family to force one)");
  }
  arch.family = std::string(family->name);
  if (options.family.empty() && family->name != family_name) {
    // Another name for a family llmcost reads (config::kAliases): say which field map.
    arch.assumptions.push_back("model_type \"" + Printable(family_name) + "\": read with the " +
                               arch.family + " field map (the same fields)");
  }
  arch.module_naming = family->naming;
  if (text_config) {
    LLMCOST_ASSIGN_OR_RETURN(std::optional<std::string> wrapper,
                             root.OptionalString({"model_type"}));
    arch.wrapper_model_type = wrapper.value_or("");
  }
  LLMCOST_RETURN_IF_ERROR(family->read(fields, &arch));
  LLMCOST_RETURN_IF_ERROR(config::ReadVisionTower(root, &arch));
  // Expert fields the file's own (dense) family ignores are an error; a family forced with
  // --family is the user's choice, so what it leaves unread becomes a stated warning below.
  if (options.family.empty()) {
    LLMCOST_RETURN_IF_ERROR(RejectIgnoredExpertFields(fields, arch));
  }
  // No silent drops: what the field map left unread but matters, and likely typos.
  if (check == UnreadFieldCheck::kWarn) {
    for (std::string& warning : config::UnreadFieldWarnings(fields, arch.family)) {
      arch.assumptions.push_back(warning);
      arch.warnings.push_back(std::move(warning));
    }
  }
  // A quantized checkpoint (AWQ, GPTQ, FP8, bitsandbytes ...) records how in quantization_config.
  LLMCOST_ASSIGN_OR_RETURN(std::optional<config::Fields> quantization,
                           root.OptionalObject("quantization_config"));
  if (quantization) {
    LLMCOST_ASSIGN_OR_RETURN(std::optional<std::string> method,
                             quantization->OptionalString({"quant_method"}));
    arch.quantization_method = method.value_or("unknown");
  }
  LLMCOST_RETURN_IF_ERROR(config::ReadQuantizationConfig(root, &arch));

  return result;
}

Result<Architecture> ParseArchitecture(std::string_view text, std::string_view origin,
                                       const LoadOptions& options) {
  return ParseNamedArchitecture(text, origin, FileStem(origin), options);
}

Result<Architecture> LoadArchitecture(const std::string& path, const LoadOptions& options) {
  // Most sources are a config file: read it at once (one open, one fstat). Anything else
  // (standard input, a model directory, a Hub id, a file to report an error about) goes the
  // general way below, which reads a regular file the same way and names it the same.
  if (std::optional<std::string> text = ReadRegularFileBounded(path, config::kConfigLimits)) {
    return ParseNamedArchitecture(*text, path, FileStem(path), options);
  }
  LLMCOST_ASSIGN_OR_RETURN(ModelSource source, ResolveModelSource(path));
  LLMCOST_ASSIGN_OR_RETURN(const std::string text,
                           ReadFileBounded(source.config_path, config::kConfigLimits));
  const std::string origin =
      source.kind == SourceKind::kStdin ? std::string(kStdinName) : source.config_path;
  // A config.json in a model directory is named after the model, not "config".
  std::string fallback_name = FileStem(origin);
  if (source.kind == SourceKind::kHubCache) {
    fallback_name = path.substr(0, path.find('@'));
  } else if (source.kind == SourceKind::kDirectory) {
    fallback_name = std::filesystem::path(path).lexically_normal().filename().string();
    if (fallback_name.empty()) {
      fallback_name = std::filesystem::path(path).lexically_normal().parent_path().filename();
    }
  }
  Result<Architecture> arch = ParseNamedArchitecture(text, origin, fallback_name, options);
  if (arch.ok() && !source.description.empty()) {
    arch->assumptions.insert(arch->assumptions.begin(), source.description);
  }
  return arch;
}

}  // namespace llmcost
