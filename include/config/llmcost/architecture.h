// Architecture: the one family-agnostic description of a transformer (decoder-only, encoder-only,
// or encoder-decoder), layer by layer (a schedule of token mixers, positions, cross-attention and
// feed-forward blocks).
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

// How the model knows token positions. kLearned and kRelativeBias hold parameters.
enum class PositionKind {
  kRotary,
  kLearned,
  kAlibi,
  kNone,
  kRelativeBias,  // T5: a learned bias per (relative-distance bucket, head) added to the
                  // attention logits (Raffel et al. 2020 §2.1); Architecture::relative_buckets
};

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
  bool router_bias = false;         // E-wide router bias (DeepSeek-V3 correction bias, GPT-OSS)
  bool normalize_top_k = false;     // top-k weights renormalized to sum 1 (Mixtral always;
                                    // Qwen MoE: norm_topk_prob, default false)
};

// How a layer mixes information across tokens (its token mixer).
enum class MixerKind {
  kFullAttention,     // softmax attention over the whole causal context
  kSlidingWindow,     // softmax attention over the last LayerSpec::sliding_window keys
  kChunkedAttention,  // softmax attention within blocks of LayerSpec::attention_chunk tokens
                      // (Llama 4 "iRoPE" local layers)
  kLinearAttention,   // a recurrent linear-attention mixer (Gated DeltaNet: LinearAttentionShape)
  kStateSpace,        // a selective state-space mixer (Mamba / Mamba-2: StateSpaceShape)
  kAttentionAndStateSpace,  // full attention and a state-space mixer side by side on the same
                            // normalized input, their outputs summed (Falcon-H1)
};

// True for the softmax-attention mixers (they hold Q, K, V, O and a KV cache), including
// the attention half of kAttentionAndStateSpace.
inline bool IsSoftmaxAttention(MixerKind m) {
  return m != MixerKind::kLinearAttention && m != MixerKind::kStateSpace;
}

// True for the mixers that hold a state-space (Mamba) block and its fixed-size state.
inline bool HasStateSpace(MixerKind m) {
  return m == MixerKind::kStateSpace || m == MixerKind::kAttentionAndStateSpace;
}

// Short name of a mixer: "full attention", "sliding window", "chunked attention",
// "linear attention", "state space", "attention + state space".
inline std::string MixerName(MixerKind m) {
  switch (m) {
    case MixerKind::kFullAttention:
      return "full attention";
    case MixerKind::kSlidingWindow:
      return "sliding window";
    case MixerKind::kChunkedAttention:
      return "chunked attention";
    case MixerKind::kLinearAttention:
      return "linear attention";
    case MixerKind::kStateSpace:
      return "state space";
    case MixerKind::kAttentionAndStateSpace:
      return "attention + state space";
  }
  return "";
}

// What differs from one layer to the next: the layer schedule.
struct LayerSpec {
  MixerKind mixer = MixerKind::kFullAttention;
  int64_t sliding_window = 0;   // kSlidingWindow: keys a query may see, e.g. 4096; else 0
  int64_t attention_chunk = 0;  // kChunkedAttention: block length, e.g. 8192; else 0
  bool rope = true;             // false: this attention layer applies no rotary embedding (NoPE)
  bool moe = false;             // true: MoeShape experts replace the dense MLP
  bool feed_forward = true;     // false: the layer has no feed-forward block (Mamba, Mamba-2)
  // Encoder-decoder models (T5): an encoder layer belongs to the encoder stack, runs once over
  // the source tokens with bidirectional self-attention and keeps no cache; the decoder layers
  // follow it in `layers`.
  bool encoder = false;
  // A cross-attention sublayer after the self-attention (T5 decoder layers): its own norm and
  // Q, K, V, O projections (the attention shape of the model); queries from the decoder, keys
  // and values from the encoder's output, which every query sees in full.
  bool cross_attention = false;

  bool operator==(const LayerSpec&) const = default;
};

// A layer's kind as reports group layers, e.g. "sliding window 4096, MoE",
// "full attention, no RoPE, MLP", "linear attention, MoE", "state space" (no feed-forward),
// "encoder full attention, MLP", "full attention + cross-attention, MLP".
inline std::string LayerKindLabel(const LayerSpec& l) {
  std::string label = (l.encoder ? "encoder " : "") + MixerName(l.mixer);
  if (l.mixer == MixerKind::kSlidingWindow) {
    label += ' ';
    label += std::to_string(l.sliding_window);
  } else if (l.mixer == MixerKind::kChunkedAttention) {
    label += ' ';
    label += std::to_string(l.attention_chunk);
  }
  if (IsSoftmaxAttention(l.mixer) && !l.rope) {
    label += ", no RoPE";
  }
  if (l.cross_attention) {
    label += " + cross-attention";
  }
  if (!l.feed_forward) {
    return label;
  }
  return label + (l.moe ? ", MoE" : ", MLP");
}

