// Design search: from a compute budget to concrete transformer shapes that spend it well.
//
// Analysis stage (backward analysis, DESIGN §6). Pure: no I/O, no clock, deterministic. The
// search enumerates shapes of one family (width, head size, depth, MLP width, KV heads, experts),
// gives each its exact training FLOPs per token (the formula of EstimateFlops, evaluated in
// closed form: DesignFlopsPerToken), the tokens the budget buys (D = C / F), and the loss a
// scaling law predicts (PredictLossUnchecked); it keeps the shapes that fit the memory of the
// chosen hardware and ranks them. Formulas: docs/formulas.md "Scaling laws and design search".
#ifndef LLMCOST_ANALYSIS_DESIGN_SEARCH_H_
#define LLMCOST_ANALYSIS_DESIGN_SEARCH_H_

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "llmcost/analysis/scaling_law.h"
#include "llmcost/architecture.h"
#include "llmcost/status.h"

namespace llmcost {

// The shape families the search enumerates; each is written as a config the loader reads.
enum class DesignFamily {
  kLlama,  // gated SiLU MLP, RMSNorm, RoPE, GQA, untied head (model_type "llama")
  kGpt2,   // plain 4d GELU MLP, LayerNorm, biases, learned positions, tied head ("gpt2")
  kMoe,    // LLaMA attention, every layer MoE with E experts and top_k ("mixtral")
};

// "llama", "gpt2", "moe".
std::string_view DesignFamilyName(DesignFamily family);
// Errors: kInvalidArgument "--family: unknown family \"bert\"; known: llama, gpt2, moe".
Result<DesignFamily> ParseDesignFamily(std::string_view name);

// One concrete shape. Symbols as in docs/formulas.md.
struct DesignShape {
  DesignFamily family = DesignFamily::kLlama;
  int64_t hidden_size = 0;        // d, a multiple of 128
  int64_t num_layers = 0;         // L
  int64_t num_heads = 0;          // h = d / d_head
  int64_t num_kv_heads = 0;       // k, divides h (h for gpt2)
  int64_t head_dim = 0;           // d_head, 64 or 128
  int64_t intermediate_size = 0;  // f: gated 256·ceil(floor(8d/3)/256); plain 4d; MoE: per expert
  int64_t num_experts = 0;        // E (MoE only)
  int64_t top_k = 0;              // experts per token (MoE only)
  int64_t vocab_size = 0;         // V
  int64_t seq_len = 0;            // s: training context, written as max_position_embeddings

  bool operator==(const DesignShape&) const = default;
};

// Exact parameter counts of a shape (equal to CountParameters of DesignArchitecture).
struct DesignParams {
  int64_t total = 0;
  int64_t active = 0;         // total minus the experts a token skips
  int64_t embedding = 0;      // input embedding + untied head + learned positions
  int64_t non_embedding = 0;  // total - embedding (Kaplan's N)
};
// REQUIRES: every field of `shape` positive where its family uses it; no overflow (the search
// space is far below 2^63).
DesignParams CountDesignParams(const DesignShape& shape);

// Training FLOPs per token (3 x forward, causal attention over shape.seq_len): the value
// EstimateFlops(DesignArchitecture(shape), ...).training gives, in closed form.
// REQUIRES: as CountDesignParams.
double DesignFlopsPerToken(const DesignShape& shape);

// The Architecture the written config loads as (what `llmcost analyze` sees).
Architecture DesignArchitecture(const DesignShape& shape);

// The shape as HuggingFace-style config.json text (fixed field order, trailing newline), e.g.
// {"name": "llmcost design 1.2B ...", "model_type": "llama", "hidden_size": 2048, ...}.
std::string DesignConfigJson(const DesignShape& shape, std::string_view name);

// Hardware constraints. All zero: no memory or time limit.
struct DesignHardware {
  int64_t gpus = 0;  // G
  int64_t memory_bytes_per_gpu = 0;
  double peak_flops_per_s = 0;  // per GPU, dense BF16
  double mfu = 0.4;             // model FLOPs utilization assumed for the time limit
  double max_days = 0;          // 0: no time limit
};

struct DesignSearchOptions {
  double compute_flops = 0;  // C, positive and finite
  int64_t vocab_size = 0;    // V >= 1
  int64_t seq_len = 0;       // s >= 1
  DesignFamily family = DesignFamily::kLlama;
  const ScalingLaw* law = nullptr;  // ranks candidates; required
  DesignHardware hardware;
  int top = 5;  // candidates to return, 1..100

  // The space: widths d = 128·i in [min_width, max_width]; depths in [1, max_layers]; the
  // aspect ratio d / L kept within [min_aspect, max_aspect] (Kaplan et al. 2020 §3.2, Fig. 5:
  // loss is within a few percent over d/L from about 20 to 200; the laws themselves are blind
  // to shape, so without this bound the search would pick one-layer giants).
  int64_t min_width = 128;
  int64_t max_width = 32768;
  int64_t max_layers = 256;
  double min_aspect = 20;
  double max_aspect = 200;
};

// One evaluated shape.
struct DesignCandidate {
  DesignShape shape;
  DesignParams params;
  double training_flops_per_token = 0;  // F
  double tokens = 0;                    // D = C / F
  // The law's loss at (N, D), N as the law counts it (total; non-embedding for Kaplan; active
  // parameters for MoE). nullopt when the law predicts no loss.
  std::optional<double> loss;
  // The ranking key, lower is better: the loss, or |ln(N / N_opt)| for a law without one.
  double score = 0;
  int64_t memory_bytes_per_gpu = 0;  // EstimateDesignMemory; 0 without hardware
};

struct DesignSearchResult {
  std::vector<DesignCandidate> best;  // best first, at most options.top
  ScalingPoint optimum;               // the law's compute optimum for C (C = 6ND)
  int64_t candidates_evaluated = 0;   // shapes given FLOPs, tokens and a score
  int64_t rejected_memory = 0;        // of those, how many did not fit memory
  double training_seconds = 0;        // C / (G · peak · mfu); 0 without hardware
};

// Bytes one GPU holds when `shape` trains on `gpus` GPUs, in closed form (the search's memory
// filter): ZeRO-3 / FSDP mixed-precision AdamW model states, 16 bytes per parameter sharded over
// all GPUs (Rajbhandari et al. 2020 §3: 2 + 2 + 12), plus activations of one sequence with full
// recomputation (Korthikanti et al. 2022 §4: 2·s·d bytes per layer kept, one layer rebuilt at
// about 34·s·d bytes with flash attention) plus bf16 logits and their fp32 copy (6·s·V bytes).
// REQUIRES: gpus >= 1.
int64_t EstimateDesignMemory(const DesignShape& shape, const DesignParams& params, int64_t gpus);

// Enumerates the space, keeps the shapes that fit memory, returns the `top` best.
// Errors: kInvalidArgument naming the flag when an option is out of range ("--compute must be a
// positive finite number of FLOPs, got -1", "--top must be 1-100, got 0"); kInvalidArgument
// "impossible constraints: ..." when the budget needs more than max_days on the hardware, or
// when no shape fits memory or the space.
Result<DesignSearchResult> SearchDesigns(const DesignSearchOptions& options);

}  // namespace llmcost

#endif  // LLMCOST_ANALYSIS_DESIGN_SEARCH_H_
