// The unit chooser: one ladder of prefixes per Unit, four significant digits.
#include "humanize.h"

#include <array>
#include <charconv>
#include <cmath>
#include <span>

#include <fmt/compile.h>
#include <fmt/format.h>

namespace llmcost {
namespace {

// One prefix of a ladder.
struct Rung {
  double size;         // one of this rung in the ladder's base unit
  double from;         // smallest magnitude (base unit) printed on this rung
  const char* before;  // text before the number ("$")
  const char* after;   // text after the number (" GiB")
};

struct Ladder {
  std::span<const Rung> rungs;
  double input_scale = 1;       // base units per unit of the input (kWh -> Wh: 1000)
  bool plain_integers = false;  // an integral value on the first rung prints without decimals
  size_t scientific_rung = 0;   // the rung that scientific notation is written in
};

// Above 10^4 of the top rung, four significant digits need scientific notation.
constexpr double kTopRungLimit = 1e4;

constexpr double kKi = 1024;
constexpr std::array<Rung, 5> kCountRungs = {{{1, 0, "", ""},
                                              {1e3, 1e3, "", "K"},
                                              {1e6, 1e6, "", "M"},
                                              {1e9, 1e9, "", "B"},
                                              {1e12, 1e12, "", "T"}}};
constexpr std::array<Rung, 9> kFlopsRungs = {{{1, 0, "", " FLOPs"},
                                              {1e3, 1e3, "", " KFLOPs"},
                                              {1e6, 1e6, "", " MFLOPs"},
                                              {1e9, 1e9, "", " GFLOPs"},
                                              {1e12, 1e12, "", " TFLOPs"},
                                              {1e15, 1e15, "", " PFLOPs"},
                                              {1e18, 1e18, "", " EFLOPs"},
                                              {1e21, 1e21, "", " ZFLOPs"},
                                              {1e24, 1e24, "", " YFLOPs"}}};
// Accelerators compare in TFLOP/s: the T rung reaches 9999 TFLOP/s before P takes over.
constexpr std::array<Rung, 7> kFlopRateRungs = {{{1, 0, "", " FLOP/s"},
                                                 {1e3, 1e3, "", " KFLOP/s"},
                                                 {1e6, 1e6, "", " MFLOP/s"},
                                                 {1e9, 1e9, "", " GFLOP/s"},
                                                 {1e12, 1e12, "", " TFLOP/s"},
                                                 {1e15, 1e16, "", " PFLOP/s"},
                                                 {1e18, 1e19, "", " EFLOP/s"}}};
constexpr std::array<Rung, 7> kBytesRungs = {
    {{1, 0, "", " B"},
     {kKi, 1e3, "", " KiB"},
     {kKi * kKi, 1e3 * kKi, "", " MiB"},
     {kKi * kKi * kKi, 1e3 * kKi* kKi, "", " GiB"},
     {kKi * kKi * kKi * kKi, 1e3 * kKi* kKi* kKi, "", " TiB"},
     {kKi * kKi * kKi * kKi * kKi, 1e3 * kKi* kKi* kKi* kKi, "", " PiB"},
     {kKi * kKi * kKi * kKi * kKi * kKi, 1e3 * kKi* kKi* kKi* kKi* kKi, "", " EiB"}}};
constexpr std::array<Rung, 6> kBytesRateRungs = {{{1, 0, "", " B/s"},
                                                  {1e3, 1e3, "", " kB/s"},
                                                  {1e6, 1e6, "", " MB/s"},
                                                  {1e9, 1e9, "", " GB/s"},
                                                  {1e12, 1e12, "", " TB/s"},
                                                  {1e15, 1e15, "", " PB/s"}}};
constexpr double kMinute = 60;
constexpr double kHour = 3600;
constexpr double kDay = 86400;
constexpr double kYear = 365.25 * kDay;  // Julian year
constexpr std::array<Rung, 7> kSecondsRungs = {{{1e-6, 0, "", " µs"},
                                                {1e-3, 1e-3, "", " ms"},
                                                {1, 1, "", " s"},
                                                {kMinute, kMinute, "", " min"},
                                                {kHour, kHour, "", " h"},
                                                {kDay, kDay, "", " days"},
                                                {kYear, kYear, "", " years"}}};
constexpr std::array<Rung, 5> kHoursRungs = {{{1, 0, "", " h"},
                                              {1e3, 1e3, "", "K h"},
                                              {1e6, 1e6, "", "M h"},
                                              {1e9, 1e9, "", "B h"},
                                              {1e12, 1e12, "", "T h"}}};
constexpr std::array<Rung, 5> kUsdRungs = {{{1, 0, "$", ""},
                                            {1e3, 1e3, "$", "k"},
                                            {1e6, 1e6, "$", "M"},
                                            {1e9, 1e9, "$", "B"},
                                            {1e12, 1e12, "$", "T"}}};
constexpr std::array<Rung, 5> kWhRungs = {{{1, 0, "", " Wh"},
                                           {1e3, 1e3, "", " kWh"},
                                           {1e6, 1e6, "", " MWh"},
                                           {1e9, 1e9, "", " GWh"},
                                           {1e12, 1e12, "", " TWh"}}};
constexpr std::array<Rung, 4> kWattsRungs = {
    {{1, 0, "", " W"}, {1e3, 1e3, "", " kW"}, {1e6, 1e6, "", " MW"}, {1e9, 1e9, "", " GW"}}};
constexpr std::array<Rung, 5> kGramsRungs = {{{1, 0, "", " g"},
                                              {1e3, 1e3, "", " kg"},
                                              {1e6, 1e6, "", " t"},
                                              {1e9, 1e9, "", " kt"},
                                              {1e12, 1e12, "", " Mt"}}};
constexpr std::array<Rung, 5> kTokenRateRungs = {{{1, 0, "", " tokens/s"},
                                                  {1e3, 1e3, "", "K tokens/s"},
                                                  {1e6, 1e6, "", "M tokens/s"},
                                                  {1e9, 1e9, "", "B tokens/s"},
                                                  {1e12, 1e12, "", "T tokens/s"}}};

// The ladder of `unit`, or nullptr for a unit without prefixes.
const Ladder* LadderOf(Unit unit) {
  static const Ladder kCount{kCountRungs, 1, true, 0};
  static const Ladder kFlops{kFlopsRungs, 1, true, 0};
  static const Ladder kFlopRate{kFlopRateRungs, 1, true, 0};
  static const Ladder kBytes{kBytesRungs, 1, true, 0};
  static const Ladder kBytesRate{kBytesRateRungs, 1, true, 0};
  static const Ladder kSeconds{kSecondsRungs, 1, false, kSecondsRungs.size() - 1};
  static const Ladder kHours{kHoursRungs, 1, true, 0};
  static const Ladder kUsd{kUsdRungs, 1, false, 0};
  static const Ladder kKwh{kWhRungs, 1000, true, 1};
  static const Ladder kWatts{kWattsRungs, 1, true, 0};
  static const Ladder kCo2{kGramsRungs, 1000, true, 1};
  static const Ladder kTokenRate{kTokenRateRungs, 1, false, 0};
  switch (unit) {
    case Unit::kCount:
      return &kCount;
    case Unit::kFlops:
      return &kFlops;
    case Unit::kFlopRate:
      return &kFlopRate;
    case Unit::kBytes:
      return &kBytes;
    case Unit::kBytesRate:
      return &kBytesRate;
    case Unit::kSeconds:
      return &kSeconds;
    case Unit::kHours:
      return &kHours;
    case Unit::kUsd:
      return &kUsd;
    case Unit::kKwh:
      return &kKwh;
    case Unit::kWatts:
      return &kWatts;
    case Unit::kKilogramsCo2:
      return &kCo2;
    case Unit::kTokensPerSecond:
      return &kTokenRate;
    case Unit::kNone:
    case Unit::kPercent:
    case Unit::kRatio:
    case Unit::kScientific:
    case Unit::kShortest:
      return nullptr;
  }
  return nullptr;
}

// The value formatted `digits` ("9.999", "1e-05") stand for: std::from_chars, correctly
// rounded as strtod is, without its locale and copying.
double ReadBack(const std::string& digits) {
  double value = 0;
  std::from_chars(digits.data(), digits.data() + digits.size(), value);
  return value;
}

// `v` with four significant digits ("1.234", "12.34", "123.4", "1234"); below 1: "0.9766".
std::string FourDigits(double v) {
  const double a = std::fabs(v);
  if (a == 0) {
    return "0";
  }
  int decimals = a >= 1000  ? 0
                 : a >= 100 ? 1
                 : a >= 10  ? 2
                 : a >= 1   ? 3
                            : 3 - static_cast<int>(std::floor(std::log10(a)));
  std::string text = fmt::format(FMT_COMPILE("{:.{}f}"), v, decimals);
  // Rounding up to the next power of ten (9.9996 -> "10.000") takes one decimal less.
  const double rounded = std::fabs(ReadBack(text));
  if (decimals > 0 && rounded > a && std::floor(std::log10(rounded)) > std::floor(std::log10(a))) {
    text = fmt::format(FMT_COMPILE("{:.{}f}"), v, decimals - 1);
  }
  return text;
}

// `v` with at most three significant digits and no trailing zeros ("2.5", "100", "1500").
std::string TickDigits(double v) {
  if (std::fabs(v) >= 1000) {
    return fmt::format(FMT_COMPILE("{:.0f}"), v);
  }
  return fmt::format(FMT_COMPILE("{:.3g}"), v);
}

std::string Scientific(double v) {
  return fmt::format(FMT_COMPILE("{:.3e}"), v);
}

std::string OnRung(const Rung& rung, const std::string& digits) {
  std::string out = rung.before;
  out += digits;
  out += rung.after;
  return out;
}

// The rung `base` (a magnitude in the ladder's base unit) reaches.
size_t RungFor(const Ladder& ladder, double base) {
  size_t i = 0;
  while (i + 1 < ladder.rungs.size() && std::fabs(base) >= ladder.rungs[i + 1].from) {
    ++i;
  }
  return i;
}

enum class Precision { kFourDigits, kTick };

std::string OnLadder(const Ladder& ladder, double value, Precision precision) {
  const double base = value * ladder.input_scale;
  const auto digits_of = [&](double scaled) {
    return precision == Precision::kTick ? TickDigits(scaled) : FourDigits(scaled);
  };
  size_t i = RungFor(ladder, base);
  const Rung* rung = &ladder.rungs[i];
  std::string digits = digits_of(base / rung->size);
  // Rounding may carry into the next rung: 999.96 K -> "1000.0K" -> "1.000M".
  while (i + 1 < ladder.rungs.size() &&
         std::fabs(ReadBack(digits) * rung->size) >= ladder.rungs[i + 1].from) {
    rung = &ladder.rungs[++i];
    digits = digits_of(base / rung->size);
  }
  const double scaled = base / rung->size;
  if (i + 1 == ladder.rungs.size() && std::fabs(scaled) >= kTopRungLimit) {
    const Rung& sci = ladder.rungs[ladder.scientific_rung];
    return OnRung(sci, Scientific(base / sci.size));
  }
  if (i == 0 && base != 0 && std::fabs(scaled) < 1e-3) {
    return OnRung(*rung, Scientific(scaled));
  }
  if (i == 0 && ladder.plain_integers && scaled == std::floor(scaled)) {
    return OnRung(*rung, fmt::format(FMT_COMPILE("{:.0f}"), scaled));
  }
  return OnRung(*rung, digits);
}

}  // namespace

char* WriteShortest(double value, char* first) {
  // Below 2^53 every integer is a double, one apart or closer, so its shortest round-trip
  // digits are its own digits less the trailing zeros (s of them significant, k in all).
  // std::to_chars prints fixed "d...d" (k characters) unless scientific "d.dde+XX" is
  // shorter: s + 1 + 4 characters, or 5 when s is 1 (the exponent is below 100 here); a tie
  // goes to fixed. The sign adds one to both.
  constexpr double kExact = 9007199254740992.0;  // 2^53
  if (value != 0 && std::fabs(value) < kExact && value == std::trunc(value)) {
    char* const end = std::to_chars(first, first + 32, static_cast<int64_t>(value)).ptr;
    char* const digits_from = first + (value < 0 ? 1 : 0);
    const auto digits = static_cast<int>(end - digits_from);
    int trailing_zeros = 0;
    while (end[-1 - trailing_zeros] == '0') {
      ++trailing_zeros;
    }
    const int significant = digits - trailing_zeros;
    if (digits <= (significant == 1 ? 1 : significant + 1) + 4) {
      return end;
    }
  }
  return std::to_chars(first, first + 32, value).ptr;
}

std::string FormatShortest(double value) {
  std::array<char, 32> buffer{};
  return std::string(buffer.data(), WriteShortest(value, buffer.data()));
}

std::string FormatSignificant(double value) {
  if (value == 0) {
    return "0";
  }
  return fmt::format(FMT_COMPILE("{:.4g}"), value);
}

std::string WithThousandsSeparators(int64_t value) {
  const std::string digits = std::to_string(value);
  const size_t sign = value < 0 ? 1 : 0;
  std::string out = digits.substr(0, sign);
  const size_t n = digits.size() - sign;
  for (size_t i = 0; i < n; ++i) {
    if (i > 0 && (n - i) % 3 == 0) {
      out += ',';
    }
    out += digits[sign + i];
  }
  return out;
}

std::string HumanizeNumber(double value, Unit unit) {
  if (const Ladder* ladder = LadderOf(unit)) {
    return OnLadder(*ladder, value, Precision::kFourDigits);
  }
  switch (unit) {
    case Unit::kPercent:
      return fmt::format(FMT_COMPILE("{:.1f}%"), value * 100);
    case Unit::kScientific:
      return fmt::format(FMT_COMPILE("{:.4g}"), value);
    case Unit::kShortest:
      return FormatShortest(value);
    default:
      return FormatSignificant(value);
  }
}

std::string HumanizeTick(double value, Unit unit) {
  if (const Ladder* ladder = LadderOf(unit)) {
    return OnLadder(*ladder, value, Precision::kTick);
  }
  if (unit == Unit::kPercent) {
    return fmt::format(FMT_COMPILE("{:.3g}%"), value * 100);
  }
  return fmt::format(FMT_COMPILE("{:.3g}"), value);
}

std::string HumanizeCount(double count) {
  return HumanizeNumber(count, Unit::kCount);
}

std::string HumanizeFlops(double flops) {
  return HumanizeNumber(flops, Unit::kFlops);
}

std::string HumanizeBytes(double bytes) {
  return HumanizeNumber(bytes, Unit::kBytes);
}

std::string HumanizeSeconds(double secs) {
  return HumanizeNumber(secs, Unit::kSeconds);
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
  if (const auto* list = std::get_if<std::vector<Phrase>>(&value)) {
    std::string joined;
    for (const Phrase& line : *list) {
      joined += (joined.empty() ? "" : "; ") + HumanizePhrase(line);
    }
    return joined;
  }
  if (const int64_t* i = std::get_if<int64_t>(&value)) {
    if (unit == Unit::kNone || unit == Unit::kShortest) {
      return std::to_string(*i);
    }
    return HumanizeNumber(static_cast<double>(*i), unit);
  }
  return HumanizeNumber(std::get<double>(value), unit);
}

std::string HumanizeCell(const Value& value, Unit unit) {
  std::string text = HumanizeValue(value, unit);
  constexpr int64_t kExactFrom = 1000000;
  if (const int64_t* i = std::get_if<int64_t>(&value);
      i != nullptr && unit == Unit::kCount && (*i >= kExactFrom || *i <= -kExactFrom)) {
    text += " (" + WithThousandsSeparators(*i) + ")";
  }
  return text;
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