// Gated DeltaNet linear attention (Yang et al. 2024, "Gated Delta Networks"; Qwen3-Next).
// Per layer: in_proj_qkvz d x (2 n_k d_k + 2 n_v d_v), in_proj_ba d x 2 n_v, a depthwise
// causal conv1d over the q, k, v channels (2 n_k d_k + n_v d_v, kernel taps each, no bias),
// A_log and dt_bias (n_v each), a gated RMSNorm of d_v, out_proj n_v d_v x d.
struct LinearAttentionShape {
  int64_t num_key_heads = 0;    // n_k, e.g. 16
  int64_t num_value_heads = 0;  // n_v, e.g. 32
  int64_t key_head_dim = 0;     // d_k, e.g. 128
  int64_t value_head_dim = 0;   // d_v, e.g. 128
  int64_t conv_kernel = 0;      // taps of the causal convolution, e.g. 4
};

// A selective state-space mixer (docs/formulas.md#state-space-layers). With d_i = inner, N =
// state, K = conv_kernel, G = groups, H = heads, R = dt_rank:
// * Mamba (Gu & Dao 2023, Alg. 2; transformers MambaMixer / JambaMambaMixer): in_proj d x 2 d_i,
//   a depthwise causal conv1d over d_i channels (K taps, + d_i bias), x_proj d_i x (R + 2N),
//   dt_proj R x d_i + d_i, A_log d_i x N, D d_i, out_proj d_i x d; Jamba adds RMSNorms on dt
//   (R), B and C (N each).
// * Mamba-2 (Dao & Gu 2024, §7; transformers Mamba2Mixer / FalconH1Mixer): in_proj d x (2 d_i +
//   2 G N + H) emitting z, x, B, C and dt; conv1d over d_i + 2 G N channels; dt_bias, A_log and
//   D (H each); a gated RMSNorm of d_i; out_proj d_i x d. Heads of P = d_i / H channels.
// The recurrent state per sequence: d_i N (both versions) plus (K - 1) conv inputs per channel.
struct StateSpaceShape {
  int version = 0;           // 1 = Mamba, 2 = Mamba-2; 0 = the model has no state-space layer
  int64_t inner = 0;         // d_i, e.g. 8192 (expand x d)
  int64_t state = 0;         // N, e.g. 128
  int64_t conv_kernel = 0;   // K, e.g. 4
  int64_t groups = 1;        // G, B/C groups of Mamba-2, e.g. 8
  int64_t heads = 0;         // H, Mamba-2 heads, e.g. 128
  int64_t dt_rank = 0;       // R, Mamba's low-rank dt projection, e.g. 256
  bool conv_bias = true;     // conv1d has a bias
  bool proj_bias = false;    // in_proj and out_proj have biases
  bool gated_norm = true;    // Mamba-2's gated RMSNorm of d_i
  bool dt_bc_norms = false;  // Jamba: RMSNorms on dt, B and C

  bool present() const { return version > 0; }
  // Channels of the causal convolution (and of its cached inputs).
  int64_t conv_channels() const { return version == 2 ? inner + 2 * groups * state : inner; }
};

// DeepSeek-V3.2 sparse-attention "lightning indexer" on every MLA layer: wq_b
// (r_q x n_i d_i), wk (d x d_i), a LayerNorm on the key (2 d_i), weights_proj (d x n_i).
struct IndexerShape {
  int64_t num_heads = 0;  // n_i, e.g. 64
  int64_t head_dim = 0;   // d_i, e.g. 128
  int64_t top_k = 0;      // keys each query's sparse attention keeps, e.g. 2048
};

// Where q/k normalization sits.
enum class QkNorm {
  kNone,
  kPerHead,    // RMSNorm of d_head shared across heads, on q and on k (Qwen3, Gemma 3): 2 d_h
  kFullWidth,  // RMSNorm over all of q (h d_h) and all of k (k d_h) (OLMo 2, OLMoE)
};

