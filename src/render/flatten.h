// Flattening report trees into rows: shared by the CSV, Markdown and comparison renderers.
#ifndef LLMCOST_SRC_RENDER_FLATTEN_H_
#define LLMCOST_SRC_RENDER_FLATTEN_H_

#include <memory>
#include <string>
#include <vector>

#include "llmcost/report.h"

namespace llmcost {

enum class Audience { kHuman, kMachine };

// One leaf of a report tree with its full path.
struct FlatLeaf {
  std::string path;   // machine path, e.g. "parameters.breakdown.attention.q_proj"
  std::string label;  // human path, e.g. "Parameters: Breakdown: attention.q_proj"
  const Entry* entry = nullptr;
};

// True when `entry` is shown to `audience`.
bool IsVisible(const Entry& entry, Audience audience);

// The union of the items' visible leaf paths, in first-seen tree order, and each item's
// leaves by that order (nullptr where an item lacks a row). A section's own value (a text
// headline) is a leaf of its own for humans. Paths and labels are built once per row, not
// per item, so thousands of items flatten without an allocation per leaf.
struct FlatTable {
  std::vector<FlatLeaf> rows;                      // label/path of each row
  std::vector<std::vector<const Entry*>> columns;  // columns[item][row]
};
FlatTable FlattenItems(const std::vector<Entry>& items, Audience audience);

// The same flattening one item at a time, for items that do not stay in memory (ReportWriter).
// Rows accumulate across items in first-seen order, exactly as FlattenItems orders them.
class RowIndex {
 public:
  explicit RowIndex(Audience audience);
  ~RowIndex();
  RowIndex(const RowIndex&) = delete;
  RowIndex& operator=(const RowIndex&) = delete;

  // The item's leaves by row (nullptr where it lacks one), sized to rows() after the call.
  // The pointers point into `item`. A new row's FlatLeaf::entry is left null.
  const std::vector<const Entry*>& Item(const Entry& item);
  const std::vector<FlatLeaf>& rows() const;

 private:
  class Walker;
  std::unique_ptr<Walker> walker_;
};

}  // namespace llmcost

#endif  // LLMCOST_SRC_RENDER_FLATTEN_H_
