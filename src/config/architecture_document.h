// The loader's step after parsing: a JSON document -> Architecture (family field map, checks).
//
// Private to src/config/. ParseArchitecture (text) and ReadConfigShape (config_writer.h, a
// document built in memory) both end here, so a written config reads back exactly.
#ifndef LLMCOST_SRC_CONFIG_ARCHITECTURE_DOCUMENT_H_
#define LLMCOST_SRC_CONFIG_ARCHITECTURE_DOCUMENT_H_

#include <string_view>

#include <nlohmann/json.hpp>

#include "llmcost/config.h"

namespace llmcost::config {

// Whether fields the family's map left unread are checked for meaningful shape fields and
// likely typos (arch.warnings). kSkip is for documents built by the config writer, whose every
// key is known by construction (config_writer_test checks that the check finds nothing there);
// it saves the did-you-mean scan, most of a read's cost.
enum class UnreadFieldCheck { kWarn, kSkip };

// REQUIRES: document.is_object().
// Errors: as ParseArchitecture, less the syntax errors.
// `fallback_name` names the model when the config has none (default: the origin's file stem).
Result<Architecture> ReadArchitectureDocument(const nlohmann::json& document,
                                              std::string_view origin, const LoadOptions& options,
                                              std::string_view fallback_name = {},
                                              UnreadFieldCheck check = UnreadFieldCheck::kWarn);

}  // namespace llmcost::config

#endif  // LLMCOST_SRC_CONFIG_ARCHITECTURE_DOCUMENT_H_
