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

// Errors: kInvalidArgument when an argument is not positive and finite.
Result<double> PredictMoeLoss(const FineGrainedMoeLaw& law, double params, double tokens,
                              double granularity);

}  // namespace llmcost

#endif  // LLMCOST_ANALYSIS_MOE_SCALING_LAW_H_
