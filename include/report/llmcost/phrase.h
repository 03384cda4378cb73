// Units and running text with numbers in it: what report builders hand to renderers.
//
// A builder states what a number measures (Unit); only renderers turn it into characters
// (src/render/humanize.h). A Phrase keeps numbers inside notes and header lines as numbers.
#ifndef LLMCOST_PHRASE_H_
#define LLMCOST_PHRASE_H_

#include <cstdint>
#include <optional>
#include <string>
#include <utility>
#include <variant>
#include <vector>

#include "llmcost/text.h"

namespace llmcost {

// What a value measures: picks its text formatting (the renderer chooses the prefix per value,
// src/render/humanize.h). Machine formats (JSON, CSV) always print base units: counts and bytes
// as exact integers, the rest as doubles.
enum class Unit {
  kNone,             // plain text, bool, or a plain integer such as a layer count ("2304")
  kCount,            // a large count, humanized in text as "1.294B", "147.5M"
  kFlops,            // FLOPs, text "2.612 GFLOPs"
  kFlopRate,         // FLOP/s, text "989.0 TFLOP/s"
  kBytes,            // bytes, text "12.50 GiB" (binary prefixes)
  kBytesRate,        // bytes/s, text "3.350 TB/s" (decimal prefixes)
  kSeconds,          // text "7.525 ms", "1.234 s", "3.500 days", "12.30 years"
  kHours,            // an amount of (GPU-)hours, text "2.664M h"
  kUsd,              // text "$512.0", "$12.34k", "$5.328M"
  kKwh,              // energy in kWh, text "512.0 Wh", "48.65 MWh", "1.200 GWh"
  kWatts,            // text "700 W", "1.000 kW"
  kKilogramsCo2,     // CO2-equivalent mass in kg, text "850.0 kg", "19.46 t", "1.500 kt"
  kTokensPerSecond,  // a token rate, text "87.50 tokens/s", "1.234K tokens/s"
  kPercent,          // a fraction in [0, 1] printed as "50.1%"
  kRatio,            // a dimensionless double, 4 significant digits
  kScientific,       // a double in scientific notation, 4 significant digits: "1.36e+21"
  kShortest,         // a double as its shortest round-trip decimal: "0.4", "1.2"
};

// A number inside running text (a note, a header line, a reason). The builder states what it
// measures; the renderer formats it, so report builders never format a number themselves.
struct Quantity {
  std::variant<int64_t, double> value;
  Unit unit = Unit::kNone;
};

// Running text with numbers left to the renderer: a sequence of literal text and quantities.
// Built by concatenation: "MFU " + Amount(0.4, Unit::kPercent) + " of the dense peak".
// Held as its literal text (Text: a string literal is borrowed, not copied) and the quantities
// with the offsets in that text where they stand, so a phrase of literal text allocates
// nothing and one with numbers allocates once.
class Phrase {
 public:
  struct Part {
    std::string text;                  // literal text (when `quantity` is empty)
    std::optional<Quantity> quantity;  // a number to format
  };

  Phrase() = default;
  // NOLINTNEXTLINE(google-explicit-constructor): text is a phrase
  Phrase(Text text) : text_(std::move(text)) {}
  // NOLINTNEXTLINE(google-explicit-constructor): a literal is a phrase
  template <size_t N>
  Phrase(const char (&literal)[N]) : text_(literal) {}
  // NOLINTNEXTLINE(google-explicit-constructor)
  Phrase(std::string text) : text_(std::move(text)) {}
  // A character pointer, copied (text.h). NOLINTNEXTLINE(google-explicit-constructor)
  template <typename P, typename = std::enable_if_t<IsCharPointer<P>>>
  Phrase(P&& text) : text_(std::string(text)) {}
  explicit Phrase(Quantity quantity);

  // The phrase as parts in order: maximal runs of literal text and each quantity.
  std::vector<Part> parts() const;
  bool empty() const { return text_.empty() && quantities_.empty(); }

  Phrase& operator+=(const Phrase& other);
  Phrase& operator+=(Phrase&& other) {
    if (empty()) {
      return *this = std::move(other);
    }
    return *this += static_cast<const Phrase&>(other);
  }
  // `a` is returned by move (`return a += b` would copy it: += returns a reference).
  friend Phrase operator+(Phrase a, const Phrase& b) {
    a += b;
    return a;
  }
  friend Phrase operator+(Phrase a, Phrase&& b) {
    a += std::move(b);
    return a;
  }

 private:
  struct Placed {
    size_t at = 0;  // offset in text_ where the quantity stands
    Quantity quantity;
  };

  Text text_;
  std::vector<Placed> quantities_;  // in order of `at`
};

// A quantity to place in a Phrase.
Phrase Amount(double value, Unit unit);
Phrase Amount(int64_t value, Unit unit = Unit::kNone);

}  // namespace llmcost

#endif  // LLMCOST_PHRASE_H_
