// The one table from the core's field names to the CLI's flag names.
//
// Private to src/cli/. The analyses name fields ("seq_len: must be >= 1, got 0"); a person
// typed flags, so the CLI says "--seq-len: must be >= 1, got 0".
#ifndef LLMCOST_SRC_CLI_FLAG_NAMES_H_
#define LLMCOST_SRC_CLI_FLAG_NAMES_H_

#include <string>
#include <string_view>

#include "llmcost/status.h"

namespace llmcost::cli {

// The flag that sets `field` ("seq_len" -> "--seq-len"), or "" when none does.
std::string_view FlagForField(std::string_view field);

// `status` with its field (status.field()) named by its flag, where a flag sets it.
Status InFlagTerms(const Status& status);

}  // namespace llmcost::cli

#endif  // LLMCOST_SRC_CLI_FLAG_NAMES_H_
