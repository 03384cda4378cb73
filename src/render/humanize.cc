// Human-readable number formatting for text renderers.
#include "humanize.h"

#include <array>
#include <charconv>
#include <cmath>

#include <fmt/format.h>

namespace llmcost {
namespace {

// Formats `v` (1 <= |v| < 1000 after scaling) with 4 significant digits.
std::string FourDigits(double v) {
  const double a = std::fabs(v);
  int decimals = a >= 100 ? 1 : a >= 10 ? 2 : 3;
  return fmt::format("{:.{}f}", v, decimals);
}

// Scales `v` by `base` through `suffixes` until it is below `base`, rounding-aware.
template <size_t N>
std::string WithPrefixes(double v, double base, const std::array<const char*, N>& suffixes,
                         const char* unit_suffix) {
  size_t i = 0;
  double scaled = v;
  while (i + 1 < N && std::fabs(scaled) >= base) {
    scaled /= base;
    ++i;
  }
  std::string digits = FourDigits(scaled);
  // Rounding may carry to the next prefix, e.g. 999.96 -> "1000.0".
  if (std::fabs(std::stod(digits)) >= base && i + 1 < N) {
    scaled /= base;
    ++i;
    digits = FourDigits(scaled);
  }
  return digits + suffixes[i] + unit_suffix;
}

}  // namespace

std::string FormatShortest(double value) {
  std::array<char, 64> buffer{};
  auto [end, ec] = std::to_chars(buffer.data(), buffer.data() + buffer.size(), value);
  return std::string(buffer.data(), end);
}

std::string FormatSignificant(double value) {
  if (value == 0) {
    return "0";
  }
  return fmt::format("{:.4g}", value);
}

std::string HumanizeCount(double count) {
  if (std::fabs(count) < 1000) {
    return count == std::floor(count) ? fmt::format("{:.0f}", count) : FormatSignificant(count);
  }
  static constexpr std::array<const char*, 6> kSuffixes = {"", "K", "M", "B", "T", "Q"};
  return WithPrefixes(count, 1000, kSuffixes, "");
}

std::string HumanizeFlops(double flops) {
  if (std::fabs(flops) < 1000) {
    return FormatSignificant(flops) + " FLOPs";
  }
  static constexpr std::array<const char*, 8> kPrefixes = {" ",  " K", " M", " G",
                                                           " T", " P", " E", " Z"};
  return WithPrefixes(flops, 1000, kPrefixes, "FLOPs");
}

std::string HumanizeBytes(double bytes) {
  if (std::fabs(bytes) < 1024) {
    return fmt::format("{:.0f} B", bytes);
  }
  static constexpr std::array<const char*, 7> kPrefixes = {" B",   " KiB", " MiB", " GiB",
                                                           " TiB", " PiB", " EiB"};
  return WithPrefixes(bytes, 1024, kPrefixes, "");
}

std::string HumanizeSeconds(double seconds) {
  if (std::fabs(seconds) < 60) {
    return FormatSignificant(seconds) + " s";
  }
  if (std::fabs(seconds) < 3600) {
    return FourDigits(seconds / 60) + " min";
  }
  if (std::fabs(seconds) < 86400) {
    return FourDigits(seconds / 3600) + " h";
  }
  return HumanizeCount(seconds / 86400) + " days";
}

std::string HumanizeValue(const Value& value, Unit unit) {
  if (std::holds_alternative<std::monostate>(value)) {
    return "";
  }
  if (const bool* b = std::get_if<bool>(&value)) {
    return *b ? "yes" : "no";
  }
  if (const std::string* s = std::get_if<std::string>(&value)) {
    return *s;
  }
  const bool is_int = std::holds_alternative<int64_t>(value);
  const double v = is_int ? static_cast<double>(std::get<int64_t>(value)) : std::get<double>(value);
  switch (unit) {
    case Unit::kNone:
      return is_int ? std::to_string(std::get<int64_t>(value)) : FormatSignificant(v);
    case Unit::kCount:
      return HumanizeCount(v);
    case Unit::kFlops:
      return HumanizeFlops(v);
    case Unit::kFlopRate:
      return HumanizeFlops(v) + "/s";
    case Unit::kBytes:
      return HumanizeBytes(v);
    case Unit::kBytesRate: {
      std::string s = HumanizeCount(v);
      return s + (std::fabs(v) < 1000 ? " B/s" : "B/s");
    }
    case Unit::kSeconds:
      return HumanizeSeconds(v);
    case Unit::kHours:
      return HumanizeCount(v) + " h";
    case Unit::kUsd:
      // Built with insert, not "$" + std::string: g++ 12 -O2 warns falsely (-Wrestrict,
      // GCC bug 105329) on that operator+.
      return HumanizeCount(v).insert(0, 1, '$');
    case Unit::kKwh:
      return HumanizeCount(v) + " kWh";
    case Unit::kWatts:
      return HumanizeCount(v) + " W";
    case Unit::kPercent:
      return fmt::format("{:.1f}%", v * 100);
    case Unit::kRatio:
      return FormatSignificant(v);
    case Unit::kScientific:
      return fmt::format("{:.4g}", v);
    case Unit::kShortest:
      return is_int ? std::to_string(std::get<int64_t>(value)) : FormatShortest(v);
  }
  return FormatSignificant(v);
}

std::string HumanizePhrase(const Phrase& phrase) {
  std::string out;
  for (const Phrase::Part& part : phrase.parts()) {
    if (!part.quantity) {
      out += part.text;
      continue;
    }
    const Quantity& q = *part.quantity;
    out += std::holds_alternative<int64_t>(q.value)
               ? HumanizeValue(Value(std::get<int64_t>(q.value)), q.unit)
               : HumanizeValue(Value(std::get<double>(q.value)), q.unit);
  }
  return out;
}

}  // namespace llmcost
