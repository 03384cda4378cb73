// Design search (docs/formulas.md#design-search).
//
// Symbols: d hidden size, L layers, h query heads, k KV heads, d_h head size, f dense FFN width,
// f_e expert width, E expansion rate, G granularity, V vocabulary, s sequence length, C budget.
// No formula for parameters, FLOPs or memory lives here: each shape is a config read by the
// loader and analysed by CountParameters / EstimateFlops / EstimateTrainingMemory.
#include "llmcost/analysis/design_search.h"

#include <algorithm>
#include <cmath>
#include <numeric>
#include <string>
#include <tuple>

#include <fmt/format.h>

#include "llmcost/analysis/flops.h"
#include "llmcost/analysis/parameters.h"
#include "llmcost/analysis/training_memory.h"

namespace llmcost {
namespace {

constexpr int kMaxTop = 100;
constexpr double kSecondsPerDay = 86400;
constexpr int64_t kMaxParallelDegree = 8;  // one node: tensor / pipeline degrees up to 8
constexpr int64_t kMaxAlignment = 256;     // matmul tiles: more than 256 buys nothing

int64_t RoundUp(int64_t v, int64_t multiple) {
  return (v + multiple - 1) / multiple * multiple;
}

bool IsPowerOfTwo(int64_t v) {
  return v > 0 && (v & (v - 1)) == 0;
}

// Largest power of two <= cap dividing every value.
int64_t PowerOfTwoDividing(std::initializer_list<int64_t> values, int64_t cap) {
  int64_t p = 1;
  while (p * 2 <= cap) {
    bool all = true;
    for (int64_t v : values) {
      all = all && v % (p * 2) == 0;
    }
    if (!all) {
      break;
    }
    p *= 2;
  }
  return p;
}

// An integer figure that is exactly fixed + L · per_layer for a uniform stack of L layers.
struct LinearCount {
  int64_t fixed = 0;
  int64_t per_layer = 0;
  int64_t At(int64_t layers) const { return fixed + layers * per_layer; }
};

// The forward analysis of one config.
struct Figures {
  Architecture arch;
  ParameterCount params;
  int64_t memory_bytes = 0;  // 0 without a memory plan
};

// How the memory filter trains: ZeRO-3 over all GPUs, full recomputation, one sequence per
// micro-batch, expert parallelism `ep` for MoE (docs/formulas.md "Design search").
struct MemoryPlan {
  int64_t gpus = 0;
  int64_t ep = 1;
};

Result<Figures> Analyze(const ConfigShape& shape, int64_t seq_len, const MemoryPlan* plan,
                        ConfigShapeReader* reader) {
  Figures out;
  LLMCOST_ASSIGN_OR_RETURN(out.arch, reader->Read(shape, "design"));
  LLMCOST_ASSIGN_OR_RETURN(out.params, CountParameters(out.arch));
  if (plan != nullptr) {
    TrainingMemoryOptions mo;
    mo.seq_len = seq_len;
    mo.dp = plan->gpus;
    mo.zero = 3;
    mo.recompute = Recompute::kFull;
    mo.ep = out.arch.is_moe() ? plan->ep : 1;
    LLMCOST_ASSIGN_OR_RETURN(TrainingMemoryEstimate m,
                             EstimateTrainingMemory(out.arch, out.params, mo));
    out.memory_bytes = m.peak_bytes;
  }
  return out;
}

int64_t NonEmbedding(const ParameterCount& p, int64_t n) {
  return n - p.embedding - p.position;
}

// One width's shape (all but the depth) with its figures as functions of L.
struct Variant {
  ConfigShape config;  // num_layers unset
  int64_t granularity = 0;
  int64_t expansion = 0;
  double granularity_ratio = 1;  // the G the MoE law sees: top_k (d_ff = G·f_e, d_expert = f_e)
  double moe_params_coefficient = 0;  // g / G^γ + a: the MoE law's N-term coefficient at this G
  int64_t ffn_width = 0;              // f (dense) or f_e (expert)
  LinearCount total, active, non_embedding, active_non_embedding, memory;
  LinearCount router;  // the routing matrices (MoE): per-layer only
  int64_t min_layers = 0;
  int64_t max_layers = 0;
};

// The depth terms from the forward analysis of the one-layer config: CountParameters reports
// each layer's count (ParameterCount::layer), and what is not a layer (embeddings, positions,
// the final norm) is all active. Memory, whose terms the analysis does not split, is read at
// one and two layers.
Status FillTerms(int64_t seq_len, const MemoryPlan* plan, ConfigShapeReader* reader, Variant* v) {
  ConfigShape s = v->config;
  s.num_layers = 1;
  LLMCOST_ASSIGN_OR_RETURN(const Figures one, Analyze(s, seq_len, plan, reader));
  const ParameterCount& p = one.params;
  const int64_t layer = p.layer.front();
  const int64_t fixed = p.total - layer;
  v->total = {fixed, layer};
  v->active = {fixed, p.active - fixed};
  v->non_embedding = {NonEmbedding(p, fixed), layer};
  v->active_non_embedding = {NonEmbedding(p, fixed), p.active - fixed};
  for (const Component<int64_t>& part : p.breakdown) {
    if (part.name == "moe.router") {
      v->router = {0, part.value};
    }
  }
  if (plan != nullptr) {
    s.num_layers = 2;
    LLMCOST_ASSIGN_OR_RETURN(const Figures two, Analyze(s, seq_len, plan, reader));
    const int64_t per_layer = two.memory_bytes - one.memory_bytes;
    v->memory = {one.memory_bytes - per_layer, per_layer};
  }
  return OkStatus();
}

// A scored (shape, depth) pair; the figures are rebuilt for the few that are reported.
struct Scored {
  int32_t variant = 0;
  int32_t layers = 0;
  double score = 0;
};

Status CheckOptions(const DesignSearchOptions& o) {
  if (!(o.compute_flops > 0) || !std::isfinite(o.compute_flops)) {
    return FieldError(
        "compute_flops",
        fmt::format("must be a positive finite number of FLOPs, got {}", o.compute_flops));
  }
  if (o.vocab_size < 1) {
    return FieldError("vocab_size", fmt::format("must be at least 1, got {}", o.vocab_size));
  }
  if (o.seq_len < 1) {
    return FieldError("seq_len", fmt::format("must be at least 1, got {}", o.seq_len));
  }
  if (o.top < 1 || o.top > kMaxTop) {
    return InvalidArgumentError(fmt::format("top must be 1-{}, got {}", kMaxTop, o.top));
  }
  if ((o.law.dense == nullptr) == (o.law.moe == nullptr)) {
    return InvalidArgumentError("exactly one scaling law must rank the designs");
  }
  const DesignPriors& p = o.priors;
  const std::pair<const char*, int64_t> positive[] = {
      {"priors.head_dim", p.head_dim},
      {"priors.small_head_dim", p.small_head_dim},
      {"priors.heads_multiple", p.heads_multiple},
      {"priors.width_multiple", p.width_multiple},
      {"priors.min_width", p.min_width},
      {"priors.ffn_multiple_of", p.ffn_multiple_of},
      {"priors.vocab_multiple", p.vocab_multiple},
      {"priors.max_layers", p.max_layers},
      {"priors.expert_width_multiple", p.expert_width_multiple},
      {"priors.max_experts", p.max_experts},
  };
  for (const auto& [name, value] : positive) {
    if (value < 1) {
      return InvalidArgumentError(fmt::format("{} must be at least 1, got {}", name, value));
    }
  }
  if (!IsPowerOfTwo(p.kv_heads)) {
    return InvalidArgumentError(
        fmt::format("priors.kv_heads must be a power of two, got {}", p.kv_heads));
  }
  if (p.max_width < p.min_width) {
    return InvalidArgumentError(fmt::format("priors.max_width ({}) is below priors.min_width ({})",
                                            p.max_width, p.min_width));
  }
  if (!(p.min_aspect > 0) || !(p.max_aspect >= p.min_aspect) || !std::isfinite(p.max_aspect)) {
    return InvalidArgumentError(fmt::format(
        "priors.min_aspect and priors.max_aspect must satisfy 0 < min <= max, got {} and {}",
        p.min_aspect, p.max_aspect));
  }
  if (!(p.ffn_dim_multiplier > 0) || !std::isfinite(p.ffn_dim_multiplier)) {
    return InvalidArgumentError(
        fmt::format("priors.ffn_dim_multiplier must be positive, got {}", p.ffn_dim_multiplier));
  }
  if (!(p.max_expert_split_excess >= 0) || !std::isfinite(p.max_expert_split_excess)) {
    return InvalidArgumentError(fmt::format("priors.max_expert_split_excess must be >= 0, got {}",
                                            p.max_expert_split_excess));
  }
  if (!(p.tie_tolerance >= 0) || !std::isfinite(p.tie_tolerance)) {
    return InvalidArgumentError(
        fmt::format("priors.tie_tolerance must be >= 0, got {}", p.tie_tolerance));
  }
  for (const auto& [name, list] : {std::pair{"priors.expansions", &p.expansions},
                                   std::pair{"priors.granularities", &p.granularities}}) {
    if (list->empty() ||
        std::any_of(list->begin(), list->end(), [](int64_t v) { return v < 1 || v > 4096; })) {
      return InvalidArgumentError(fmt::format("{} must list values in 1-4096", name));
    }
  }
  const DesignHardware& hw = o.hardware;
  if (hw.gpus < 0 || hw.memory_bytes_per_gpu < 0 || !(hw.peak_flops_per_s >= 0) ||
      !(hw.max_days >= 0) || !(hw.mfu > 0 && hw.mfu <= 1)) {
    return InvalidArgumentError(
        "hardware: gpus, memory, peak and days must be >= 0, mfu in (0, 1]");
  }
  return OkStatus();
}

// The ranking quantities of one (variant, depth), from the linear terms.
struct LawValue {
  double params = 0;  // N as the law was fitted
  double tokens = 0;  // D = C / (6 N_compute)
  std::optional<double> loss;
  double score = 0;
};

class LawEvaluator {
 public:
  LawEvaluator(const DesignLaw& law, double compute, std::optional<ScalingPoint> optimum)
      : law_(law), compute_(compute) {
    if (law.dense != nullptr) {
      non_embedding_ = law.dense->param_counting == ParamCounting::kNonEmbedding;
      has_loss_ = law.dense->loss_form != LossForm::kNone;
      chinchilla_form_ = law.dense->loss_form == LossForm::kChinchilla;
      log_optimum_ = optimum ? std::log(optimum->params) : 0;
    }
    log_compute_per_6_ = std::log(compute / kTrainingFlopsPerParamToken);
  }

