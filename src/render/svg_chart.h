// A small, self-contained SVG writer for the charts a Report carries (chart.h): line charts
// (log or linear axes, reference rules, labelled markers) and horizontal stacked bar charts.
//
// Render stage: it only places and formats numbers it is given. Byte-stable: no timestamps, no
// random ids (clip-path ids count the charts of one document), coordinates printed with two
// decimals through fmt (locale-independent), elements in input order. Text is escaped.
#ifndef LLMCOST_SRC_RENDER_SVG_CHART_H_
#define LLMCOST_SRC_RENDER_SVG_CHART_H_

#include <ostream>
#include <string>
#include <vector>

#include "llmcost/chart.h"
#include "llmcost/status.h"

namespace llmcost {

// Writes `charts` as one standalone SVG 1.1 document, the charts stacked top to bottom.
// Errors: kInvalidArgument when there is no chart, a chart has no point or bar, a coordinate
// is not finite, or a log axis gets a value that is not positive (nothing is written).
Status RenderSvgCharts(const std::vector<Chart>& charts, std::ostream& out);
Status RenderSvgChart(const Chart& chart, std::ostream& out);

// Writes `chart` as an <svg> element for embedding in HTML (no XML declaration); `index`
// makes its ids unique in the page. Errors: as RenderSvgCharts.
Status RenderInlineSvgChart(const Chart& chart, int index, std::ostream& out);

// True when `chart` has something to draw (a point, a marker or a bar); renderers leave the
// others out (e.g. a throughput chart none of whose models fits).
bool HasData(const Chart& chart);

// Escapes &, <, >, " and ' for XML text and attribute values, and drops control characters.
std::string EscapeXml(const std::string& text);

}  // namespace llmcost

#endif  // LLMCOST_SRC_RENDER_SVG_CHART_H_
