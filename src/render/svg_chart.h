// A small, self-contained SVG line-chart writer for the charts a Report carries (chart.h).
//
// Render stage: it only places and formats numbers it is given. Byte-stable: no timestamps, no
// random ids, coordinates printed with two decimals through fmt (locale-independent), elements
// in input order. The output is a standalone, well-formed SVG 1.1 document.
#ifndef LLMCOST_SRC_RENDER_SVG_CHART_H_
#define LLMCOST_SRC_RENDER_SVG_CHART_H_

#include <ostream>
#include <string>
#include <vector>

#include "llmcost/chart.h"
#include "llmcost/status.h"

namespace llmcost {

// Writes `chart` as SVG.
// Errors: kInvalidArgument when there is no point, a coordinate is not finite, or log_x and an
// x is not positive (nothing is written).
Status RenderSvgChart(const LineChart& chart, std::ostream& out);

// Escapes &, <, >, " and ' for XML text and attribute values.
std::string EscapeXml(const std::string& text);

}  // namespace llmcost

#endif  // LLMCOST_SRC_RENDER_SVG_CHART_H_
