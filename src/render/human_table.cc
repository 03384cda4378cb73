// Human tables from flattened report trees.
#include "human_table.h"

#include "humanize.h"

namespace llmcost {

HumanTable BuildHumanTable(const Report& report) {
  const FlatTable flat = FlattenItems(report.items, Audience::kHuman);
  HumanTable t;
  bool named = true;
  for (const Entry& item : report.items) {
    t.headers.push_back(item.key.str());
    named = named && !item.key.empty();
  }
  if (!named) {
    t.headers.assign(report.items.size(), "");
  }
  for (size_t r = 0; r < flat.rows.size(); ++r) {
    const FlatLeaf& leaf = flat.rows[r];
    HumanRow row;
    row.label = leaf.own_label;
    row.depth = leaf.depth;
    bool any_value = false;
    bool repeats_header = named;
    for (size_t c = 0; c < flat.columns.size(); ++c) {
      const Entry* e = flat.columns[c][r];
      const bool has = e != nullptr && !std::holds_alternative<std::monostate>(e->value);
      any_value = any_value || has;
      repeats_header = repeats_header && has && HumanizeValue(e->value, e->unit) == t.headers[c];
      row.cells.push_back(e);
    }
    if (repeats_header && !leaf.is_section) {
      continue;
    }
    // A section whose headline repeats the headers keeps only its heading.
    row.heading = leaf.is_section && (!any_value || repeats_header);
    if (row.heading) {
      row.cells.assign(row.cells.size(), nullptr);
    }
    t.rows.push_back(std::move(row));
  }
  return t;
}

}  // namespace llmcost
