// Render(): format dispatch, with every number checked before a byte is written.
#include "llmcost/render.h"

#include <algorithm>
#include <cmath>
#include <sstream>

#include "humanize.h"
#include "renderers.h"
#include "svg_chart.h"

namespace llmcost {
namespace {

// True when a double under `e` is not finite (no allocation: the common case).
bool HasNonFinite(const Entry& e) {
  if (const double* d = std::get_if<double>(&e.value); d != nullptr && !std::isfinite(*d)) {
    return true;
  }
  for (const Entry& child : e.children) {
    if (HasNonFinite(child)) {
      return true;
    }
  }
  return false;
}

// Returns the path of the first non-finite double under `e`, or "".
std::string FindNonFinite(const Entry& e, const std::string& path) {
  if (!HasNonFinite(e)) {
    return "";
  }
  const std::string here = path.empty() ? e.key.str() : path + "." + e.key.str();
  if (const double* d = std::get_if<double>(&e.value); d != nullptr && !std::isfinite(*d)) {
    return here;
  }
  for (const Entry& child : e.children) {
    std::string found = FindNonFinite(child, here);
    if (!found.empty()) {
      return found;
    }
  }
  return "";
}

}  // namespace

std::string FirstNonFinite(const Entry& item) {
  return FindNonFinite(item, "");
}

std::optional<OutputFormat> ParseOutputFormat(std::string_view name) {
  if (name == "text" || name == "txt") {
    return OutputFormat::kText;
  }
  if (name == "json") {
    return OutputFormat::kJson;
  }
  if (name == "markdown" || name == "md") {
    return OutputFormat::kMarkdown;
  }
  if (name == "csv") {
    return OutputFormat::kCsv;
  }
  if (name == "svg") {
    return OutputFormat::kSvg;
  }
  if (name == "html" || name == "htm") {
    return OutputFormat::kHtml;
  }
  return std::nullopt;
}

Status Render(const Report& report, OutputFormat format, std::ostream& out,
              const RenderOptions& options) {
  for (const Entry& item : report.items) {
    std::string bad = FindNonFinite(item, "");
    if (!bad.empty()) {
      return OutOfRangeError(bad + ": the result is not a finite number");
    }
  }
  std::ostringstream buffer;
  switch (format) {
    case OutputFormat::kText:
      RenderText(report, options.width, buffer);
      break;
    case OutputFormat::kJson:
      RenderJson(report, buffer);
      break;
    case OutputFormat::kMarkdown:
      RenderMarkdown(report, buffer);
      break;
    case OutputFormat::kCsv:
      RenderCsv(report, buffer);
      break;
    case OutputFormat::kSvg:
      if (std::none_of(report.charts.begin(), report.charts.end(), HasData)) {
        return InvalidArgumentError("format: the " + report.title +
                                    " report has no chart to draw as SVG");
      }
      LLMCOST_RETURN_IF_ERROR(RenderSvgCharts(report.charts, buffer));
      break;
    case OutputFormat::kHtml:
      LLMCOST_RETURN_IF_ERROR(RenderHtml(report, buffer));
      break;
  }
  out << buffer.str();
  return OkStatus();
}

std::string PhraseText(const Phrase& phrase) {
  return HumanizePhrase(phrase);
}

}  // namespace llmcost
