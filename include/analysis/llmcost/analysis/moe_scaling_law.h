// Scaling law for fine-grained routed mixture-of-experts models: loss from total parameters,
// tokens and granularity (Krajewski et al. 2024, "Scaling Laws for Fine-Grained Mixture of
// Experts", arXiv:2402.07871).
//
// Analysis stage (backward analysis); pure. docs/formulas.md "Design search" states
// what the law was fitted on and how the design search applies it.
#ifndef LLMCOST_ANALYSIS_MOE_SCALING_LAW_H_
#define LLMCOST_ANALYSIS_MOE_SCALING_LAW_H_

#include <cmath>
#include <string_view>

#include "llmcost/status.h"

namespace llmcost {

// L(N, D, G) = c + (g / G^γ + a) / N^α + b / D^β (Krajewski et al. 2024 eq. 9), nats per token
// on their C4 setup (not comparable with the Chinchilla laws' MassiveText losses).
//   N: total non-embedding parameters (§5: "total number of non-embedding parameters");
//   D: training tokens; G = d_ff / d_expert: granularity (§4), a token visits G experts.
// Fitted (§5) on 129M-3.7B parameters, 16B-130B tokens, G in [1, 16], expansion rate
// E = N_MoE / N_ff fixed at 64.
struct FineGrainedMoeLaw {
  std::string_view id;            // CLI id, "krajewski"
  std::string_view display_name;  // e.g. "Krajewski et al. 2024 (fine-grained MoE)"
  std::string_view citation;
  double a = 0;                 // 18.1
  double alpha = 0;             // 0.115
  double b = 0;                 // 30.8
  double beta = 0;              // 0.147
  double g = 0;                 // 2.1
  double gamma = 0;             // 0.58
  double c = 0;                 // 0.47
  double fitted_expansion = 0;  // E the fit used, 64
  // The compute accounting of §6.1 eq. 10: F = (c_f · N_act + c_r · N_router) · D, N_act the
  // non-embedding parameters a token uses except routing, N_router = d·E·G per block.
  double flops_per_active_param = 0;  // c_f = 6
  double flops_per_router_param = 0;  // c_r = 14 (Appendix E; Table 2's FLOPs column)
  double width_per_block = 0;         // §6.1's allocation: d_model = 64 · n_blocks
  double min_fitted_granularity = 0;  // G in [1, 16] in the fit (§5)
  double max_fitted_granularity = 0;
};

// Table 1, row "MoE", of Krajewski et al. 2024.
const FineGrainedMoeLaw& KrajewskiMoeLaw();

// Errors: kNotFound naming the known id ("unknown MoE scaling law \"x\"; known: krajewski").
Result<const FineGrainedMoeLaw*> FindMoeScalingLaw(std::string_view id);

// REQUIRES: params, tokens and granularity positive and finite.
inline double PredictMoeLossUnchecked(const FineGrainedMoeLaw& law, double params, double tokens,
                                      double granularity) {
  return law.c + (law.g / std::pow(granularity, law.gamma) + law.a) / std::pow(params, law.alpha) +
         law.b / std::pow(tokens, law.beta);
}

// Training FLOPs per token as the law counts them (eq. 10 divided by D).
inline double MoeTrainingFlopsPerToken(const FineGrainedMoeLaw& law, double active_params,
                                       double router_params) {
  return law.flops_per_active_param * active_params + law.flops_per_router_param * router_params;
}

// One model of the paper's allocation (§6.1) spending a budget F: n_blocks blocks of width
// d = 64·n_blocks, E = fitted_expansion, N = d²(8E + 4)·n_blocks, N_act = 12 d²·n_blocks,
// N_router = d·E·G·n_blocks, D from eq. 10.
struct MoeAllocation {
  double granularity = 0;    // G
  double blocks = 0;         // n_blocks (continuous)
  double active_params = 0;  // N_act
  double params = 0;         // N
  double tokens = 0;         // D
  double loss = 0;
};
// REQUIRES: flops, granularity and blocks positive and finite.
MoeAllocation MoeAllocationUnchecked(const FineGrainedMoeLaw& law, double flops, double granularity,
                                     double blocks);

// The paper's compute-optimal model at a budget F and granularity G (§6.2): the allocation
// above of least loss (one-dimensional in n_blocks; golden-section search on ln n_blocks, where
// the paper uses Brent's method).
// Errors: kInvalidArgument when flops or granularity is not positive and finite.
Result<MoeAllocation> MoeComputeOptimal(const FineGrainedMoeLaw& law, double flops,
                                        double granularity);

// Errors: kInvalidArgument when an argument is not positive and finite.
Result<double> PredictMoeLoss(const FineGrainedMoeLaw& law, double params, double tokens,
                              double granularity);

}  // namespace llmcost

#endif  // LLMCOST_ANALYSIS_MOE_SCALING_LAW_H_
