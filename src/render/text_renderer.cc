// Plain-text reports, never wider than the terminal: the seed tool's layout for one item, a
// table with models as columns for several (in blocks of as many models as fit), or models as
// rows when a wide comparison takes fewer lines that way.
#include <algorithm>
#include <optional>
#include <sstream>
#include <string>

#include "llmcost/printable.h"

#include "flatten.h"
#include "human_table.h"
#include "humanize.h"
#include "renderers.h"
#include "text_layout.h"

namespace llmcost {
namespace {

constexpr size_t kMinWidth = 40;       // narrower terminals are laid out as if 40 columns wide
constexpr size_t kColumnGap = 2;       // spaces between table columns
constexpr size_t kMinLabelWidth = 16;  // the label column may shrink to this before wrapping

std::string Indent(size_t depth) {
  return std::string(depth * 2, ' ');
}

void WriteWrapped(const std::string& text, size_t width, size_t hanging, std::ostream& out) {
  if (FitsOnOneLine(text, width)) {
    out << text << "\n";
    return;
  }
  for (const std::string& line : WrapText(text, width, hanging)) {
    out << line << "\n";
  }
}

// "Label: value (note)" or "Label:" for a section; lines wrap under the label's indent.
void RenderEntry(const Entry& e, size_t depth, size_t width, std::ostream& out) {
  if (!IsVisible(e, Audience::kHuman)) {
    return;
  }
  const std::string indent = Indent(depth);
  std::string line = indent + Printable(e.label.view()) + ":";
  if (const auto* list = std::get_if<std::vector<Phrase>>(&e.value)) {
    out << line << "\n";
    for (const Phrase& item : *list) {
      WriteWrapped(Indent(depth + 1) + "- " + Printable(HumanizePhrase(item)), width,
                   indent.size() + 4, out);
    }
    return;
  }
  std::string value = Printable(HumanizeCell(e.value, e.unit));
  if (!value.empty()) {
    line += ' ';
    line += value;
  }
  if (!e.note.empty()) {
    line += ' ';
    line += Printable(HumanizePhrase(e.note));
  }
  WriteWrapped(line, width, indent.size() + 4, out);
  for (const Entry& child : e.children) {
    RenderEntry(child, depth + 1, width, out);
  }
}

void RenderTitle(const Report& report, size_t width, std::ostream& out) {
  if (!report.title.empty()) {  // a later block of a streamed report has none
    WriteWrapped(report.title, width, 0, out);
    out << std::string(std::min(DisplayWidth(report.title), width), '=') << "\n";
  }
  for (const Phrase& line : report.header) {
    WriteWrapped(Printable(HumanizePhrase(line)), width, 2, out);
  }
}

bool IsBlock(const Entry& e) {
  return !e.children.empty() || std::holds_alternative<std::vector<Phrase>>(e.value);
}

void RenderSingle(const Report& report, size_t width, std::ostream& out) {
  RenderTitle(report, width, out);
  bool previous_was_block = true;
  for (const Entry& item : report.items) {
    for (const Entry& entry : item.children) {
      if (!IsVisible(entry, Audience::kHuman)) {
        continue;
      }
      // Sections stand apart; a run of plain leaves stays together.
      const bool block = IsBlock(entry);
      if (block || previous_was_block) {
        out << "\n";
      }
      previous_was_block = block;
      RenderEntry(entry, 0, width, out);
    }
  }
}

std::string CellText(const Entry* e) {
  if (e == nullptr) {
    return "-";
  }
  std::string text = Printable(HumanizeCell(e->value, e->unit));
  return text.empty() ? "-" : text;
}

bool IsFreeText(const Entry* e) {
  return e != nullptr && std::holds_alternative<std::vector<Phrase>>(e->value);
}

// The comparison table as strings: which rows to show and what each cell says.
struct Grid {
  std::vector<std::string> headers;             // one per item ("" when items have no names)
  std::vector<std::string> labels;              // indented row labels
  std::vector<std::vector<std::string>> cells;  // cells[row][item]
  std::vector<std::vector<bool>> free_text;     // cells that wrap instead of widening
};

Grid BuildGrid(const HumanTable& table) {
  Grid g;
  g.headers = table.headers;
  for (const HumanRow& row : table.rows) {
    g.labels.push_back(Indent(static_cast<size_t>(row.depth)) + row.label);
    std::vector<std::string> cells;
    std::vector<bool> free;
    for (const Entry* e : row.cells) {
      cells.push_back(row.heading ? "" : CellText(e));
      free.push_back(IsFreeText(e));
    }
    g.cells.push_back(std::move(cells));
    g.free_text.push_back(std::move(free));
  }
  return g;
}

// Writes one row: the label and cells, each wrapped in its column, lines aligned.
void WriteRow(const std::string& label, const std::vector<std::string>& cells,
              const std::vector<size_t>& columns, size_t label_width, std::ostream& out) {
  std::vector<std::vector<std::string>> wrapped;
  // The label keeps its indent (its depth under section headings) on every line.
  const size_t first = label.find_first_not_of(' ');
  const size_t indent = first == std::string::npos ? 0 : std::min(first, label_width / 2);
  std::vector<std::string> label_lines =
      WrapText(std::string_view(label).substr(std::min(first, label.size())), label_width - indent,
               std::min<size_t>(2, label_width - indent - 1));
  for (std::string& line : label_lines) {
    line.insert(0, indent, ' ');
  }
  wrapped.push_back(std::move(label_lines));
  size_t height = wrapped.back().size();
  for (size_t i = 0; i < cells.size(); ++i) {
    wrapped.push_back(WrapText(cells[i], columns[i]));
    height = std::max(height, wrapped.back().size());
  }
  for (size_t line = 0; line < height; ++line) {
    std::string text;
    for (size_t i = 0; i < wrapped.size(); ++i) {
      const std::string part = line < wrapped[i].size() ? wrapped[i][line] : "";
      const size_t w = i == 0 ? label_width : columns[i - 1];
      if (i > 0) {
        text.append(kColumnGap, ' ');
      }
      text += PadRight(part, w);
    }
    while (!text.empty() && text.back() == ' ') {
      text.pop_back();
    }
    out << text << "\n";
  }
}

// The widths of as many columns from `first` on as fit in `room` (at least one; a column wider
// than the room is narrowed and wraps its cells), each after a gap of kColumnGap.
std::vector<size_t> PackColumns(const std::vector<size_t>& natural, size_t first, size_t room) {
  std::vector<size_t> columns;
  size_t used = 0;
  for (size_t i = first; i < natural.size(); ++i) {
    const size_t w = std::min(natural[i], room - kColumnGap);
    if (!columns.empty() && used + kColumnGap + w > room) {
      break;
    }
    columns.push_back(w);
    used += kColumnGap + w;
  }
  return columns;
}

// Items as columns, the label column on the left, in blocks of as many items as fit. Returns
// the number of blocks.
size_t WriteItemsAsColumns(const Grid& g, size_t width, std::ostream& out) {
  size_t blocks = 0;
  const size_t items = g.headers.size();
  size_t label_width = 1;
  for (const std::string& label : g.labels) {
    label_width = std::max(label_width, DisplayWidth(label));
  }
  // Each column as wide as its widest cell (free text wraps instead).
  std::vector<size_t> natural(items, 1);
  for (size_t c = 0; c < items; ++c) {
    natural[c] = std::max<size_t>(1, DisplayWidth(g.headers[c]));
    for (size_t r = 0; r < g.cells.size(); ++r) {
      if (!g.free_text[r][c]) {
        natural[c] = std::max(natural[c], DisplayWidth(g.cells[r][c]));
      }
    }
  }
  // The label column gives way first (down to kMinLabelWidth, wrapping long labels), so that
  // at least one value column fits beside it.
  const size_t widest = *std::max_element(natural.begin(), natural.end());
  const size_t label_cap =
      std::max(kMinLabelWidth, width > widest + kColumnGap ? width - widest - kColumnGap : 0);
  label_width = std::min({label_width, label_cap, width / 2});
  const size_t room = width - label_width;  // for the value columns and their gaps
  size_t first = 0;
  while (first < items) {
    const std::vector<size_t> columns = PackColumns(natural, first, room);
    const size_t last = first + columns.size();
    out << "\n";
    const bool named = std::any_of(g.headers.begin() + static_cast<std::ptrdiff_t>(first),
                                   g.headers.begin() + static_cast<std::ptrdiff_t>(last),
                                   [](const std::string& h) { return !h.empty(); });
    if (named) {
      std::vector<std::string> headers(g.headers.begin() + static_cast<std::ptrdiff_t>(first),
                                       g.headers.begin() + static_cast<std::ptrdiff_t>(last));
      WriteRow("", headers, columns, label_width, out);
      std::vector<std::string> rules;
      for (size_t w : columns) {
        rules.push_back(std::string(w, '-'));
      }
      WriteRow("", rules, columns, label_width, out);
    }
    for (size_t r = 0; r < g.cells.size(); ++r) {
      std::vector<std::string> cells(g.cells[r].begin() + static_cast<std::ptrdiff_t>(first),
                                     g.cells[r].begin() + static_cast<std::ptrdiff_t>(last));
      WriteRow(g.labels[r], cells, columns, label_width, out);
    }
    first = last;
    ++blocks;
  }
  return blocks;
}

// The value rows (not the headings) as columns of the transposed table, each titled by its own
// label, or "Section: label" where two rows share a label.
struct RowColumn {
  size_t row = 0;
  std::string title;
};

std::vector<RowColumn> ValueRows(const HumanTable& table) {
  std::vector<RowColumn> out;
  std::vector<std::string> sections;  // the enclosing headings, by depth
  for (size_t r = 0; r < table.rows.size(); ++r) {
    const HumanRow& row = table.rows[r];
    sections.resize(static_cast<size_t>(row.depth));
    if (row.heading) {
      sections.push_back(row.label);
      continue;
    }
    std::string title = row.label;
    const bool shared = std::count_if(table.rows.begin(), table.rows.end(), [&](const HumanRow& o) {
                          return !o.heading && o.label == row.label;
                        }) > 1;
    if (shared && !sections.empty()) {
      title = sections.back() + ": " + title;
    }
    out.push_back({r, std::move(title)});
    sections.push_back(row.label);
  }
  return out;
}

// Items as rows: a wide comparison of many items with few rows. One line per item, the rows as
// columns titled by their labels (titles wrap over a few lines), in blocks of as many columns
// as fit, each block starting with the items' names. nullopt when a row holds free text (notes
// do not fit a cell) or the items have no names. `*blocks` receives the number of blocks.
std::optional<std::string> ItemsAsRows(const Grid& g, const HumanTable& table, size_t width,
                                       size_t* blocks) {
  *blocks = 0;
  constexpr size_t kTitleWidth = 14;  // a title wraps at this width when its values are narrower
  const size_t items = g.headers.size();
  if (std::any_of(g.headers.begin(), g.headers.end(),
                  [](const std::string& h) { return h.empty(); })) {
    return std::nullopt;
  }
  const std::vector<RowColumn> value_rows = ValueRows(table);
  std::vector<size_t> natural;
  for (const RowColumn& vr : value_rows) {
    size_t w = 1;
    for (size_t c = 0; c < items; ++c) {
      if (g.free_text[vr.row][c]) {
        return std::nullopt;
      }
      w = std::max(w, DisplayWidth(g.cells[vr.row][c]));
    }
    natural.push_back(std::max(w, std::min(DisplayWidth(vr.title), kTitleWidth)));
  }
  if (value_rows.empty()) {
    return std::nullopt;
  }
  size_t name_width = 1;
  for (const std::string& h : g.headers) {
    name_width = std::max(name_width, DisplayWidth(h));
  }
  name_width = std::min(name_width, width / 3);
  const size_t room = width - name_width;
  std::ostringstream out;
  size_t first = 0;
  while (first < value_rows.size()) {
    const std::vector<size_t> columns = PackColumns(natural, first, room);
    const size_t last = first + columns.size();
    out << "\n";
    std::vector<std::string> titles;
    std::vector<std::string> rules;
    for (size_t i = first; i < last; ++i) {
      titles.push_back(value_rows[i].title);
      rules.push_back(std::string(columns[i - first], '-'));
    }
    WriteRow("", titles, columns, name_width, out);
    WriteRow(std::string(name_width, '-'), rules, columns, name_width, out);
    for (size_t c = 0; c < items; ++c) {
      std::vector<std::string> cells;
      for (size_t i = first; i < last; ++i) {
        cells.push_back(g.cells[value_rows[i].row][c]);
      }
      WriteRow(g.headers[c], cells, columns, name_width, out);
    }
    first = last;
    ++*blocks;
  }
  return out.str();
}

// Items side by side when they fit; when they need several blocks, the layout of fewer blocks:
// items as columns, or items as rows (many items, few rows: accelerators, laws), so that a
// reader scans one table rather than many (issue 12: "wide comparisons turn models into rows").
void RenderComparison(const Report& report, size_t width, std::ostream& out) {
  RenderTitle(report, width, out);
  const HumanTable table = BuildHumanTable(report);
  const Grid g = BuildGrid(table);
  std::ostringstream columns;
  const size_t blocks = WriteItemsAsColumns(g, width, columns);
  const std::string as_columns = columns.str();
  if (blocks > 1) {
    size_t row_blocks = 0;
    if (std::optional<std::string> as_rows = ItemsAsRows(g, table, width, &row_blocks);
        as_rows && row_blocks < blocks) {
      out << *as_rows;
      return;
    }
  }
  out << as_columns;
}

}  // namespace

void RenderText(const Report& report, size_t width, std::ostream& out) {
  width = std::max(width, kMinWidth);
  if (report.items.size() == 1) {
    RenderSingle(report, width, out);
  } else {
    RenderComparison(report, width, out);
  }
}

}  // namespace llmcost
