// Charts as data: what a report asks the SVG renderer to draw.
//
// Format-neutral like the rest of a Report: coordinates are plain doubles in the axes' units,
// text is a Phrase (numbers formatted by the renderer). src/render/svg_chart.cc draws them.
#ifndef LLMCOST_CHART_H_
#define LLMCOST_CHART_H_

#include <vector>

#include "llmcost/phrase.h"

namespace llmcost {

struct ChartPoint {
  double x = 0;
  double y = 0;
};

// A polyline through `points` (x ascending).
struct ChartSeries {
  Phrase name;  // legend text
  std::vector<ChartPoint> points;
};

// A labelled point drawn over the series.
struct ChartMarker {
  enum class Shape { kCircle, kDiamond };
  Phrase label;
  ChartPoint at;
  Shape shape = Shape::kCircle;
};

struct LineChart {
  Phrase title;
  Phrase subtitle;             // one line under the title, e.g. the law and its citation
  Phrase x_label;              // e.g. "parameters N (log scale)"
  Phrase y_label;              // e.g. "predicted loss (nats/token)"
  bool log_x = true;           // decades on the x axis (x must be > 0)
  Unit x_unit = Unit::kCount;  // how tick labels are formatted
  Unit y_unit = Unit::kRatio;
  std::vector<ChartSeries> series;
  std::vector<ChartMarker> markers;
};

}  // namespace llmcost

#endif  // LLMCOST_CHART_H_
