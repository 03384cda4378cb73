// The models a comparison's sequence-length pre-pass has already loaded, kept for RunModels.
//
// A comparison without --seq-len loads every model once to find the smallest pre-training
// context, then analyzes them one by one (ChooseSequenceLength, RunModels: command.h). Loading
// is most of a small model's cost, so the pre-pass keeps what it loaded, in order, until the
// kept models reach a byte budget; RunModels takes the kept ones and loads the rest again.
// The budget keeps memory flat in the number of configs (50,000 configs in one call stay
// within tens of MiB resident: docs/architecture.md "Many models in one call").
#ifndef LLMCOST_SRC_CLI_PRELOADED_MODELS_H_
#define LLMCOST_SRC_CLI_PRELOADED_MODELS_H_

#include <cstddef>
#include <optional>
#include <vector>

#include "llmcost/architecture.h"

namespace llmcost::cli {

// The heap and inline bytes `arch` holds, approximately (strings and vectors by capacity).
size_t ApproximateBytes(const Architecture& arch);

class PreloadedModels {
 public:
  // 16 MiB: about 10,000 LLaMA-style models of 2-41 layers (about 1.7 KB each).
  static constexpr size_t kDefaultBudget = size_t{16} << 20;

  explicit PreloadedModels(size_t budget_bytes = kDefaultBudget) : budget_(budget_bytes) {}

  // Offers the model of the next source in order; kept while the budget allows and every
  // source before it was kept. Returns whether it was kept.
  bool Offer(Architecture arch);

  // The kept model of source `index` (0-based, in Offer order), moved out: each is taken at
  // most once. nullopt when it was not kept (or was taken).
  std::optional<Architecture> Take(size_t index);

  size_t kept() const { return models_.size(); }

 private:
  size_t budget_;
  size_t bytes_ = 0;
  bool full_ = false;
  std::vector<std::optional<Architecture>> models_;
};

}  // namespace llmcost::cli

#endif  // LLMCOST_SRC_CLI_PRELOADED_MODELS_H_
