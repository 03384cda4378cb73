// SVG charts: an 860-pixel-wide canvas per chart, the legend in a column right of the plot.
#include "svg_chart.h"

#include <algorithm>
#include <cmath>
#include <iterator>
#include <sstream>

#include <fmt/format.h>

#include "humanize.h"
#include "text_layout.h"

namespace llmcost {
namespace {

constexpr double kWidth = 900;
constexpr double kLeft = 84;          // smallest plot left edge (room for y tick labels)
constexpr double kLegendWidth = 250;  // the legend column right of the plot
constexpr double kPlotRight = kWidth - kLegendWidth - 30;
constexpr double kPlotHeight = 360;
constexpr double kBottomMargin = 58;  // x tick labels and the x axis label
// Generous advances of DejaVu Sans (what rsvg and Chromium fall back to): 12 px and 11 px.
constexpr double kCharWidth = 7.4;
constexpr double kSmallCharWidth = 6.9;
constexpr size_t kLegendChars = 28;  // legend text wraps at this many characters
constexpr double kLegendLine = 16;
constexpr int kMaxTicks = 8;
constexpr double kBarHeight = 22;
constexpr double kBarGap = 12;

// Colour-blind-safe palette (Okabe & Ito 2008), cycled by index.
constexpr const char* kPalette[] = {"#0072b2", "#d55e00", "#009e73", "#cc79a7",
                                    "#e69f00", "#56b4e9", "#999999", "#000000"};
constexpr const char* kRuleColour = "#c0392b";
constexpr const char* kMarkerColour = "#000000";

const char* Colour(int index, size_t fallback) {
  const size_t i = index >= 0 ? static_cast<size_t>(index) : fallback;
  return kPalette[i % std::size(kPalette)];
}

std::string Num(double v) {
  // Two decimals, and never "-0.00".
  std::string s = fmt::format("{:.2f}", v);
  return s == "-0.00" ? "0.00" : s;
}

std::string Text(const Phrase& p) {
  return EscapeXml(HumanizePhrase(p));
}

// A 1-2-5 step giving at most kMaxTicks ticks over `span`.
double NiceStep(double span) {
  const double raw = span / kMaxTicks;
  const double magnitude = std::pow(10.0, std::floor(std::log10(raw)));
  for (double m : {1.0, 2.0, 5.0, 10.0}) {
    if (m * magnitude >= raw * (1 - 1e-9)) {
      return m * magnitude;
    }
  }
  return 10 * magnitude;
}

// One axis: the data range fitted with a little room, ticks inside it.
struct Axis {
  bool log = false;
  double lo = 0;  // in axis space: log10(value) on a log axis
  double hi = 1;
  std::vector<double> ticks;  // values (not log10)

