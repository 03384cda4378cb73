// Charts as data: what a report asks the SVG and HTML renderers to draw.
//
// Format-neutral like the rest of a Report: coordinates are plain doubles in the axes' units
// (the renderer picks prefixes and ticks from the Unit), text is a Phrase (numbers formatted
// by the renderer). The builder computes every series from the analyses; the renderer only
// places them. src/render/svg_chart.cc draws them.
#ifndef LLMCOST_CHART_H_
#define LLMCOST_CHART_H_

#include <string>
#include <variant>
#include <vector>

#include "llmcost/phrase.h"

namespace llmcost {

struct ChartPoint {
  double x = 0;
  double y = 0;
};

// A polyline through `points` (x ascending).
struct ChartSeries {
  enum class Stroke { kSolid, kDashed };
  Phrase name;  // legend text
  std::vector<ChartPoint> points;
  Stroke stroke = Stroke::kSolid;
  int colour = -1;  // palette index; -1: the series' own index
};

// Marker shapes, distinct in the legend and when printed in grey.
enum class MarkerShape { kCircle, kSquare, kTriangle, kDiamond, kCross, kStar };

// A labelled point drawn over the series. Markers with the same label and shape share one
// legend entry. Labels are placed beside their point where they overlap no other label, marker
// or curve, and left to the legend where no such place exists.
struct ChartMarker {
  Phrase label;
  ChartPoint at;
  MarkerShape shape = MarkerShape::kCircle;
  int colour = -1;       // palette index; -1: black
  bool annotate = true;  // also label the point itself (false: the legend only)
};

// A straight reference line across the plot, e.g. a GPU's memory (a horizontal line at
// y = value) or the largest batch that fits (a vertical line at x = value).
struct ChartRule {
  enum class Axis { kX, kY };
  Axis axis = Axis::kY;
  double value = 0;
  Phrase label;     // drawn along the line and in the legend
  int colour = -1;  // palette index; -1: red
};

struct LineChart {
  Phrase title;
  Phrase subtitle;             // one line under the title, e.g. the law and its citation
  Phrase x_label;              // e.g. "parameters N"
  Phrase y_label;              // e.g. "predicted loss (nats/token)"
  bool log_x = true;           // 1-2-5 or decade ticks on the x axis (x must be > 0)
  bool log_y = false;          // the same on the y axis (y must be > 0)
  bool y_from_zero = false;    // a linear y axis starts at 0 (quantities such as bytes)
  Unit x_unit = Unit::kCount;  // how tick labels are formatted
  Unit y_unit = Unit::kRatio;
  std::vector<ChartSeries> series;
  std::vector<ChartMarker> markers;
  std::vector<ChartRule> rules;
};

// Horizontal stacked bars: one bar per category (a model), one segment per part (weights,
// gradients, ...), the value axis from zero. Rules are vertical lines (Axis::kX) at a value.
struct BarChart {
  Phrase title;
  Phrase subtitle;
  Phrase value_label;  // e.g. "bytes per GPU"
  Unit unit = Unit::kCount;
  std::vector<std::string> categories;      // bar names, top to bottom
  std::vector<Phrase> parts;                // legend names of the stacked segments, in order
  std::vector<std::vector<double>> values;  // values[part][category], each >= 0
  std::vector<ChartRule> rules;
};

using Chart = std::variant<LineChart, BarChart>;

}  // namespace llmcost

#endif  // LLMCOST_CHART_H_
