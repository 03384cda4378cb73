// Report trees -> rows of leaves.
#include "flatten.h"

#include <map>

namespace llmcost {
namespace {

// Walks one item, keeping the current path and label in reusable buffers.
class Flattener {
 public:
  Flattener(Audience audience, FlatTable* table) : audience_(audience), table_(table) {}

  void Item(const Entry& item) {
    column_.assign(table_->rows.size(), nullptr);
    for (const Entry& child : item.children) {
      Walk(child);
    }
    table_->columns.push_back(std::move(column_));
  }

 private:
  void Walk(const Entry& e) {
    if (!IsVisible(e, audience_)) {
      return;
    }
    const size_t path_size = path_.size();
    const size_t label_size = label_.size();
    if (!path_.empty()) {
      path_ += '.';
    }
    for (char c : e.key) {
      path_ += c == '/' ? '.' : c;
    }
    if (!label_.empty()) {
      label_ += ": ";
    }
    label_ += e.label;
    const bool has_value = !std::holds_alternative<std::monostate>(e.value);
    if (e.children.empty() || (audience_ == Audience::kHuman && has_value)) {
      Add(e);
    }
    for (const Entry& child : e.children) {
      Walk(child);
    }
    path_.resize(path_size);
    label_.resize(label_size);
  }

  void Add(const Entry& e) {
    auto it = row_of_.find(path_);
    size_t row = 0;
    if (it == row_of_.end()) {
      row = table_->rows.size();
      row_of_.emplace(path_, row);
      table_->rows.push_back({path_, label_, &e});
      column_.push_back(nullptr);
      for (std::vector<const Entry*>& earlier : table_->columns) {
        earlier.push_back(nullptr);
      }
    } else {
      row = it->second;
    }
    column_[row] = &e;
  }

  Audience audience_;
  FlatTable* table_;
  std::map<std::string, size_t, std::less<>> row_of_;
  std::vector<const Entry*> column_;
  std::string path_;
  std::string label_;
};

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

FlatTable FlattenItems(const std::vector<Entry>& items, Audience audience) {
  FlatTable table;
  Flattener flattener(audience, &table);
  for (const Entry& item : items) {
    flattener.Item(item);
  }
  return table;
}

}  // namespace llmcost
