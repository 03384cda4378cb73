// HTML reports: one self-contained page (inline CSS and SVG; no script, no network) with the
// report's header lines, its charts and its table. Everything echoed is escaped.
#include <string>

#include "human_table.h"
#include "humanize.h"
#include "renderers.h"
#include "svg_chart.h"

namespace llmcost {
namespace {

constexpr const char* kStyle = R"css(
body { font-family: "DejaVu Sans", Helvetica, Arial, sans-serif; color: #222; margin: 2rem auto;
       max-width: 1100px; padding: 0 1rem; line-height: 1.4; }
h1 { font-size: 1.5rem; border-bottom: 2px solid #0072b2; padding-bottom: .3rem; }
ul.header { color: #444; font-size: .9rem; padding-left: 1.2rem; }
figure { margin: 1.5rem 0; }
figure svg { max-width: 100%; height: auto; border: 1px solid #ddd; }
div.table { overflow-x: auto; }
table { border-collapse: collapse; font-size: .9rem; }
th, td { padding: .25rem .7rem; text-align: left; vertical-align: top; }
thead th { border-bottom: 2px solid #333; white-space: nowrap; }
tbody tr:nth-child(even) { background: #f6f8fa; }
td { font-variant-numeric: tabular-nums; }
tr.section th { padding-top: .8rem; font-size: .95rem; border-bottom: 1px solid #ccc;
                background: #fff; }
th.d1 { padding-left: 1.6rem; font-weight: normal; }
th.d2 { padding-left: 2.6rem; font-weight: normal; }
th.d3 { padding-left: 3.6rem; font-weight: normal; }
th.d0 { font-weight: normal; }
span.note { color: #666; font-size: .85em; }
td ul { margin: 0; padding-left: 1rem; }
)css";

std::string Escape(const std::string& s) {
  return EscapeXml(s);
}

void WriteCell(const Entry* e, std::ostream& out) {
  out << "<td>";
  if (e == nullptr) {
    out << "&#8211;";
  } else if (const auto* list = std::get_if<std::vector<Phrase>>(&e->value)) {
    out << "<ul>";
    for (const Phrase& line : *list) {
      out << "<li>" << Escape(HumanizePhrase(line)) << "</li>";
    }
    out << "</ul>";
  } else {
    out << Escape(HumanizeCell(e->value, e->unit));
    if (!e->note.empty()) {
      out << " <span class=\"note\">" << Escape(HumanizePhrase(e->note)) << "</span>";
    }
  }
  out << "</td>";
}

}  // namespace

Status RenderHtml(const Report& report, std::ostream& out) {
  out << "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n"
      << "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n"
      << "<title>" << Escape(report.title) << "</title>\n<style>" << kStyle
      << "</style>\n</head>\n<body>\n<h1>" << Escape(report.title) << "</h1>\n";
  if (!report.header.empty()) {
    out << "<ul class=\"header\">\n";
    for (const Phrase& line : report.header) {
      out << "<li>" << Escape(HumanizePhrase(line)) << "</li>\n";
    }
    out << "</ul>\n";
  }
  for (size_t i = 0; i < report.charts.size(); ++i) {
    if (!HasData(report.charts[i])) {
      continue;
    }
    out << "<figure>\n";
    LLMCOST_RETURN_IF_ERROR(RenderInlineSvgChart(report.charts[i], static_cast<int>(i), out));
    out << "</figure>\n";
  }
  const HumanTable table = BuildHumanTable(report);
  const size_t columns = table.headers.size();
  out << "<div class=\"table\">\n<table>\n<thead><tr><th></th>";
  for (size_t c = 0; c < columns; ++c) {
    const std::string& name = table.headers[c];
    out << "<th>" << (name.empty() ? std::to_string(c + 1) : Escape(name)) << "</th>";
  }
  out << "</tr></thead>\n<tbody>\n";
  for (const HumanRow& row : table.rows) {
    if (row.heading) {
      out << "<tr class=\"section\"><th class=\"d" << std::min(row.depth, 3) << "\" colspan=\""
          << columns + 1 << "\">" << Escape(row.label) << "</th></tr>\n";
      continue;
    }
    out << "<tr><th class=\"d" << std::min(row.depth, 3) << "\">" << Escape(row.label) << "</th>";
    for (const Entry* e : row.cells) {
      WriteCell(e, out);
    }
    out << "</tr>\n";
  }
  out << "</tbody>\n</table>\n</div>\n</body>\n</html>\n";
  return OkStatus();
}

}  // namespace llmcost