// A ViT-style image encoder (SigLIP, CLIP, Llama 4's vision model, Pixtral) and the projector
// into the language model, counted apart from the language model.
// Per layer: two norms (LayerNorm weight + bias, or RMSNorm weight), Q, K, V, O (with biases
// unless !biases), an MLP fc1/fc2 (with biases unless !biases) or a gated gate/up/down MLP.
// Once: a patch embedding (C p^2 D, + D with a bias), a learned position table (none with
// Pixtral's 2-D RoPE), an optional class token, optional pre- and post-norms.
// Projector: an optional RMSNorm of projector_norm, then matrices in x out (+ out with a bias).
struct VisionTower {
  // How the tower's modules are named (LoRA's module layout), set by its vision field map.
  enum class Naming {
    kSiglip,   // vision_tower.vision_model.encoder.layers.N.self_attn.{q,k,v,out}_proj, mlp.fc1/2;
               // the projector is an nn.Parameter (Gemma 3)
    kLlama4,   // vision_model.model.layers.N.self_attn.{q,k,v,o}_proj, mlp.fc1/2, patch_embedding
               // .linear, vision_adapter.mlp.fc1/2, multi_modal_projector.linear_1
    kPixtral,  // vision_tower.transformer.layers.N.attention.{q,k,v,o}_proj, feed_forward.
               // {gate,up,down}_proj, multi_modal_projector.{patch_merger.merging_layer,
               // linear_1, linear_2} (Mistral 3)
    kQwenVl,   // visual.blocks.N.attn.{qkv,proj}, mlp.{fc1,fc2} (Qwen2-VL) or mlp.{gate,up,
               // down}_proj (Qwen2.5-VL), visual.merger.mlp.{0,2}; patch_embed.proj a Conv3d
  };
  Naming naming = Naming::kSiglip;
  int64_t hidden_size = 0;          // D, e.g. 1152
  int64_t num_layers = 0;           // e.g. 27
  int64_t intermediate_size = 0;    // MLP width, e.g. 4304
  int64_t num_heads = 0;            // e.g. 16
  int64_t patch_size = 0;           // p, e.g. 14
  int64_t image_size = 0;           // e.g. 896: (image_size / p)^2 patches
  int64_t num_channels = 3;         // C
  int64_t temporal_patch_size = 1;  // t: frames per patch (Qwen2-VL's Conv3d: 2), else 1
  bool patch_bias = true;           // SigLIP's Conv2d has a bias; Llama 4's unfold linear not
  bool class_token = false;         // CLIP / Llama 4: one more learned vector and position
  bool pre_norm = false;            // CLIP / Llama 4: LayerNorm before the layers
  bool post_norm = true;            // LayerNorm after the layers
  bool rms_norm = false;            // Pixtral: RMSNorms (D) instead of LayerNorms (2 D)
  bool biases = true;               // Q/K/V/O and MLP biases (none in Pixtral)
  bool gated_mlp = false;           // Pixtral: gate, up and down (3 D f) instead of fc1, fc2
  bool learned_positions = true;    // false: rotary positions (Pixtral's 2-D RoPE), no table
  int64_t projector_norm = 0;       // parameters of the projector's norm, 0 = none (Gemma 3's
                                    // RMSNorm: D; Qwen2-VL's LayerNorm: 2 D)
  struct Matrix {
    int64_t rows = 0;
    int64_t cols = 0;
    bool bias = false;  // + cols
  };
  // e.g. Gemma 3 {D x d}; Llama 4 adapter fc1, fc2, projector; Mistral 3 patch merger
  // {D s^2 x D}, linear_1 {D x d}, linear_2 {d x d}
  std::vector<Matrix> projector;

  bool present() const { return num_layers > 0; }
  int64_t positions() const {
    const int64_t side = patch_size > 0 ? image_size / patch_size : 0;
    return side * side + (class_token ? 1 : 0);
  }
};