  // The ranking score of the hot loop: the same loss as Evaluate, written with logarithms
  // (x^-a = exp(-a ln x), and ln D = ln(C/6) - ln N along C = 6ND) so that one log and two exp
  // replace two or three pow. It agrees with Evaluate to a few ulps; the reported candidates
  // carry Evaluate's values.
  double Score(const Variant& v, int64_t layers) const {
    if (law_.moe != nullptr) {
      const FineGrainedMoeLaw& m = *law_.moe;
      const double router = static_cast<double>(v.router.At(layers));
      const double params = static_cast<double>(v.non_embedding.At(layers));
      const double flops = MoeTrainingFlopsPerToken(
          m, static_cast<double>(v.active_non_embedding.At(layers)) - router, router);
      return m.c + v.moe_params_coefficient * std::exp(-m.alpha * std::log(params)) +
             m.b * std::exp(-m.beta * std::log(compute_ / flops));
    }
    if (!chinchilla_form_) {
      return Evaluate(v, layers).score;
    }
    const ChinchillaLossCoefficients& k = law_.dense->chinchilla;
    const double log_n = std::log(
        static_cast<double>(non_embedding_ ? v.non_embedding.At(layers) : v.total.At(layers)));
    return k.e + k.a * std::exp(-k.alpha * log_n) +
           k.b * std::exp(-k.beta * (log_compute_per_6_ - log_n));
  }

