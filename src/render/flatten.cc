// Report trees -> rows of leaves.
#include "render/flatten.h"

#include <algorithm>
#include <map>

namespace llmcost {
namespace {

std::string MachineKey(const std::string& key) {
  std::string out = key;
  std::replace(out.begin(), out.end(), '/', '.');
  return out;
}

void Walk(const Entry& e, const std::string& path, const std::string& label, Audience audience,
          std::vector<FlatLeaf>* out) {
  if (!IsVisible(e, audience)) {
    return;
  }
  const std::string my_path = path.empty() ? MachineKey(e.key) : path + "." + MachineKey(e.key);
  const std::string my_label = label.empty() ? e.label : label + ": " + e.label;
  if (e.children.empty()) {
    out->push_back({my_path, my_label, &e});
    return;
  }
  if (audience == Audience::kHuman && !std::holds_alternative<std::monostate>(e.value)) {
    out->push_back({my_path, my_label, &e});
  }
  for (const Entry& child : e.children) {
    Walk(child, my_path, my_label, audience, out);
  }
}

}  // namespace

bool IsVisible(const Entry& entry, Audience audience) {
  switch (entry.visibility) {
    case Visibility::kEverywhere:
      return true;
    case Visibility::kMachineOnly:
      return audience == Audience::kMachine;
    case Visibility::kTextOnly:
      return audience == Audience::kHuman;
  }
  return true;
}

std::vector<FlatLeaf> FlattenItem(const Entry& item, Audience audience) {
  std::vector<FlatLeaf> out;
  for (const Entry& child : item.children) {
    Walk(child, "", "", audience, &out);
  }
  return out;
}

FlatTable FlattenItems(const std::vector<Entry>& items, Audience audience) {
  FlatTable table;
  std::map<std::string, size_t> row_of;
  std::vector<std::vector<FlatLeaf>> flat;
  for (const Entry& item : items) {
    flat.push_back(FlattenItem(item, audience));
    for (const FlatLeaf& leaf : flat.back()) {
      if (row_of.emplace(leaf.path, table.rows.size()).second) {
        table.rows.push_back(leaf);
      }
    }
  }
  for (const std::vector<FlatLeaf>& leaves : flat) {
    std::vector<const Entry*> column(table.rows.size(), nullptr);
    for (const FlatLeaf& leaf : leaves) {
      column[row_of[leaf.path]] = leaf.entry;
    }
    table.columns.push_back(std::move(column));
  }
  return table;
}

}  // namespace llmcost
