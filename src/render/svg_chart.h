// A small, self-contained SVG line-chart writer (the IsoFLOP chart of `llmcost scale`).
//
// Render stage: it only places and formats numbers it is given. Byte-stable: no timestamps, no
// random ids, coordinates printed with two decimals through fmt (locale-independent), elements
// in input order. The output is a standalone, well-formed SVG 1.1 document.
#ifndef LLMCOST_SRC_RENDER_SVG_CHART_H_
#define LLMCOST_SRC_RENDER_SVG_CHART_H_

#include <ostream>
#include <string>
#include <vector>

#include "llmcost/status.h"

namespace llmcost {

struct ChartPoint {
  double x = 0;
  double y = 0;
};

// A polyline through `points` (x ascending).
struct ChartSeries {
  std::string name;  // legend text
  std::vector<ChartPoint> points;
};

// A labelled point drawn over the series.
struct ChartMarker {
  enum class Shape { kCircle, kDiamond };
  std::string label;
  ChartPoint at;
  Shape shape = Shape::kCircle;
};

struct LineChart {
  std::string title;
  std::string subtitle;  // one line under the title, e.g. the law and its citation
  std::string x_label;   // e.g. "parameters N (log scale)"
  std::string y_label;   // e.g. "predicted loss (nats/token)"
  bool log_x = true;     // decades on the x axis (x must be > 0)
  std::vector<ChartSeries> series;
  std::vector<ChartMarker> markers;
};

// Writes `chart` as SVG.
// Errors: kInvalidArgument when there is no point, a coordinate is not finite, or log_x and an
// x is not positive (nothing is written).
Status RenderSvgChart(const LineChart& chart, std::ostream& out);

// Escapes &, <, >, " and ' for XML text and attribute values.
std::string EscapeXml(const std::string& text);

}  // namespace llmcost

#endif  // LLMCOST_SRC_RENDER_SVG_CHART_H_
