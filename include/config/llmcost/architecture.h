// Architecture: the one family-agnostic description of a decoder-only transformer.
//
// Stage 2 of the pipeline (config file -> loader -> Architecture -> analyses -> Report
// -> renderer). The loader (config.h) is the only code that knows per-family field
// names; every analysis reads only this struct. Symbols follow docs/formulas.md.
#ifndef LLMCOST_ARCHITECTURE_H_
#define LLMCOST_ARCHITECTURE_H_

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "llmcost/weight_format.h"

namespace llmcost {

// How queries, keys and values are produced.
enum class AttentionKind {
  kStandard,     // MHA / GQA / MQA: Q, K, V, O projections (k = h, 1 < k < h, k = 1)
  kMultiLatent,  // MLA (DeepSeek-V2 §2.1): low-rank compressed K/V (and optionally Q)
};

// Shape of the feed-forward block.
enum class MlpKind {
  kPlain,  // up (d x f), activation, down (f x d): GPT-2, OPT, GPT-NeoX, Falcon
  kGated,  // gate and up (2 x d x f), GLU, down (f x d): LLaMA (SwiGLU), Gemma (GeGLU)
};

// Parameters one normalization layer of width n holds.
enum class NormKind {
  kRmsNorm,        // weight only: n parameters
  kLayerNorm,      // weight and bias: 2n parameters
  kNonParametric,  // no learned parameters (OLMo-1's LayerNorm): 0
};

// How the model knows token positions. Only kLearned holds parameters.
enum class PositionKind { kRotary, kLearned, kAlibi, kNone };

// Whether the output head reuses the input embedding matrix.
enum class Tying { kUntied, kTied };

// Multi-head latent attention ranks (DeepSeek-V2 §2.1, DeepSeek-V3 §2.1.1).
struct MlaShape {
  int64_t q_lora_rank = 0;       // r_q, e.g. 1536; 0 = queries projected directly from d
  int64_t kv_lora_rank = 0;      // r_kv (d_c), e.g. 512; this latent is what the KV cache holds
  int64_t qk_nope_head_dim = 0;  // d_n, e.g. 128
  int64_t qk_rope_head_dim = 0;  // d_r, e.g. 64: the decoupled RoPE key, shared across heads
  int64_t v_head_dim = 0;        // d_v, e.g. 128
};

// Mixture-of-experts layout of the MoE layers (which layers are MoE: LayerSpec::moe).
struct MoeShape {
  int64_t num_experts = 0;          // E routed experts per MoE layer, e.g. 256
  int64_t top_k = 0;                // routed experts each token visits, e.g. 8
  int64_t expert_ffn = 0;           // f_e, hidden width of one routed expert, e.g. 2048
  int64_t num_shared_experts = 0;   // S experts every token visits, e.g. 1
  int64_t shared_ffn = 0;           // hidden width of one shared expert, e.g. 2048
  bool shared_expert_gate = false;  // Qwen2-MoE: a d x 1 sigmoid gate on the shared expert
  bool router_bias = false;         // DeepSeek-V3: E-wide e_score_correction_bias
};

// What differs from one layer to the next.
struct LayerSpec {
  bool moe = false;            // true: MoeShape experts replace the dense MLP
  int64_t sliding_window = 0;  // keys a query may see, e.g. 4096; 0 = the whole causal context
};

struct Architecture {
  // ---- Identity (echoed in reports) ----
  std::string name;        // display name, e.g. "LLaMA 1.36B" (from the config or the file)
  std::string source;      // the file it came from, e.g. "configs/models/llama_7b.json"
  std::string model_type;  // the config's model_type, or "" when the config has none
  std::string family;      // the field map used, e.g. "llama" (== model_type unless forced)
  // Defaults the loader applied and other facts a reader must know, one sentence each,
  // e.g. "no model_type: read as a LLaMA-style model".
  std::vector<std::string> assumptions;

  // ---- Widths ----
  int64_t hidden_size = 0;        // d_model, e.g. 4096
  int64_t num_layers = 0;         // L, e.g. 32 (main stack; MTP modules not included)
  int64_t vocab_size = 0;         // V, e.g. 32000 (rows of the embedding matrix, padded)
  int64_t embedding_dim = 0;      // width of the embedding rows; == hidden_size except OPT-350m
  int64_t intermediate_size = 0;  // d_ff of a dense MLP layer, e.g. 11008

  // ---- Attention ----
  AttentionKind attention = AttentionKind::kStandard;
  int64_t num_heads = 0;     // h, query heads, e.g. 32
  int64_t num_kv_heads = 0;  // k, key/value heads (== h for MHA, 1 for MQA); unused for MLA
  int64_t head_dim = 0;      // d_head of Q and K (and V); unused for MLA, e.g. 128
  MlaShape mla;              // only for AttentionKind::kMultiLatent
  bool qkv_bias = false;     // biases on Q, K and V (Qwen2, GPT-2, GPT-NeoX, OPT)
  bool o_bias = false;       // bias on the output projection
  bool qk_norm = false;      // per-head RMSNorm on q and k, d_head each (Qwen3)

  // ---- Feed-forward ----
  MlpKind mlp = MlpKind::kGated;
  bool mlp_bias = false;  // biases on the MLP's projections
  MoeShape moe;           // num_experts == 0 for a dense model

  // ---- Norms ----
  NormKind norm = NormKind::kRmsNorm;
  int64_t norms_per_layer = 2;  // 2 usually, 1 for Falcon-7B's parallel block, 4 for Gemma-2
  bool final_norm = true;       // a norm after the last layer (absent in OPT-350m)

  // ---- Embeddings and positions ----
  Tying tying = Tying::kUntied;
  PositionKind position = PositionKind::kRotary;
  int64_t learned_positions = 0;  // rows of a learned position table (GPT-2: 1024, OPT: P + 2)

  // ---- Context ----
  int64_t max_position_embeddings = 0;  // longest context the config allows, e.g. 131072
  int64_t pretraining_context = 0;      // context pre-training used (the default seq len)

  // ---- Extra modules ----
  int64_t mtp_layers = 0;  // DeepSeek-V3 multi-token-prediction modules, reported apart

  // ---- Storage ----
  // How the checkpoint stores its weights, from config.json's quantization_config;
  // nullopt when the config has none (weights in the config's 16-bit dtype).
  std::optional<WeightFormat> checkpoint_format;

  // One entry per layer, size num_layers.
  std::vector<LayerSpec> layers;

  bool is_moe() const { return moe.num_experts > 0; }
};

}  // namespace llmcost

#endif  // LLMCOST_ARCHITECTURE_H_
