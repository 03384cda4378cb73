// The one parser for every numeric flag: "4096", "1.36e21", and K/M/B/T suffixes ("2T", "7B").
//
// Private to src/cli/. Decimal only: no hex ("0x10"), no "inf"/"nan", no sign other than a
// leading '-' (so that "--seq-len -1" says "must be >= 1" rather than "not a number"), no
// spaces, no trailing text, no empty string. Suffixes are decimal: K 1e3, M 1e6, B (or G)
// 1e9, T 1e12, P 1e15, as reports print them ("2.000T").
#ifndef LLMCOST_SRC_CLI_NUMBER_PARSER_H_
#define LLMCOST_SRC_CLI_NUMBER_PARSER_H_

#include <cstdint>
#include <optional>
#include <string_view>

namespace llmcost::cli {

// The value of `text`, or nullopt when it is not a finite number in the form above.
std::optional<double> ParseNumber(std::string_view text);

// The value of `text` when it is a whole number in the form above that fits in int64_t
// exactly ("3.2e4" and "32K" are 32000), else nullopt.
std::optional<int64_t> ParseWholeNumber(std::string_view text);

}  // namespace llmcost::cli

#endif  // LLMCOST_SRC_CLI_NUMBER_PARSER_H_
