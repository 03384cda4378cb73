// The fine-grained MoE scaling law (moe_scaling_law.h; docs/formulas.md "Design search").
#include "llmcost/analysis/moe_scaling_law.h"

#include <string>

namespace llmcost {
namespace {

// Krajewski et al. 2024, arXiv:2402.07871, Table 1 ("Values of the fitted coefficients", MoE).
constexpr FineGrainedMoeLaw kKrajewski = {
    .id = "krajewski",
    .display_name = "Krajewski et al. 2024 (fine-grained MoE)",
    .citation =
        "Krajewski et al. 2024, arXiv:2402.07871, eq. 9 and Table 1 (MoE row); N total "
        "non-embedding parameters, G = d_ff / d_expert, fitted at expansion rate E = 64",
    .a = 18.1,
    .alpha = 0.115,
    .b = 30.8,
    .beta = 0.147,
    .g = 2.1,
    .gamma = 0.58,
    .c = 0.47,
    .fitted_expansion = 64,
};

bool PositiveFinite(double v) {
  return v > 0 && std::isfinite(v);
}

}  // namespace

const FineGrainedMoeLaw& KrajewskiMoeLaw() {
  return kKrajewski;
}

Result<const FineGrainedMoeLaw*> FindMoeScalingLaw(std::string_view id) {
  if (id == kKrajewski.id) {
    return &kKrajewski;
  }
  return NotFoundError("unknown MoE scaling law \"" + std::string(id) + "\"; known: krajewski");
}

Result<double> PredictMoeLoss(const FineGrainedMoeLaw& law, double params, double tokens,
                              double granularity) {
  if (!PositiveFinite(params) || !PositiveFinite(tokens) || !PositiveFinite(granularity)) {
    return InvalidArgumentError(
        "MoE loss needs positive finite parameters, tokens and granularity");
  }
  return PredictMoeLossUnchecked(law, params, tokens, granularity);
}

}  // namespace llmcost
