// Per-family field maps: HuggingFace config fields -> Architecture.
//
// Private to src/config/. One reader per model family; each knows the family's field
// names, aliases and the defaults its HuggingFace config class applies.
#ifndef LLMCOST_SRC_CONFIG_FAMILY_READERS_H_
#define LLMCOST_SRC_CONFIG_FAMILY_READERS_H_

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
};

// Returns the family for a model_type or an alias of one (e.g. "RefinedWebModel" ->
// falcon), or nullptr.
const Family* FindFamily(std::string_view model_type);

// Canonical family names, sorted.
std::vector<std::string> FamilyNames();

}  // namespace llmcost::config

#endif  // LLMCOST_SRC_CONFIG_FAMILY_READERS_H_
