// Scaling laws: from a compute budget to the compute-optimal parameters N and tokens D, the
// loss a law predicts, IsoFLOP curves, and DeepSeek LLM's hyperparameter and allocation laws.
//
// Analysis stage (backward analysis, DESIGN §6). Pure: no I/O, no mutable globals; the laws live
// in one constant table in scaling_law.cc. Sources: docs/formulas.md "Scaling laws" and
// /work/shared/REFERENCE.md §1. FLOPs count a multiply-add as 2.
//
// N, D and C are doubles, not int64_t counts (STYLE §2.6): they are the continuous optimum of a
// fitted law, and rounding them would break the round trip C -> N -> C.
//
// Losses are in nats per token on each paper's own data and tokenizer (MassiveText for the
// Chinchilla fits, WebText2 for Kaplan), so losses of different laws are not comparable.
#ifndef LLMCOST_ANALYSIS_SCALING_LAW_H_
#define LLMCOST_ANALYSIS_SCALING_LAW_H_

#include <cmath>
#include <cstdint>
#include <optional>
#include <span>
#include <string_view>
#include <vector>

#include "llmcost/status.h"

namespace llmcost {

// Training FLOPs per parameter per token in C = 6·N·D (Kaplan et al. 2020 §2.1; Hoffmann et al.
// 2022 §3.3 and App. F): forward 2 N, backward 4 N.
inline constexpr double kTrainingFlopsPerParamToken = 6.0;
// One petaflop/s-day, Kaplan et al. 2020's compute unit: 1e15 × 24 × 3600 FLOPs.
inline constexpr double kFlopsPerPetaflopDay = 8.64e19;

// How a law splits a budget C between parameters N and tokens D. Every rule spends C = 6·N·D.
enum class AllocationRule {
  // Minimize the law's own L(N, D) = E + A/N^α + B/D^β subject to C = 6ND; closed form
  // (Hoffmann et al. 2022 §3.3 eq. 4): N_opt = G·(C/6)^a, D_opt = (C/6)^b / G with
  // G = (αA/(βB))^(1/(α+β)), a = β/(α+β), b = α/(α+β).
  kMinimizeLoss,
  // N_opt = k·(C / compute_unit_flops)^a and D_opt = C / (6·N_opt).
  kPowerLaw,
  // D = r·N, so C = 6·r·N² and N_opt = sqrt(C / (6 r)).
  kFixedRatio,
};

// Which loss formula a law defines, if any.
enum class LossForm {
  kNone,        // the law predicts no loss (Approaches 1 and 2, the 20-tokens rule)
  kChinchilla,  // L = E + A/N^α + B/D^β (Hoffmann et al. 2022 eq. 2)
  kKaplan,      // L = [(N_c/N)^(α_N/α_D) + D_c/D]^α_D (Kaplan et al. 2020 eq. 1.5)
};

// What the law's N counts.
enum class ParamCounting {
  kTotal,         // all parameters, embeddings included (Hoffmann et al. 2022 App. F)
  kNonEmbedding,  // vocabulary and position embeddings excluded (Kaplan et al. 2020 §2.1)
};

// L = E + A/N^α + B/D^β, in nats per token.
struct ChinchillaLossCoefficients {
  double e = 0;      // irreducible loss E, e.g. 1.69
  double a = 0;      // A, e.g. 406.4
  double b = 0;      // B, e.g. 410.7
  double alpha = 0;  // α, e.g. 0.34
  double beta = 0;   // β, e.g. 0.28
};

// L = [(N_c/N)^(α_N/α_D) + D_c/D]^α_D, in nats per token.
struct KaplanLossCoefficients {
  double n_c = 0;      // N_c, non-embedding parameters, e.g. 6.4e13
  double d_c = 0;      // D_c, tokens, e.g. 1.8e13
  double alpha_n = 0;  // α_N, e.g. 0.076
  double alpha_d = 0;  // α_D, e.g. 0.103
};

// N_opt = k·(C / compute_unit_flops)^a.
struct PowerLawCoefficients {
  double k = 0;                   // parameters at one compute unit, e.g. 1.3e9
  double a = 0;                   // exponent, e.g. 0.73
  double compute_unit_flops = 1;  // 1 for FLOPs, kFlopsPerPetaflopDay for PF-days
};

// One row of the law table. Only the coefficient groups that `allocation` and `loss_form` name
// are meaningful; the others are zero.
struct ScalingLaw {
  std::string_view id;            // stable CLI id, e.g. "chinchilla"
  std::string_view display_name;  // e.g. "Chinchilla Approach 3 (rounded)"
  std::string_view citation;      // paper, section / equation / table
  AllocationRule allocation = AllocationRule::kMinimizeLoss;
  LossForm loss_form = LossForm::kNone;
  ParamCounting param_counting = ParamCounting::kTotal;
  ChinchillaLossCoefficients chinchilla;  // when loss_form == kChinchilla
  KaplanLossCoefficients kaplan;          // when loss_form == kKaplan
  PowerLawCoefficients power_law;         // when allocation == kPowerLaw
  double tokens_per_param = 0;            // r, when allocation == kFixedRatio, e.g. 20
};

// A point (N, D) with its budget C = 6ND and, if the law defines one, its loss.
struct ScalingPoint {
  double params = 0;            // N, e.g. 3.2e10 (non-embedding for ParamCounting::kNonEmbedding)
  double tokens = 0;            // D, e.g. 3.0e12
  double tokens_per_param = 0;  // D / N, e.g. 92.7
  std::optional<double> loss;   // nats/token; nullopt when law.loss_form == kNone
  double compute_flops = 0;     // C = 6ND, e.g. 5.76e23

