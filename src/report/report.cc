// Builders for Report entries.
#include "llmcost/report.h"

#include <utility>

namespace llmcost {

Entry Section(Text key, Text label, std::vector<Entry> children) {
  Entry e;
  e.key = std::move(key);
  e.label = std::move(label);
  e.children = std::move(children);
  return e;
}

namespace {

// The leaf's fields, set in `e`.
void SetLeaf(Entry& e, Text&& key, Text&& label, Value&& value, Unit unit, Phrase&& note) {
  e.key = std::move(key);
  e.label = std::move(label);
  e.value = std::move(value);
  e.unit = unit;
  e.note = std::move(note);
}

}  // namespace

Entry Leaf(Text key, Text label, Value value, Unit unit, Phrase note) {
  Entry e;
  SetLeaf(e, std::move(key), std::move(label), std::move(value), unit, std::move(note));
  return e;
}

Entry& AddLeaf(std::vector<Entry>* to, Text key, Text label, Value value, Unit unit, Phrase note) {
  Entry& e = to->emplace_back();
  SetLeaf(e, std::move(key), std::move(label), std::move(value), unit, std::move(note));
  return e;
}

Phrase::Phrase(Quantity quantity) {
  quantities_.push_back({0, quantity});
}

std::vector<Phrase::Part> Phrase::parts() const {
  std::vector<Part> parts;
  const std::string_view text = text_.view();
  size_t from = 0;
  for (const Placed& q : quantities_) {
    if (q.at > from) {
      parts.push_back({std::string(text.substr(from, q.at - from)), std::nullopt});
    }
    parts.push_back({{}, q.quantity});
    from = q.at;
  }
  if (from < text.size()) {
    parts.push_back({std::string(text.substr(from)), std::nullopt});
  }
  return parts;
}

Phrase& Phrase::operator+=(const Phrase& other) {
  if (empty()) {
    *this = other;
    return *this;
  }
  const size_t shift = text_.size();
  text_ += other.text_.view();
  for (const Placed& q : other.quantities_) {
    quantities_.push_back({q.at + shift, q.quantity});
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

Entry MachineLeaf(Text key, Value value, Unit unit) {
  Entry e = Leaf(std::move(key), "", std::move(value), unit);
  e.visibility = Visibility::kMachineOnly;
  return e;
}

}  // namespace llmcost
