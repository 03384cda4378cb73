// SVG line charts: fixed 800 x 500 canvas, log or linear x axis, linear y axis.
#include "svg_chart.h"

#include <algorithm>
#include <cmath>

#include <fmt/format.h>

#include "humanize.h"

namespace llmcost {
namespace {

constexpr double kWidth = 800;
constexpr double kHeight = 500;
constexpr double kLeft = 80;  // plot area margins
constexpr double kRight = 30;
constexpr double kTop = 70;
constexpr double kBottom = 60;
constexpr int kMaxYTicks = 8;
// Colour-blind-safe palette (Okabe & Ito 2008), cycled by series index.
constexpr const char* kPalette[] = {"#0072b2", "#d55e00", "#009e73", "#cc79a7", "#e69f00"};
constexpr const char* kMarkerColour = "#000000";

std::string Num(double v) {
  // Two decimals, and never "-0.00".
  std::string s = fmt::format("{:.2f}", v);
  return s == "-0.00" ? "0.00" : s;
}

// A 1-2-5 step giving at most kMaxYTicks ticks over [lo, hi].
double NiceStep(double span) {
  const double raw = span / kMaxYTicks;
  const double magnitude = std::pow(10.0, std::floor(std::log10(raw)));
  for (double m : {1.0, 2.0, 5.0, 10.0}) {
    if (m * magnitude >= raw) {
      return m * magnitude;
    }
  }
  return 10 * magnitude;
}

struct Axes {
  double x_lo = 0, x_hi = 1, y_lo = 0, y_hi = 1;
  bool log_x = true;
  double X(double x) const {
    const double t = log_x ? (std::log10(x) - x_lo) / (x_hi - x_lo) : (x - x_lo) / (x_hi - x_lo);
    return kLeft + t * (kWidth - kLeft - kRight);
  }
  double Y(double y) const {
    return kTop + (1 - (y - y_lo) / (y_hi - y_lo)) * (kHeight - kTop - kBottom);
  }
};

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
        if (static_cast<unsigned char>(c) >= 0x20 || c == '\n' || c == '\t') {
          out += c;
        }
    }
  }
  return out;
}

