// The per-format renderers behind Render() (render.h). Each writes the whole report;
// Render() has already checked that every number is finite.
#ifndef LLMCOST_SRC_RENDER_RENDERERS_H_
#define LLMCOST_SRC_RENDER_RENDERERS_H_

#include <cstddef>
#include <ostream>

#include "llmcost/report.h"
#include "llmcost/status.h"

namespace llmcost {

void RenderText(const Report& report, size_t width, std::ostream& out);
void RenderJson(const Report& report, std::ostream& out);
void RenderMarkdown(const Report& report, std::ostream& out);
void RenderCsv(const Report& report, std::ostream& out);
// Errors: those of drawing the charts (svg_chart.h).
Status RenderHtml(const Report& report, std::ostream& out);

}  // namespace llmcost

#endif  // LLMCOST_SRC_RENDER_RENDERERS_H_
