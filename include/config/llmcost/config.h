// Loading model configs: HuggingFace config.json / JSONC -> Architecture.
//
// Stage 1 of the pipeline. The only code that knows per-family field names, aliases
// and defaults (src/config/). Accepted fields: docs/config-schema.md.
#ifndef LLMCOST_CONFIG_H_
#define LLMCOST_CONFIG_H_

#include <string>
#include <string_view>
#include <vector>

#include "llmcost/architecture.h"
#include "llmcost/status.h"

namespace llmcost {

struct LoadOptions {
  // Field map to use. Default: "" = from the config's model_type (LLaMA-style if absent).
  std::string family;
};

// The model families llmcost reads, sorted, e.g. {"deepseek_v2", ..., "qwen3_moe"}.
std::vector<std::string> SupportedFamilies();

// Parses config text (JSON, or JSON with // and /* */ comments). `origin` names the
// input in error messages (a path, or "<stdin>").
// Errors: kInvalidArgument "<origin>:<line>:<col>: ..." for syntax errors and
// "<origin>: /<field>: <expectation>, got <value>" for bad fields; kNotFound for an
// unknown family; kOutOfRange when counts overflow 64 bits.
Result<Architecture> ParseArchitecture(std::string_view text, std::string_view origin,
                                       const LoadOptions& options);

// Reads the file at `path` ("-" reads standard input) and parses it.
// Errors: those of ParseArchitecture, plus kNotFound / kIoError for unreadable paths.
Result<Architecture> LoadArchitecture(const std::string& path, const LoadOptions& options);

}  // namespace llmcost

#endif  // LLMCOST_CONFIG_H_
