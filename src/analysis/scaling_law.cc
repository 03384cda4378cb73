// Scaling laws: the law table and the backward analysis (budget -> optimal N, D, loss).
//
// Analysis stage (DESIGN §6). Every constant below cites its source; the derivations and check
// values are in /work/shared/REFERENCE.md §1 and in scaling_law_test.cc.
#include "llmcost/analysis/scaling_law.h"

#include <algorithm>
#include <array>
#include <charconv>
#include <cmath>
#include <cstddef>
#include <string>
#include <utility>
#include <vector>

#include "llmcost/spelling.h"

namespace llmcost {
namespace {

// ---- The law table ----
//
// Approaches 1 and 2 publish projections, not coefficients. Their power laws N_opt = k·C^a were
// fitted offline by ordinary least squares of ln N on ln C over all nine rows of the table (the
// 67B rows included; N and C as printed), in plain Python:
//   xs = [log(C) for each row]; ys = [log(N) for each row]
//   a = cov(xs, ys) / var(xs); k = exp(mean(ys) - a * mean(xs))
// Table 3 (Approach 1) gives a = 0.4980986858 (Table 2 prints 0.50), k = 0.09915893231;
// Table A3 (Approach 2) gives a = 0.4899416129 (Table 2 prints 0.49), k = 0.1448770518.
// D_opt = C / (6 N_opt), as in the tables (6ND matches their FLOPs within 1%, except the 67B
// rows, whose printed tokens are rounded to two digits).
//
// Kaplan's Table 6 law is in C_min, the compute needed at a batch far below the critical batch
// (eq. 5.5); llmcost reads the budget as C_min. Hoffmann et al. App. D.4's "4.68 billion" at
// 1e21 FLOPs is N_opt at C_min = 5e20, i.e. C = 2 C_min (training at B = B_crit). Table 6's
// D_opt = 2e10 C^0.27 is not C/(6 N_opt) = 1.11e10 C^0.27; llmcost keeps C = 6ND (§2.1).
constexpr std::array<ScalingLaw, 7> kLaws = {{
    {
        .id = "chinchilla",
        .display_name = "Chinchilla Approach 3 (rounded)",
        .citation = "Hoffmann et al. 2022, arXiv:2203.15556, App. D.2 eq. 10 (published rounded "
                    "fit), §3.3 eq. 4 (closed-form optimum)",
        .allocation = AllocationRule::kMinimizeLoss,
        .loss_form = LossForm::kChinchilla,
        .param_counting = ParamCounting::kTotal,
        .chinchilla = {.e = 1.69, .a = 406.4, .b = 410.7, .alpha = 0.34, .beta = 0.28},
        .kaplan = {},
        .power_law = {},
        .tokens_per_param = 0.0,
    },
    {
        .id = "chinchilla-unrounded",
        .display_name = "Chinchilla Approach 3 (unrounded)",
        .citation = "Hoffmann et al. 2022, arXiv:2203.15556, App. D.2 eq. 10, unrounded values "
                    "from the paper's TeX source as used by Besiroglu et al. 2024 "
                    "(epoch-research/analyzing-chinchilla, data_analysis.ipynb @9225883)",
        .allocation = AllocationRule::kMinimizeLoss,
        .loss_form = LossForm::kChinchilla,
        .param_counting = ParamCounting::kTotal,
        // The source gives ln E = 0.5267228, ln A = 6.0073404, ln B = 6.0179186; the values
        // here are their exponentials (Python: math.exp(0.5267228) etc.).
        .chinchilla = {.e = 1.6933736809989528,
                       .a = 406.4010175194737,
                       .b = 410.7228269450398,
                       .alpha = 0.33917084,
                       .beta = 0.2849083},
        .kaplan = {},
        .power_law = {},
        .tokens_per_param = 0.0,
    },
    {
        .id = "chinchilla-approach1",
        .display_name = "Chinchilla Approach 1 (Table 3 fit)",
        .citation = "Hoffmann et al. 2022, arXiv:2203.15556, §3.1, Table 3 projections; "
                    "N_opt = k C^a least-squares fit in log space by llmcost",
        .allocation = AllocationRule::kPowerLaw,
        .loss_form = LossForm::kNone,
        .param_counting = ParamCounting::kTotal,
        .chinchilla = {},
        .kaplan = {},
        .power_law = {.k = 0.09915893231, .a = 0.4980986858, .compute_unit_flops = 1.0},
        .tokens_per_param = 0.0,
    },
    {
        .id = "chinchilla-approach2",
        .display_name = "Chinchilla Approach 2 (Table A3 fit)",
        .citation = "Hoffmann et al. 2022, arXiv:2203.15556, §3.2, App. D.3 Table A3 projections; "
                    "N_opt = k C^a least-squares fit in log space by llmcost",
        .allocation = AllocationRule::kPowerLaw,
        .loss_form = LossForm::kNone,
        .param_counting = ParamCounting::kTotal,
        .chinchilla = {},
        .kaplan = {},
        .power_law = {.k = 0.1448770518, .a = 0.4899416129, .compute_unit_flops = 1.0},
        .tokens_per_param = 0.0,
    },
    {
        .id = "epoch",
        .display_name = "Epoch AI replication of Chinchilla Approach 3",
        .citation = "Besiroglu, Erdil, Barnett, You 2024, arXiv:2404.10102, refit of Hoffmann "
                    "eq. 2 to data extracted from its Fig. 4 (point estimates)",
        .allocation = AllocationRule::kMinimizeLoss,
        .loss_form = LossForm::kChinchilla,
        .param_counting = ParamCounting::kTotal,
        .chinchilla = {.e = 1.8172, .a = 482.01, .b = 2085.43, .alpha = 0.3478, .beta = 0.3658},
        .kaplan = {},
        .power_law = {},
        .tokens_per_param = 0.0,
    },
    {
        .id = "kaplan",
        .display_name = "Kaplan et al. 2020",
        .citation = "Kaplan et al. 2020, arXiv:2001.08361, Table 6 (N_opt = 1.3e9 C_min^0.73, "
                    "C_min in PF-days), eq. 1.5 with the Table 2 joint-fit constants (loss), "
                    "§2.1 (C = 6ND, non-embedding N)",
        .allocation = AllocationRule::kPowerLaw,
        .loss_form = LossForm::kKaplan,
        .param_counting = ParamCounting::kNonEmbedding,
        .chinchilla = {},
        .kaplan = {.n_c = 6.4e13, .d_c = 1.8e13, .alpha_n = 0.076, .alpha_d = 0.103},
        .power_law = {.k = 1.3e9, .a = 0.73, .compute_unit_flops = kFlopsPerPetaflopDay},
        .tokens_per_param = 0.0,
    },
    {
        .id = "tokens20",
        .display_name = "20 tokens per parameter",
        .citation = "rule of thumb from Hoffmann et al. 2022, arXiv:2203.15556, Table 3 "
                    "(Approach 1: 20.0-21.6 tokens per parameter) and Chinchilla's 70B "
                    "parameters on 1.4T tokens (§4.1)",
        .allocation = AllocationRule::kFixedRatio,
        .loss_form = LossForm::kNone,
        .param_counting = ParamCounting::kTotal,
        .chinchilla = {},
        .kaplan = {},
        .power_law = {},
        .tokens_per_param = 20.0,
    },
}};

// ---- DeepSeek LLM constants (arXiv:2401.02954) ----
// eq. 1 (§3.1): η_opt = 0.3118·C^-0.1250, B_opt = 0.2920·C^0.3271.
constexpr double kDeepSeekLrCoefficient = 0.3118;
constexpr double kDeepSeekLrExponent = -0.1250;
constexpr double kDeepSeekBatchCoefficient = 0.2920;
constexpr double kDeepSeekBatchExponent = 0.3271;
// eq. 4 (§3.2): M_opt = 0.1715·C^0.5243, D_opt = 5.8316·C^0.4757.
constexpr double kDeepSeekMCoefficient = 0.1715;
constexpr double kDeepSeekMExponent = 0.5243;
constexpr double kDeepSeekDCoefficient = 5.8316;
constexpr double kDeepSeekDExponent = 0.4757;

constexpr int kMinIsoFlopPoints = 2;
constexpr int kMaxIsoFlopPoints = 100000;

// Shortest round-trip form, locale-free: 0.1 -> "0.1", 1e300 -> "1e+300", NaN -> "nan".
std::string FormatNumber(double value) {
  std::array<char, 64> buffer{};
  const std::to_chars_result result =
      std::to_chars(buffer.data(), buffer.data() + buffer.size(), value);
  return std::string(buffer.data(), result.ptr);
}

bool IsPositiveFinite(double value) {
  return std::isfinite(value) && value > 0;
}

// "<name> must be a positive finite number of <unit>, got <value>".
Status CheckPositiveFinite(double value, std::string_view name, std::string_view unit) {
  if (IsPositiveFinite(value)) {
    return OkStatus();
  }
  return FieldError(std::string(name), "must be a positive finite number of " + std::string(unit) +
                                           ", got " + FormatNumber(value));
}

Status CheckCompute(double compute_flops) {
  return CheckPositiveFinite(compute_flops, "compute_flops", "FLOPs");
}

// "chinchilla, chinchilla-unrounded, ..." for the laws that pass `keep`.
template <typename Predicate>
std::string JoinIds(Predicate keep) {
  std::string ids;
  for (const ScalingLaw& law : kLaws) {
    if (!keep(law)) {
      continue;
    }
    if (!ids.empty()) {
      ids += ", ";
    }
    ids += law.id;
  }
  return ids;
}

// G = (αA/(βB))^(1/(α+β)) and a = β/(α+β) of Hoffmann et al. 2022 eq. 4.
struct ClosedForm {
  double g;
  double a;
};

ClosedForm ChinchillaClosedForm(const ChinchillaLossCoefficients& c) {
  const double sum = c.alpha + c.beta;
  return {.g = std::pow(c.alpha * c.a / (c.beta * c.b), 1.0 / sum), .a = c.beta / sum};
}

// N_opt(C) under the law's allocation rule (see AllocationRule).
double OptimalParams(const ScalingLaw& law, double compute_flops) {
  switch (law.allocation) {
    case AllocationRule::kMinimizeLoss: {
      const ClosedForm form = ChinchillaClosedForm(law.chinchilla);
      return form.g * std::pow(compute_flops / kTrainingFlopsPerParamToken, form.a);
    }
    case AllocationRule::kPowerLaw: {
      const PowerLawCoefficients& p = law.power_law;
      return p.k * std::pow(compute_flops / p.compute_unit_flops, p.a);
    }
    case AllocationRule::kFixedRatio:
      return std::sqrt(compute_flops / (kTrainingFlopsPerParamToken * law.tokens_per_param));
  }
  return 0;  // unreachable: the switch covers every rule
}

// The budget C at which `params` is N_opt: the inverse of OptimalParams.
double OptimalCompute(const ScalingLaw& law, double params) {
  switch (law.allocation) {
    case AllocationRule::kMinimizeLoss: {
      const ClosedForm form = ChinchillaClosedForm(law.chinchilla);
      return kTrainingFlopsPerParamToken * std::pow(params / form.g, 1.0 / form.a);
    }
    case AllocationRule::kPowerLaw: {
      const PowerLawCoefficients& p = law.power_law;
      return p.compute_unit_flops * std::pow(params / p.k, 1.0 / p.a);
    }
    case AllocationRule::kFixedRatio:
      return kTrainingFlopsPerParamToken * law.tokens_per_param * params * params;
  }
  return 0;  // unreachable: the switch covers every rule
}

// Builds the point (N, D, C), with the loss if the law has one. Returns the name of the first
// field that is not a positive finite number (the loss: not finite), or nullptr. Allocation-free,
// so that callers build an error message only on failure.
const char* FillPoint(const ScalingLaw& law, double params, double tokens, double compute_flops,
                      ScalingPoint& point) {
  point.params = params;
  point.tokens = tokens;
  point.tokens_per_param = tokens / params;
  point.compute_flops = compute_flops;
  point.loss.reset();
  if (!IsPositiveFinite(params)) {
    return "params";
  }
  if (!IsPositiveFinite(tokens)) {
    return "tokens";
  }
  if (!IsPositiveFinite(compute_flops)) {
    return "compute";
  }
  if (!IsPositiveFinite(point.tokens_per_param)) {
    return "tokens per parameter";
  }
  if (law.loss_form != LossForm::kNone) {
    point.loss = PredictLossUnchecked(law, params, tokens);
    if (!std::isfinite(*point.loss)) {
      return "loss";
    }
  }
  return nullptr;
}

// "<law>: <what> is out of range: <field> is not a positive finite number".
Status PointOutOfRange(const ScalingLaw& law, const std::string& what, const char* field) {
  return OutOfRangeError(std::string(law.id) + ": " + what + " is out of range: " + field +
                         " is not a positive finite number");
}

}  // namespace

std::span<const ScalingLaw> ScalingLaws() {
  return kLaws;
}

Result<const ScalingLaw*> FindScalingLaw(std::string_view id) {
  std::vector<std::string_view> ids;
  for (const ScalingLaw& law : kLaws) {
    if (law.id == id) {
      return &law;
    }
    ids.push_back(law.id);
  }
  std::string message = "unknown scaling law \"" + std::string(id) + "\"";
  if (std::optional<std::string> closest = ClosestSpelling(id, ids)) {
    message += "; did you mean \"" + *closest + "\"?";
  }
  message += " known laws: " + JoinIds([](const ScalingLaw&) { return true; });
  return NotFoundError(std::move(message));
}

Result<ScalingPoint> ComputeOptimal(const ScalingLaw& law, double compute_flops) {
  LLMCOST_RETURN_IF_ERROR(CheckCompute(compute_flops));
  const double params = OptimalParams(law, compute_flops);
  // D = C / (6 N), so that 6ND spends exactly the budget.
  const double tokens = compute_flops / (kTrainingFlopsPerParamToken * params);
  ScalingPoint point;
  if (const char* bad = FillPoint(law, params, tokens, compute_flops, point); bad != nullptr) {
    return PointOutOfRange(law, "the optimum for --compute " + FormatNumber(compute_flops), bad);
  }
  return point;
}

Result<ScalingPoint> OptimalForParams(const ScalingLaw& law, double params) {
  LLMCOST_RETURN_IF_ERROR(CheckPositiveFinite(params, "params", "parameters"));
  const double compute_flops = OptimalCompute(law, params);
  const double tokens = compute_flops / (kTrainingFlopsPerParamToken * params);
  ScalingPoint point;
  if (const char* bad = FillPoint(law, params, tokens, compute_flops, point); bad != nullptr) {
    return PointOutOfRange(
        law, "the budget that makes --params " + FormatNumber(params) + " optimal", bad);
  }
  return point;
}

Result<double> PredictLoss(const ScalingLaw& law, double params, double tokens) {
  if (law.loss_form == LossForm::kNone) {
    return InvalidArgumentError(
        "scaling law \"" + std::string(law.id) + "\" predicts no loss; laws with a loss: " +
        JoinIds([](const ScalingLaw& l) { return l.loss_form != LossForm::kNone; }));
  }
  LLMCOST_RETURN_IF_ERROR(CheckPositiveFinite(params, "params", "parameters"));
  LLMCOST_RETURN_IF_ERROR(CheckPositiveFinite(tokens, "tokens", "tokens"));
  const double loss = PredictLossUnchecked(law, params, tokens);
  if (!std::isfinite(loss)) {
    return OutOfRangeError(std::string(law.id) + ": loss for --params " + FormatNumber(params) +
                           " --tokens " + FormatNumber(tokens) + " is out of range, got " +
                           FormatNumber(loss));
  }
  return loss;
}

Result<std::vector<ScalingPoint>> IsoFlopCurve(const ScalingLaw& law, double compute_flops,
                                               int num_points, double min_params,
                                               double max_params) {
  LLMCOST_RETURN_IF_ERROR(CheckCompute(compute_flops));
  LLMCOST_RETURN_IF_ERROR(CheckPositiveFinite(min_params, "min_params", "parameters"));
  LLMCOST_RETURN_IF_ERROR(CheckPositiveFinite(max_params, "max_params", "parameters"));
  if (!(min_params < max_params)) {
    return InvalidArgumentError("isoflop range is empty: min_params (" + FormatNumber(min_params) +
                                ") must be less than max_params (" + FormatNumber(max_params) +
                                ")");
  }
  if (num_points < kMinIsoFlopPoints || num_points > kMaxIsoFlopPoints) {
    return InvalidArgumentError("isoflop curve needs between " + std::to_string(kMinIsoFlopPoints) +
                                " and " + std::to_string(kMaxIsoFlopPoints) + " points, got " +
                                std::to_string(num_points));
  }
  std::vector<ScalingPoint> points;
  points.reserve(static_cast<size_t>(num_points));
  const double log_min = std::log(min_params);
  const double log_step = (std::log(max_params) - log_min) / (num_points - 1);
  for (int i = 0; i < num_points; ++i) {
    // Exact endpoints; log-spaced in between.
    const double params = i == 0                ? min_params
                          : i == num_points - 1 ? max_params
                                                : std::exp(log_min + log_step * i);
    const double tokens = compute_flops / (kTrainingFlopsPerParamToken * params);
    ScalingPoint point;
    if (const char* bad = FillPoint(law, params, tokens, compute_flops, point); bad != nullptr) {
      return PointOutOfRange(law, "the isoflop point at " + FormatNumber(params) + " parameters",
                             bad);
    }
    points.push_back(point);
  }
  return points;
}

Result<DeepSeekHyperparameters> EstimateDeepSeekHyperparameters(double compute_flops) {
  LLMCOST_RETURN_IF_ERROR(CheckCompute(compute_flops));
  DeepSeekHyperparameters hyper;
  hyper.batch_size_tokens =
      kDeepSeekBatchCoefficient * std::pow(compute_flops, kDeepSeekBatchExponent);
  hyper.learning_rate = kDeepSeekLrCoefficient * std::pow(compute_flops, kDeepSeekLrExponent);
  if (!IsPositiveFinite(hyper.batch_size_tokens) || !IsPositiveFinite(hyper.learning_rate)) {
    return OutOfRangeError("deepseek hyperparameters for --compute " + FormatNumber(compute_flops) +
                           " are out of range");
  }
  return hyper;
}

Result<DeepSeekAllocation> EstimateDeepSeekAllocation(double compute_flops) {
  LLMCOST_RETURN_IF_ERROR(CheckCompute(compute_flops));
  DeepSeekAllocation allocation;
  allocation.flops_per_token = kDeepSeekMCoefficient * std::pow(compute_flops, kDeepSeekMExponent);
  allocation.tokens = kDeepSeekDCoefficient * std::pow(compute_flops, kDeepSeekDExponent);
  if (!IsPositiveFinite(allocation.flops_per_token) || !IsPositiveFinite(allocation.tokens)) {
    return OutOfRangeError("deepseek allocation for --compute " + FormatNumber(compute_flops) +
                           " is out of range");
  }
  return allocation;
}

Result<double> CountDeepSeekFlopsPerToken(int64_t num_layers, int64_t d_model, int64_t seq_len) {
  const std::array<std::pair<std::string_view, int64_t>, 3> args = {
      {{"num_layers", num_layers}, {"d_model", d_model}, {"seq_len", seq_len}}};
  for (const auto& [name, value] : args) {
    if (value <= 0) {
      return InvalidArgumentError(std::string(name) + " must be positive, got " +
                                  std::to_string(value));
    }
  }
  // In double: exact below 2^53, and no int64_t overflow for any input.
  const auto n = static_cast<double>(num_layers);
  const auto d = static_cast<double>(d_model);
  const auto s = static_cast<double>(seq_len);
  const double flops_per_token = 72.0 * n * d * d + 12.0 * n * d * s;
  if (!std::isfinite(flops_per_token)) {
    return OutOfRangeError("deepseek flops per token overflow for num_layers " +
                           std::to_string(num_layers) + ", d_model " + std::to_string(d_model) +
                           ", seq_len " + std::to_string(seq_len));
  }
  return flops_per_token;
}

}  // namespace llmcost
