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

// REQUIRES: document.is_object().
// Errors: as ParseArchitecture, less the syntax errors.
// `fallback_name` names the model when the config has none (default: the origin's file stem).
Result<Architecture> ReadArchitectureDocument(const nlohmann::json& document,
                                              std::string_view origin, const LoadOptions& options,
                                              std::string_view fallback_name = {});

}  // namespace llmcost::config

#endif  // LLMCOST_SRC_CONFIG_ARCHITECTURE_DOCUMENT_H_
