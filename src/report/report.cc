// Builders for Report entries.
#include "llmcost/report.h"

#include <utility>

namespace llmcost {

Entry Section(std::string key, std::string label, std::vector<Entry> children) {
  Entry e;
  e.key = std::move(key);
  e.label = std::move(label);
  e.children = std::move(children);
  return e;
}

Entry Leaf(std::string key, std::string label, Value value, Unit unit, Phrase note) {
  Entry e;
  e.key = std::move(key);
  e.label = std::move(label);
  e.value = std::move(value);
  e.unit = unit;
  e.note = std::move(note);
  return e;
}

Phrase::Phrase(std::string text) {
  if (!text.empty()) {
    parts_.push_back({std::move(text), std::nullopt});
  }
}

Phrase::Phrase(const char* text) : Phrase(std::string(text)) {}

Phrase::Phrase(Quantity quantity) {
  parts_.push_back({{}, quantity});
}

Phrase& Phrase::operator+=(const Phrase& other) {
  for (const Part& part : other.parts_) {
    // Adjacent literal text merges, so a phrase without numbers is one part.
    if (!part.quantity && !parts_.empty() && !parts_.back().quantity) {
      parts_.back().text += part.text;
    } else {
      parts_.push_back(part);
    }
  }
  return *this;
}

Phrase& Phrase::operator+=(Phrase&& other) {
  if (parts_.empty()) {
    parts_ = std::move(other.parts_);
    return *this;
  }
  for (Part& part : other.parts_) {
    if (!part.quantity && !parts_.back().quantity) {
      parts_.back().text += part.text;
    } else {
      parts_.push_back(std::move(part));
    }
  }
  return *this;
}

Phrase Amount(double value, Unit unit) {
  return Phrase(Quantity{value, unit});
}

Phrase Amount(int64_t value, Unit unit) {
  return Phrase(Quantity{value, unit});
}

std::vector<Phrase> Lines(const std::vector<std::string>& lines) {
  return {lines.begin(), lines.end()};
}

Entry MachineLeaf(std::string key, Value value, Unit unit) {
  Entry e = Leaf(std::move(key), "", std::move(value), unit);
  e.visibility = Visibility::kMachineOnly;
  return e;
}

}  // namespace llmcost
