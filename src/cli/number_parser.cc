// ParseNumber (number_parser.h).
#include "number_parser.h"

#include <cctype>
#include <charconv>
#include <cmath>
#include <string_view>

namespace llmcost::cli {
namespace {

// The multiplier a trailing suffix letter stands for, or 0 when `c` is none.
double SuffixMultiplier(char c) {
  switch (c) {
    case 'K':
    case 'k':
      return 1e3;
    case 'M':
      return 1e6;
    case 'B':
    case 'G':
      return 1e9;
    case 'T':
      return 1e12;
    case 'P':
      return 1e15;
    default:
      return 0;
  }
}

}  // namespace

std::optional<double> ParseNumber(std::string_view text) {
  if (text.empty()) {
    return std::nullopt;
  }
  double multiplier = SuffixMultiplier(text.back());
  if (multiplier != 0) {
    text.remove_suffix(1);
  } else {
    multiplier = 1;
  }
  // Digits, at most one '.', an optional exponent: what from_chars(general) reads, minus its
  // "inf", "nan" and hex-float spellings, which a leading digit or '.' rules out.
  const std::string_view digits = text.substr(!text.empty() && text.front() == '-' ? 1 : 0);
  if (digits.empty() || !(std::isdigit(static_cast<unsigned char>(digits.front())) != 0 ||
                          (digits.front() == '.' && digits.size() > 1))) {
    return std::nullopt;
  }
  if (digits.size() > 1 && digits[0] == '0' && (digits[1] == 'x' || digits[1] == 'X')) {
    return std::nullopt;
  }
  double value = 0;
  const char* end = text.data() + text.size();
  auto [ptr, ec] = std::from_chars(text.data(), end, value, std::chars_format::general);
  if (ec != std::errc() || ptr != end) {
    return std::nullopt;
  }
  value *= multiplier;
  if (!std::isfinite(value)) {
    return std::nullopt;
  }
  return value;
}

std::optional<int64_t> ParseWholeNumber(std::string_view text) {
  std::optional<double> value = ParseNumber(text);
  // 2^53: every whole double below it is exact, far beyond any count a flag takes.
  constexpr double kExact = 9007199254740992.0;
  if (!value || *value != std::floor(*value) || std::fabs(*value) > kExact) {
    return std::nullopt;
  }
  return static_cast<int64_t>(*value);
}

}  // namespace llmcost::cli
