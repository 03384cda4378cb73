// ReadArchitectureJson (config_document.h): the loader from a JSON value, without its text.
#include "llmcost/config_document.h"

#include <filesystem>
#include <string>

#include <nlohmann/json.hpp>

#include "llmcost/printable.h"

#include "architecture_document.h"
#include "json_document.h"

namespace llmcost {

Result<Architecture> ReadArchitectureJson(const nlohmann::json& document, std::string_view origin,
                                          const LoadOptions& options) {
  // As ParseArchitecture: messages start with the escaped origin, and a config without a name
  // is named after the origin's file stem.
  const std::string shown_origin = Printable(origin);
  if (!document.is_object()) {
    return InvalidArgumentError(shown_origin + ": the top level must be a JSON object, got " +
                                config::DescribeJson(document));
  }
  const std::string stem = std::filesystem::path(std::string(origin)).stem().string();
  return config::ReadArchitectureDocument(document, shown_origin, options,
                                          stem.empty() ? std::string(origin) : stem);
}

}  // namespace llmcost