// How HuggingFace transformers names a family's modules: the module tree that LoRA adapts
// (docs/formulas.md "Module layouts"). What each layer holds comes from the schedule
// (LayerSpec, the mixer and MoE shapes); this names it. Each family's row in the loader's
// family table declares one, so a new family that reuses a naming is one row.
enum class ModuleNaming {
  // model.layers.N: self_attn.{q,k,v,o}_proj (MLA: q_a_proj, q_b_proj, kv_a_proj_with_mqa,
  // kv_b_proj, o_proj; the V3.2 indexer: indexer.{wq_b,wk,weights_proj}), linear_attn.
  // {in_proj_qkvz,in_proj_ba,out_proj}, mlp.{gate,up,down}_proj (a plain MLP: mlp.c_fc, c_proj,
  // as StarCoder2); MoE under mlp.: gate (an nn.Linear router), experts.E.{gate,up,down}_proj,
  // shared_expert (+ shared_expert_gate) when the shared expert is gated, else one
  // shared_experts MLP of S x f_s. LLaMA, Mistral, Qwen, Gemma, OLMo, Cohere, ERNIE ...
  kLlama,
  // kLlama with a router that is a bare parameter, not an nn.Linear (DeepseekV3TopkRouter,
  // Glm4MoeTopkRouter): DeepSeek-V2/V3/V3.2, Kimi K2, GLM-4.5.
  kDeepseek,
  // kLlama attention; MoE block_sparse_moe.gate + experts.E.{w1,w2,w3}: Mixtral, PhiMoE,
  // MiniMax-M2.
  kMixtral,
  // feed_forward.{gate,up,down}_proj; MoE feed_forward.router (an nn.Linear), experts (fused
  // nn.Parameters gate_up_proj, down_proj: no nn.Linear), shared_expert.*: Llama 4.
  kLlama4,
  // mlp.router and mlp.experts hold nn.Parameters (GptOssTopKRouter, GptOssExperts): only the
  // attention projections are nn.Linear. GPT-OSS.
  kGptOss,
  // block_sparse_moe.router.layer (an nn.Linear); input_linear / output_linear are
  // GraniteMoeParallelExperts (nn.Parameters). Granite-MoE.
  kGraniteMoe,
  // feed_forward.{gate,up,down}_proj, MoE feed_forward.router + experts.E.*, the Mamba mixer
  // mamba.{in_proj,x_proj,dt_proj,out_proj}: Jamba.
  kJamba,
  // self_attn.*, mamba.{in_proj,out_proj} (Mamba-2), feed_forward.{gate,up,down}_proj: Falcon-H1.
  kFalconH1,
  // backbone.layers.N.mixer.{in_proj,out_proj}: Mamba-2.
  kMamba2,
  kPhi3,     // self_attn.qkv_proj, o_proj, mlp.gate_up_proj, down_proj
  kGpt2,     // transformer.h.N.attn.c_attn, c_proj, mlp.c_fc, c_proj (Conv1D)
  kGptNeox,  // gpt_neox.layers.N.attention.query_key_value, dense, mlp.dense_h_to_4h, dense_4h_to_h
  kFalcon,   // transformer.h.N.self_attention.query_key_value, dense, mlp.dense_h_to_4h, ...
  kOpt,      // model.decoder.layers.N.self_attn.{q,k,v,out}_proj, fc1, fc2
  // encoder.layer.N.attention.self.{query,key,value}, attention.output.dense,
  // intermediate.dense, output.dense; pooler.dense (BertModel / RobertaModel as AutoModel loads).
  kBert,
  // {encoder,decoder}.block.N.layer.0.SelfAttention.{q,k,v,o}, decoder layer.1.EncDecAttention,
  // DenseReluDense.{wi | wi_0, wi_1, wo} (T5, mT5, UMT5).
  kT5,
};

struct Architecture {
  // ---- Identity (echoed in reports) ----
  std::string name;        // display name, e.g. "LLaMA 1.36B" (from the config or the file)
  std::string source;      // the file it came from, e.g. "configs/models/llama_7b.json"
  std::string model_type;  // the config's model_type, or "" when the config has none
  std::string family;      // the field map used, e.g. "llama" (== model_type unless forced)
  // The multimodal wrapper's model_type when the language model is read from text_config,
  // e.g. "gemma3" (model_type is then text_config's, e.g. "gemma3_text"); else "".
  std::string wrapper_model_type;
  ModuleNaming module_naming = ModuleNaming::kLlama;  // the family's HF module names
  // Defaults the loader applied and other facts a reader must know, one sentence each,
  // e.g. "no model_type: read as a LLaMA-style model".
  std::vector<std::string> assumptions;
  // Config fields that the field map did not use although they change the answer, and keys
  // that look like misspelled size fields, one sentence each (the CLI prints them on stderr).
  std::vector<std::string> warnings;

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
  QkNorm qk_norm = QkNorm::kNone;
  bool attention_sinks = false;  // GPT-OSS: one learned sink logit per head per layer (h)
  bool attention_gate = false;   // Qwen3-Next: q_proj also emits a sigmoid gate (2 h d_h wide)
  IndexerShape indexer;          // DeepSeek-V3.2 sparse attention; num_heads 0 = none
  LinearAttentionShape linear;   // shape of the kLinearAttention layers
  StateSpaceShape ssm;           // shape of the state-space mixers (kStateSpace and the parallel
                                 // kAttentionAndStateSpace layers)
  // Logit soft-capping c * tanh(x / c) (Gemma Team 2024 §2, arXiv:2408.00118): on every attention
  // score before the mask and softmax, and on the output logits; 0 = none. E.g. 50 and 30.
  double attn_logit_softcapping = 0;
  double final_logit_softcapping = 0;

