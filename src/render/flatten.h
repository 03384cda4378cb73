// Flattening report trees into rows: shared by the text, Markdown, HTML and CSV renderers.
#ifndef LLMCOST_SRC_RENDER_FLATTEN_H_
#define LLMCOST_SRC_RENDER_FLATTEN_H_

#include <memory>
#include <string>
#include <vector>

#include "llmcost/report.h"

namespace llmcost {

enum class Audience { kHuman, kMachine };

// One row of a report table: a leaf, or (for humans) a section heading, with its full path.
struct FlatLeaf {
  std::string path;         // machine path, e.g. "parameters.breakdown.attention.q_proj"
  std::string label;        // human path, e.g. "Parameters: Breakdown: attention.q_proj"
  std::string own_label;    // the entry's own label, e.g. "attention.q_proj"
  int depth = 0;            // 0 for an item's children, +1 per enclosing section
  bool is_section = false;  // an entry with children (its own value, if any, is the headline)
  const Entry* entry = nullptr;
};

// True when `entry` is shown to `audience`.
bool IsVisible(const Entry& entry, Audience audience);

// The union of the items' visible rows and each item's entries by row (nullptr where an item
// lacks a row). Machines get the leaves; humans also get a row per section (its heading, with
// the section's own value when it has one). Rows keep their tree order: rows that only some
// items have are placed, in the first item having them, before the next row that item shares
// with earlier ones (a dense model first does not push an MoE model's rows to the end). Paths and
// labels are built once per row, not per item, so thousands of items flatten without an allocation
// per leaf.
struct FlatTable {
  std::vector<FlatLeaf> rows;                      // label/path of each row, in display order
  std::vector<std::vector<const Entry*>> columns;  // columns[item][row]
};
FlatTable FlattenItems(const std::vector<Entry>& items, Audience audience);

// The same flattening one item at a time, for items that do not stay in memory (ReportWriter).
// Rows accumulate across items in first-seen order, exactly as FlattenItems orders machine
// rows (human rows are then put in display order by FlattenItems).
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
  friend FlatTable FlattenItems(const std::vector<Entry>& items, Audience audience);
  class Walker;
  std::unique_ptr<Walker> walker_;
};

}  // namespace llmcost

#endif  // LLMCOST_SRC_RENDER_FLATTEN_H_
