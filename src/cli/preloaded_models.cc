#include "preloaded_models.h"

#include <string>
#include <utility>

namespace llmcost::cli {
namespace {

size_t HeapBytes(const std::string& s) {
  // Beyond the small-string buffer a string owns capacity + 1 bytes on the heap.
  return s.capacity() > 15 ? s.capacity() + 1 : 0;
}

size_t HeapBytes(const std::vector<std::string>& v) {
  size_t bytes = v.capacity() * sizeof(std::string);
  for (const std::string& s : v) {
    bytes += HeapBytes(s);
  }
  return bytes;
}

}  // namespace

size_t ApproximateBytes(const Architecture& arch) {
  return sizeof(std::optional<Architecture>) + HeapBytes(arch.name) + HeapBytes(arch.source) +
         HeapBytes(arch.model_type) + HeapBytes(arch.family) + HeapBytes(arch.assumptions) +
         HeapBytes(arch.warnings) + HeapBytes(arch.quantization_method) +
         arch.layers.capacity() * sizeof(LayerSpec) +
         arch.vision.projector.capacity() * sizeof(VisionTower::Matrix);
}

bool PreloadedModels::Offer(Architecture arch) {
  if (full_) {
    return false;
  }
  const size_t bytes = ApproximateBytes(arch);
  if (bytes_ + bytes > budget_) {
    full_ = true;  // later models are loaded again: the kept ones stay a prefix
    return false;
  }
  bytes_ += bytes;
  models_.emplace_back(std::move(arch));
  return true;
}

std::optional<Architecture> PreloadedModels::Take(size_t index) {
  if (index >= models_.size() || !models_[index]) {
    return std::nullopt;
  }
  std::optional<Architecture> taken = std::move(models_[index]);
  models_[index].reset();
  return taken;
}

}  // namespace llmcost::cli