  // ---- Feed-forward ----
  MlpKind mlp = MlpKind::kGated;
  bool mlp_bias = false;  // biases on the MLP's projections
  MoeShape moe;           // num_experts == 0 for a dense model

  // ---- Norms ----
  NormKind norm = NormKind::kRmsNorm;
  int64_t norms_per_layer = 2;  // 2 usually, 1 for Falcon-7B's parallel block, 4 for Gemma-2
  bool final_norm = true;       // a norm after the last layer (absent in OPT-350m); one after
                                // each stack of an encoder-decoder model

  // ---- Embeddings and positions ----
  Tying tying = Tying::kUntied;
  bool head_bias = false;  // a V-wide bias on the output head (PhiMoE's lm_head_bias)
  PositionKind position = PositionKind::kRotary;
  int64_t learned_positions = 0;  // rows of a learned position table (GPT-2: 1024, OPT: P + 2)
  // kRelativeBias: buckets B of the relative-position bias, a B x h table in the first layer of
  // each stack (T5, e.g. 32), or in every layer when relative_bias_every_layer (UMT5).
  int64_t relative_buckets = 0;
  bool relative_bias_every_layer = false;

  // ---- Context ----
  int64_t max_position_embeddings = 0;  // longest context the config allows, e.g. 131072
  int64_t pretraining_context = 0;      // context pre-training used (the default seq len)

  // ---- Encoders (BERT, RoBERTa) ----
  bool causal = true;           // false: bidirectional self-attention (every query sees all s)
  bool output_head = true;      // false: no LM head (an encoder backbone such as BertModel)
  int64_t token_types = 0;      // rows of BERT's segment (token type) embedding, e.g. 2
  bool embedding_norm = false;  // a norm right after the embeddings (BERT: LayerNorm, 2d)
  bool pooler = false;          // BERT pooler: d x d + d, applied to the first token only
  bool mlm_head = false;        // the masked-LM head (d x d + d, LayerNorm 2d, V bias; its
                                // decoder is tied to the embedding), reported apart

  // ---- Checkpoint storage ----
  // quantization_config.quant_method of a quantized checkpoint, e.g. "awq", "fp8",
  // "bitsandbytes" ("unknown" without one); "" for a 16-bit checkpoint.
  std::string quantization_method;
  // ---- Extra modules ----
  int64_t mtp_layers = 0;  // DeepSeek-V3 multi-token-prediction modules, reported apart
  VisionTower vision;      // image encoder + projector (Gemma 3); counted apart from the LM

  // ---- Storage ----
  // How the checkpoint stores its weights, from config.json's quantization_config;
  // nullopt when the config has none (weights in the config's 16-bit dtype).
  std::optional<WeightFormat> checkpoint_format;

  // One entry per layer, size num_layers.
  std::vector<LayerSpec> layers;

  bool is_moe() const { return moe.num_experts > 0; }
  bool has_linear_attention() const {
    for (const LayerSpec& l : layers) {
      if (l.mixer == MixerKind::kLinearAttention) {
        return true;
      }
    }
    return false;
  }
  bool has_state_space() const {
    for (const LayerSpec& l : layers) {
      if (HasStateSpace(l.mixer)) {
        return true;
      }
    }
    return false;
  }
  // True for an encoder-decoder model (some layers are encoder layers).
  bool is_encoder_decoder() const {
    for (const LayerSpec& l : layers) {
      if (l.encoder) {
        return true;
      }
    }
    return false;
  }
  bool has_attention() const {
    for (const LayerSpec& l : layers) {
      if (IsSoftmaxAttention(l.mixer)) {
        return true;
      }
    }
    return false;
  }
};

}  // namespace llmcost

#endif  // LLMCOST_ARCHITECTURE_H_
