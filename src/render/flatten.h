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

// The visible leaves of `item` in tree order. A section's own value (a text headline)
// becomes a leaf of its own for humans.
std::vector<FlatLeaf> FlattenItem(const Entry& item, Audience audience);

// The union of the items' leaf paths, in first-seen order, and each item's leaves by
// that order (nullptr where an item lacks a row).
struct FlatTable {
  std::vector<FlatLeaf> rows;                      // label/path of each row
  std::vector<std::vector<const Entry*>> columns;  // columns[item][row]
};
FlatTable FlattenItems(const std::vector<Entry>& items, Audience audience);

}  // namespace llmcost

#endif  // LLMCOST_SRC_RENDER_FLATTEN_H_
