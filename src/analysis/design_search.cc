// Design search (docs/formulas.md#design-search).
//
// Symbols: d hidden size, L layers, h query heads, k KV heads, d_h head size, f MLP width (one
// expert's for MoE), E experts, top_k, V vocabulary, s sequence length, c = (s + 1) / 2 the mean
// keys a causal query attends to, G GPUs. One multiply-add = 2 FLOPs.
#include "llmcost/analysis/design_search.h"

#include <algorithm>
#include <array>
#include <cmath>
#include <string>

#include <fmt/format.h>

namespace llmcost {
namespace {

constexpr int64_t kWidthStep = 128;         // d is a multiple of 128 (tensor-core tiles)
constexpr int64_t kGatedMlpMultiple = 256;  // LLaMA's multiple_of
constexpr int kMaxTop = 100;
// Bytes per parameter of mixed-precision AdamW model states: bf16 weights (2) and gradients (2),
// fp32 master weights, momentum and variance (12) (Rajbhandari et al. 2020 §3;
// docs/formulas.md#model-states).
constexpr int64_t kModelStateBytesPerParam = 16;
// Activations of one sequence with full recomputation (Korthikanti et al. 2022 §4;
// docs/formulas.md#design-search): each layer
// keeps its bf16 input (2 s d bytes); the layer being rebuilt holds about 34 s d bytes (their
// Table 2 with flash attention: no s x s terms); logits in bf16 plus an fp32 copy: 6 s V.
constexpr int64_t kKeptInputBytesPerTokenWidth = 2;
constexpr int64_t kRebuiltLayerBytesPerTokenWidth = 34;
constexpr int64_t kLogitBytesPerTokenVocab = 6;
constexpr double kSecondsPerDay = 86400;

// LLaMA's gated width: 8d/3 rounded up to a multiple of 256 (d = 4096 -> 11008, 2304 -> 6144).
int64_t GatedWidth(int64_t d) {
  const int64_t raw = 8 * d / 3;
  return (raw + kGatedMlpMultiple - 1) / kGatedMlpMultiple * kGatedMlpMultiple;
}

// Mean keys per query for causal attention over s tokens, computed exactly as EstimateFlops'
// MeanContext does for a layer without a window.
double CausalContext(int64_t s) {
  const double sd = static_cast<double>(s);
  return (sd * (sd + 1) / 2 + (sd - sd) * sd) / sd;
}

// Parameters that do not grow with depth, and the parameters of one layer.
struct ParamTerms {
  int64_t embedding = 0;  // input embedding, untied head, learned positions
  int64_t fixed = 0;      // embedding + final norm
  int64_t per_layer = 0;  // all parameters of one layer
  int64_t inactive = 0;   // per layer: the routed experts a token skips
};

ParamTerms CountParamTerms(const DesignShape& s) {
  const int64_t d = s.hidden_size;
  const int64_t q = s.num_heads * s.head_dim;
  const int64_t kv = s.num_kv_heads * s.head_dim;
  const int64_t f = s.intermediate_size;
  ParamTerms t;
  switch (s.family) {
    case DesignFamily::kGpt2:
      // Tied head; learned positions (s rows); Q, K, V, O with biases; plain MLP with biases;
      // two LayerNorms (2d each) per layer and a final LayerNorm.
      t.embedding = s.vocab_size * d + s.seq_len * d;
      t.per_layer = (d * q + q) + 2 * (d * kv + kv) + (q * d + d) + (2 * d * f + f + d) + 4 * d;
      t.fixed = t.embedding + 2 * d;
      break;
    case DesignFamily::kLlama:
      // Untied head; Q, K, V, O without biases; gated MLP 3 d f; two RMSNorms; final RMSNorm.
      t.embedding = 2 * s.vocab_size * d;
      t.per_layer = d * q + 2 * d * kv + q * d + 3 * d * f + 2 * d;
      t.fixed = t.embedding + d;
      break;
    case DesignFamily::kMoe:
      // Mixtral: LLaMA attention; E gated experts of width f and a d x E router per layer.
      t.embedding = 2 * s.vocab_size * d;
      t.per_layer =
          d * q + 2 * d * kv + q * d + s.num_experts * 3 * d * f + d * s.num_experts + 2 * d;
      t.inactive = (s.num_experts - s.top_k) * 3 * d * f;
      t.fixed = t.embedding + d;
      break;
  }
  return t;
}

// Training FLOPs per token that do not grow with depth, and those of one layer.
struct FlopTerms {
  double fixed = 0;      // 3 x the head's 2 d V
  double per_layer = 0;  // 3 x (projections + scores + MLP / experts + router)
};

FlopTerms CountFlopTerms(const DesignShape& s) {
  const double d = static_cast<double>(s.hidden_size);
  const double h = static_cast<double>(s.num_heads);
  const double k = static_cast<double>(s.num_kv_heads);
  const double dh = static_cast<double>(s.head_dim);
  const double f = static_cast<double>(s.intermediate_size);
  // Same groupings as EstimateFlops: 2 x (Q + K + V weights + O weights).
  const double projections = 2 * ((d * h * dh + 2 * d * k * dh) + h * dh * d);
  const double scores = (2 * h * dh + 2 * h * dh) * CausalContext(s.seq_len);
  double ffn = 0;
  switch (s.family) {
    case DesignFamily::kGpt2:
      ffn = 2 * 2 * d * f;
      break;
    case DesignFamily::kLlama:
      ffn = 2 * 3 * d * f;
      break;
    case DesignFamily::kMoe:
      ffn = static_cast<double>(s.top_k) * (2 * 3 * d * f) +
            2 * d * static_cast<double>(s.num_experts);
      break;
  }
  return {3 * (2 * d * static_cast<double>(s.vocab_size)), 3 * (projections + scores + ffn)};
}

// The law's N for a shape: total parameters (Hoffmann et al. count embeddings), non-embedding
// for Kaplan, and for MoE the active parameters (the dense laws know no sparsity, so MoE
// candidates are judged as a dense model of their active size: a conservative choice).
double LawParams(const ScalingLaw& law, const DesignParams& p) {
  return static_cast<double>(
      law.param_counting == ParamCounting::kNonEmbedding ? p.active - p.embedding : p.active);
}

// The best `capacity` candidates so far, sorted best first; no allocation after construction.
class TopList {
 public:
  explicit TopList(int capacity) : capacity_(capacity) {}
  // The score a new candidate must beat to enter.
  double threshold() const {
    return size_ < capacity_ ? HUGE_VAL : items_[static_cast<size_t>(size_ - 1)].score;
  }
  // Shapes with identical figures (e.g. 28 heads of 128 vs 56 of 64) keep the first seen.
  void Insert(const DesignCandidate& c) {
    for (int j = 0; j < size_; ++j) {
      if (items_[static_cast<size_t>(j)].score == c.score) {
        return;
      }
    }
    int i = size_ < capacity_ ? size_++ : capacity_ - 1;
    while (i > 0 && items_[static_cast<size_t>(i - 1)].score > c.score) {
      items_[static_cast<size_t>(i)] = items_[static_cast<size_t>(i - 1)];
      --i;
    }
    items_[static_cast<size_t>(i)] = c;
  }
  std::vector<DesignCandidate> Take() const { return {items_.begin(), items_.begin() + size_}; }

