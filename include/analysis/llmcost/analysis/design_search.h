// Design search: from a compute budget to concrete transformer shapes a reviewer would accept.
//
// Analysis stage (backward analysis). Pure: no I/O, no clock, deterministic. Every
// candidate is a config of a writable family (config_writer.h) read by the loader's own family
// reader; its parameters come from CountParameters, evaluated once per width (one layer: the
// per-layer and fixed terms) and extended linearly in depth (exact for a uniform stack); the
// reported candidates are analysed again at their depth (CountParameters, EstimateFlops,
// EstimateTrainingMemory). Shapes obey stated, overridable priors (DesignPriors); a scaling law
// ranks them on the N and D it was fitted with; ties within a stated tolerance are broken by what
// runs well. Formulas and sources: docs/formulas.md#design-search.
#ifndef LLMCOST_ANALYSIS_DESIGN_SEARCH_H_
#define LLMCOST_ANALYSIS_DESIGN_SEARCH_H_

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "llmcost/analysis/moe_scaling_law.h"
#include "llmcost/analysis/scaling_law.h"
#include "llmcost/config_writer.h"
#include "llmcost/status.h"

namespace llmcost {

// What practical shapes look like (docs/formulas.md "Design search", with the published models
// each default comes from). Every field can be overridden.
struct DesignPriors {
  // ---- Attention ----
  int64_t head_dim = 128;       // d_head for d >= small_width (LLaMA 2/3, Mistral, Qwen2.5)
  int64_t small_head_dim = 64;  // d_head below small_width (GPT-2, Llama 3.2 1B)
  int64_t small_width = 2048;   // Default: 2048
  int64_t heads_multiple = 8;   // h is a multiple of this (tensor parallelism over 8 GPUs)
  int64_t kv_heads = 8;         // grouped-query KV heads, a power of two; min(kv_heads, h)
  // ---- Widths ----
  int64_t width_multiple = 128;  // d is a multiple of this
  int64_t min_width = 512;
  int64_t max_width = 32768;
  int64_t ffn_multiple_of = 256;    // LLaMA's multiple_of: f = m·ceil(int(mult·int(8d/3)) / m)
  double ffn_dim_multiplier = 1.0;  // LLaMA's ffn_dim_multiplier (Llama 3: 1.3)
  int64_t vocab_multiple = 128;     // V is padded up to a multiple of this
  // ---- Depth ----
  double min_aspect = 64;  // d / L within [min_aspect, max_aspect]
  double max_aspect = 160;
  int64_t max_layers = 256;
  // ---- Mixture of experts (MoE families only) ----
  // Expansion rate E = routed experts / top_k and granularity G = f_dense / f_expert
  // (Krajewski et al. 2024 §4): a token visits top_k = G experts of width f_dense / G. The law
  // models G (fitted on 1-16, its Table 2 goes to 64) and was fitted at E = 64 only; a smaller E
  // is a memory choice (§7), which the memory filter makes with --gpu.
  std::vector<int64_t> expansions = {8, 16, 32, 64};
  std::vector<int64_t> granularities = {1, 2, 4, 8, 16, 32, 64};
  int64_t expert_width_multiple = 128;  // f_expert is rounded up to a multiple of this
  // The G experts a token visits add up to at most (1 + this) x the dense FFN width f, so that
  // the split stays the law's (d_ff = G·f_e ~ f); the law sees G = top_k. With f_e a multiple
  // of 128 this bounds G by the width: the finest split grows with d.
  double max_expert_split_excess = 0.25;
  int64_t max_experts = 4096;  // E·G routed experts at most (Table 2: 64 x G = 64)
  // ---- Ranking ----
  double tie_tolerance = 1e-3;  // nats: losses closer than this to the best are a tie
};

// Hardware constraints. gpus 0: no memory filter, no time.
struct DesignHardware {
  int64_t gpus = 0;  // G
  int64_t memory_bytes_per_gpu = 0;
  double peak_flops_per_s = 0;  // per GPU, dense BF16
  double mfu = 0.4;             // model FLOPs utilization assumed for the time
  double max_days = 0;          // 0: no time limit
};

// The law that ranks candidates: one of the dense table (scaling_law.h) for a dense family, the
// fine-grained MoE law for an MoE family.
struct DesignLaw {
  const ScalingLaw* dense = nullptr;
  const FineGrainedMoeLaw* moe = nullptr;
};

struct DesignSearchOptions {
  double compute_flops = 0;      // C, positive and finite
  int64_t vocab_size = 0;        // V before padding, >= 1
  int64_t seq_len = 0;           // s >= 1: training context, written as the config's context
  std::string family = "llama";  // a writable family: llama, gpt2, mixtral ("moe" = mixtral)
  DesignLaw law;
  DesignHardware hardware;
  DesignPriors priors;
  int top = 5;  // candidates to return, 1..100
};

// How well a shape runs, the tie-breakers in order (larger is better, aspect_distance smaller).
struct DesignPracticality {
  int64_t tensor_parallel = 1;    // largest t in {8,4,2,1} dividing h, k and the FFN widths
  int64_t pipeline_parallel = 1;  // largest p in {8,4,2,1} dividing L
  int64_t alignment = 1;          // largest power of two <= 256 dividing d and the FFN width
  double aspect_distance = 0;     // |ln((d/L) / sqrt(min_aspect · max_aspect))|
};

// One evaluated shape, with every figure from the forward analysis of its config.
struct DesignCandidate {
  ConfigShape config;                   // what --write-config writes
  int64_t granularity = 0;              // G (MoE); 0 for dense
  int64_t expansion = 0;                // E = experts / top_k (MoE); 0 for dense
  int64_t params = 0;                   // CountParameters(...).total
  int64_t active_params = 0;            // .active
  int64_t non_embedding_params = 0;     // .total - .embedding - .position
  double training_flops_per_token = 0;  // F = EstimateFlops(...).training (causal, s)
  double tokens = 0;                    // D = C / F: what the budget buys at the exact F
  // The law's own accounting: N as it was fitted (Kaplan: non-embedding; Chinchilla: total;
  // MoE: total non-embedding) and D = C / (6 N_fit) (MoE: eq. 10, C / (6 N_act + 14 N_router)).
  double law_params = 0;
  double law_tokens = 0;
  std::optional<double> loss;  // the law's loss at (law_params, law_tokens); nullopt without one
  double score = 0;            // ranking key: the loss, or |ln(N / N_opt)| for a law without one
  bool tie = false;            // within priors.tie_tolerance of the best score
  DesignPracticality practicality;
  int64_t memory_bytes_per_gpu = 0;  // EstimateTrainingMemory peak; 0 without hardware
};

struct DesignSearchResult {
  std::vector<DesignCandidate> best;    // best first, at most options.top; ties first
  int64_t ties = 0;                     // candidates tied with the best (all of them, not only top)
  std::optional<ScalingPoint> optimum;  // the dense law's compute optimum (C = 6ND)
  int64_t candidates_evaluated = 0;     // (shape, depth) pairs given a score
  int64_t shapes_evaluated = 0;         // widths x variants read through the loader
  int64_t rejected_memory = 0;
  double training_seconds = 0;  // C / (G · peak · mfu); 0 without hardware
  int64_t expert_parallel = 0;  // ep used by the memory filter (MoE with hardware)
};

// FFN width of a gated MLP the way LLaMA rounds it (llama/model.py FeedForward):
// m · ceil(int(multiplier · int(8d/3)) / m). d = 4096, m = 256 -> 11008; Llama 3 8B
// (m = 1024, multiplier 1.3) -> 14336.
int64_t LlamaFfnWidth(int64_t d, int64_t multiple_of, double multiplier);

// Enumerates the priors' space, keeps the shapes that fit memory, ranks them.
// Errors: kInvalidArgument naming the field when an option is out of range ("compute_flops must
// be a positive finite number of FLOPs, got -1", "top must be 1-100, got 0", "priors.kv_heads
// must be a power of two, got 6"), when the law does not fit the family ("law \"epoch\" knows no
// experts: use krajewski for an MoE family"), or "impossible constraints: ..." when the budget
// needs more than max_days or no shape fits the space or memory; kNotFound for an unwritable
// family.
Result<DesignSearchResult> SearchDesigns(const DesignSearchOptions& options);

}  // namespace llmcost

#endif  // LLMCOST_ANALYSIS_DESIGN_SEARCH_H_
