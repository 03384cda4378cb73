// Human-readable numbers for text and Markdown: "1.294B", "2.612 GFLOPs", "12.50 GiB".
//
// Four significant digits (DESIGN §2). Locale-independent (fmt). Machine formats never
// use these; they print exact integers and shortest round-trip doubles.
#ifndef LLMCOST_SRC_RENDER_HUMANIZE_H_
#define LLMCOST_SRC_RENDER_HUMANIZE_H_

#include <cstdint>
#include <string>

#include "llmcost/report.h"

namespace llmcost {

// A count with K/M/B/T suffixes (decimal): 1294159104 -> "1.294B", 999 -> "999".
std::string HumanizeCount(double count);
// FLOPs with SI prefixes: 2.612e9 -> "2.612 GFLOPs".
std::string HumanizeFlops(double flops);
// Bytes with binary prefixes: 13421772800 -> "12.50 GiB", 512 -> "512 B".
std::string HumanizeBytes(double bytes);
// Seconds as s, min, h or days: 90 -> "1.500 min".
std::string HumanizeSeconds(double seconds);
// A value with four significant digits, no suffix: 0.012345 -> "0.01235".
std::string FormatSignificant(double value);
// Shortest round-trip decimal form of a double (std::to_chars), e.g. "0.1", "3.15e+23".
std::string FormatShortest(double value);

// Formats `value` for text according to `unit` (see Unit).
std::string HumanizeValue(const Value& value, Unit unit);

// A phrase as text: literal parts as they are, each quantity through HumanizeValue.
std::string HumanizePhrase(const Phrase& phrase);

}  // namespace llmcost

#endif  // LLMCOST_SRC_RENDER_HUMANIZE_H_
