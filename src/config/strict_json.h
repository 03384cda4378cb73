// Strict JSON for machine-written files (safetensors headers, model.safetensors.index.json).
//
// Private to src/config/. Unlike ParseJsonText (configs: comments allowed, line:column
// messages), this takes no comments and runs in time linear in the text: nlohmann's DOM
// parser with a callback (how ParseJsonText finds duplicate keys) is quadratic in the keys of
// one object, and a checkpoint index holds ~100k keys in one object.
#ifndef LLMCOST_SRC_CONFIG_STRICT_JSON_H_
#define LLMCOST_SRC_CONFIG_STRICT_JSON_H_

#include <string>
#include <string_view>

#include <nlohmann/json.hpp>

#include "llmcost/status.h"

namespace llmcost::config {

// Parses `text`, a JSON object. Errors (kInvalidArgument, prefixed "<what>: "): "byte N:
// <syntax problem>"; "key \"k\" appears twice in one object"; "objects and arrays nest
// deeper than 8 levels"; "expected a JSON object, got ...".
Result<nlohmann::json> ParseStrictJson(std::string_view text, const std::string& what);

}  // namespace llmcost::config

#endif  // LLMCOST_SRC_CONFIG_STRICT_JSON_H_
