// The fine-grained MoE scaling law (moe_scaling_law.h; docs/formulas.md "Design search").
#include "llmcost/analysis/moe_scaling_law.h"

#include <cmath>
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
    .flops_per_active_param = 6,
    .flops_per_router_param = 14,
    .width_per_block = 64,
    .min_fitted_granularity = 1,
    .max_fitted_granularity = 16,
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

MoeAllocation MoeAllocationUnchecked(const FineGrainedMoeLaw& law, double flops, double granularity,
                                     double blocks) {
  const double d = law.width_per_block * blocks;
  const double e = law.fitted_expansion;
  MoeAllocation out;
  out.granularity = granularity;
  out.blocks = blocks;
  out.active_params = 12 * d * d * blocks;
  out.params = d * d * (8 * e + 4) * blocks;
  out.tokens =
      flops / MoeTrainingFlopsPerToken(law, out.active_params, d * e * granularity * blocks);
  out.loss = PredictMoeLossUnchecked(law, out.params, out.tokens, granularity);
  return out;
}

Result<MoeAllocation> MoeComputeOptimal(const FineGrainedMoeLaw& law, double flops,
                                        double granularity) {
  if (!PositiveFinite(flops) || !PositiveFinite(granularity)) {
    return InvalidArgumentError("the MoE optimum needs a positive finite budget and granularity");
  }
  // The loss is unimodal in ln n along the budget: golden-section search over n in [1, 1e6]
  // blocks, to a relative width of 1e-9.
  constexpr double kInvPhi = 0.6180339887498949;
  double lo = 0;
  double hi = std::log(1e6);
  auto loss_at = [&](double ln) {
    return MoeAllocationUnchecked(law, flops, granularity, std::exp(ln)).loss;
  };
  double x1 = hi - kInvPhi * (hi - lo);
  double x2 = lo + kInvPhi * (hi - lo);
  double f1 = loss_at(x1);
  double f2 = loss_at(x2);
  while (hi - lo > 1e-9) {
    if (f1 < f2) {
      hi = x2;
      x2 = x1;
      f2 = f1;
      x1 = hi - kInvPhi * (hi - lo);
      f1 = loss_at(x1);
    } else {
      lo = x1;
      x1 = x2;
      f1 = f2;
      x2 = lo + kInvPhi * (hi - lo);
      f2 = loss_at(x2);
    }
  }
  return MoeAllocationUnchecked(law, flops, granularity, std::exp((lo + hi) / 2));
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
