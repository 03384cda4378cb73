// Renderers: Report -> bytes in one output format.
//
// Stage 5 of the pipeline. Renderers never compute a number; they only format the
// numbers already in the Report. Output is byte-stable (no locale, fixed order).
#ifndef LLMCOST_RENDER_H_
#define LLMCOST_RENDER_H_

#include <optional>
#include <ostream>
#include <string>
#include <string_view>
#include <vector>

#include "llmcost/report.h"
#include "llmcost/status.h"

namespace llmcost {

enum class OutputFormat { kText, kJson, kMarkdown, kCsv, kSvg };

// Returns the format named `name` ("text", "json", "markdown"/"md", "csv", "svg"), or nullopt.
std::optional<OutputFormat> ParseOutputFormat(std::string_view name);

// Writes `report` to `out`. One item renders as a report; several as a side-by-side
// comparison (text, Markdown: one column per item; CSV: one row per item).
// SVG draws the report's charts (one document per chart, stacked vertically in one SVG).
// Errors: kOutOfRange if a double in the report is not finite; kInvalidArgument for SVG of a
// report without a chart (nothing is written).
Status Render(const Report& report, OutputFormat format, std::ostream& out);

}  // namespace llmcost

#endif  // LLMCOST_RENDER_H_
