// nanoGPT-style Python configs (`n_layer = 12` assignments) -> a JSON object.
//
// Private to src/config/. Only literal right-hand sides are evaluated (integers, floats,
// True/False/None, quoted strings); anything else is kept as its source text, so a field
// llmcost needs reports "must be a positive integer, got \"4 * 768\"".
#ifndef LLMCOST_SRC_CONFIG_PYTHON_CONFIG_H_
#define LLMCOST_SRC_CONFIG_PYTHON_CONFIG_H_

#include <string_view>

#include <nlohmann/json.hpp>

#include "llmcost/status.h"

namespace llmcost::config {

// Reads top-level `name = literal` lines; comments, blank lines, imports and indented
// lines are skipped. Errors: kInvalidArgument "<origin>:<line>: name assigned twice".
Result<nlohmann::json> ParsePythonAssignments(std::string_view text, std::string_view origin);

}  // namespace llmcost::config

#endif  // LLMCOST_SRC_CONFIG_PYTHON_CONFIG_H_