Status RenderSvgChart(const LineChart& chart, std::ostream& out) {
  std::vector<ChartPoint> all;
  for (const ChartSeries& s : chart.series) {
    all.insert(all.end(), s.points.begin(), s.points.end());
  }
  for (const ChartMarker& m : chart.markers) {
    all.push_back(m.at);
  }
  if (all.empty()) {
    return InvalidArgumentError("chart has no points");
  }
  Axes ax;
  ax.log_x = chart.log_x;
  double x_min = HUGE_VAL, x_max = -HUGE_VAL, y_min = HUGE_VAL, y_max = -HUGE_VAL;
  for (const ChartPoint& p : all) {
    if (!std::isfinite(p.x) || !std::isfinite(p.y) || (chart.log_x && p.x <= 0)) {
      return InvalidArgumentError("chart point is not finite or not positive on a log axis");
    }
    x_min = std::min(x_min, p.x);
    x_max = std::max(x_max, p.x);
    y_min = std::min(y_min, p.y);
    y_max = std::max(y_max, p.y);
  }
  if (chart.log_x) {
    ax.x_lo = std::floor(std::log10(x_min));
    ax.x_hi = std::max(std::ceil(std::log10(x_max)), ax.x_lo + 1);
  } else {
    ax.x_lo = x_min;
    ax.x_hi = x_max > x_min ? x_max : x_min + 1;
  }
  const double y_step = NiceStep(y_max > y_min ? y_max - y_min : 1);
  ax.y_lo = std::floor(y_min / y_step) * y_step;
  ax.y_hi = std::ceil(y_max / y_step) * y_step;
  if (ax.y_hi <= ax.y_lo) {
    ax.y_hi = ax.y_lo + y_step;
  }

  out << "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
      << "<svg xmlns=\"http://www.w3.org/2000/svg\" version=\"1.1\" width=\"" << Num(kWidth)
      << "\" height=\"" << Num(kHeight) << "\" viewBox=\"0 0 " << Num(kWidth) << " " << Num(kHeight)
      << "\" font-family=\"sans-serif\" font-size=\"12\">\n"
      << "<title>" << EscapeXml(HumanizePhrase(chart.title)) << "</title>\n"
      << "<rect x=\"0\" y=\"0\" width=\"" << Num(kWidth) << "\" height=\"" << Num(kHeight)
      << "\" fill=\"#ffffff\"/>\n"
      << "<text x=\"" << Num(kWidth / 2) << "\" y=\"24\" text-anchor=\"middle\" font-size=\"16\">"
      << EscapeXml(HumanizePhrase(chart.title)) << "</text>\n"
      << "<text x=\"" << Num(kWidth / 2) << "\" y=\"44\" text-anchor=\"middle\" fill=\"#555555\">"
      << EscapeXml(HumanizePhrase(chart.subtitle)) << "</text>\n";

  // Grid and ticks.
  const double plot_bottom = kHeight - kBottom;
  const double plot_right = kWidth - kRight;
  out << "<g stroke=\"#dddddd\" stroke-width=\"1\">\n";
  if (chart.log_x) {
    for (double e = ax.x_lo; e <= ax.x_hi + 1e-9; e += 1) {
      const double x = ax.X(std::pow(10.0, e));
      out << "<line x1=\"" << Num(x) << "\" y1=\"" << Num(kTop) << "\" x2=\"" << Num(x)
          << "\" y2=\"" << Num(plot_bottom) << "\"/>\n";
    }
  }
  const int y_ticks = static_cast<int>(std::lround((ax.y_hi - ax.y_lo) / y_step));
  for (int i = 0; i <= y_ticks; ++i) {
    const double y = ax.Y(ax.y_lo + i * y_step);
    out << "<line x1=\"" << Num(kLeft) << "\" y1=\"" << Num(y) << "\" x2=\"" << Num(plot_right)
        << "\" y2=\"" << Num(y) << "\"/>\n";
  }
  out << "</g>\n<g fill=\"#333333\">\n";
  if (chart.log_x) {
    for (double e = ax.x_lo; e <= ax.x_hi + 1e-9; e += 1) {
      out << "<text x=\"" << Num(ax.X(std::pow(10.0, e))) << "\" y=\"" << Num(plot_bottom + 18)
          << "\" text-anchor=\"middle\">" << EscapeXml(HumanizeCount(std::pow(10.0, e)))
          << "</text>\n";
    }
  }
  for (int i = 0; i <= y_ticks; ++i) {
    const double v = ax.y_lo + i * y_step;
    out << "<text x=\"" << Num(kLeft - 8) << "\" y=\"" << Num(ax.Y(v) + 4)
        << "\" text-anchor=\"end\">" << fmt::format("{:.4g}", v) << "</text>\n";
  }
  out << "<text x=\"" << Num((kLeft + plot_right) / 2) << "\" y=\"" << Num(kHeight - 16)
      << "\" text-anchor=\"middle\">" << EscapeXml(HumanizePhrase(chart.x_label)) << "</text>\n"
      << "<text transform=\"translate(18 " << Num((kTop + plot_bottom) / 2)
      << ") rotate(-90)\" text-anchor=\"middle\">" << EscapeXml(HumanizePhrase(chart.y_label))
      << "</text>\n"
      << "</g>\n"
      << "<rect x=\"" << Num(kLeft) << "\" y=\"" << Num(kTop) << "\" width=\""
      << Num(plot_right - kLeft) << "\" height=\"" << Num(plot_bottom - kTop)
      << "\" fill=\"none\" stroke=\"#333333\"/>\n";

  // Series and legend.
  for (size_t i = 0; i < chart.series.size(); ++i) {
    const ChartSeries& s = chart.series[i];
    const char* colour = kPalette[i % std::size(kPalette)];
    out << "<polyline fill=\"none\" stroke=\"" << colour << "\" stroke-width=\"2\" points=\"";
    for (size_t j = 0; j < s.points.size(); ++j) {
      out << (j == 0 ? "" : " ") << Num(ax.X(s.points[j].x)) << "," << Num(ax.Y(s.points[j].y));
    }
    out << "\"/>\n";
    const double ly = kTop + 16 + 16 * static_cast<double>(i);
    out << "<line x1=\"" << Num(plot_right - 190) << "\" y1=\"" << Num(ly - 4) << "\" x2=\""
        << Num(plot_right - 170) << "\" y2=\"" << Num(ly - 4) << "\" stroke=\"" << colour
        << "\" stroke-width=\"2\"/>\n"
        << "<text x=\"" << Num(plot_right - 164) << "\" y=\"" << Num(ly) << "\">"
        << EscapeXml(HumanizePhrase(s.name)) << "</text>\n";
  }

  // Markers, each with its label; labels alternate above and below to limit overlap.
  for (size_t i = 0; i < chart.markers.size(); ++i) {
    const ChartMarker& m = chart.markers[i];
    const double x = ax.X(m.at.x);
    const double y = ax.Y(m.at.y);
    if (m.shape == ChartMarker::Shape::kDiamond) {
      out << "<polygon points=\"" << Num(x) << "," << Num(y - 6) << " " << Num(x + 6) << ","
          << Num(y) << " " << Num(x) << "," << Num(y + 6) << " " << Num(x - 6) << "," << Num(y)
          << "\" fill=\"" << kMarkerColour << "\"/>\n";
    } else {
      out << "<circle cx=\"" << Num(x) << "\" cy=\"" << Num(y) << "\" r=\"5\" fill=\"none\" "
          << "stroke=\"" << kMarkerColour << "\" stroke-width=\"2\"/>\n";
    }
    const double label_y = i % 2 == 0 ? y - 10 : y + 18;
    out << "<text x=\"" << Num(x) << "\" y=\"" << Num(label_y)
        << "\" text-anchor=\"middle\" font-size=\"11\">" << EscapeXml(HumanizePhrase(m.label))
        << "</text>\n";
  }
  out << "</svg>\n";
  return OkStatus();
}

}  // namespace llmcost
