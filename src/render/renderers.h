// The per-format renderers behind Render() (render.h). Each writes the whole report;
// Render() has already checked that every number is finite.
#ifndef LLMCOST_SRC_RENDER_RENDERERS_H_
#define LLMCOST_SRC_RENDER_RENDERERS_H_

#include <cstddef>
#include <ostream>
#include <string>

#include "llmcost/report.h"
#include "llmcost/status.h"

namespace llmcost {

void RenderText(const Report& report, size_t width, std::ostream& out);
void RenderJson(const Report& report, std::ostream& out);
void RenderMarkdown(const Report& report, std::ostream& out);
void RenderCsv(const Report& report, std::ostream& out);
// Errors: those of drawing the charts (svg_chart.h).
Status RenderHtml(const Report& report, std::ostream& out);

// Pieces for writing a report item by item (report_writer.cc).
// One item as the JSON renderer prints it inside its array, every line indented by `indent`.
std::string JsonItemText(const Entry& item, int indent);
// `text` as a JSON string literal.
std::string JsonStringText(const std::string& text);
// A CSV field of one leaf (exact machine form, RFC 4180 quoting); "" for nullptr.
std::string CsvCell(const Entry* e);
// Appends CsvCell(e) to `out` (without a temporary string for numbers and plain text).
void AppendCsvCell(const Entry* e, std::string* out);
std::string CsvHeaderCell(const std::string& path);
// The path of the first non-finite double under `item`, or "".
std::string FirstNonFinite(const Entry& item);

}  // namespace llmcost

#endif  // LLMCOST_SRC_RENDER_RENDERERS_H_
