// Reading a model config held in memory as a JSON value: a program's own object (the Python
// module's config dicts), read without writing and parsing JSON text.
#ifndef LLMCOST_CONFIG_DOCUMENT_H_
#define LLMCOST_CONFIG_DOCUMENT_H_

#include <string_view>

#include <nlohmann/json_fwd.hpp>

#include "llmcost/architecture.h"
#include "llmcost/config.h"
#include "llmcost/status.h"

namespace llmcost {

// ParseArchitecture (config.h) of a document already parsed: the same family readers, checks,
// warnings and messages, named by `origin` as ParseArchitecture names its input. What only text
// has is the caller's to check: its size, nesting depth, duplicate keys, and numbers beyond a
// double (a value built in memory has no text; the Python module checks them, or writes text
// and calls ParseArchitecture where it cannot decide them).
// Errors: those of ParseArchitecture less the syntax ones: "<origin>: /<field>: <expectation>,
// got <value>", kNotFound for an unknown family, kOutOfRange when counts overflow 64 bits, and
// "<origin>: the top level must be a JSON object, got ..." for any other document.
// Example: ReadArchitectureJson(nlohmann::json::parse(R"({"model_type": "gpt2", ...})"),
//                               "<dict>", {})  -> GPT-2, source "<dict>"
Result<Architecture> ReadArchitectureJson(const nlohmann::json& document, std::string_view origin,
                                          const LoadOptions& options);

}  // namespace llmcost

#endif  // LLMCOST_CONFIG_DOCUMENT_H_
