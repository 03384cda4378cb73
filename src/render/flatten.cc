// Report trees -> rows of leaves.
#include "flatten.h"

#include <algorithm>
#include <map>

namespace llmcost {

// Walks one item at a time and keeps the display order of the rows (see FlattenItems).
// Items of one report mostly share their shape, so the walk remembers the previous items'
// visits (depth, key, kind, a section's label, and the row): while the current item visits
// the same entries in the same order, each row is known without building its path or
// looking it up; from the first difference on, paths are built from the trail of enclosing
// entries and looked up (and the memo is extended for the next item).
class RowIndex::Walker {
 public:
  explicit Walker(Audience audience) : audience_(audience) {}

  const std::vector<const Entry*>& Item(const Entry& item) {
    column_.assign(rows_.size(), nullptr);
    previous_row_ = kNone;
    visit_ = 0;
    matching_ = true;
    for (const Entry& child : item.children) {
      Walk(child, 0);
    }
    if (!pending_.empty()) {
      PlacePending(previous_row_ == kNone ? order_.size() : PositionOf(previous_row_) + 1);
    }
    return column_;
  }

  const std::vector<FlatLeaf>& rows() const { return rows_; }
  const std::vector<size_t>& order() const { return order_; }

 private:
  static constexpr size_t kNone = static_cast<size_t>(-1);

  struct Visit {
    int depth = 0;
    bool is_section = false;
    Text key;
    Text label;          // a section's only: two sections with one path and two labels differ
    size_t row = kNone;  // kNone: not a row (a section, for machines)
  };

  bool Matches(const Visit& v, const Entry& e, int depth, bool is_section) const {
    return v.depth == depth && v.is_section == is_section && v.key == e.key.view() &&
           (!is_section || v.label == e.label.view());
  }

  void Walk(const Entry& e, int depth) {
    if (!IsVisible(e, audience_)) {
      return;
    }
    const bool is_section = !e.children.empty();
    const bool is_row = !is_section || audience_ == Audience::kHuman;
    const size_t v = visit_++;
    trail_.push_back(&e);
    if (matching_ && (v >= memo_.size() || !Matches(memo_[v], e, depth, is_section))) {
      matching_ = false;
      memo_.resize(v);
    }
    size_t row = kNone;
    if (matching_) {
      row = memo_[v].row;
    } else {
      if (is_row) {
        row = Lookup(e, depth, is_section);
      }
      memo_.push_back({depth, is_section, e.key, is_section ? e.label : Text(), row});
    }
    if (is_row) {
      Place(e, row);
    }
    for (const Entry& child : e.children) {
      Walk(child, depth + 1);
    }
    trail_.pop_back();
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

  // The row of the entry at the end of trail_, added when no earlier item had it.
  size_t Lookup(const Entry& e, int depth, bool is_section) {
    path_.clear();
    label_.clear();
    for (const Entry* a : trail_) {
      if (!path_.empty()) {
        path_ += '.';
      }
      for (char c : a->key) {
        path_ += c == '/' ? '.' : c;
      }
      if (!label_.empty()) {
        label_ += ": ";
      }
      label_ += a->label;
    }
    // A section and a leaf may share a path in different items, and so may two sections with
    // different labels (JSON merges them; people read two headings): keep them apart.
    std::string key = path_;
    if (is_section) {
      key += '/';
      key += label_;
    }
    auto it = row_of_.find(key);
    if (it != row_of_.end()) {
      return it->second;
    }
    const size_t row = rows_.size();
    row_of_.emplace(std::move(key), row);
    rows_.push_back({path_, label_, e.label.str(), depth, is_section, nullptr});
    column_.push_back(nullptr);
    pending_.push_back(row);
    fresh_ = row;
    return row;
  }

  void Place(const Entry& e, size_t row) {
    const bool is_new = row == fresh_;
    fresh_ = kNone;
    if (!is_new) {
      // A row earlier items have: this item's new rows since the last shared one go before it.
      if (!pending_.empty()) {
        PlacePending(PositionOf(row));
      }
      previous_row_ = row;
    }
    column_[row] = &e;
  }

  Audience audience_;
  std::vector<FlatLeaf> rows_;
  std::map<std::string, size_t, std::less<>> row_of_;
  std::vector<size_t> order_;    // row indices in display order
  std::vector<size_t> pending_;  // this item's new rows since its last shared one
  std::vector<const Entry*> column_;
  size_t previous_row_ = kNone;
  size_t fresh_ = kNone;             // the row Lookup has just added, until it is placed
  std::vector<const Entry*> trail_;  // the entry being visited and its enclosing ones
  std::vector<Visit> memo_;          // the visits of the items so far, in walk order
  size_t visit_ = 0;
  bool matching_ = true;
  std::string path_;
  std::string label_;
};

RowIndex::RowIndex(Audience audience) : walker_(std::make_unique<Walker>(audience)) {}
RowIndex::~RowIndex() = default;

const std::vector<const Entry*>& RowIndex::Item(const Entry& item) {
  return walker_->Item(item);
}

const std::vector<FlatLeaf>& RowIndex::rows() const {
  return walker_->rows();
}

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
  RowIndex::Walker walker(audience);
  table.columns.reserve(items.size());
  for (const Entry& item : items) {
    table.columns.push_back(walker.Item(item));
  }
  const size_t rows = walker.rows().size();
  for (std::vector<const Entry*>& column : table.columns) {
    column.resize(rows, nullptr);
  }
  // Machines read first-seen order (as RowIndex streams it); people the display order.
  std::vector<size_t> order(rows);
  for (size_t r = 0; r < rows; ++r) {
    order[r] = r;
  }
  if (audience == Audience::kHuman) {
    order = walker.order();
  }
  table.rows.reserve(rows);
  for (size_t r : order) {
    table.rows.push_back(walker.rows()[r]);
  }
  for (std::vector<const Entry*>& column : table.columns) {
    std::vector<const Entry*> ordered;
    ordered.reserve(rows);
    for (size_t r : order) {
      ordered.push_back(column[r]);
    }
    column = std::move(ordered);
  }
  // Each row's first entry, for renderers that look at a row's unit or kind.
  for (size_t r = 0; r < table.rows.size(); ++r) {
    for (const std::vector<const Entry*>& column : table.columns) {
      if (column[r] != nullptr) {
        table.rows[r].entry = column[r];
        break;
      }
    }
  }
  return table;
}

}  // namespace llmcost
