// Markdown and CSV reports: one column (Markdown) or one row (CSV) per item.
#include <array>
#include <charconv>
#include <string>

#include "llmcost/printable.h"

#include "flatten.h"
#include "human_table.h"
#include "humanize.h"
#include "renderers.h"

namespace llmcost {
namespace {

std::string JoinList(const std::vector<Phrase>& list) {
  std::string joined;
  for (const Phrase& s : list) {
    joined += (joined.empty() ? "" : "; ") + HumanizePhrase(s);
  }
  return joined;
}

// Printable() first (no control bytes, no line breaks), then '|' escaped for tables.
std::string EscapeMarkdown(const std::string& s) {
  std::string out;
  for (char c : Printable(s)) {
    if (c == '|') {
      out += "\\|";
    } else if (c == '<') {
      out += "&lt;";
    } else if (c == '>') {
      out += "&gt;";
    } else if (c == '&') {
      out += "&amp;";
    } else if (c == '\n') {
      out += ' ';
    } else {
      out += c;
    }
  }
  return out;
}

std::string MarkdownCell(const Entry* e) {
  if (e == nullptr) {
    return "-";
  }
  if (const auto* list = std::get_if<std::vector<Phrase>>(&e->value)) {
    return list->empty() ? "-" : EscapeMarkdown(JoinList(*list));
  }
  std::string text = HumanizeCell(e->value, e->unit);
  if (!e->note.empty()) {
    text += ' ';
    text += HumanizePhrase(e->note);
  }
  return EscapeMarkdown(text);
}

// Machine form of a value: exact integers, shortest round-trip doubles.
std::string CsvValue(const Entry* e) {
  if (e == nullptr) {
    return "";
  }
  const Value& v = e->value;
  if (const bool* b = std::get_if<bool>(&v)) {
    return *b ? "true" : "false";
  }
  if (const int64_t* i = std::get_if<int64_t>(&v)) {
    return std::to_string(*i);
  }
  if (const double* d = std::get_if<double>(&v)) {
    return FormatShortest(*d);
  }
  if (const std::string* s = std::get_if<std::string>(&v)) {
    return *s;
  }
  if (const auto* list = std::get_if<std::vector<Phrase>>(&v)) {
    return JoinList(*list);
  }
  return "";
}

// RFC 4180 quoting.
std::string CsvField(const std::string& s) {
  if (s.find_first_of(",\"\r\n") == std::string::npos) {
    return s;
  }
  std::string out = "\"";
  for (char c : s) {
    out += c;
    if (c == '"') {
      out += '"';
    }
  }
  return out + "\"";
}

}  // namespace

std::string CsvCell(const Entry* e) {
  return CsvField(CsvValue(e));
}

void AppendCsvCell(const Entry* e, std::string* out) {
  if (e == nullptr) {
    return;
  }
  const Value& v = e->value;
  if (const int64_t* i = std::get_if<int64_t>(&v)) {
    std::array<char, 24> buffer{};
    auto [end, ec] = std::to_chars(buffer.data(), buffer.data() + buffer.size(), *i);
    out->append(buffer.data(), end);
    return;
  }
  if (const double* d = std::get_if<double>(&v)) {
    std::array<char, 32> buffer{};
    out->append(buffer.data(), WriteShortest(*d, buffer.data()));
    return;
  }
  if (const std::string* s = std::get_if<std::string>(&v);
      s != nullptr && s->find_first_of(",\"\r\n") == std::string::npos) {
    out->append(*s);
    return;
  }
  out->append(CsvCell(e));
}

std::string CsvHeaderCell(const std::string& path) {
  return CsvField(path);
}

void RenderMarkdown(const Report& report, std::ostream& out) {
  if (!report.title.empty()) {  // a later block of a streamed report has none
    out << "# " << EscapeMarkdown(Printable(report.title)) << "\n\n";
  }
  for (const Phrase& line : report.header) {
    out << EscapeMarkdown(HumanizePhrase(line)) << "\n";
  }
  out << "\n";
  const HumanTable table = BuildHumanTable(report);
  out << "| Quantity |";
  for (size_t c = 0; c < table.headers.size(); ++c) {
    const std::string& name = table.headers[c];
    out << " " << (name.empty() ? std::to_string(c + 1) : EscapeMarkdown(name)) << " |";
  }
  out << "\n|---|";
  for (size_t c = 0; c < table.headers.size(); ++c) {
    out << "---|";
  }
  out << "\n";
  for (const HumanRow& row : table.rows) {
    // Sections are bold headings; their rows are indented with non-breaking spaces.
    std::string label = EscapeMarkdown(row.label);
    if (row.heading) {
      label = "**" + label + "**";
    }
    std::string indent;
    for (int d = 0; d < row.depth; ++d) {
      indent += "&nbsp;&nbsp;";
    }
    out << "| " << indent << label << " |";
    for (const Entry* e : row.cells) {
      out << " " << (row.heading ? std::string() : MarkdownCell(e)) << " |";
    }
    out << "\n";
  }
}

void RenderCsv(const Report& report, std::ostream& out) {
  FlatTable table = FlattenItems(report.items, Audience::kMachine);
  for (size_t r = 0; r < table.rows.size(); ++r) {
    out << (r == 0 ? "" : ",") << CsvField(table.rows[r].path);
  }
  out << "\n";
  for (const auto& column : table.columns) {
    for (size_t r = 0; r < column.size(); ++r) {
      out << (r == 0 ? "" : ",") << CsvField(CsvValue(column[r]));
    }
    out << "\n";
  }
}

}  // namespace llmcost
