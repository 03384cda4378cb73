// Renderers: Report -> bytes in one output format.
//
// Stage 5 of the pipeline. Renderers never compute a number; they only format the
// numbers already in the Report. Output is byte-stable (no locale, fixed order).
#ifndef LLMCOST_RENDER_H_
#define LLMCOST_RENDER_H_

#include <cstddef>
#include <optional>
#include <ostream>
#include <string>
#include <string_view>
#include <vector>

#include "llmcost/report.h"
#include "llmcost/status.h"

namespace llmcost {

enum class OutputFormat { kText, kJson, kMarkdown, kCsv, kSvg, kHtml };

// Returns the format named `name` ("text"/"txt", "json", "markdown"/"md", "csv", "svg",
// "html"/"htm"), or nullopt. Also names formats by file extension.
std::optional<OutputFormat> ParseOutputFormat(std::string_view name);

struct RenderOptions {
  // Columns the text format may use (the terminal's width); lines never exceed it (text
  // narrower than 40 columns is laid out for 40). Other formats ignore it.
  size_t width = 100;
};

// Writes `report` to `out`. One item renders as a report; several as a side-by-side
// comparison (text: models as columns in blocks that fit `options.width`; Markdown and HTML:
// one column per item; CSV: one row per item). SVG draws the report's charts stacked in one
// document; HTML is one self-contained page with the header, the charts and the table.
// Errors: kOutOfRange if a double in the report is not finite; kInvalidArgument for SVG of a
// report without a chart, or a chart that cannot be drawn (nothing is written).
Status Render(const Report& report, OutputFormat format, std::ostream& out,
              const RenderOptions& options = {});

// A phrase as every format writes it (a JSON list's lines, a note): its literal text with each
// quantity humanized, e.g. "MFU 40.0% of the dense peak". For programs that read a Report in
// memory (command_report.h) and want the strings `--format json` prints.
std::string PhraseText(const Phrase& phrase);

}  // namespace llmcost

#endif  // LLMCOST_RENDER_H_
