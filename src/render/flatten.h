// Flattening report trees into rows: shared by the CSV, Markdown and comparison renderers.
#ifndef LLMCOST_SRC_RENDER_FLATTEN_H_
#define LLMCOST_SRC_RENDER_FLATTEN_H_

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

}  // namespace llmcost

#endif  // LLMCOST_SRC_RENDER_FLATTEN_H_
