// Numeric flag values parsed by llmcost itself, so that "nan", "inf", "-1" and "1e21x" get one
// clear line naming the flag (exit 1: a bad value), not CLI11's generic message.
#ifndef LLMCOST_SRC_CLI_NUMBER_FLAGS_H_
#define LLMCOST_SRC_CLI_NUMBER_FLAGS_H_

#include <charconv>
#include <cmath>
#include <cstdint>
#include <string>
#include <string_view>

#include "llmcost/status.h"

namespace llmcost::cli {

// Parses a positive finite decimal such as "1.36e21" or "7000000000".
// Errors: kInvalidArgument "--compute must be a positive finite number of FLOPs, got 'nan'".
inline Result<double> ParsePositiveNumber(std::string_view flag, std::string_view text,
                                          std::string_view unit) {
  double value = 0;
  const char* end = text.data() + text.size();
  auto [ptr, ec] = std::from_chars(text.data(), end, value);
  if (ec != std::errc() || ptr != end || !std::isfinite(value) || !(value > 0)) {
    return InvalidArgumentError(std::string(flag) + " must be a positive finite number of " +
                                std::string(unit) + ", got '" + std::string(text) + "'");
  }
  return value;
}

// Parses a positive integer such as "32000" (also "3.2e4" when it is a whole number).
// Errors: kInvalidArgument "--vocab must be a positive integer, got '0'".
inline Result<int64_t> ParsePositiveInteger(std::string_view flag, std::string_view text) {
  Result<double> value = ParsePositiveNumber(flag, text, "units");
  constexpr double kLimit = 9.0e15;  // exactly representable; far beyond any real width
  if (!value.ok() || *value != std::floor(*value) || *value > kLimit) {
    return InvalidArgumentError(std::string(flag) + " must be a positive integer, got '" +
                                std::string(text) + "'");
  }
  return static_cast<int64_t>(*value);
}

}  // namespace llmcost::cli

#endif  // LLMCOST_SRC_CLI_NUMBER_FLAGS_H_
