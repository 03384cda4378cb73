// The table people read (text, Markdown, HTML): items as columns, rows in tree order with
// section headings, and no row that only repeats the column headers.
#ifndef LLMCOST_SRC_RENDER_HUMAN_TABLE_H_
#define LLMCOST_SRC_RENDER_HUMAN_TABLE_H_

#include <string>
#include <vector>

#include "llmcost/report.h"

#include "flatten.h"

namespace llmcost {

struct HumanRow {
  std::string label;                // the entry's own label (its section is a heading row above it)
  int depth = 0;                    // nesting under section headings
  bool heading = false;             // a section without a value of its own: a heading, no cells
  std::vector<const Entry*> cells;  // one per item; nullptr where the item lacks the row
};

struct HumanTable {
  std::vector<std::string> headers;  // the items' names (all "" when an item has none)
  std::vector<HumanRow> rows;
};

// The human rows of `report`'s items. A leaf whose every cell reads the same as its column's
// header is left out, and a section whose headline does (the "Model: <name>" of a model
// report) keeps only its heading: the headers say it.
HumanTable BuildHumanTable(const Report& report);

}  // namespace llmcost

#endif  // LLMCOST_SRC_RENDER_HUMAN_TABLE_H_
