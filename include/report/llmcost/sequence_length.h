// The sequence length a report costs its models at, and the header line that says so.
//
// A comparison is only fair at one sequence length: without a given one, several models are
// all costed at the smallest pre-training context among them (a model trained on 8K tokens is
// not charged for 128K of attention because another config allows it).
#ifndef LLMCOST_SEQUENCE_LENGTH_H_
#define LLMCOST_SEQUENCE_LENGTH_H_

#include <cstdint>
#include <string>
#include <vector>

#include "llmcost/architecture.h"
#include "llmcost/phrase.h"

namespace llmcost {

struct SequenceLengthChoice {
  enum class Source {
    kOwnContext,        // one model at its own pre-training context (tokens = that context)
    kGiven,             // the workload named it
    kSmallestOfModels,  // several models, none given: the smallest pre-training context
  };
  Source source = Source::kOwnContext;
  int64_t tokens = 0;      // 0 only for kOwnContext before a model is known
  std::string from_model;  // kSmallestOfModels: the model whose context it is
};

// What the choice needs of a model: its name and pre-training context (0 when unknown). A
// comparison of many configs keeps only this between its two passes, never whole models.
struct ModelContext {
  std::string name;
  int64_t pretraining_context = 0;
};

// `given` (> 0) when the workload names one; else the smallest pre-training context of
// `models` when there are several, else the one model's own (tokens 0 when `models` is empty).
SequenceLengthChoice ChooseSequenceLength(int64_t given, const std::vector<ModelContext>& models);

// The header line: "Sequence length: 4096 tokens for every model (the smallest pre-training
// context among them, llama-7b's)." / "... (given)." / "Sequence length: 4096 tokens, the
// config's pre-training context." / "Sequence length: each model's pre-training context, from
// its config." (tokens unknown). `noun` names what the length is ("Sequence length", "Context").
Phrase SequenceLengthLine(const SequenceLengthChoice& choice, const std::string& noun);

// Notes for a model costed beyond its position table: "sequence length 32768 is beyond
// max_position_embeddings (4096)"; "" when it is not.
std::string BeyondPositionsNote(const Architecture& arch, int64_t tokens);

}  // namespace llmcost

#endif  // LLMCOST_SEQUENCE_LENGTH_H_
