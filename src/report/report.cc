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

Entry Leaf(std::string key, std::string label, Value value, Unit unit, std::string note) {
  Entry e;
  e.key = std::move(key);
  e.label = std::move(label);
  e.value = std::move(value);
  e.unit = unit;
  e.note = std::move(note);
  return e;
}

Entry MachineLeaf(std::string key, Value value, Unit unit) {
  Entry e = Leaf(std::move(key), "", std::move(value), unit);
  e.visibility = Visibility::kMachineOnly;
  return e;
}

}  // namespace llmcost
