// Walking a layer schedule by runs of equal layers, and the layer kinds (LayerKindLabel) of a
// schedule, for the analyses that add up the layers (parameters.cc, flops.cc). Private to the
// analysis layer.
#ifndef LLMCOST_ANALYSIS_LAYER_RUNS_H_
#define LLMCOST_ANALYSIS_LAYER_RUNS_H_

#include <cstddef>
#include <string>
#include <utility>
#include <vector>

#include "llmcost/architecture.h"

namespace llmcost {

// The end of the run of layers equal to layers[start] that starts there.
// REQUIRES: start < layers.size().
inline size_t RunEnd(const std::vector<LayerSpec>& layers, size_t start) {
  size_t end = start + 1;
  while (end < layers.size() && layers[end] == layers[start]) {
    ++end;
  }
  return end;
}

// The layer kinds met so far, in order of first appearance. A hybrid schedule repeats a few
// layers over and over: each distinct LayerSpec has its label made once.
class LayerKinds {
 public:
  // The index of `layer`'s kind among the kinds met so far; a new kind gets the next index.
  size_t Index(const LayerSpec& layer) {
    for (const std::pair<LayerSpec, size_t>& seen : seen_) {
      if (seen.first == layer) {
        return seen.second;
      }
    }
    std::string label = LayerKindLabel(layer);
    size_t index = labels_.size();
    for (size_t i = 0; i < labels_.size(); ++i) {
      if (labels_[i] == label) {
        index = i;  // another LayerSpec of the same label (a field the label does not show)
        break;
      }
    }
    if (index == labels_.size()) {
      labels_.push_back(std::move(label));
    }
    seen_.emplace_back(layer, index);
    return index;
  }
  // The label of kind `index`, e.g. "sliding window 4096, MoE".
  const std::string& label(size_t index) const { return labels_[index]; }

 private:
  std::vector<std::pair<LayerSpec, size_t>> seen_;
  std::vector<std::string> labels_;
};

}  // namespace llmcost

#endif  // LLMCOST_ANALYSIS_LAYER_RUNS_H_