  double Fraction(double v) const {
    const double t = log ? std::log10(v) : v;
    return (t - lo) / (hi - lo);
  }
};

Axis LogAxis(double min, double max) {
  Axis a;
  a.log = true;
  const double lmin = std::log10(min);
  const double lmax = std::log10(max);
  const double pad = std::max(0.04 * (lmax - lmin), 0.05);
  a.lo = lmin - pad;
  a.hi = lmax + pad;
  const double span = a.hi - a.lo;
  // 1-2-5 ticks over short ranges, decades (every n-th over long ones) otherwise.
  const std::vector<double> mantissas =
      span <= 2.5 ? std::vector<double>{1, 2, 5} : std::vector<double>{1};
  const int every = span <= 8 ? 1 : static_cast<int>(std::ceil(span / 8));
  for (int e = static_cast<int>(std::floor(a.lo)); e <= static_cast<int>(std::ceil(a.hi)); ++e) {
    if (e % every != 0) {
      continue;
    }
    for (double m : mantissas) {
      const double v = m * std::pow(10.0, e);
      const double l = std::log10(v);
      if (l >= a.lo - 1e-9 && l <= a.hi + 1e-9) {
        a.ticks.push_back(v);
      }
    }
  }
  if (a.ticks.size() < 2) {
    // Less than a decade and no 1-2-5 value inside: linear steps over the range.
    const double vlo = std::pow(10.0, a.lo);
    const double vhi = std::pow(10.0, a.hi);
    const double step = NiceStep(vhi - vlo);
    a.ticks.clear();
    for (double v = std::ceil(vlo / step) * step; v <= vhi; v += step) {
      a.ticks.push_back(v);
    }
  }
  return a;
}

// Bytes tick at round binary amounts (1 GiB, 2 GiB, 5 GiB ...), not at 10^9 B.
double TickUnit(Unit unit, double magnitude) {
  if (unit != Unit::kBytes) {
    return 1;
  }
  double scale = 1;
  while (magnitude / scale >= 1024) {
    scale *= 1024;
  }
  return scale;
}

Axis LinearAxis(double min, double max, bool from_zero, Unit unit = Unit::kRatio,
                int max_ticks = kMaxTicks) {
  Axis a;
  if (from_zero) {
    min = std::min(min, 0.0);
  }
  if (max <= min) {
    max = min + (min == 0 ? 1 : std::fabs(min) * 0.1);
  }
  const double scale = TickUnit(unit, std::max(std::fabs(min), std::fabs(max)));
  const double step = NiceStep((max - min) / scale * kMaxTicks / max_ticks) * scale;
  a.lo = std::floor(min / step) * step;
  a.hi = std::ceil(max / step) * step;
  // A value on the top edge (a capacity line) would hide in the frame: one step more.
  if (a.hi <= a.lo || a.hi - max < 0.02 * (a.hi - a.lo)) {
    a.hi += step;
  }
  const int n = static_cast<int>(std::lround((a.hi - a.lo) / step));
  for (int i = 0; i <= n; ++i) {
    a.ticks.push_back(a.lo + i * step);
  }
  return a;
}

// The tick labels of `axis`. Plain numbers get more significant digits than HumanizeTick's
// three when a narrow range would otherwise print two ticks alike (2.1575, 2.16 -> "2.16" twice).
std::vector<std::string> TickLabels(const Axis& axis, Unit unit) {
  auto distinct = [](const std::vector<std::string>& labels) {
    return std::adjacent_find(labels.begin(), labels.end()) == labels.end();
  };
  std::vector<std::string> labels;
  for (double t : axis.ticks) {
    labels.push_back(HumanizeTick(t, unit));
  }
  const bool plain = unit == Unit::kRatio || unit == Unit::kShortest || unit == Unit::kNone;
  for (int digits = 4; plain && !distinct(labels) && digits <= 9; ++digits) {
    for (size_t i = 0; i < axis.ticks.size(); ++i) {
      labels[i] = fmt::format("{:.{}g}", axis.ticks[i], digits);
    }
  }
  return labels;
}

// The widest tick label of `axis`, in pixels.
double TickLabelWidth(const Axis& axis, Unit unit) {
  double widest = 0;
  for (const std::string& label : TickLabels(axis, unit)) {
    widest = std::max(widest, static_cast<double>(DisplayWidth(label)) * kCharWidth);
  }
  return widest;
}

// A horizontal linear axis over `length` pixels with as many ticks as leave their labels apart.
Axis FittedLinearAxis(double min, double max, bool from_zero, Unit unit, double length) {
  Axis a;
  for (int ticks = kMaxTicks; ticks >= 2; --ticks) {
    a = LinearAxis(min, max, from_zero, unit, ticks);
    const double spacing = length / static_cast<double>(std::max<size_t>(a.ticks.size() - 1, 1));
    if (TickLabelWidth(a, unit) + 12 <= spacing) {
      break;
    }
  }
  return a;
}

struct Box {
  double x0, y0, x1, y1;
  bool Overlaps(const Box& o) const { return x0 < o.x1 && o.x0 < x1 && y0 < o.y1 && o.y0 < y1; }
};

// The symbol of `shape` centred at (x, y).
std::string MarkerSvg(MarkerShape shape, double x, double y, const char* colour) {
  const std::string fill = std::string("fill=\"") + colour + "\"";
  switch (shape) {
    case MarkerShape::kCircle:
      return "<circle cx=\"" + Num(x) + "\" cy=\"" + Num(y) + "\" r=\"5\" fill=\"#ffffff\" " +
             "stroke=\"" + colour + "\" stroke-width=\"2\"/>";
    case MarkerShape::kSquare:
      return "<rect x=\"" + Num(x - 4.5) + "\" y=\"" + Num(y - 4.5) +
             "\" width=\"9.00\" height=\"9.00\" " + fill + "/>";
    case MarkerShape::kTriangle:
      return "<polygon points=\"" + Num(x) + "," + Num(y - 6) + " " + Num(x + 5.5) + "," +
             Num(y + 4.5) + " " + Num(x - 5.5) + "," + Num(y + 4.5) + "\" " + fill + "/>";
    case MarkerShape::kDiamond:
      return "<polygon points=\"" + Num(x) + "," + Num(y - 6) + " " + Num(x + 6) + "," + Num(y) +
             " " + Num(x) + "," + Num(y + 6) + " " + Num(x - 6) + "," + Num(y) + "\" " + fill +
             "/>";
    case MarkerShape::kCross:
      return "<path d=\"M" + Num(x - 4.5) + " " + Num(y - 4.5) + "L" + Num(x + 4.5) + " " +
             Num(y + 4.5) + "M" + Num(x - 4.5) + " " + Num(y + 4.5) + "L" + Num(x + 4.5) + " " +
             Num(y - 4.5) + "\" stroke=\"" + colour + "\" stroke-width=\"2.5\"/>";
    case MarkerShape::kStar: {
      std::string points;
      for (int i = 0; i < 10; ++i) {
        const double r = i % 2 == 0 ? 6.5 : 2.8;
        const double a = M_PI / 5 * i - M_PI / 2;
        if (i > 0) {
          points += ' ';
        }
        points += Num(x + r * std::cos(a));
        points += ',';
        points += Num(y + r * std::sin(a));
      }
      return "<polygon points=\"" + points + "\" " + fill + "/>";
    }
  }
  return "";
}

// The title and subtitle, wrapped; returns the y below them.
double WriteTitles(const Phrase& title, const Phrase& subtitle, std::ostream& out) {
  double y = 26;
  for (const std::string& line :
       WrapText(HumanizePhrase(title), static_cast<size_t>((kWidth - 40) / 8.8))) {
    out << "<text x=\"" << Num(kWidth / 2) << "\" y=\"" << Num(y)
        << "\" text-anchor=\"middle\" font-size=\"16\" font-weight=\"bold\">" << EscapeXml(line)
        << "</text>\n";
    y += 20;
  }
  for (const std::string& line :
       WrapText(HumanizePhrase(subtitle), static_cast<size_t>((kWidth - 40) / kCharWidth))) {
    out << "<text x=\"" << Num(kWidth / 2) << "\" y=\"" << Num(y - 2)
        << "\" text-anchor=\"middle\" fill=\"#555555\">" << EscapeXml(line) << "</text>\n";
    y += 16;
  }
  return y + 14;
}

// The legend column: entries top to bottom from `top`; returns the y below the last one.
class Legend {
 public:
  explicit Legend(double top) : y_(top) {}

