// Plain-text reports: the seed tool's layout for one item, a side-by-side table for several.
#include <algorithm>
#include <string>

#include "flatten.h"
#include "humanize.h"
#include "renderers.h"

namespace llmcost {
namespace {

std::string Indent(int depth) {
  return std::string(static_cast<size_t>(depth) * 2, ' ');
}

// "Label: value (note)" or "Label:" for a section.
void RenderEntry(const Entry& e, int depth, std::ostream& out) {
  if (!IsVisible(e, Audience::kHuman)) {
    return;
  }
  out << Indent(depth) << e.label << ":";
  if (const auto* list = std::get_if<std::vector<Phrase>>(&e.value)) {
    out << "\n";
    for (const Phrase& line : *list) {
      out << Indent(depth + 1) << "- " << HumanizePhrase(line) << "\n";
    }
    return;
  }
  std::string value = HumanizeValue(e.value, e.unit);
  if (!value.empty()) {
    out << " " << value;
  }
  if (!e.note.empty()) {
    out << " " << HumanizePhrase(e.note);
  }
  out << "\n";
  for (const Entry& child : e.children) {
    RenderEntry(child, depth + 1, out);
  }
}

// A report without a title (a later block of a streamed comparison) starts with its table.
void RenderTitle(const Report& report, std::ostream& out) {
  if (report.title.empty()) {
    return;
  }
  out << report.title << "\n" << std::string(report.title.size(), '=') << "\n";
  for (const Phrase& line : report.header) {
    out << HumanizePhrase(line) << "\n";
  }
}

void RenderSingle(const Report& report, std::ostream& out) {
  RenderTitle(report, out);
  for (const Entry& item : report.items) {
    for (const Entry& section : item.children) {
      if (!IsVisible(section, Audience::kHuman)) {
        continue;
      }
      out << "\n";
      RenderEntry(section, 0, out);
    }
  }
}

std::string CellText(const Entry* e) {
  if (e == nullptr) {
    return "-";
  }
  if (const auto* list = std::get_if<std::vector<Phrase>>(&e->value)) {
    std::string joined;
    for (const Phrase& s : *list) {
      joined += (joined.empty() ? "" : "; ") + HumanizePhrase(s);
    }
    return joined.empty() ? "-" : joined;
  }
  return HumanizeValue(e->value, e->unit);
}

void RenderComparison(const Report& report, std::ostream& out) {
  RenderTitle(report, out);
  if (!report.title.empty()) {
    out << "\n";
  }
  FlatTable table = FlattenItems(report.items, Audience::kHuman);
  size_t label_width = 0;
  for (const FlatLeaf& row : table.rows) {
    label_width = std::max(label_width, row.label.size());
  }
  std::vector<size_t> widths;
  for (const auto& column : table.columns) {
    size_t w = 0;
    for (const Entry* e : column) {
      // Long free text (assumptions) does not widen the column.
      if (e == nullptr || !std::holds_alternative<std::vector<Phrase>>(e->value)) {
        w = std::max(w, CellText(e).size());
      }
    }
    widths.push_back(w);
  }
  for (size_t r = 0; r < table.rows.size(); ++r) {
    std::string line = table.rows[r].label;
    line.resize(label_width, ' ');
    for (size_t c = 0; c < table.columns.size(); ++c) {
      std::string cell = CellText(table.columns[c][r]);
      line += "  ";
      if (c + 1 < table.columns.size()) {
        cell.resize(std::max(widths[c], cell.size()), ' ');
      }
      line += cell;
    }
    while (!line.empty() && line.back() == ' ') {
      line.pop_back();
    }
    out << line << "\n";
  }
}

}  // namespace

void RenderText(const Report& report, std::ostream& out) {
  if (report.items.size() == 1) {
    RenderSingle(report, out);
  } else {
    RenderComparison(report, out);
  }
}

}  // namespace llmcost
