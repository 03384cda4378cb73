// Per-family field maps: HuggingFace config fields -> Architecture.
//
// Private to src/config/. One reader per model family; each knows the family's field
// names, aliases and the defaults its HuggingFace config class applies.
#ifndef LLMCOST_SRC_CONFIG_FAMILY_READERS_H_
#define LLMCOST_SRC_CONFIG_FAMILY_READERS_H_

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "llmcost/architecture.h"
#include "llmcost/status.h"

#include "json_document.h"

namespace llmcost::config {

// Fills the shape fields of `arch` (not name/source) from `fields`.
// Errors: kInvalidArgument naming the field.
using FamilyReader = Status (*)(const Fields& fields, Architecture* arch);

struct Family {
  std::string_view name;  // canonical model_type, e.g. "llama"
  FamilyReader read;
  // How transformers names the family's modules (LoRA targets); the loader copies it into
  // Architecture::module_naming.
  ModuleNaming naming = ModuleNaming::kLlama;
};

// Returns the family for a model_type or an alias of one (e.g. "RefinedWebModel" ->
// falcon), or nullptr.
const Family* FindFamily(std::string_view model_type);

// Reads `root`'s vision_config (when present) into arch->vision with the vision field map of
// root's model_type (gemma3: SigLIP + Gemma 3 projector; llama4: Llama 4 vision model); a
// vision_config with no field map leaves arch->vision empty and adds a warning.
// REQUIRES: arch's language model already read (the projector targets its hidden size).
// Errors: kInvalidArgument naming the field.
Status ReadVisionTower(const Fields& root, Architecture* arch);

// One warning per field of `fields` that the reader for `family` left unread although it
// changes the counts (experts, layer_types, vision_config, ...), and per unknown key that
// looks like a misspelled size field ("did you mean max_position_embeddings?").
// REQUIRES: the family reader has already run on `fields` (or a copy of it).
std::vector<std::string> UnreadFieldWarnings(const Fields& fields, std::string_view family);

// The names UnreadFieldWarnings suggests for a misspelled key: the shape fields, then the
// size fields (hidden_size, n_embd ...), in the order that wins a tie.
std::vector<std::string_view> KnownFieldNames();

// ClosestSpelling(key, KnownFieldNames()), without building the list: the suggestion of an
// "unknown field" warning, or nullopt.
std::optional<std::string_view> NearestKnownField(std::string_view key);

// Canonical family names, sorted.
std::vector<std::string> FamilyNames();

}  // namespace llmcost::config

#endif  // LLMCOST_SRC_CONFIG_FAMILY_READERS_H_