  bool operator==(const ScalingPoint&) const = default;
};

// Kaplan et al. 2020 ("kaplan"): N is non-embedding, and the budget is read as Kaplan's C_min
// (Table 6, eq. 5.5). Hoffmann et al. 2022 App. D.4 quote 4.68B at 1e21 FLOPs: that is this law
// at C_min = 5e20, i.e. they took C = 2 C_min (training at the critical batch size).
//
// All laws, in display order: chinchilla, chinchilla-unrounded, chinchilla-approach1,
// chinchilla-approach2, epoch, kaplan, tokens20. The span points at static storage.
std::span<const ScalingLaw> ScalingLaws();

// Returns the law whose id is exactly `id`; the pointer is into static storage, never null.
// Errors: kNotFound, e.g. `unknown scaling law "chinchila"; did you mean "chinchilla"? known
// laws: chinchilla, chinchilla-unrounded, ...` (the suggestion only when an id is close).
// Example:
//   LLMCOST_ASSIGN_OR_RETURN(const ScalingLaw* law, FindScalingLaw("epoch"));
//   LLMCOST_ASSIGN_OR_RETURN(ScalingPoint opt, ComputeOptimal(*law, 5.76e23));
//   // opt.params ≈ 7.2e10, opt.tokens ≈ 1.3e12, *opt.loss ≈ 1.974
Result<const ScalingLaw*> FindScalingLaw(std::string_view id);

// The compute-optimal N and D for a budget of `compute_flops` under `law` (see AllocationRule),
// and the loss there if the law defines one. Allocation-free.
// Errors: kInvalidArgument when compute_flops is not positive and finite ("--compute must be a
// positive finite number of FLOPs, got -1"); kOutOfRange when a result is not finite.
Result<ScalingPoint> ComputeOptimal(const ScalingLaw& law, double compute_flops);

// The tokens D and budget C that make `params` compute-optimal under `law`: the inverse of
// ComputeOptimal, so ComputeOptimal(law, OptimalForParams(law, N)->compute_flops) gives N back.
// Errors: kInvalidArgument when params is not positive and finite ("--params must be ...");
// kOutOfRange when a result is not finite (e.g. N = 1e300).
Result<ScalingPoint> OptimalForParams(const ScalingLaw& law, double params);

// The law's loss L(N, D) in nats per token. Allocation-free on success.
// Errors: kInvalidArgument when params or tokens is not positive and finite, or when the law
// predicts no loss (law.loss_form == kNone); kOutOfRange when the loss is not finite.
Result<double> PredictLoss(const ScalingLaw& law, double params, double tokens);

// PredictLoss without checks, for hot loops such as a design search.
// REQUIRES: law.loss_form != kNone; params and tokens positive and finite.
inline double PredictLossUnchecked(const ScalingLaw& law, double params, double tokens) {
  if (law.loss_form == LossForm::kKaplan) {
    // Kaplan et al. 2020 eq. 1.5.
    const KaplanLossCoefficients& k = law.kaplan;
    return std::pow(std::pow(k.n_c / params, k.alpha_n / k.alpha_d) + k.d_c / tokens, k.alpha_d);
  }
  // Hoffmann et al. 2022 eq. 2.
  const ChinchillaLossCoefficients& c = law.chinchilla;
  return c.e + c.a / std::pow(params, c.alpha) + c.b / std::pow(tokens, c.beta);
}

// `num_points` points along the budget: N log-spaced from min_params to max_params (both
// included), D = C/(6N), loss as in PredictLoss (nullopt when the law defines none). For the
// IsoFLOP table and chart (Hoffmann et al. 2022 §3.2, Fig. 3).
// REQUIRES: nothing; all arguments are checked.
// Errors: kInvalidArgument when compute_flops, min_params or max_params is not positive and
// finite, when min_params >= max_params, or when num_points is outside [2, 100000];
// kOutOfRange when a result is not finite.
Result<std::vector<ScalingPoint>> IsoFlopCurve(const ScalingLaw& law, double compute_flops,
                                               int num_points, double min_params,
                                               double max_params);

// ---- DeepSeek LLM (DeepSeek-AI 2024, arXiv:2401.02954) ----
// DeepSeek counts model scale as M, non-embedding FLOPs per token, and compute as C = M·D
// (eq. 2), not 6ND. The laws were fitted on budgets from 1e17 to 3e20 FLOPs.

// Near-optimal batch size and learning rate for a budget C (eq. 1, §3.1):
// B_opt = 0.2920·C^0.3271 tokens, η_opt = 0.3118·C^-0.1250.
struct DeepSeekHyperparameters {
  double batch_size_tokens = 0;  // B_opt, tokens per step, e.g. 9.2e6 at C = 8.5e22
  double learning_rate = 0;      // η_opt, e.g. 4.2e-4 at C = 8.5e22
};

// Errors: kInvalidArgument when compute_flops is not positive and finite; kOutOfRange when a
// result is not finite.
Result<DeepSeekHyperparameters> EstimateDeepSeekHyperparameters(double compute_flops);

// Compute-optimal allocation (eq. 4, §3.2): M_opt = 0.1715·C^0.5243 non-embedding FLOPs per
// token and D_opt = 5.8316·C^0.4757 tokens (M_opt·D_opt = 1.0001·C).
struct DeepSeekAllocation {
  double flops_per_token = 0;  // M_opt, non-embedding FLOPs per token, e.g. 1.76e10 at 1e21
  double tokens = 0;           // D_opt, e.g. 5.7e10 at 1e21
};

// Errors: kInvalidArgument when compute_flops is not positive and finite; kOutOfRange when a
// result is not finite.
Result<DeepSeekAllocation> EstimateDeepSeekAllocation(double compute_flops);

// Non-embedding training FLOPs per token (eq. 2): M = 72·n_layer·d² + 12·n_layer·d·l_seq.
// 72 n d² is 6 × the 12 n d² non-embedding weights; 12 n d l_seq is attention's score and value
// products (3 × 2 × 2 n d l_seq, full attention, no causal halving). Note the 12: some secondary
// copies print 6. E.g. (32, 4096, 4096) -> 4.51e10 (Table 3: 45.1B).
// Errors: kInvalidArgument when an argument is not positive.
Result<double> CountDeepSeekFlopsPerToken(int64_t num_layers, int64_t d_model, int64_t seq_len);

}  // namespace llmcost

#endif  // LLMCOST_ANALYSIS_SCALING_LAW_H_
