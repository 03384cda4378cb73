// Report trees -> rows of leaves.
#include "flatten.h"

#include <algorithm>
#include <map>

namespace llmcost {
namespace {

// Walks one item, keeping the current path and label in reusable buffers.
class Flattener {
 public:
  Flattener(Audience audience, FlatTable* table) : audience_(audience), table_(table) {}

  void Item(const Entry& item) {
    column_.assign(table_->rows.size(), nullptr);
    previous_row_ = kNone;
    for (const Entry& child : item.children) {
      Walk(child, 0);
    }
    PlacePending(previous_row_ == kNone ? order_.size() : PositionOf(previous_row_) + 1);
    table_->columns.push_back(std::move(column_));
  }

  // Puts rows (and every column) in display order.
  void Finish() {
    std::vector<FlatLeaf> rows;
    rows.reserve(order_.size());
    for (size_t r : order_) {
      rows.push_back(std::move(table_->rows[r]));
    }
    table_->rows = std::move(rows);
    for (std::vector<const Entry*>& column : table_->columns) {
      std::vector<const Entry*> ordered;
      ordered.reserve(order_.size());
      for (size_t r : order_) {
        ordered.push_back(r < column.size() ? column[r] : nullptr);
      }
      column = std::move(ordered);
    }
  }

 private:
  static constexpr size_t kNone = static_cast<size_t>(-1);

  void Walk(const Entry& e, int depth) {
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
    const bool is_section = !e.children.empty();
    if (!is_section || audience_ == Audience::kHuman) {
      Add(e, depth, is_section);
    }
    for (const Entry& child : e.children) {
      Walk(child, depth + 1);
    }
    path_.resize(path_size);
    label_.resize(label_size);
  }

  size_t PositionOf(size_t row) const {
    return static_cast<size_t>(std::find(order_.begin(), order_.end(), row) - order_.begin());
  }

  // Rows new in this item go where they belong: before the next row it shares with earlier
  // items (or after the last shared one, at the item's end).
  void PlacePending(size_t position) {
    order_.insert(order_.begin() + static_cast<std::ptrdiff_t>(position), pending_.begin(),
                  pending_.end());
    pending_.clear();
  }

  void Add(const Entry& e, int depth, bool is_section) {
    // A section and a leaf may share a path in different items, and so may two sections with
    // different labels (JSON merges them; people read two headings): keep them apart.
    std::string key = path_;
    if (is_section) {
      key += '/';
      key += label_;
    }
    auto it = row_of_.find(key);
    size_t row = 0;
    if (it == row_of_.end()) {
      row = table_->rows.size();
      row_of_.emplace(std::move(key), row);
      table_->rows.push_back({path_, label_, e.label, depth, is_section, &e});
      column_.push_back(nullptr);
      pending_.push_back(row);
    } else {
      row = it->second;
      PlacePending(PositionOf(row));
      previous_row_ = row;
    }
    column_[row] = &e;
  }

  Audience audience_;
  FlatTable* table_;
  std::map<std::string, size_t, std::less<>> row_of_;
  std::vector<size_t> order_;    // row indices in display order
  std::vector<size_t> pending_;  // this item's new rows since its last shared one
  std::vector<const Entry*> column_;
  size_t previous_row_ = kNone;
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
  flattener.Finish();
  return table;
}

}  // namespace llmcost
