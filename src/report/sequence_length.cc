// One sequence length for a comparison, and the words for it.
#include "llmcost/sequence_length.h"

#include <limits>

namespace llmcost {

SequenceLengthChoice ChooseSequenceLength(int64_t given, const std::vector<ModelContext>& models) {
  SequenceLengthChoice c;
  if (given > 0) {
    c.source = SequenceLengthChoice::Source::kGiven;
    c.tokens = given;
    return c;
  }
  if (models.size() <= 1) {
    c.tokens = models.empty() ? 0 : models.front().pretraining_context;
    return c;
  }
  c.source = SequenceLengthChoice::Source::kSmallestOfModels;
  int64_t smallest = std::numeric_limits<int64_t>::max();
  for (const ModelContext& m : models) {
    if (m.pretraining_context > 0 && m.pretraining_context < smallest) {
      smallest = m.pretraining_context;
      c.from_model = m.name;
    }
  }
  c.tokens = c.from_model.empty() ? 0 : smallest;
  return c;
}

Phrase SequenceLengthLine(const SequenceLengthChoice& c, const std::string& noun) {
  switch (c.source) {
    case SequenceLengthChoice::Source::kGiven:
      return noun + ": " + Amount(c.tokens) + " tokens for every model (given).";
    case SequenceLengthChoice::Source::kSmallestOfModels:
      return noun + ": " + Amount(c.tokens) +
             " tokens for every model, the smallest pre-training context among them (" +
             c.from_model + "'s), so that they compare at one length.";
    case SequenceLengthChoice::Source::kOwnContext:
      break;
  }
  if (c.tokens > 0) {
    return noun + ": " + Amount(c.tokens) + " tokens, the config's pre-training context.";
  }
  return noun + ": each model's pre-training context, from its config.";
}

std::string BeyondPositionsNote(const Architecture& arch, int64_t tokens) {
  if (arch.max_position_embeddings <= 0 || tokens <= arch.max_position_embeddings) {
    return "";
  }
  return "sequence length " + std::to_string(tokens) + " is beyond max_position_embeddings (" +
         std::to_string(arch.max_position_embeddings) + ")";
}

}  // namespace llmcost