  // Ranks by the law's N and D: the dense laws were fitted with C = 6ND on their own N (Kaplan
  // §2.1, Hoffmann et al. §3.3); the MoE law on total non-embedding N and its eq. 10,
  // C = (c_f N_act + c_r N_router) D, which is what makes fine granularity cost compute.
  LawValue Evaluate(const Variant& v, int64_t layers) const {
    LawValue out;
    if (law_.moe != nullptr) {
      const double router = static_cast<double>(v.router.At(layers));
      out.params = static_cast<double>(v.non_embedding.At(layers));
      out.tokens =
          compute_ /
          MoeTrainingFlopsPerToken(
              *law_.moe, static_cast<double>(v.active_non_embedding.At(layers)) - router, router);
      out.loss = PredictMoeLossUnchecked(*law_.moe, out.params, out.tokens, v.granularity_ratio);
      out.score = *out.loss;
      return out;
    }
    out.params =
        static_cast<double>(non_embedding_ ? v.non_embedding.At(layers) : v.total.At(layers));
    out.tokens = compute_ / (kTrainingFlopsPerParamToken * out.params);
    if (has_loss_) {
      out.loss = PredictLossUnchecked(*law_.dense, out.params, out.tokens);
      out.score = *out.loss;
    } else {
      out.score = std::fabs(std::log(out.params) - log_optimum_);
    }
    return out;
  }

