// CountParameters: exact parameter counts of an Architecture, by component.
//
// Analysis stage (Architecture -> ParameterCount). Pure: no I/O. Formulas follow
// docs/formulas.md#parameters (papers: docs/references.md); counts are exact 64-bit integers.
#ifndef LLMCOST_ANALYSIS_PARAMETERS_H_
#define LLMCOST_ANALYSIS_PARAMETERS_H_

#include <cstdint>
#include <string>
#include <vector>

#include "llmcost/architecture.h"
#include "llmcost/component.h"
#include "llmcost/status.h"

namespace llmcost {

// Layers of one kind (LayerKindLabel) and the parameters they hold together.
struct LayerKindCount {
  std::string kind;    // e.g. "linear attention, MoE"
  int64_t layers = 0;  // how many layers are of this kind
  int64_t params = 0;  // their parameters together

  bool operator==(const LayerKindCount&) const = default;
};

struct ParameterCount {
  // Everything the checkpoint's model holds: embedding + position + transformer + vision
  // tower (no MTP).
  int64_t total = 0;
  // Per text token: total minus the routed experts a token skips and minus the vision tower.
  int64_t active = 0;
  int64_t embedding = 0;       // input embedding + output head (0 when tied) + OPT projections
  int64_t position = 0;        // learned position table (GPT-2, OPT) or T5's relative-position
                               // bias tables; 0 for RoPE / ALiBi
  int64_t transformer = 0;     // all layers + final norm (= total - embedding - position - vision)
  int64_t mtp = 0;             // multi-token-prediction modules; NOT part of total
  int64_t mlm_head = 0;        // BERT/RoBERTa masked-LM head (Architecture::mlm_head); NOT in total
  int64_t vision_encoder = 0;  // image encoder (VisionTower), part of total, not active
  int64_t vision_projector = 0;  // its projection into the language model, likewise
  // Encoder-decoder models only (0 otherwise); encoder + decoder + cross_attention = transformer
  // + position. encoder: its layers, final norm and relative-position bias; decoder: its layers
  // without their cross-attention sublayers, its final norm and bias; cross_attention: the
  // decoder layers' cross-attention norms and projections.
  int64_t encoder = 0;
  int64_t decoder = 0;
  int64_t cross_attention = 0;

  int64_t embedding_input = 0;   // V x e
  int64_t embedding_output = 0;  // V x e when untied, else 0
  int64_t expert = 0;            // one routed expert (3 d f_e), 0 for dense models
  std::vector<int64_t> layer;    // parameters of each layer, size num_layers
  // The layers grouped by kind, in order of first appearance; params sum to the layers' total.
  std::vector<LayerKindCount> layer_kinds;

  // Every component of the main model, in a fixed order; sums to total.
  // Names: "embedding", "lm_head", "embedding_projection", "position",
  // "attention.q_proj" ... "attention.o_proj" (or the MLA projections), "attention.qk_norm",
  // "token_type_embedding", "embedding_norm", "pooler", "attention.sinks", "attention.indexer",
  // "linear_attention.*", "mlp", "moe.routed_experts", "moe.shared_experts", "moe.router", "norms",
  // "final_norm", "relative_attention_bias", "cross_attention.q_proj" ... "cross_attention.o_proj",
  // "cross_attention.norm", "vision.encoder", "vision.projector". Components that are zero for this
  // architecture are left out.
  std::vector<Component<int64_t>> breakdown;
};

// Counts the parameters of `arch`. Biases are counted with the matrix they belong to.
// REQUIRES: arch came from the loader (all fields validated).
// Errors: kOutOfRange when a count overflows int64_t (the message names the fields).
Result<ParameterCount> CountParameters(const Architecture& arch);

}  // namespace llmcost

#endif  // LLMCOST_ANALYSIS_PARAMETERS_H_
