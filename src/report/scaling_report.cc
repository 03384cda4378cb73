// What the `scale` and `design` reports show, and in which order.
#include "llmcost/scaling_report.h"

#include <algorithm>
#include <cmath>
#include <optional>
#include <string>
#include <vector>

#include <fmt/format.h>

namespace llmcost {
namespace {

constexpr int kTablePointsPerDecade = 4;
constexpr int kTableDecades = 1;  // the table spans N_opt / 10 .. 10 N_opt
constexpr int kCurvePoints = 121;
constexpr double kCurveDecades = 1.5;
constexpr double kSecondsPerDay = 86400;

constexpr char kConventions[] =
    "Every law spends C = 6·N·D; N counts all parameters (Kaplan: non-embedding). Losses are "
    "nats/token on each paper's own data, so compare them within a law, not across laws.";
constexpr char kWhy93[] =
    "Why chinchilla gives ~93 tokens/param, not ~20: the paper's rounded Approach-3 constants "
    "(α = 0.34, β = 0.28, A = 406.4, B = 410.7) put the optimum at D/N ≈ 93 at the Gopher "
    "budget; the unrounded values give ~59, and Approaches 1/2 and Epoch's refit give ~20 "
    "(Hoffmann et al. 2022 Table 3; Besiroglu et al. 2024).";

Phrase Sci(double v) {
  return Amount(v, Unit::kScientific);
}

Phrase Count(double v) {
  return Amount(v, Unit::kCount);
}

Phrase Sig(double v) {
  return Amount(v, Unit::kRatio);
}

// The N a law sees for an analyzed model: active parameters (total for dense models), without
// embeddings and positions for Kaplan.
double ModelLawParams(const ScalingLaw& law, const ModelAnalysis& m) {
  const int64_t n = law.param_counting == ParamCounting::kNonEmbedding
                        ? m.params.active - m.params.embedding - m.params.position
                        : m.params.active;
  return static_cast<double>(n);
}

std::string ParamsNote(const ScalingLaw& law) {
  return law.param_counting == ParamCounting::kNonEmbedding ? "(non-embedding)" : "";
}

Entry LawHeader(const ScalingLaw& law) {
  Entry e = Leaf("law", "Law", std::string(law.id));
  return e;
}

Entry MachineCitation(const ScalingLaw& law) {
  return MachineLeaf("source", std::string(law.citation));
}

void AddLoss(std::vector<Entry>* c, std::string key, std::string label,
             const std::optional<double>& loss) {
  if (loss) {
    AddLeaf(c, std::move(key), std::move(label), *loss, Unit::kRatio);
  }
}

Result<std::vector<Entry>> DeepSeekEntries(double compute_flops) {
  LLMCOST_ASSIGN_OR_RETURN(DeepSeekHyperparameters hp,
                           EstimateDeepSeekHyperparameters(compute_flops));
  return std::vector<Entry>{
      Leaf("deepseek/batch_size_tokens", "DeepSeek batch size (tokens)", hp.batch_size_tokens,
           Unit::kCount),
      Leaf("deepseek/learning_rate", "DeepSeek learning rate", hp.learning_rate, Unit::kRatio),
  };
}

std::vector<std::string> SourceLines(const std::vector<const ScalingLaw*>& laws) {
  std::vector<std::string> lines;
  for (const ScalingLaw* law : laws) {
    lines.push_back(fmt::format("  {}: {}", law->id, law->citation));
  }
  return lines;
}

bool HasLaw(const std::vector<const ScalingLaw*>& laws, std::string_view id) {
  return std::any_of(laws.begin(), laws.end(), [&](const ScalingLaw* l) { return l->id == id; });
}

void AddCommonHeader(const std::vector<const ScalingLaw*>& laws, Report* r) {
  r->header.push_back(kConventions);
  if (HasLaw(laws, "chinchilla")) {
    r->header.push_back(kWhy93);
  }
  r->header.push_back(
      "DeepSeek batch size and learning rate: B_opt = 0.2920·C^0.3271 tokens, "
      "η_opt = 0.3118·C^-0.1250 (DeepSeek-AI 2024, arXiv:2401.02954 eq. 1; fitted on "
      "1e17-3e20 FLOPs).");
  r->header.push_back("Sources:");
  for (std::string& line : SourceLines(laws)) {
    r->header.push_back(std::move(line));
  }
}

}  // namespace

namespace {

constexpr MarkerShape kModelShapes[] = {MarkerShape::kCircle, MarkerShape::kSquare,
                                        MarkerShape::kTriangle, MarkerShape::kCross,
                                        MarkerShape::kStar};
constexpr int kLocusColour = 7;  // black in the renderer's palette

Phrase Subtitle(const ScalingLaw& law) {
  if (law.loss_form == LossForm::kKaplan) {
    return std::string(law.display_name) + ": eq. 1.5 along D = C / 6N";
  }
  return std::string(law.display_name) + ": L = E + A/N^α + B/D^β along D = C / 6N";
}

// Loss against N along each budget of one law: a curve per budget, the optima joined by a
// dashed locus when there are several, the models as one marker shape each.
LineChart IsoFlopChart(const std::vector<const IsoFlopView*>& views) {
  const ScalingLaw& law = *views.front()->law;
  LineChart chart;
  chart.title = views.size() == 1
                    ? "IsoFLOP profile at C = " + Sci(views.front()->compute_flops) + " FLOPs"
                    : "IsoFLOP profiles at " + Amount(int64_t(views.size())) + " budgets";
  chart.subtitle = Subtitle(law);
  chart.x_label = law.param_counting == ParamCounting::kNonEmbedding
                      ? Phrase("non-embedding parameters N (log scale)")
                      : Phrase("parameters N (log scale)");
  chart.y_label = "predicted loss (nats/token)";
  std::vector<std::string> models;
  ChartSeries locus;
  locus.name = "compute-optimal N at each budget";
  locus.stroke = ChartSeries::Stroke::kDashed;
  locus.colour = kLocusColour;
  for (size_t i = 0; i < views.size(); ++i) {
    const IsoFlopView& v = *views[i];
    ChartSeries series;
    series.name = "C = " + Sci(v.compute_flops) + " FLOPs";
    series.colour = static_cast<int>(i);
    for (const IsoFlopPoint& p : v.curve) {
      series.points.push_back({p.params, p.loss});
    }
    chart.series.push_back(std::move(series));
    locus.points.push_back({v.optimum.params, v.optimum.loss.value_or(0)});
    chart.markers.push_back(
        {views.size() == 1 ? "optimum N = " + Count(v.optimum.params) : Phrase("compute-optimal"),
         {v.optimum.params, v.optimum.loss.value_or(0)},
         MarkerShape::kDiamond,
         -1,
         views.size() == 1});
  }
  for (size_t i = 0; i < views.size(); ++i) {
    for (const IsoFlopPoint& p : views[i]->table) {
      if (!p.is_model) {
        continue;
      }
      auto it = std::find(models.begin(), models.end(), p.label);
      const size_t index = static_cast<size_t>(it - models.begin());
      const bool first = it == models.end();
      if (first) {
        models.push_back(p.label);
      }
      // Each model is named beside its first point; the legend names the rest.
      chart.markers.push_back(
          {p.label, {p.params, p.loss}, kModelShapes[index % std::size(kModelShapes)], -1, first});
    }
  }
  if (views.size() > 1) {
    std::sort(locus.points.begin(), locus.points.end(),
              [](const ChartPoint& a, const ChartPoint& b) { return a.x < b.x; });
    chart.series.push_back(std::move(locus));
  }
  return chart;
}

// One IsoFLOP chart per law with a loss, at the budget `budget_of` gives each law, with
// `marked` (when set) as a labelled point on the curve.
struct MarkedPoint {
  std::string label;
  double params = 0;
  double tokens = 0;
};
template <typename BudgetOf>
Status AddIsoFlopCharts(const std::vector<const ScalingLaw*>& laws, BudgetOf budget_of,
                        const std::vector<ModelAnalysis>& models,
                        const std::optional<MarkedPoint>& marked, Report* r) {
  for (const ScalingLaw* law : laws) {
    if (law->loss_form == LossForm::kNone) {
      continue;
    }
    LLMCOST_ASSIGN_OR_RETURN(double budget, budget_of(*law));
    LLMCOST_ASSIGN_OR_RETURN(IsoFlopView view, BuildIsoFlopView(*law, budget, models));
    LineChart chart = IsoFlopChart({&view});
    chart.title = std::string(law->id) + ": IsoFLOP profile at C = " + Sci(budget) + " FLOPs";
    if (marked) {
      LLMCOST_ASSIGN_OR_RETURN(double loss, PredictLoss(*law, marked->params, marked->tokens));
      chart.markers.push_back({marked->label, {marked->params, loss}, kModelShapes[0], -1});
    }
    r->charts.push_back(std::move(chart));
  }
  return OkStatus();
}

}  // namespace

Result<Report> BuildScaleReport(const std::vector<const ScalingLaw*>& laws, const ScaleQuery& q) {
  if (q.params && q.tokens && !std::isfinite(kTrainingFlopsPerParamToken * *q.params * *q.tokens)) {
    // The budget C = 6 N D was not given: blame the inputs that made it, not compute_flops.
    return FieldError("tokens", fmt::format("C = 6 N D = 6 x {} x {} is beyond a double "
                                            "(about 1.8e308); give fewer tokens or parameters",
                                            *q.params, *q.tokens));
  }
  Report r;
  r.items_key = "laws";
  if (q.params && q.tokens) {
    r.title = "Scaling Laws: Loss and Distance from Compute-Optimal";
  } else if (q.params) {
    r.title = "Scaling Laws: Compute-Optimal Budget for a Model Size";
  } else {
    r.title = "Scaling Laws: Compute-Optimal Model for a Budget";
  }
  AddCommonHeader(laws, &r);
  for (const ScalingLaw* law : laws) {
    std::vector<Entry> c;
    c.push_back(LawHeader(*law));
    AddLeaf(&c, "name", "Name", std::string(law->display_name));
    c.push_back(MachineCitation(*law));
    if (q.params && q.tokens) {
      const double compute = kTrainingFlopsPerParamToken * *q.params * *q.tokens;
      LLMCOST_ASSIGN_OR_RETURN(ScalingPoint opt, ComputeOptimal(*law, compute));
      std::optional<double> loss;
      if (law->loss_form != LossForm::kNone) {
        LLMCOST_ASSIGN_OR_RETURN(loss, PredictLoss(*law, *q.params, *q.tokens));
      }
      AddLeaf(&c, "params", "Parameters N", *q.params, Unit::kCount, ParamsNote(*law));
      AddLeaf(&c, "tokens", "Tokens D", *q.tokens, Unit::kCount);
      c.push_back(
          Leaf("tokens_per_param", "Tokens per parameter", *q.tokens / *q.params, Unit::kRatio));
      AddLeaf(&c, "compute_flops", "Compute C = 6ND", compute, Unit::kFlops);
      AddLoss(&c, "loss", "Predicted loss", loss);
      AddLeaf(&c, "optimal/params", "Compute-optimal N", opt.params, Unit::kCount);
      AddLeaf(&c, "optimal/tokens", "Compute-optimal D", opt.tokens, Unit::kCount);
      AddLeaf(&c, "optimal/tokens_per_param", "Compute-optimal D/N", opt.tokens_per_param,
              Unit::kRatio);
      AddLoss(&c, "optimal/loss", "Compute-optimal loss", opt.loss);
      AddLeaf(&c, "params_vs_optimal", "N / N_opt", *q.params / opt.params, Unit::kRatio);
      LLMCOST_ASSIGN_OR_RETURN(std::vector<Entry> ds, DeepSeekEntries(compute));
      c.insert(c.end(), ds.begin(), ds.end());
    } else {
      ScalingPoint p;
      if (q.params) {
        LLMCOST_ASSIGN_OR_RETURN(p, OptimalForParams(*law, *q.params));
      } else {
        LLMCOST_ASSIGN_OR_RETURN(p, ComputeOptimal(*law, q.compute_flops.value_or(0)));
      }
      AddLeaf(&c, "params", "Parameters N", p.params, Unit::kCount, ParamsNote(*law));
      AddLeaf(&c, "tokens", "Tokens D", p.tokens, Unit::kCount);
      c.push_back(
          Leaf("tokens_per_param", "Tokens per parameter", p.tokens_per_param, Unit::kRatio));
      AddLeaf(&c, "compute_flops", "Compute C = 6ND", p.compute_flops, Unit::kFlops);
      AddLoss(&c, "loss", "Predicted loss", p.loss);
      LLMCOST_ASSIGN_OR_RETURN(std::vector<Entry> ds, DeepSeekEntries(p.compute_flops));
      c.insert(c.end(), ds.begin(), ds.end());
    }
    Entry item;
    item.key = std::string(law->id);
    item.children = std::move(c);
    r.items.push_back(std::move(item));
  }
  // With every law shown for a budget, DeepSeek's own allocation joins as a column.
  if (q.compute_flops && !q.params && laws.size() > 1) {
    LLMCOST_ASSIGN_OR_RETURN(DeepSeekAllocation alloc,
                             EstimateDeepSeekAllocation(*q.compute_flops));
    std::vector<Entry> c;
    AddLeaf(&c, "law", "Law", std::string("deepseek"));
    AddLeaf(&c, "name", "Name", std::string("DeepSeek LLM allocation (C = M·D)"));
    c.push_back(MachineLeaf("source", std::string("DeepSeek-AI 2024, arXiv:2401.02954 eq. 4")));
    AddLeaf(&c, "tokens", "Tokens D", alloc.tokens, Unit::kCount);
    AddLeaf(&c, "compute_flops", "Compute C = 6ND", *q.compute_flops, Unit::kFlops);
    AddLeaf(&c, "flops_per_token", "M (non-embedding FLOPs/token)", alloc.flops_per_token,
            Unit::kFlops);
    LLMCOST_ASSIGN_OR_RETURN(std::vector<Entry> ds, DeepSeekEntries(*q.compute_flops));
    c.insert(c.end(), ds.begin(), ds.end());
    Entry item;
    item.key = "deepseek";
    item.children = std::move(c);
    r.items.push_back(std::move(item));
  }
  // The IsoFLOP curve of each law through the answer.
  if (q.params && q.tokens) {
    const double compute = kTrainingFlopsPerParamToken * *q.params * *q.tokens;
    LLMCOST_RETURN_IF_ERROR(AddIsoFlopCharts(
        laws, [&](const ScalingLaw&) -> Result<double> { return compute; }, {},
        MarkedPoint{"the given N and D", *q.params, *q.tokens}, &r));
  } else if (q.params) {
    LLMCOST_RETURN_IF_ERROR(AddIsoFlopCharts(
        laws,
        [&](const ScalingLaw& law) -> Result<double> {
          LLMCOST_ASSIGN_OR_RETURN(ScalingPoint p, OptimalForParams(law, *q.params));
          return p.compute_flops;
        },
        {}, std::nullopt, &r));
  } else if (q.compute_flops) {
    LLMCOST_RETURN_IF_ERROR(AddIsoFlopCharts(
        laws, [&](const ScalingLaw&) -> Result<double> { return *q.compute_flops; }, {},
        std::nullopt, &r));
  }
  return r;
}

Result<Report> BuildBudgetReport(const std::vector<const ScalingLaw*>& laws, const ModelAnalysis& m,
                                 double compute_flops) {
  Report r;
  r.title = "Scaling Laws: Budget Check of " + m.arch.name;
  r.items_key = "laws";
  const double flops = m.flops.training;
  if (!(compute_flops > 0) || !std::isfinite(compute_flops)) {
    return InvalidArgumentError("compute_flops: must be a positive finite number of FLOPs, got " +
                                fmt::format("{}", compute_flops));
  }
  const double tokens = compute_flops / flops;
  r.header.push_back("Model: " + m.arch.name + " (" + m.arch.source + "); " +
                     Amount(m.params.total, Unit::kCount) + " parameters (" +
                     Amount(m.params.active, Unit::kCount) +
                     " active); exact training FLOPs per token F = " + Amount(flops, Unit::kFlops) +
                     " (3 x forward, " + std::string(AttentionConventionName(m.flops.attention)) +
                     " attention, s = " + Amount(m.flops.seq_len) + "); the budget C = " +
                     Sci(compute_flops) + " FLOPs buys D = C / F = " + Count(tokens) + " tokens.");
  AddCommonHeader(laws, &r);
  LLMCOST_ASSIGN_OR_RETURN(std::vector<Entry> ds, DeepSeekEntries(compute_flops));
  for (const ScalingLaw* law : laws) {
    const double n = ModelLawParams(*law, m);
    LLMCOST_ASSIGN_OR_RETURN(ScalingPoint opt, ComputeOptimal(*law, compute_flops));
    std::optional<double> loss;
    if (law->loss_form != LossForm::kNone) {
      LLMCOST_ASSIGN_OR_RETURN(loss, PredictLoss(*law, n, tokens));
    }
    Entry item;
    std::vector<Entry>& c = item.children;
    c.push_back(LawHeader(*law));
    AddLeaf(&c, "name", "Name", std::string(law->display_name));
    c.push_back(MachineCitation(*law));
    AddLeaf(&c, "model/params", "Model N", n, Unit::kCount, ParamsNote(*law));
    AddLeaf(&c, "model/tokens", "Model D = C / F", tokens, Unit::kCount);
    AddLeaf(&c, "model/tokens_per_param", "Model D/N", tokens / n, Unit::kRatio);
    c.push_back(
        Leaf("model/training_flops_per_token", "Model F (FLOPs/token)", flops, Unit::kFlops));
    AddLoss(&c, "model/loss", "Model loss", loss);
    AddLeaf(&c, "optimal/params", "Compute-optimal N", opt.params, Unit::kCount);
    AddLeaf(&c, "optimal/tokens", "Compute-optimal D", opt.tokens, Unit::kCount);
    AddLeaf(&c, "optimal/tokens_per_param", "Compute-optimal D/N", opt.tokens_per_param,
            Unit::kRatio);
    AddLoss(&c, "optimal/loss", "Compute-optimal loss", opt.loss);
    AddLeaf(&c, "params_vs_optimal", "N / N_opt", n / opt.params, Unit::kRatio);
    AddLeaf(&c, "tokens_vs_optimal", "D / D_opt", tokens / opt.tokens, Unit::kRatio);
    if (loss && opt.loss) {
      c.push_back(
          Leaf("loss_above_optimal", "Loss above optimal", *loss - *opt.loss, Unit::kRatio));
    }
    c.insert(c.end(), ds.begin(), ds.end());
    item.key = std::string(law->id);
    r.items.push_back(std::move(item));
  }
  LLMCOST_RETURN_IF_ERROR(AddIsoFlopCharts(
      laws, [&](const ScalingLaw&) -> Result<double> { return compute_flops; }, {m}, std::nullopt,
      &r));
  return r;
}

Result<IsoFlopView> BuildIsoFlopView(const ScalingLaw& law, double compute_flops,
                                     const std::vector<ModelAnalysis>& models) {
  if (law.loss_form == LossForm::kNone) {
    std::string with_loss;
    for (const ScalingLaw& l : ScalingLaws()) {
      if (l.loss_form != LossForm::kNone) {
        with_loss += (with_loss.empty() ? "" : ", ") + std::string(l.id);
      }
    }
    return InvalidArgumentError(
        fmt::format("--law: law \"{}\" predicts no loss; the IsoFLOP view needs one of: {}", law.id,
                    with_loss));
  }
  IsoFlopView v;
  v.law = &law;
  v.compute_flops = compute_flops;
  LLMCOST_ASSIGN_OR_RETURN(v.optimum, ComputeOptimal(law, compute_flops));
  const double n_opt = v.optimum.params;
  const int table_points = 2 * kTableDecades * kTablePointsPerDecade + 1;
  const double table_span = std::pow(10.0, kTableDecades);
  LLMCOST_ASSIGN_OR_RETURN(
      std::vector<ScalingPoint> grid,
      IsoFlopCurve(law, compute_flops, table_points, n_opt / table_span, n_opt * table_span));
  for (const ScalingPoint& p : grid) {
    if (std::fabs(p.params / n_opt - 1) < 1e-9) {
      continue;  // the optimum row below stands for it
    }
    v.table.push_back({"grid", p.params, p.tokens, p.loss.value_or(0), false});
  }
  v.table.push_back({"optimum", n_opt, v.optimum.tokens, v.optimum.loss.value_or(0), false});
  double lo = n_opt / std::pow(10.0, kCurveDecades);
  double hi = n_opt * std::pow(10.0, kCurveDecades);
  for (const ModelAnalysis& m : models) {
    IsoFlopPoint p;
    p.label = m.arch.name;
    p.params = ModelLawParams(law, m);
    p.tokens = compute_flops / m.flops.training;
    LLMCOST_ASSIGN_OR_RETURN(p.loss, PredictLoss(law, p.params, p.tokens));
    p.is_model = true;
    lo = std::min(lo, p.params / 2);
    hi = std::max(hi, p.params * 2);
    v.table.push_back(std::move(p));
  }
  std::stable_sort(
      v.table.begin(), v.table.end(),
      [](const IsoFlopPoint& a, const IsoFlopPoint& b) { return a.params < b.params; });
  LLMCOST_ASSIGN_OR_RETURN(std::vector<ScalingPoint> curve,
                           IsoFlopCurve(law, compute_flops, kCurvePoints, lo, hi));
  for (const ScalingPoint& p : curve) {
    v.curve.push_back({"curve", p.params, p.tokens, p.loss.value_or(0), false});
  }
  return v;
}

Report BuildIsoFlopReport(const IsoFlopView& v) {
  return BuildIsoFlopReport(std::vector<IsoFlopView>{v});
}

Report BuildIsoFlopReport(const std::vector<IsoFlopView>& views) {
  Report r;
  r.title = "IsoFLOP Profile";
  r.items_key = "points";
  std::vector<const ScalingLaw*> laws;
  std::vector<double> budgets;
  for (const IsoFlopView& v : views) {
    if (std::find(laws.begin(), laws.end(), v.law) == laws.end()) {
      laws.push_back(v.law);
    }
    if (std::find(budgets.begin(), budgets.end(), v.compute_flops) == budgets.end()) {
      budgets.push_back(v.compute_flops);
    }
  }
  for (const ScalingLaw* law : laws) {
    std::vector<const IsoFlopView*> of_law;
    for (const IsoFlopView& v : views) {
      if (v.law == law) {
        of_law.push_back(&v);
      }
    }
    LineChart chart = IsoFlopChart(of_law);
    if (laws.size() > 1) {
      chart.title = std::string(law->id) + ": " + chart.title;
    }
    r.charts.push_back(std::move(chart));
  }
  const bool single = views.size() == 1;
  for (size_t b = 0; b < budgets.size(); ++b) {
    r.header.push_back(
        (budgets.size() > 1 ? "Budget C" + std::to_string(b + 1) : std::string("Budget C")) +
        " = " + Sci(budgets[b]) + " FLOPs.");
  }
  r.header.push_back(
      "Loss L(N, D) along D = C / 6N; a model's D is C over its exact training FLOPs per token.");
  for (const IsoFlopView& v : views) {
    r.header.push_back("Compute-optimal under " + std::string(v.law->id) +
                       (budgets.size() > 1 ? " at " + Sci(v.compute_flops) + " FLOPs" : Phrase()) +
                       ": N = " + Count(v.optimum.params) + ", D = " + Count(v.optimum.tokens) +
                       " (" + Sig(v.optimum.tokens_per_param) + " tokens/param), loss " +
                       Sig(v.optimum.loss.value_or(0)) + ".");
  }
  for (const ScalingLaw* law : laws) {
    r.header.push_back(fmt::format("Source ({}): {}", law->id, law->citation));
  }
  if (!single) {
    r.header.push_back(
        "Several budgets or laws: the table lists each one's optimum and the models (the "
        "charts draw the whole curves).");
  }
  for (const IsoFlopView& v : views) {
    const size_t budget = static_cast<size_t>(
        std::find(budgets.begin(), budgets.end(), v.compute_flops) - budgets.begin());
    for (const IsoFlopPoint& p : v.table) {
      if (!single && p.label == "grid") {
        continue;
      }
      Entry item;
      item.key = single ? p.label
                        : std::string(v.law->id) +
                              (budgets.size() > 1 ? " C" + std::to_string(budget + 1) : "") + ": " +
                              p.label;
      std::vector<Entry>& c = item.children;
      AddLeaf(&c, "point", "Point", p.label);
      if (!single) {
        AddLeaf(&c, "law", "Law", std::string(v.law->id));
        AddLeaf(&c, "compute_flops", "Budget C", v.compute_flops, Unit::kFlops);
      }
      AddLeaf(&c, "params", "Parameters N", p.params, Unit::kCount, ParamsNote(*v.law));
      AddLeaf(&c, "tokens", "Tokens D", p.tokens, Unit::kCount);
      c.push_back(
          Leaf("tokens_per_param", "Tokens per parameter", p.tokens / p.params, Unit::kRatio));
      AddLeaf(&c, "loss", "Predicted loss", p.loss, Unit::kRatio);
      c.push_back(
          Leaf("params_vs_optimal", "N / N_opt", p.params / v.optimum.params, Unit::kRatio));
      AddLeaf(&c, "loss_above_optimal", "Loss above optimal", p.loss - v.optimum.loss.value_or(0),
              Unit::kRatio);
      r.items.push_back(std::move(item));
    }
  }
  return r;
}

namespace {

Phrase LawName(const DesignLaw& law) {
  return law.moe != nullptr
             ? std::string(law.moe->id) + " (" + std::string(law.moe->display_name) + ")"
             : std::string(law.dense->id) + " (" + std::string(law.dense->display_name) + ")";
}

std::string DesignName(const DesignCandidate& cand) {
  const ConfigShape& s = cand.config;
  std::string name =
      fmt::format("{} d{} L{} h{}", s.family, s.hidden_size, s.num_layers, s.num_heads);
  if (s.num_kv_heads != s.num_heads) {
    name += fmt::format(" kv{}", s.num_kv_heads);
  }
  if (s.num_experts > 0) {
    name += fmt::format(" E{} top{} fe{}", s.num_experts, s.experts_per_token, s.intermediate_size);
  }
  return name;
}

double Aspect(const ConfigShape& s) {
  return static_cast<double>(s.hidden_size) / static_cast<double>(s.num_layers);
}

// Why a candidate sits where it does, one sentence each.
std::vector<Phrase> DesignReasons(const DesignSearchOptions& o, const DesignSearchResult& result,
                                  const DesignCandidate& cand, const DesignCandidate& best) {
  std::vector<Phrase> reasons;
  const DesignPracticality& pr = cand.practicality;
  if (cand.loss) {
    Phrase loss = "law loss " + Sig(*cand.loss);
    if (&cand != &best && best.loss) {
      loss += Phrase(" (") + Amount(*cand.loss - *best.loss, Unit::kRatio) + " vs the design)";
    }
    if (result.optimum && result.optimum->loss) {
      loss += Phrase("; the law's optimum is ") + Sig(*result.optimum->loss) +
              " at N = " + Count(result.optimum->params);
    }
    reasons.push_back(loss);
  }
  reasons.push_back(cand.tie ? Phrase("tied with the best within ") +
                                   Amount(o.priors.tie_tolerance, Unit::kShortest) +
                                   " nats: ranked by how it runs"
                             : Phrase("not tied: ranked by loss"));
  reasons.push_back("runs well: tensor parallel up to " + Amount(pr.tensor_parallel) +
                    ", pipeline stages up to " + Amount(pr.pipeline_parallel) +
                    ", d and FFN width multiples of " + Amount(pr.alignment) +
                    ", d/L = " + Sig(Aspect(cand.config)));
  reasons.push_back("the law's accounting: N = " + Count(cand.law_params) +
                    (o.law.moe != nullptr ? Phrase(", D = C / (6 N_act + 14 N_router) = ")
                                          : Phrase(", D = C / 6N = ")) +
                    Count(cand.law_tokens) + " tokens; the exact " +
                    Sci(cand.training_flops_per_token) + " FLOPs/token buy " + Count(cand.tokens) +
                    " tokens for the budget");
  if (o.hardware.gpus > 0 && o.hardware.memory_bytes_per_gpu > 0) {
    reasons.push_back("fits " + Amount(cand.memory_bytes_per_gpu, Unit::kBytes) + " of " +
                      Amount(o.hardware.memory_bytes_per_gpu, Unit::kBytes) + " per GPU");
  }
  return reasons;
}

// A short marker label: the rank and the shape.
std::string CandidateLabel(int rank, const DesignCandidate& cand) {
  const ConfigShape& s = cand.config;
  std::string label = fmt::format("#{} d{} L{}", rank, s.hidden_size, s.num_layers);
  if (s.num_experts > 0) {
    label += fmt::format(" G{}", cand.granularity);
  }
  return label;
}

// N log-spaced over [lo, hi], `points` of them.
std::vector<double> LogSpaced(double lo, double hi, int points) {
  std::vector<double> out;
  for (int i = 0; i < points; ++i) {
    out.push_back(lo * std::pow(hi / lo, i / static_cast<double>(points - 1)));
  }
  return out;
}

// The candidates against the law that ranked them, on the law's own N and D:
// - a dense law with a loss: its IsoFLOP curve at C (C = 6ND), the optimum and the candidates,
//   which lie on the curve since they are scored at D = C / 6N;
// - a dense law without a loss: the candidates' N as bars, the law's optimal N as a line;
// - the MoE law: its loss along the budget for each granularity the candidates use, in the
//   paper's allocation (d = 64 n_blocks, E = 64, eq. 10), the paper's optimum at the best G, and
//   the candidates at their exact N and D.
void AddDesignChart(const DesignSearchOptions& o, const DesignSearchResult& result, Report* r) {
  if (result.best.empty()) {
    return;
  }
  std::vector<std::string> labels;
  for (size_t i = 0; i < result.best.size(); ++i) {
    labels.push_back(CandidateLabel(static_cast<int>(i + 1), result.best[i]));
  }
  const DesignLaw& law = o.law;
  if (law.dense != nullptr && law.dense->loss_form == LossForm::kNone) {
    if (!result.optimum) {
      return;
    }
    BarChart chart;
    chart.title = "Design candidates at C = " + Sci(o.compute_flops) + " FLOPs";
    chart.subtitle = std::string(law.dense->display_name) + "; the law's optimal N as a line";
    chart.value_label = "parameters N";
    chart.unit = Unit::kCount;
    chart.parts = {"parameters"};
    chart.values.assign(1, {});
    for (size_t i = 0; i < result.best.size(); ++i) {
      chart.categories.push_back(labels[i]);
      chart.values[0].push_back(result.best[i].law_params);
    }
    chart.rules.push_back({ChartRule::Axis::kX, result.optimum->params,
                           "optimal N = " + Count(result.optimum->params), -1});
    r->charts.push_back(std::move(chart));
    return;
  }
  // The curves span the candidates and the optimum, x0.5 .. x2, so that the candidates stand
  // apart.
  std::optional<MoeAllocation> moe_optimum;
  if (law.moe != nullptr) {
    Result<MoeAllocation> at = MoeComputeOptimal(
        *law.moe, o.compute_flops,
        static_cast<double>(std::max<int64_t>(result.best.front().granularity, 1)));
    if (at.ok()) {
      moe_optimum = *at;
    }
  }
  double lo = result.best.front().law_params;
  double hi = lo;
  for (const DesignCandidate& cand : result.best) {
    lo = std::min(lo, cand.law_params);
    hi = std::max(hi, cand.law_params);
  }
  if (result.optimum) {
    lo = std::min(lo, result.optimum->params);
    hi = std::max(hi, result.optimum->params);
  }
  if (moe_optimum) {
    lo = std::min(lo, moe_optimum->params);
    hi = std::max(hi, moe_optimum->params);
  }
  lo /= 2;
  hi *= 2;
  LineChart chart;
  chart.title = "Design candidates at C = " + Sci(o.compute_flops) + " FLOPs";
  chart.y_label = "predicted loss (nats/token)";
  if (law.dense != nullptr) {
    Result<std::vector<ScalingPoint>> curve =
        IsoFlopCurve(*law.dense, o.compute_flops, kCurvePoints, lo, hi);
    if (!curve.ok() || !result.optimum) {
      return;
    }
    chart.subtitle = Subtitle(*law.dense) + "; candidates at the law's N and D = C / 6N";
    chart.x_label = law.dense->param_counting == ParamCounting::kNonEmbedding
                        ? Phrase("non-embedding parameters N (log scale)")
                        : Phrase("parameters N (log scale)");
    ChartSeries series;
    series.name = "IsoFLOP curve (C = 6ND)";
    for (const ScalingPoint& p : *curve) {
      series.points.push_back({p.params, p.loss.value_or(0)});
    }
    chart.series.push_back(std::move(series));
    chart.markers.push_back({"optimum N = " + Count(result.optimum->params),
                             {result.optimum->params, result.optimum->loss.value_or(0)},
                             MarkerShape::kDiamond,
                             -1});
  } else {
    chart.subtitle = std::string(law.moe->display_name) +
                     "; curves: the paper's allocation (d = 64 n_blocks, E = " +
                     Amount(law.moe->fitted_expansion, Unit::kShortest) +
                     ", eq. 10); markers: the candidates' exact shapes";
    chart.x_label = "total non-embedding parameters N (log scale)";
    // The candidates' G and the searched ones beside the best (G/2, 2G): the trade-off of
    // finer experts against the router's compute.
    std::vector<int64_t> granularities;
    const int64_t best_g = result.best.front().granularity;
    auto add = [&](int64_t g) {
      if (std::find(granularities.begin(), granularities.end(), g) == granularities.end()) {
        granularities.push_back(g);
      }
    };
    for (int64_t g : o.priors.granularities) {
      if (g * 2 == best_g || g == best_g * 2) {
        add(g);
      }
    }
    for (const DesignCandidate& cand : result.best) {
      add(cand.granularity);
    }
    std::sort(granularities.begin(), granularities.end());
    const MoeAllocation unit = MoeAllocationUnchecked(*law.moe, o.compute_flops, 1, 1);
    for (size_t i = 0; i < granularities.size(); ++i) {
      ChartSeries series;
      series.name = "G = " + Amount(granularities[i]);
      series.colour = static_cast<int>(i);
      for (double n : LogSpaced(lo, hi, kCurvePoints)) {
        // N grows as n_blocks³ in the allocation: n_blocks = (N / N(1))^(1/3).
        const MoeAllocation a =
            MoeAllocationUnchecked(*law.moe, o.compute_flops, static_cast<double>(granularities[i]),
                                   std::cbrt(n / unit.params));
        series.points.push_back({a.params, a.loss});
      }
      chart.series.push_back(std::move(series));
    }
    if (moe_optimum) {
      chart.markers.push_back(
          {"the paper's optimum at G = " + Amount(moe_optimum->granularity, Unit::kShortest) +
               ", N = " + Count(moe_optimum->params),
           {moe_optimum->params, moe_optimum->loss},
           MarkerShape::kDiamond,
           -1});
    }
  }
  for (size_t i = 0; i < result.best.size(); ++i) {
    const DesignCandidate& cand = result.best[i];
    if (cand.loss) {
      chart.markers.push_back({labels[i],
                               {cand.law_params, *cand.loss},
                               kModelShapes[i % std::size(kModelShapes)],
                               static_cast<int>(i % 7)});
    }
  }
  r->charts.push_back(std::move(chart));
}

}  // namespace

Report BuildDesignReport(const DesignSearchOptions& o, const DesignSearchResult& result,
                         const DesignContext& context) {
  Report r;
  r.title = "Design Search";
  r.items_key = "candidates";
  const DesignPriors& p = o.priors;
  r.header.push_back("Budget C = " + Sci(o.compute_flops) + " FLOPs; vocabulary " +
                     Amount(o.vocab_size) + " (padded to a multiple of " +
                     Amount(p.vocab_multiple) + "); sequence length " + Amount(o.seq_len) +
                     "; family " + o.family + "; law " + LawName(o.law) + ".");
  r.header.push_back(
      "Priors: head dim " + Amount(p.head_dim) + " (" + Amount(p.small_head_dim) +
      " below d = " + Amount(p.small_width) + "), heads a multiple of " + Amount(p.heads_multiple) +
      ", KV heads " + Amount(p.kv_heads) + " (GQA, power of two), d a multiple of " +
      Amount(p.width_multiple) + " in [" + Amount(p.min_width) + ", " + Amount(p.max_width) +
      "], FFN = LLaMA rounding (multiple_of " + Amount(p.ffn_multiple_of) +
      ", ffn_dim_multiplier " + Amount(p.ffn_dim_multiplier, Unit::kShortest) + "), d/L in [" +
      Sig(p.min_aspect) + ", " + Sig(p.max_aspect) + "] (LLaMA 2/3, Mistral, Qwen2.5).");
  if (o.law.moe != nullptr) {
    r.header.push_back(
        "MoE: expansion E in {" + Amount(p.expansions.front()) + " .. " +
        Amount(p.expansions.back()) + "}, granularity G in {" + Amount(p.granularities.front()) +
        " .. " + Amount(p.granularities.back()) + "}, E·G <= " + Amount(p.max_experts) +
        " experts of width f_e (a multiple of " + Amount(p.expert_width_multiple) +
        "), top_k = G, G·f_e within " + Amount(p.max_expert_split_excess, Unit::kPercent) +
        " of the dense FFN; the law was fitted at E = " +
        Amount(o.law.moe->fitted_expansion, Unit::kShortest) + " and G in [" +
        Amount(o.law.moe->min_fitted_granularity, Unit::kShortest) + ", " +
        Amount(o.law.moe->max_fitted_granularity, Unit::kShortest) +
        "] (beyond: extrapolation, as in its Table 2).");
  }
  Phrase ranking =
      "Ranked on the law's own N and D (" +
      Phrase(o.law.moe != nullptr ? "total non-embedding N, D = C / (6 N_act + 14 N_router)"
                                  : (o.law.dense->param_counting == ParamCounting::kNonEmbedding
                                         ? "non-embedding N, D = C / 6N"
                                         : "all parameters N, D = C / 6N")) +
      "); losses within " + Amount(p.tie_tolerance, Unit::kShortest) +
      " nats of the best are a tie, broken by tensor-parallel degree, pipeline "
      "divisibility of L, matmul alignment, then d/L nearest " +
      Sig(std::sqrt(p.min_aspect * p.max_aspect)) + ".";
  r.header.push_back(ranking);
  if (result.optimum) {
    r.header.push_back("The law's optimum (C = 6ND): N = " + Count(result.optimum->params) +
                       ", D = " + Count(result.optimum->tokens) +
                       (result.optimum->loss ? ", loss " + Sig(*result.optimum->loss) : Phrase()) +
                       "; " + Amount(result.ties) + " shapes tie with the best.");
  } else {
    r.header.push_back(Amount(result.ties) + " shapes tie with the best.");
  }
  r.header.push_back(
      "Source: " + std::string(o.law.moe != nullptr ? o.law.moe->citation : o.law.dense->citation));
  const DesignHardware& hw = o.hardware;
  if (hw.gpus > 0) {
    Phrase line = "Hardware: " + Amount(hw.gpus) + " x " +
                  (context.hardware_name.empty() ? "GPU" : context.hardware_name) + "; " +
                  Amount(result.training_seconds, Unit::kSeconds) + " at " +
                  Amount(hw.mfu, Unit::kPercent) +
                  " MFU; memory: ZeRO-3 over all GPUs, full recomputation, one sequence per GPU";
    if (result.expert_parallel > 0) {
      line += ", expert parallel " + Amount(result.expert_parallel);
    }
    r.header.push_back(line + ".");
  }
  if (context.stats) {
    const DesignStats& s = *context.stats;
    r.header.push_back(
        "Search: " + Amount(s.candidates_evaluated) + " candidates in " +
        Amount(s.seconds, Unit::kSeconds) + " (" +
        Count(static_cast<double>(s.candidates_evaluated) / std::max(s.seconds, 1e-9)) +
        " candidates/s).");
  }
  if (!context.written_path.empty()) {
    r.header.push_back("Best config written to " + context.written_path +
                       " (llmcost analyze reads it back with the parameters and FLOPs above).");
  }
  int rank = 0;
  for (const DesignCandidate& cand : result.best) {
    ++rank;
    const ConfigShape& s = cand.config;
    Entry item;
    std::vector<Entry>& c = item.children;
    AddLeaf(&c, "rank", "Rank", int64_t{rank});
    AddLeaf(&c, "name", "Design", DesignName(cand));
    AddLeaf(&c, "tie", "Tied with the best", cand.tie);
    AddLeaf(&c, "config/model_type", "Config: model_type", s.family);
    AddLeaf(&c, "config/hidden_size", "Config: hidden_size", s.hidden_size);
    AddLeaf(&c, "config/num_hidden_layers", "Config: num_hidden_layers", s.num_layers);
    AddLeaf(&c, "config/num_attention_heads", "Config: num_attention_heads", s.num_heads);
    AddLeaf(&c, "config/num_key_value_heads", "Config: num_key_value_heads", s.num_kv_heads);
    AddLeaf(&c, "config/head_dim", "Config: head_dim", s.head_dim);
    AddLeaf(&c, "config/intermediate_size", "Config: intermediate_size", s.intermediate_size);
    if (s.num_experts > 0) {
      AddLeaf(&c, "config/num_local_experts", "Config: num_local_experts", s.num_experts);
      c.push_back(
          Leaf("config/num_experts_per_tok", "Config: num_experts_per_tok", s.experts_per_token));
      AddLeaf(&c, "granularity", "Granularity G", cand.granularity);
      AddLeaf(&c, "expansion", "Expansion rate E", cand.expansion);
    }
    AddLeaf(&c, "config/vocab_size", "Config: vocab_size", s.vocab_size);
    AddLeaf(&c, "config/max_position_embeddings", "Config: max_position_embeddings",
            s.max_position_embeddings);
    AddLeaf(&c, "params", "Parameters", cand.params, Unit::kCount);
    if (cand.active_params != cand.params) {
      AddLeaf(&c, "active_params", "Active parameters", cand.active_params, Unit::kCount);
    }
    AddLeaf(&c, "non_embedding_params", "Non-embedding parameters", cand.non_embedding_params,
            Unit::kCount);
    AddLeaf(&c, "training_flops_per_token", "Training FLOPs per token",
            cand.training_flops_per_token, Unit::kFlops);
    AddLeaf(&c, "tokens", "Tokens D = C / F", cand.tokens, Unit::kCount);
    AddLeaf(&c, "law_params", "Law's N", cand.law_params, Unit::kCount);
    AddLeaf(&c, "law_tokens", "Law's D", cand.law_tokens, Unit::kCount);
    if (cand.loss) {
      AddLeaf(&c, "loss", "Predicted loss", *cand.loss, Unit::kRatio);
    }
    if (result.optimum) {
      AddLeaf(&c, "params_vs_optimal", "N / N_opt", cand.law_params / result.optimum->params,
              Unit::kRatio);
    }
    AddLeaf(&c, "aspect_ratio", "d / L", Aspect(s), Unit::kRatio);
    c.push_back(
        Leaf("tensor_parallel", "Tensor parallel up to", cand.practicality.tensor_parallel));
    c.push_back(
        Leaf("pipeline_parallel", "Pipeline stages up to", cand.practicality.pipeline_parallel));
    if (hw.gpus > 0 && hw.memory_bytes_per_gpu > 0) {
      c.push_back(
          Leaf("memory_bytes_per_gpu", "Memory per GPU", cand.memory_bytes_per_gpu, Unit::kBytes));
    }
    if (result.training_seconds > 0) {
      c.push_back(
          Leaf("training_seconds", "Training time", result.training_seconds, Unit::kSeconds));
    }
    AddLeaf(&c, "reasons", "Reasons", DesignReasons(o, result, cand, result.best.front()));
    if (context.stats) {
      Entry stats = Section("search", "Search");
      stats.visibility = Visibility::kMachineOnly;
      stats.children.push_back(
          MachineLeaf("candidates_evaluated", context.stats->candidates_evaluated));
      stats.children.push_back(MachineLeaf("seconds", context.stats->seconds));
      stats.children.push_back(MachineLeaf(
          "candidates_per_second", static_cast<double>(context.stats->candidates_evaluated) /
                                       std::max(context.stats->seconds, 1e-9)));
      c.push_back(std::move(stats));
    }
    r.items.push_back(std::move(item));
  }
  AddDesignChart(o, result, &r);
  return r;
}

}  // namespace llmcost