 private:
  DesignLaw law_;
  double compute_ = 0;
  bool non_embedding_ = false;
  bool has_loss_ = false;
  bool chinchilla_form_ = false;
  double log_optimum_ = 0;
  double log_compute_per_6_ = 0;
};

DesignPracticality Practicality(const Variant& v, int64_t layers, const DesignPriors& p) {
  DesignPracticality out;
  const ConfigShape& c = v.config;
  out.tensor_parallel =
      PowerOfTwoDividing({c.num_heads, c.num_kv_heads, v.ffn_width}, kMaxParallelDegree);
  out.pipeline_parallel = PowerOfTwoDividing({layers}, kMaxParallelDegree);
  out.alignment = PowerOfTwoDividing({c.hidden_size, v.ffn_width}, kMaxAlignment);
  const double aspect = static_cast<double>(c.hidden_size) / static_cast<double>(layers);
  out.aspect_distance = std::fabs(std::log(aspect / std::sqrt(p.min_aspect * p.max_aspect)));
  return out;
}

// True when a runs better than b (the tie-breakers, in order).
bool RunsBetter(const DesignPracticality& a, const DesignPracticality& b) {
  return std::make_tuple(-a.tensor_parallel, -a.pipeline_parallel, -a.alignment,
                         a.aspect_distance) <
         std::make_tuple(-b.tensor_parallel, -b.pipeline_parallel, -b.alignment, b.aspect_distance);
}

}  // namespace

int64_t LlamaFfnWidth(int64_t d, int64_t multiple_of, double multiplier) {
  int64_t hidden = 8 * d / 3;  // int(2 * (4d) / 3)
  if (multiplier != 1.0) {
    hidden = static_cast<int64_t>(multiplier * static_cast<double>(hidden));
  }
  return RoundUp(hidden, multiple_of);
}

Result<DesignSearchResult> SearchDesigns(const DesignSearchOptions& o) {
  LLMCOST_RETURN_IF_ERROR(CheckOptions(o));
  const DesignPriors& p = o.priors;
  const std::string family = o.family == "moe" ? "mixtral" : o.family;
  Result<bool> writes_experts = FamilyWritesExperts(family);
  if (!writes_experts.ok()) {
    return FieldError("family", writes_experts.status().message() + " (moe = mixtral)",
                      StatusCode::kNotFound);
  }
  const bool moe = *writes_experts;
  LLMCOST_ASSIGN_OR_RETURN(const bool gqa, FamilyWritesKvHeads(family));
  if (moe && o.law.moe == nullptr) {
    return FieldError("law", fmt::format("\"{}\" knows no experts: use krajewski for the MoE "
                                         "family {}",
                                         o.law.dense->id, family));
  }
  if (!moe && o.law.moe != nullptr) {
    return FieldError("law", fmt::format("\"{}\" is for routed MoE models: use a dense law "
                                         "for the family {}",
                                         o.law.moe->id, family));
  }

  DesignSearchResult result;
  const double c = o.compute_flops;
  if (o.law.dense != nullptr) {
    LLMCOST_ASSIGN_OR_RETURN(result.optimum, ComputeOptimal(*o.law.dense, c));
  }
  const DesignHardware& hw = o.hardware;
  if (hw.gpus > 0 && hw.peak_flops_per_s > 0) {
    result.training_seconds = c / (static_cast<double>(hw.gpus) * hw.peak_flops_per_s * hw.mfu);
    const double days = result.training_seconds / kSecondsPerDay;
    if (hw.max_days > 0 && days > hw.max_days) {
      return InvalidArgumentError(fmt::format(
          "impossible constraints: {:.4g} FLOPs take {:.4g} days on {} GPUs at {:.0f}% MFU; "
          "the limit is {:.4g} days (add GPUs or days, or lower the budget)",
          c, days, hw.gpus, hw.mfu * 100, hw.max_days));
    }
  }
  const bool check_memory = hw.gpus > 0 && hw.memory_bytes_per_gpu > 0;

  // The family's MLP kind decides the FFN rule: read it from the loader, not from a table here.
  ConfigShape probe;
  probe.family = family;
  probe.name = "probe";
  probe.hidden_size = probe.num_heads = probe.num_kv_heads = probe.head_dim = 1;
  probe.num_layers = probe.intermediate_size = probe.vocab_size = 1;
  probe.max_position_embeddings = probe.num_experts = probe.experts_per_token = 1;
  LLMCOST_ASSIGN_OR_RETURN(const Architecture probe_arch, ReadConfigShape(probe, "design"));
  const bool gated = probe_arch.mlp == MlpKind::kGated;

  const int64_t vocab = RoundUp(o.vocab_size, p.vocab_multiple);
  std::vector<Variant> variants;
  const int64_t first_width = RoundUp(p.min_width, p.width_multiple);
  for (int64_t d = first_width; d <= p.max_width; d += p.width_multiple) {
    const int64_t head_dim = d < p.small_width ? p.small_head_dim : p.head_dim;
    if (d % head_dim != 0 || (d / head_dim) % p.heads_multiple != 0) {
      continue;
    }
    const double dd = static_cast<double>(d);
    const int64_t min_layers =
        std::max<int64_t>(1, static_cast<int64_t>(std::ceil(dd / p.max_aspect)));
    const int64_t max_layers =
        std::min<int64_t>(p.max_layers, static_cast<int64_t>(std::floor(dd / p.min_aspect)));
    if (min_layers > max_layers) {
      continue;
    }
    Variant v;
    v.min_layers = min_layers;
    v.max_layers = max_layers;
    ConfigShape& s = v.config;
    s.family = family;
    s.name = "llmcost design";
    s.hidden_size = d;
    s.head_dim = head_dim;
    s.num_heads = d / head_dim;
    s.num_kv_heads = gqa ? PowerOfTwoDividing({s.num_heads}, p.kv_heads) : s.num_heads;
    s.vocab_size = vocab;
    s.max_position_embeddings = o.seq_len;
    const int64_t f = gated ? LlamaFfnWidth(d, p.ffn_multiple_of, p.ffn_dim_multiplier) : 4 * d;
    if (!moe) {
      s.intermediate_size = v.ffn_width = f;
      variants.push_back(v);
      continue;
    }
    for (int64_t expansion : p.expansions) {
      for (int64_t granularity : p.granularities) {
        if (expansion * granularity > p.max_experts) {
          continue;
        }
        // The G experts a token visits add up to the dense FFN (the law's Fig. 2, fitted with
        // the standard FFN width), within the rounding of f_e.
        const int64_t expert_width =
            RoundUp((f + granularity - 1) / granularity, p.expert_width_multiple);
        if (static_cast<double>(granularity * expert_width) >
            (1 + p.max_expert_split_excess) * static_cast<double>(f)) {
          continue;
        }
        Variant m = v;
        m.expansion = expansion;
        m.granularity = granularity;
        m.ffn_width = expert_width;
        m.granularity_ratio = static_cast<double>(granularity);
        if (o.law.moe != nullptr) {
          m.moe_params_coefficient =
              o.law.moe->g / std::pow(m.granularity_ratio, o.law.moe->gamma) + o.law.moe->a;
        }
        m.config.intermediate_size = m.ffn_width;
        m.config.num_experts = expansion * granularity;
        m.config.experts_per_token = granularity;
        variants.push_back(m);
      }
    }
  }

  MemoryPlan plan;
  plan.gpus = std::max<int64_t>(hw.gpus, 1);
  if (moe && check_memory) {
    int64_t experts_gcd = 0;
    for (const Variant& v : variants) {
      experts_gcd = std::gcd(experts_gcd, v.config.num_experts);
    }
    // Expert parallelism: the largest power of two dividing the GPUs and every expert count.
    plan.ep = PowerOfTwoDividing({plan.gpus, std::max<int64_t>(experts_gcd, 1)}, plan.gpus);
    result.expert_parallel = plan.ep;
  }
  ConfigShapeReader reader;
  for (Variant& v : variants) {
    LLMCOST_RETURN_IF_ERROR(FillTerms(o.seq_len, check_memory ? &plan : nullptr, &reader, &v));
  }
  result.shapes_evaluated = static_cast<int64_t>(variants.size());

  // The hot loop: two pow() per (shape, depth), no allocation beyond the record.
  const LawEvaluator law(o.law, c, result.optimum);
  std::vector<Scored> scored;
  size_t space = 0;
  for (const Variant& v : variants) {
    space += static_cast<size_t>(v.max_layers - v.min_layers + 1);
  }
  scored.reserve(space);
  for (size_t i = 0; i < variants.size(); ++i) {
    const Variant& v = variants[i];
    for (int64_t layers = v.min_layers; layers <= v.max_layers; ++layers) {
      ++result.candidates_evaluated;
      if (check_memory && v.memory.At(layers) > hw.memory_bytes_per_gpu) {
        ++result.rejected_memory;
        continue;
      }
      scored.push_back(
          {static_cast<int32_t>(i), static_cast<int32_t>(layers), law.Score(v, layers)});
    }
  }
  if (scored.empty()) {
    return InvalidArgumentError(
        check_memory
            ? fmt::format("impossible constraints: no {} shape within the priors fits {} GPUs of "
                          "{} bytes (ZeRO-3, full recomputation)",
                          family, hw.gpus, hw.memory_bytes_per_gpu)
            : fmt::format("impossible constraints: no {} shape within the priors (widths {}-{}, "
                          "d/L {}-{})",
                          family, p.min_width, p.max_width, p.min_aspect, p.max_aspect));
  }

  // Ties: every candidate within tie_tolerance of the best, ordered by how well it runs; then
  // the others by score.
  const double best = std::min_element(scored.begin(), scored.end(), [](auto& a, auto& b) {
                        return a.score < b.score;
                      })->score;
  auto tied = [&](const Scored& s) { return s.score <= best + p.tie_tolerance; };
  const auto split = std::partition(scored.begin(), scored.end(), tied);
  result.ties = split - scored.begin();
  auto practical = [&](const Scored& s) {
    return Practicality(variants[static_cast<size_t>(s.variant)], s.layers, p);
  };
  auto by_score = [](const Scored& a, const Scored& b) {
    return std::tie(a.score, a.variant, a.layers) < std::tie(b.score, b.variant, b.layers);
  };
  std::sort(scored.begin(), split, [&](const Scored& a, const Scored& b) {
    const DesignPracticality pa = practical(a);
    const DesignPracticality pb = practical(b);
    if (RunsBetter(pa, pb)) {
      return true;
    }
    if (RunsBetter(pb, pa)) {
      return false;
    }
    return by_score(a, b);
  });
  const size_t top = static_cast<size_t>(o.top);
  const auto rest_end = split + static_cast<std::ptrdiff_t>(std::min<size_t>(
                                    top, static_cast<size_t>(scored.end() - split)));
  std::partial_sort(split, rest_end, scored.end(), by_score);

  // The reported figures: the forward analysis of each config at its depth.
  for (size_t i = 0; i < std::min(top, scored.size()); ++i) {
    const Scored& s = scored[i];
    const Variant& v = variants[static_cast<size_t>(s.variant)];
    DesignCandidate cand;
    cand.config = v.config;
    cand.config.num_layers = s.layers;
    cand.granularity = v.granularity;
    cand.expansion = v.expansion;
    LLMCOST_ASSIGN_OR_RETURN(
        Figures fig, Analyze(cand.config, o.seq_len, check_memory ? &plan : nullptr, &reader));
    FlopsOptions fo;
    fo.seq_len = o.seq_len;
    LLMCOST_ASSIGN_OR_RETURN(const FlopsEstimate flops, EstimateFlops(fig.arch, fig.params, fo));
    cand.params = fig.params.total;
    cand.active_params = fig.params.active;
    cand.non_embedding_params = NonEmbedding(fig.params, fig.params.total);
    cand.training_flops_per_token = flops.training;
    cand.tokens = c / flops.training;
    const LawValue lv = law.Evaluate(v, s.layers);
    cand.law_params = lv.params;
    cand.law_tokens = lv.tokens;
    cand.loss = lv.loss;
    cand.score = lv.score;
    cand.tie = i < static_cast<size_t>(result.ties);
    cand.practicality = Practicality(v, s.layers, p);
    cand.memory_bytes_per_gpu = fig.memory_bytes;
    result.best.push_back(std::move(cand));
  }
  return result;
}

}  // namespace llmcost
