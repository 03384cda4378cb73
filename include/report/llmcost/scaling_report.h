// The backward analysis as Reports: `llmcost scale` (laws side by side, a config's budget
// check, the IsoFLOP view and its SVG chart) and `llmcost design` (the search's winners).
//
// Glue between analyses and presentation (like model_report.h): runs the scaling-law analyses,
// then decides what the reports show. Keys: docs/output-schema.md; formulas: docs/formulas.md
// "Scaling laws and design search".
#ifndef LLMCOST_SCALING_REPORT_H_
#define LLMCOST_SCALING_REPORT_H_

#include <optional>
#include <ostream>
#include <string>
#include <vector>

#include "llmcost/analysis/design_search.h"
#include "llmcost/analysis/scaling_law.h"
#include "llmcost/model_report.h"
#include "llmcost/report.h"
#include "llmcost/status.h"

namespace llmcost {

// What `scale` was asked. Exactly one of the forms:
//   compute only                -> each law's compute-optimal N and D for C;
//   params only                 -> the D and C that make N compute-optimal;
//   params and tokens           -> C = 6ND, the loss there and how far (N, D) is from optimal.
struct ScaleQuery {
  std::optional<double> compute_flops;
  std::optional<double> params;
  std::optional<double> tokens;
};

// One item per law (and, when every law is shown for a budget, DeepSeek's allocation). Charts:
// each loss law's IsoFLOP curve through the answer (the budget; the given N and D marked).
// REQUIRES: laws non-empty; the query is one of the forms above.
// Errors: those of ComputeOptimal / OptimalForParams / PredictLoss (kInvalidArgument naming the
// flag for a non-positive or non-finite value; kOutOfRange for a non-finite result).
Result<Report> BuildScaleReport(const std::vector<const ScalingLaw*>& laws, const ScaleQuery& q);

// The budget check of one analyzed model: tokens C buys at the model's exact training FLOPs per
// token, and per law the loss there and the distance from the compute-optimal (N, D).
// Errors: as BuildScaleReport.
Result<Report> BuildBudgetReport(const std::vector<const ScalingLaw*>& laws,
                                 const ModelAnalysis& model, double compute_flops);

// A point of the IsoFLOP view.
struct IsoFlopPoint {
  std::string label;  // "grid", "optimum", or the model's name
  double params = 0;  // N as the law counts it
  double tokens = 0;  // D: C / 6N on the curve; C / F_exact for a model
  double loss = 0;
  bool is_model = false;
};

struct IsoFlopView {
  const ScalingLaw* law = nullptr;
  double compute_flops = 0;
  ScalingPoint optimum;
  std::vector<IsoFlopPoint> table;  // grid (quarter decades over N_opt/10..10 N_opt), optimum
                                    // and models, sorted by N
  std::vector<IsoFlopPoint> curve;  // 121 log-spaced points for the chart
};

// Errors: kInvalidArgument when the law predicts no loss ("law \"tokens20\" predicts no loss;
// the IsoFLOP view needs one of: chinchilla, ..."); those of IsoFlopCurve.
Result<IsoFlopView> BuildIsoFlopView(const ScalingLaw& law, double compute_flops,
                                     const std::vector<ModelAnalysis>& models);
// One item per table point, and the chart (loss against N along the budget; the optimum and
// the models marked) that the SVG format draws.
Report BuildIsoFlopReport(const IsoFlopView& view);
// Several budgets and laws: a chart per law with a curve per budget, the optima's locus and
// the models as one marker shape each; the table keeps each view's optimum and models (the
// grid too when there is one view).
Report BuildIsoFlopReport(const std::vector<IsoFlopView>& views);

// Search statistics (measured by the caller; the analysis itself has no clock).
struct DesignStats {
  int64_t candidates_evaluated = 0;
  double seconds = 0;
};

// What the design report echoes besides the options.
struct DesignContext {
  std::string hardware_name;  // e.g. "NVIDIA H100 SXM5 80GB"; "" without --gpu
  std::string written_path;   // where the best config was written; "" when not written
  std::optional<DesignStats> stats;
};

// One item per candidate, best first.
Report BuildDesignReport(const DesignSearchOptions& options, const DesignSearchResult& result,
                         const DesignContext& context);

}  // namespace llmcost

#endif  // LLMCOST_SCALING_REPORT_H_
