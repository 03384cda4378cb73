// Plain-text reports, never wider than the terminal: the seed tool's layout for one item, a
// table with models as columns for several (in blocks of as many models as fit).
#include <algorithm>
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
  std::string line = indent + Printable(e.label) + ":";
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
    line += " " + value;
  }
  if (!e.note.empty()) {
    line += " " + Printable(HumanizePhrase(e.note));
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

Grid BuildGrid(const Report& report) {
  HumanTable table = BuildHumanTable(report);
  Grid g;
  g.headers = std::move(table.headers);
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
      text += (i == 0 ? "" : std::string(kColumnGap, ' ')) + PadRight(part, w);
    }
    while (!text.empty() && text.back() == ' ') {
      text.pop_back();
    }
    out << text << "\n";
  }
}

void RenderComparison(const Report& report, size_t width, std::ostream& out) {
  RenderTitle(report, width, out);
  const Grid g = BuildGrid(report);
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
    // As many columns as fit; a column wider than the room wraps its cells.
    std::vector<size_t> columns;
    size_t used = 0;
    size_t last = first;
    while (last < items) {
      const size_t w = std::min(natural[last], room - kColumnGap);
      if (!columns.empty() && used + kColumnGap + w > room) {
        break;
      }
      columns.push_back(w);
      used += kColumnGap + w;
      ++last;
    }
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
  }
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
