// Report trees -> rows of leaves.
#include "flatten.h"

#include <map>

namespace llmcost {

// Walks one item at a time, keeping the current path and label in reusable buffers.
class RowIndex::Walker {
 public:
  explicit Walker(Audience audience) : audience_(audience) {}

  const std::vector<const Entry*>& Item(const Entry& item) {
    column_.assign(rows_.size(), nullptr);
    next_row_ = 0;
    for (const Entry& child : item.children) {
      Walk(child);
    }
    return column_;
  }

  const std::vector<FlatLeaf>& rows() const { return rows_; }

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
    // Items of one report mostly share their shape: try the row after the previous one first.
    if (next_row_ < rows_.size() && rows_[next_row_].path == path_) {
      column_[next_row_] = &e;
      ++next_row_;
      return;
    }
    auto it = row_of_.find(path_);
    size_t row = 0;
    if (it == row_of_.end()) {
      row = rows_.size();
      row_of_.emplace(path_, row);
      rows_.push_back({path_, label_, nullptr});
      column_.push_back(nullptr);
    } else {
      row = it->second;
    }
    column_[row] = &e;
    next_row_ = row + 1;
  }

  Audience audience_;
  std::vector<FlatLeaf> rows_;
  std::map<std::string, size_t, std::less<>> row_of_;
  std::vector<const Entry*> column_;
  size_t next_row_ = 0;
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
  RowIndex index(audience);
  table.columns.reserve(items.size());
  for (const Entry& item : items) {
    table.columns.push_back(index.Item(item));
  }
  for (std::vector<const Entry*>& column : table.columns) {
    column.resize(index.rows().size(), nullptr);
  }
  table.rows = index.rows();
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