 private:
  int capacity_;
  int size_ = 0;
  std::array<DesignCandidate, kMaxTop> items_{};
};

Status CheckOptions(const DesignSearchOptions& o) {
  if (!(o.compute_flops > 0) || !std::isfinite(o.compute_flops)) {
    return InvalidArgumentError(fmt::format(
        "--compute must be a positive finite number of FLOPs, got {}", o.compute_flops));
  }
  if (o.vocab_size < 1) {
    return InvalidArgumentError(fmt::format("--vocab must be at least 1, got {}", o.vocab_size));
  }
  if (o.seq_len < 1) {
    return InvalidArgumentError(fmt::format("--seq-len must be at least 1, got {}", o.seq_len));
  }
  if (o.top < 1 || o.top > kMaxTop) {
    return InvalidArgumentError(fmt::format("--top must be 1-{}, got {}", kMaxTop, o.top));
  }
  if (o.law == nullptr) {
    return InvalidArgumentError("no scaling law given");
  }
  const DesignHardware& hw = o.hardware;
  if (hw.gpus < 0 || hw.memory_bytes_per_gpu < 0 || !(hw.peak_flops_per_s >= 0) ||
      !(hw.max_days >= 0) || !(hw.mfu > 0 && hw.mfu <= 1)) {
    return InvalidArgumentError("hardware limits must be positive");
  }
  if (o.min_width < kWidthStep || o.max_width < o.min_width || o.max_layers < 1 ||
      !(o.min_aspect > 0) || !(o.max_aspect >= o.min_aspect)) {
    return InvalidArgumentError("the search space is empty");
  }
  return OkStatus();
}

// Calls visit(shape) for every shape of the family with width d (layers left 0).
template <typename Visit>
void ForEachWidthShape(const DesignSearchOptions& o, int64_t d, Visit&& visit) {
  static constexpr int64_t kHeadDims[] = {128, 64};  // 128 first: it wins ties
  static constexpr int64_t kExperts[] = {8, 16, 32, 64};
  static constexpr int64_t kTopK[] = {1, 2};
  for (int64_t head_dim : kHeadDims) {
    if (d % head_dim != 0) {
      continue;
    }
    // MoE keeps Mixtral's 128-wide heads: the expert choices already multiply the space.
    if (o.family == DesignFamily::kMoe && head_dim != 128) {
      continue;
    }
    DesignShape s;
    s.family = o.family;
    s.hidden_size = d;
    s.head_dim = head_dim;
    s.num_heads = d / head_dim;
    s.vocab_size = o.vocab_size;
    s.seq_len = o.seq_len;
    s.intermediate_size = o.family == DesignFamily::kGpt2 ? 4 * d : GatedWidth(d);
    // KV heads: h / g for GQA group sizes g = 1, 2, 4, 8 that divide h (GPT-2: MHA only).
    for (int64_t group = 1; group <= 8; group *= 2) {
      if (s.num_heads % group != 0 || (o.family == DesignFamily::kGpt2 && group > 1)) {
        break;
      }
      s.num_kv_heads = s.num_heads / group;
      if (o.family != DesignFamily::kMoe) {
        visit(s);
        continue;
      }
      for (int64_t experts : kExperts) {
        for (int64_t top_k : kTopK) {
          s.num_experts = experts;
          s.top_k = top_k;
          visit(s);
        }
      }
    }
  }
}

}  // namespace

std::string_view DesignFamilyName(DesignFamily family) {
  switch (family) {
    case DesignFamily::kLlama:
      return "llama";
    case DesignFamily::kGpt2:
      return "gpt2";
    case DesignFamily::kMoe:
      return "moe";
  }
  return "llama";
}

Result<DesignFamily> ParseDesignFamily(std::string_view name) {
  for (DesignFamily f : {DesignFamily::kLlama, DesignFamily::kGpt2, DesignFamily::kMoe}) {
    if (name == DesignFamilyName(f)) {
      return f;
    }
  }
  return InvalidArgumentError(
      fmt::format("--family: unknown family \"{}\"; known: llama, gpt2, moe", name));
}

DesignParams CountDesignParams(const DesignShape& shape) {
  const ParamTerms t = CountParamTerms(shape);
  DesignParams p;
  p.total = t.fixed + shape.num_layers * t.per_layer;
  p.active = p.total - shape.num_layers * t.inactive;
  p.embedding = t.embedding;
  p.non_embedding = p.total - p.embedding;
  return p;
}

double DesignFlopsPerToken(const DesignShape& shape) {
  const FlopTerms t = CountFlopTerms(shape);
  return t.fixed + static_cast<double>(shape.num_layers) * t.per_layer;
}

Architecture DesignArchitecture(const DesignShape& s) {
  Architecture a;
  a.name = "design";
  a.model_type = s.family == DesignFamily::kGpt2  ? "gpt2"
                 : s.family == DesignFamily::kMoe ? "mixtral"
                                                  : "llama";
  a.family = a.model_type;
  a.hidden_size = s.hidden_size;
  a.num_layers = s.num_layers;
  a.vocab_size = s.vocab_size;
  a.embedding_dim = s.hidden_size;
  a.intermediate_size = s.intermediate_size;
  a.num_heads = s.num_heads;
  a.num_kv_heads = s.num_kv_heads;
  a.head_dim = s.head_dim;
  a.max_position_embeddings = s.seq_len;
  a.pretraining_context = s.seq_len;
  a.layers.assign(static_cast<size_t>(s.num_layers), LayerSpec{});
  if (s.family == DesignFamily::kGpt2) {
    a.qkv_bias = a.o_bias = a.mlp_bias = true;
    a.mlp = MlpKind::kPlain;
    a.norm = NormKind::kLayerNorm;
    a.tying = Tying::kTied;
    a.position = PositionKind::kLearned;
    a.learned_positions = s.seq_len;
    return a;
  }
  a.mlp = MlpKind::kGated;
  a.norm = NormKind::kRmsNorm;
  a.tying = Tying::kUntied;
  a.position = PositionKind::kRotary;
  if (s.family == DesignFamily::kMoe) {
    a.moe.num_experts = s.num_experts;
    a.moe.top_k = s.top_k;
    a.moe.expert_ffn = s.intermediate_size;
    for (LayerSpec& layer : a.layers) {
      layer.moe = true;
    }
  }
  return a;
}

std::string DesignConfigJson(const DesignShape& s, std::string_view name) {
  std::string escaped;
  for (char c : name) {
    if (c == '"' || c == '\\') {
      escaped += '\\';
    }
    if (static_cast<unsigned char>(c) >= 0x20) {
      escaped += c;
    }
  }
  std::string out = "{\n";
  auto field = [&out](std::string_view key, const std::string& json_value) {
    out += fmt::format("  \"{}\": {},\n", key, json_value);
  };
  auto integer = [&field](std::string_view key, int64_t v) { field(key, std::to_string(v)); };
  field("name", "\"" + escaped + "\"");
  if (s.family == DesignFamily::kGpt2) {
    field("model_type", "\"gpt2\"");
    field("architectures", "[\"GPT2LMHeadModel\"]");
    integer("n_embd", s.hidden_size);
    integer("n_layer", s.num_layers);
    integer("n_head", s.num_heads);
    integer("n_inner", s.intermediate_size);
    integer("n_positions", s.seq_len);
    integer("vocab_size", s.vocab_size);
    field("activation_function", "\"gelu_new\"");
    field("layer_norm_epsilon", "1e-05");
    field("tie_word_embeddings", "true");
  } else {
    const bool moe = s.family == DesignFamily::kMoe;
    field("model_type", moe ? "\"mixtral\"" : "\"llama\"");
    field("architectures", moe ? "[\"MixtralForCausalLM\"]" : "[\"LlamaForCausalLM\"]");
    integer("hidden_size", s.hidden_size);
    integer("intermediate_size", s.intermediate_size);
    integer("num_hidden_layers", s.num_layers);
    integer("num_attention_heads", s.num_heads);
    integer("num_key_value_heads", s.num_kv_heads);
    integer("head_dim", s.head_dim);
    if (moe) {
      integer("num_local_experts", s.num_experts);
      integer("num_experts_per_tok", s.top_k);
    }
    integer("vocab_size", s.vocab_size);
    integer("max_position_embeddings", s.seq_len);
    field("tie_word_embeddings", "false");
    field("hidden_act", "\"silu\"");
    field("rms_norm_eps", "1e-05");
    field("rope_theta", "10000.0");
    field("attention_bias", "false");
    if (!moe) {
      field("mlp_bias", "false");
    }
  }
  out += "  \"torch_dtype\": \"bfloat16\"\n}\n";
  return out;
}

int64_t EstimateDesignMemory(const DesignShape& s, const DesignParams& p, int64_t gpus) {
  const int64_t states = (kModelStateBytesPerParam * p.total + gpus - 1) / gpus;
  const int64_t sd = s.seq_len * s.hidden_size;
  return states + kKeptInputBytesPerTokenWidth * sd * s.num_layers +
         kRebuiltLayerBytesPerTokenWidth * sd + kLogitBytesPerTokenVocab * s.seq_len * s.vocab_size;
}

Result<DesignSearchResult> SearchDesigns(const DesignSearchOptions& o) {
  LLMCOST_RETURN_IF_ERROR(CheckOptions(o));
  const ScalingLaw& law = *o.law;
  const double c = o.compute_flops;
  DesignSearchResult result;
  LLMCOST_ASSIGN_OR_RETURN(result.optimum, ComputeOptimal(law, c));
  const DesignHardware& hw = o.hardware;
  const bool check_memory = hw.gpus > 0 && hw.memory_bytes_per_gpu > 0;
  if (hw.gpus > 0 && hw.peak_flops_per_s > 0) {
    result.training_seconds = c / (static_cast<double>(hw.gpus) * hw.peak_flops_per_s * hw.mfu);
    const double days = result.training_seconds / kSecondsPerDay;
    if (hw.max_days > 0 && days > hw.max_days) {
      return InvalidArgumentError(fmt::format(
          "impossible constraints: {:.4g} FLOPs take {:.4g} days on {} GPUs at {:.0f}% MFU; "
          "--days allows {:.4g} (add GPUs or days, or lower --compute)",
          c, days, hw.gpus, hw.mfu * 100, hw.max_days));
    }
  }
  const bool has_loss = law.loss_form != LossForm::kNone;
  const double log_optimum = std::log(result.optimum.params);
  const bool non_embedding = law.param_counting == ParamCounting::kNonEmbedding;
  const int64_t gpus = std::max<int64_t>(hw.gpus, 1);
  const int64_t logits_bytes = kLogitBytesPerTokenVocab * o.seq_len * o.vocab_size;

  TopList top(o.top);
  DesignCandidate candidate;
  int64_t evaluated = 0;
  int64_t rejected = 0;
  const int64_t first_width = (o.min_width + kWidthStep - 1) / kWidthStep * kWidthStep;
  for (int64_t d = first_width; d <= o.max_width; d += kWidthStep) {
    const double dd = static_cast<double>(d);
    const int64_t min_layers =
        std::max<int64_t>(1, static_cast<int64_t>(std::ceil(dd / o.max_aspect)));
    const int64_t max_layers =
        std::min<int64_t>(o.max_layers, static_cast<int64_t>(std::floor(dd / o.min_aspect)));
    if (min_layers > max_layers) {
      continue;
    }
    const int64_t sd = o.seq_len * d;
    ForEachWidthShape(o, d, [&](const DesignShape& shape) {
      const ParamTerms pt = CountParamTerms(shape);
      const FlopTerms ft = CountFlopTerms(shape);
      const int64_t law_fixed = non_embedding ? pt.fixed - pt.embedding : pt.fixed;
      const int64_t law_per_layer = pt.per_layer - pt.inactive;
      // The hot loop: no allocation, two pow() (or one log) per shape.
      for (int64_t layers = min_layers; layers <= max_layers; ++layers) {
        ++evaluated;
        if (check_memory) {
          const int64_t states =
              (kModelStateBytesPerParam * (pt.fixed + layers * pt.per_layer) + gpus - 1) / gpus;
          const int64_t bytes = states + kKeptInputBytesPerTokenWidth * sd * layers +
                                kRebuiltLayerBytesPerTokenWidth * sd + logits_bytes;
          if (bytes > hw.memory_bytes_per_gpu) {
            ++rejected;
            continue;
          }
        }
        const double flops = ft.fixed + static_cast<double>(layers) * ft.per_layer;
        const double tokens = c / flops;
        const double n = static_cast<double>(law_fixed + layers * law_per_layer);
        const double score =
            has_loss ? PredictLossUnchecked(law, n, tokens) : std::fabs(std::log(n) - log_optimum);
        if (score >= top.threshold()) {
          continue;
        }
        candidate.shape = shape;
        candidate.shape.num_layers = layers;
        candidate.score = score;
        top.Insert(candidate);
      }
    });
  }
  result.candidates_evaluated = evaluated;
  result.rejected_memory = rejected;
  result.best = top.Take();
  if (result.best.empty()) {
    return InvalidArgumentError(
        check_memory ? fmt::format("impossible constraints: no {} shape fits {} GPUs of {} bytes",
                                   DesignFamilyName(o.family), hw.gpus, hw.memory_bytes_per_gpu)
                     : "impossible constraints: the search space is empty");
  }
  // Fill in the exact figures of the winners from the closed forms.
  for (DesignCandidate& w : result.best) {
    w.params = CountDesignParams(w.shape);
    w.training_flops_per_token = DesignFlopsPerToken(w.shape);
    w.tokens = c / w.training_flops_per_token;
    if (has_loss) {
      w.loss = PredictLossUnchecked(law, LawParams(law, w.params), w.tokens);
    }
    if (check_memory) {
      w.memory_bytes_per_gpu = EstimateDesignMemory(w.shape, w.params, gpus);
    }
  }
  return result;
}

}  // namespace llmcost