  // `swatch` draws the entry's symbol centred at (x, y).
  template <typename Swatch>
  void Add(const std::string& text, Swatch swatch, std::ostream& out) {
    const double x = kPlotRight + 20;
    const std::vector<std::string> lines = WrapText(text, kLegendChars, 2);
    out << swatch(x + 10, y_ - 4) << "\n";
    for (const std::string& line : lines) {
      out << "<text x=\"" << Num(x + 26) << "\" y=\"" << Num(y_) << "\">" << EscapeXml(line)
          << "</text>\n";
      y_ += kLegendLine;
    }
    y_ += 4;
  }
  double bottom() const { return y_; }

 private:
  double y_;
};

std::string LineSwatch(double x, double y, const char* colour, bool dashed) {
  return "<line x1=\"" + Num(x - 10) + "\" y1=\"" + Num(y) + "\" x2=\"" + Num(x + 10) + "\" y2=\"" +
         Num(y) + "\" stroke=\"" + colour + "\" stroke-width=\"2\"" +
         (dashed ? " stroke-dasharray=\"6 4\"" : "") + "/>";
}

Status CheckPoint(double x, double y, bool log_x, bool log_y) {
  if (!std::isfinite(x) || !std::isfinite(y) || (log_x && x <= 0) || (log_y && y <= 0)) {
    return InvalidArgumentError("chart point is not finite or not positive on a log axis");
  }
  return OkStatus();
}

// Draws a line chart; returns its height.
Result<double> DrawLineChart(const LineChart& chart, int index, std::ostream& out) {
  double x_min = HUGE_VAL, x_max = -HUGE_VAL, y_min = HUGE_VAL, y_max = -HUGE_VAL;
  const auto take = [&](double x, double y) {
    x_min = std::min(x_min, x);
    x_max = std::max(x_max, x);
    y_min = std::min(y_min, y);
    y_max = std::max(y_max, y);
  };
  size_t points = 0;
  for (const ChartSeries& s : chart.series) {
    for (const ChartPoint& p : s.points) {
      LLMCOST_RETURN_IF_ERROR(CheckPoint(p.x, p.y, chart.log_x, chart.log_y));
      take(p.x, p.y);
      ++points;
    }
  }
  for (const ChartMarker& m : chart.markers) {
    LLMCOST_RETURN_IF_ERROR(CheckPoint(m.at.x, m.at.y, chart.log_x, chart.log_y));
    take(m.at.x, m.at.y);
    ++points;
  }
  if (points == 0) {
    return InvalidArgumentError("chart has no points");
  }
  for (const ChartRule& r : chart.rules) {
    const bool on_x = r.axis == ChartRule::Axis::kX;
    LLMCOST_RETURN_IF_ERROR(
        CheckPoint(on_x ? r.value : x_min, on_x ? y_min : r.value, chart.log_x, chart.log_y));
    take(on_x ? r.value : x_min, on_x ? y_min : r.value);
  }
  const Axis ay = chart.log_y ? LogAxis(y_min, y_max)
                              : LinearAxis(y_min, y_max, chart.y_from_zero, chart.y_unit);
  // The plot starts right of the widest y tick label and the rotated y axis label.
  const double left = std::max(kLeft, 40 + TickLabelWidth(ay, chart.y_unit));
  const Axis ax = chart.log_x
                      ? LogAxis(x_min, x_max)
                      : FittedLinearAxis(x_min, x_max, false, chart.x_unit, kPlotRight - left);

  const double top = WriteTitles(chart.title, chart.subtitle, out);
  const double bottom = top + kPlotHeight;
  const auto X = [&](double x) { return left + ax.Fraction(x) * (kPlotRight - left); };
  const auto Y = [&](double y) { return bottom - ay.Fraction(y) * kPlotHeight; };

  // Grid, ticks and axis labels.
  out << "<g stroke=\"#e3e3e3\" stroke-width=\"1\">\n";
  for (double t : ax.ticks) {
    out << "<line x1=\"" << Num(X(t)) << "\" y1=\"" << Num(top) << "\" x2=\"" << Num(X(t))
        << "\" y2=\"" << Num(bottom) << "\"/>\n";
  }
  for (double t : ay.ticks) {
    out << "<line x1=\"" << Num(left) << "\" y1=\"" << Num(Y(t)) << "\" x2=\"" << Num(kPlotRight)
        << "\" y2=\"" << Num(Y(t)) << "\"/>\n";
  }
  out << "</g>\n<g fill=\"#333333\">\n";
  const std::vector<std::string> x_labels = TickLabels(ax, chart.x_unit);
  for (size_t i = 0; i < ax.ticks.size(); ++i) {
    out << "<text x=\"" << Num(X(ax.ticks[i])) << "\" y=\"" << Num(bottom + 18)
        << "\" text-anchor=\"middle\">" << EscapeXml(x_labels[i]) << "</text>\n";
  }
  const std::vector<std::string> y_labels = TickLabels(ay, chart.y_unit);
  for (size_t i = 0; i < ay.ticks.size(); ++i) {
    out << "<text x=\"" << Num(left - 8) << "\" y=\"" << Num(Y(ay.ticks[i]) + 4)
        << "\" text-anchor=\"end\">" << EscapeXml(y_labels[i]) << "</text>\n";
  }
  out << "<text x=\"" << Num((left + kPlotRight) / 2) << "\" y=\"" << Num(bottom + 42)
      << "\" text-anchor=\"middle\">" << Text(chart.x_label) << "</text>\n"
      << "<text transform=\"translate(16 " << Num((top + bottom) / 2)
      << ") rotate(-90)\" text-anchor=\"middle\">" << Text(chart.y_label) << "</text>\n"
      << "</g>\n";

  // Series and rules, clipped to the plot.
  const std::string clip = fmt::format("plot{}", index);
  out << "<clipPath id=\"" << clip << "\"><rect x=\"" << Num(left) << "\" y=\"" << Num(top)
      << "\" width=\"" << Num(kPlotRight - left) << "\" height=\"" << Num(kPlotHeight)
      << "\"/></clipPath>\n<g clip-path=\"url(#" << clip << ")\">\n";
  for (size_t i = 0; i < chart.series.size(); ++i) {
    const ChartSeries& s = chart.series[i];
    out << "<polyline fill=\"none\" stroke=\"" << Colour(s.colour, i) << "\" stroke-width=\"2\""
        << (s.stroke == ChartSeries::Stroke::kDashed ? " stroke-dasharray=\"6 4\"" : "")
        << " points=\"";
    for (size_t j = 0; j < s.points.size(); ++j) {
      out << (j == 0 ? "" : " ") << Num(X(s.points[j].x)) << "," << Num(Y(s.points[j].y));
    }
    out << "\"/>\n";
  }
  for (const ChartRule& r : chart.rules) {
    const char* colour = r.colour >= 0 ? Colour(r.colour, 0) : kRuleColour;
    if (r.axis == ChartRule::Axis::kY) {
      out << "<line x1=\"" << Num(left) << "\" y1=\"" << Num(Y(r.value)) << "\" x2=\""
          << Num(kPlotRight) << "\" y2=\"" << Num(Y(r.value));
    } else {
      out << "<line x1=\"" << Num(X(r.value)) << "\" y1=\"" << Num(top) << "\" x2=\""
          << Num(X(r.value)) << "\" y2=\"" << Num(bottom);
    }
    out << "\" stroke=\"" << colour << "\" stroke-width=\"1.5\" stroke-dasharray=\"3 3\"/>\n";
  }
  out << "</g>\n<rect x=\"" << Num(left) << "\" y=\"" << Num(top) << "\" width=\""
      << Num(kPlotRight - left) << "\" height=\"" << Num(kPlotHeight)
      << "\" fill=\"none\" stroke=\"#333333\"/>\n";

  // Markers first (they are obstacles), then their labels where they overlap nothing.
  std::vector<Box> taken;
  for (const ChartMarker& m : chart.markers) {
    const double x = X(m.at.x);
    const double y = Y(m.at.y);
    out << MarkerSvg(m.shape, x, y, m.colour >= 0 ? Colour(m.colour, 0) : kMarkerColour) << "\n";
    taken.push_back({x - 7, y - 7, x + 7, y + 7});
  }
  // The curves are obstacles too: a box every few pixels along each segment.
  for (const ChartSeries& s : chart.series) {
    for (size_t j = 1; j < s.points.size(); ++j) {
      const double x0 = X(s.points[j - 1].x), y0 = Y(s.points[j - 1].y);
      const double x1 = X(s.points[j].x), y1 = Y(s.points[j].y);
      const int steps = 1 + static_cast<int>(std::hypot(x1 - x0, y1 - y0) / 4);
      for (int k = 0; k <= steps; ++k) {
        const double t = static_cast<double>(k) / steps;
        const double px = x0 + t * (x1 - x0), py = y0 + t * (y1 - y0);
        taken.push_back({px - 1.5, py - 1.5, px + 1.5, py + 1.5});
      }
    }
  }
  const Box plot{left, top, kPlotRight, bottom};
  for (const ChartMarker& m : chart.markers) {
    const std::string label = HumanizePhrase(m.label);
    if (label.empty() || !m.annotate) {
      continue;
    }
    const double x = X(m.at.x);
    const double y = Y(m.at.y);
    const double w = static_cast<double>(DisplayWidth(label)) * kSmallCharWidth;
    struct Spot {
      double dx, dy;  // baseline start relative to the marker
    };
    const Spot spots[] = {{9, 4},        {-9 - w, 4},  {-w / 2, -11}, {-w / 2, 19},
                          {9, -10},      {9, 18},      {-9 - w, -10}, {-9 - w, 18},
                          {-w / 2, -25}, {-w / 2, 33}, {9, -24},      {9, 32}};
    for (const Spot& s : spots) {
      const Box box{x + s.dx, y + s.dy - 10, x + s.dx + w, y + s.dy + 3};
      const bool inside =
          box.x0 >= plot.x0 && box.x1 <= plot.x1 && box.y0 >= plot.y0 && box.y1 <= plot.y1;
      if (!inside ||
          std::any_of(taken.begin(), taken.end(), [&](const Box& b) { return b.Overlaps(box); })) {
        continue;
      }
      taken.push_back(box);
      out << "<text x=\"" << Num(x + s.dx) << "\" y=\"" << Num(y + s.dy) << "\" font-size=\"11\">"
          << EscapeXml(label) << "</text>\n";
      break;
    }
  }

  // Legend: series, rules, then one entry per distinct marker.
  Legend legend(top + 12);
  for (size_t i = 0; i < chart.series.size(); ++i) {
    const ChartSeries& s = chart.series[i];
    legend.Add(
        HumanizePhrase(s.name),
        [&](double x, double y) {
          return LineSwatch(x, y, Colour(s.colour, i), s.stroke == ChartSeries::Stroke::kDashed);
        },
        out);
  }
  for (const ChartRule& r : chart.rules) {
    const char* colour = r.colour >= 0 ? Colour(r.colour, 0) : kRuleColour;
    legend.Add(
        HumanizePhrase(r.label), [&](double x, double y) { return LineSwatch(x, y, colour, true); },
        out);
  }
  std::vector<std::string> seen;
  for (const ChartMarker& m : chart.markers) {
    const std::string key =
        HumanizePhrase(m.label) + "\n" + std::to_string(static_cast<int>(m.shape));
    if (std::find(seen.begin(), seen.end(), key) != seen.end()) {
      continue;
    }
    seen.push_back(key);
    const char* colour = m.colour >= 0 ? Colour(m.colour, 0) : kMarkerColour;
    legend.Add(
        HumanizePhrase(m.label),
        [&](double x, double y) { return MarkerSvg(m.shape, x, y, colour); }, out);
  }
  return std::max(bottom + kBottomMargin, legend.bottom() + 12);
}

// Draws a bar chart; returns its height.
Result<double> DrawBarChart(const BarChart& chart, std::ostream& out) {
  if (chart.categories.empty() || chart.parts.empty() ||
      chart.values.size() != chart.parts.size()) {
    return InvalidArgumentError("bar chart has no bars, or not one value per part and bar");
  }
  std::vector<double> totals(chart.categories.size(), 0);
  for (const std::vector<double>& part : chart.values) {
    if (part.size() != chart.categories.size()) {
      return InvalidArgumentError("bar chart part has not one value per bar");
    }
    for (size_t c = 0; c < part.size(); ++c) {
      if (!std::isfinite(part[c]) || part[c] < 0) {
        return InvalidArgumentError("bar chart value is not a finite non-negative number");
      }
      totals[c] += part[c];
    }
  }
  double max = *std::max_element(totals.begin(), totals.end());
  for (const ChartRule& r : chart.rules) {
    if (!std::isfinite(r.value) || r.value < 0) {
      return InvalidArgumentError("bar chart rule is not a finite non-negative number");
    }
    max = std::max(max, r.value);
  }

  // Category names wrap left of the bars.
  size_t name_chars = 0;
  std::vector<std::vector<std::string>> names;
  for (const std::string& c : chart.categories) {
    names.push_back(WrapText(c, 28, 2));
    for (const std::string& line : names.back()) {
      name_chars = std::max(name_chars, DisplayWidth(line));
    }
  }
  const double left = std::max(kLeft, 24 + static_cast<double>(name_chars) * kCharWidth);
  // Room right of the longest bar for its total.
  const Axis axis =
      FittedLinearAxis(0, max > 0 ? max / 0.8 : 1, true, chart.unit, kPlotRight - left);
  const double top = WriteTitles(chart.title, chart.subtitle, out);
  double next_bar = top + 10;
  std::vector<double> bar_y;
  for (const std::vector<std::string>& lines : names) {
    bar_y.push_back(next_bar);
    next_bar += std::max(kBarHeight, 15.0 * static_cast<double>(lines.size())) + kBarGap;
  }
  const double bottom = next_bar;
  const auto X = [&](double v) { return left + axis.Fraction(v) * (kPlotRight - left); };

  out << "<g stroke=\"#e3e3e3\" stroke-width=\"1\">\n";
  for (double t : axis.ticks) {
    out << "<line x1=\"" << Num(X(t)) << "\" y1=\"" << Num(top) << "\" x2=\"" << Num(X(t))
        << "\" y2=\"" << Num(bottom) << "\"/>\n";
  }
  out << "</g>\n<g fill=\"#333333\">\n";
  const std::vector<std::string> labels = TickLabels(axis, chart.unit);
  for (size_t i = 0; i < axis.ticks.size(); ++i) {
    out << "<text x=\"" << Num(X(axis.ticks[i])) << "\" y=\"" << Num(bottom + 18)
        << "\" text-anchor=\"middle\">" << EscapeXml(labels[i]) << "</text>\n";
  }
  out << "<text x=\"" << Num((left + kPlotRight) / 2) << "\" y=\"" << Num(bottom + 42)
      << "\" text-anchor=\"middle\">" << Text(chart.value_label) << "</text>\n";
  for (size_t c = 0; c < names.size(); ++c) {
    double ly = bar_y[c] + kBarHeight / 2 + 4 - 7.5 * static_cast<double>(names[c].size() - 1);
    for (const std::string& line : names[c]) {
      out << "<text x=\"" << Num(left - 8) << "\" y=\"" << Num(ly) << "\" text-anchor=\"end\">"
          << EscapeXml(line) << "</text>\n";
      ly += 15;
    }
  }
  out << "</g>\n";
  for (size_t c = 0; c < chart.categories.size(); ++c) {
    double start = 0;
    for (size_t p = 0; p < chart.parts.size(); ++p) {
      const double v = chart.values[p][c];
      if (v <= 0) {
        continue;
      }
      out << "<rect x=\"" << Num(X(start)) << "\" y=\"" << Num(bar_y[c]) << "\" width=\""
          << Num(X(start + v) - X(start)) << "\" height=\"" << Num(kBarHeight) << "\" fill=\""
          << Colour(-1, p) << "\"><title>" << EscapeXml(chart.categories[c]) << ", "
          << Text(chart.parts[p]) << ": " << EscapeXml(HumanizeNumber(v, chart.unit))
          << "</title></rect>\n";
      start += v;
    }
    out << "<text x=\"" << Num(X(totals[c]) + 6) << "\" y=\"" << Num(bar_y[c] + kBarHeight / 2 + 4)
        << "\" font-size=\"11\">" << EscapeXml(HumanizeNumber(totals[c], chart.unit))
        << "</text>\n";
  }
  for (const ChartRule& r : chart.rules) {
    const char* colour = r.colour >= 0 ? Colour(r.colour, 0) : kRuleColour;
    out << "<line x1=\"" << Num(X(r.value)) << "\" y1=\"" << Num(top) << "\" x2=\""
        << Num(X(r.value)) << "\" y2=\"" << Num(bottom) << "\" stroke=\"" << colour
        << "\" stroke-width=\"1.5\" stroke-dasharray=\"3 3\"/>\n";
  }
  out << "<line x1=\"" << Num(left) << "\" y1=\"" << Num(top) << "\" x2=\"" << Num(left)
      << "\" y2=\"" << Num(bottom) << "\" stroke=\"#333333\"/>\n";

  Legend legend(top + 12);
  for (size_t p = 0; p < chart.parts.size(); ++p) {
    // A part no bar has (logits on a pipeline's first stage) would be a legend entry that
    // matches nothing in the plot.
    if (p < chart.values.size() && std::all_of(chart.values[p].begin(), chart.values[p].end(),
                                               [](double v) { return v <= 0; })) {
      continue;
    }
    legend.Add(
        HumanizePhrase(chart.parts[p]),
        [&](double x, double y) {
          return "<rect x=\"" + Num(x - 7) + "\" y=\"" + Num(y - 6) +
                 "\" width=\"14.00\" height=\"12.00\" fill=\"" + Colour(-1, p) + "\"/>";
        },
        out);
  }
  for (const ChartRule& r : chart.rules) {
    const char* colour = r.colour >= 0 ? Colour(r.colour, 0) : kRuleColour;
    legend.Add(
        HumanizePhrase(r.label), [&](double x, double y) { return LineSwatch(x, y, colour, true); },
        out);
  }
  return std::max(bottom + kBottomMargin, legend.bottom() + 12);
}

// Draws `chart` into `body`; returns its height.
Result<double> DrawChart(const Chart& chart, int index, std::ostream& body) {
  if (const auto* line = std::get_if<LineChart>(&chart)) {
    return DrawLineChart(*line, index, body);
  }
  return DrawBarChart(std::get<BarChart>(chart), body);
}

std::string Title(const Chart& chart) {
  return std::visit([](const auto& c) { return HumanizePhrase(c.title); }, chart);
}

void OpenSvg(double height, std::ostream& out) {
  out << "<svg xmlns=\"http://www.w3.org/2000/svg\" version=\"1.1\" width=\"" << Num(kWidth)
      << "\" height=\"" << Num(height) << "\" viewBox=\"0 0 " << Num(kWidth) << " " << Num(height)
      << "\" font-family=\"DejaVu Sans, Helvetica, Arial, sans-serif\" font-size=\"12\">\n";
}

}  // namespace

std::string EscapeXml(const std::string& text) {
  std::string out;
  for (char c : text) {
    switch (c) {
      case '&':
        out += "&amp;";
        break;
      case '<':
        out += "&lt;";
        break;
      case '>':
        out += "&gt;";
        break;
      case '"':
        out += "&quot;";
        break;
      case '\'':
        out += "&apos;";
        break;
      default:
        if (static_cast<unsigned char>(c) >= 0x20 && c != 0x7f) {
          out += c;
        }
    }
  }
  return out;
}

bool HasData(const Chart& chart) {
  if (const auto* line = std::get_if<LineChart>(&chart)) {
    return !line->markers.empty() ||
           std::any_of(line->series.begin(), line->series.end(),
                       [](const ChartSeries& s) { return !s.points.empty(); });
  }
  return !std::get<BarChart>(chart).categories.empty();
}

Status RenderSvgCharts(const std::vector<Chart>& all, std::ostream& out) {
  std::vector<Chart> charts;
  std::copy_if(all.begin(), all.end(), std::back_inserter(charts), HasData);
  if (charts.empty()) {
    return InvalidArgumentError("no chart to draw");
  }
  std::ostringstream body;
  double y = 0;
  for (size_t i = 0; i < charts.size(); ++i) {
    std::ostringstream chart;
    LLMCOST_ASSIGN_OR_RETURN(double height, DrawChart(charts[i], static_cast<int>(i), chart));
    body << "<g transform=\"translate(0 " << Num(y) << ")\">\n<rect x=\"0\" y=\"0\" width=\""
         << Num(kWidth) << "\" height=\"" << Num(height) << "\" fill=\"#ffffff\"/>\n"
         << chart.str() << "</g>\n";
    y += height;
  }
  out << "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n";
  OpenSvg(y, out);
  std::string titles;
  for (const Chart& c : charts) {
    titles += (titles.empty() ? "" : "; ") + Title(c);
  }
  out << "<title>" << EscapeXml(titles) << "</title>\n" << body.str() << "</svg>\n";
  return OkStatus();
}

Status RenderSvgChart(const Chart& chart, std::ostream& out) {
  return RenderSvgCharts({chart}, out);
}

Status RenderInlineSvgChart(const Chart& chart, int index, std::ostream& out) {
  std::ostringstream body;
  LLMCOST_ASSIGN_OR_RETURN(double height, DrawChart(chart, index, body));
  OpenSvg(height, out);
  out << "<title>" << EscapeXml(Title(chart)) << "</title>\n<rect x=\"0\" y=\"0\" width=\""
      << Num(kWidth) << "\" height=\"" << Num(height) << "\" fill=\"#ffffff\"/>\n"
      << body.str() << "</svg>\n";
  return OkStatus();
}

}  // namespace llmcost
