// Human-readable numbers for text, Markdown, HTML and charts: the unit chooser.
//
// Each Unit has a ladder of prefixes (bytes: B, KiB, MiB, GiB ...; time: µs, ms, s, min, h,
// days, years; money: $, $k, $M ...). A value takes the largest rung it reaches, printed with
// four significant digits (docs/formulas.md#conventions): "1.294B", "2.612 GFLOPs", "12.50 GiB",
// "7.525 ms". A rung is reached at 1000 of the rung below (binary prefixes too: 1000 MiB prints as
// "0.9766 GiB", never "1000.0 MiB"), or at the rung's own size where the step is not 1000
// (60 s, 60 min, 24 h, 365.25 days). Beyond the largest rung's range (10^4 of it) the value
// prints in scientific notation. Locale-independent (fmt). Machine formats never use these;
// they print exact integers and shortest round-trip doubles.
#ifndef LLMCOST_SRC_RENDER_HUMANIZE_H_
#define LLMCOST_SRC_RENDER_HUMANIZE_H_

#include <cstdint>
#include <string>

#include "llmcost/report.h"

namespace llmcost {

// `value` measured in `unit` with its prefix chosen (the table in humanize.cc), four
// significant digits. Unit::kNone, kRatio, kScientific, kShortest and kPercent have no prefix.
std::string HumanizeNumber(double value, Unit unit);
// The same choice of prefix for an axis tick: at most three significant digits, no trailing
// zeros ("100M", "2.5B", "1 GiB", "10 ms").
std::string HumanizeTick(double value, Unit unit);

// Shorthands of HumanizeNumber.
std::string HumanizeCount(double count);   // 1294159104 -> "1.294B", 999 -> "999"
std::string HumanizeFlops(double flops);   // 2.612e9 -> "2.612 GFLOPs"
std::string HumanizeBytes(double bytes);   // 13421772800 -> "12.50 GiB", 512 -> "512 B"
std::string HumanizeSeconds(double secs);  // 0.007525 -> "7.525 ms", 90 -> "1.500 min"

// An integer with thousands separators: 8030261248 -> "8,030,261,248".
std::string WithThousandsSeparators(int64_t value);
// A value with four significant digits, no suffix: 0.012345 -> "0.01235".
std::string FormatSignificant(double value);
// Shortest round-trip decimal form of a double (std::to_chars), e.g. "0.1", "3.15e+23".
std::string FormatShortest(double value);
// The same characters written to [first, first + 32): returns their end. An integral value
// below 2^53, the common case in machine formats (FLOPs of a model), is written as an
// integer when that is no longer; the text is std::to_chars's either way.
char* WriteShortest(double value, char* first);

// Formats `value` for running text according to `unit` (see Unit).
std::string HumanizeValue(const Value& value, Unit unit);
// Formats a table cell: HumanizeValue, and an exact count (an int64_t with Unit::kCount of a
// million or more) also with all its digits: "8.030B (8,030,261,248)".
std::string HumanizeCell(const Value& value, Unit unit);

// A phrase as text: literal parts as they are, each quantity through HumanizeValue.
std::string HumanizePhrase(const Phrase& phrase);

}  // namespace llmcost

#endif  // LLMCOST_SRC_RENDER_HUMANIZE_H_
