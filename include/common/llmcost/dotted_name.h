// Dotted names: PyTorch module paths and safetensors tensor names ("model.layers.0.mlp").
//
// Common layer: the LoRA target matcher (analysis) and the tensor-name mapper (config) both
// read a name one dot-separated part at a time.
#ifndef LLMCOST_DOTTED_NAME_H_
#define LLMCOST_DOTTED_NAME_H_

#include <string_view>
#include <vector>

namespace llmcost {

// The parts of `name` between dots, in order; empty parts are kept, so the parts joined with
// '.' give `name` back. Views into `name`.
// Example: SplitDottedName("model.layers.0") == {"model", "layers", "0"};
//          SplitDottedName("a..b") == {"a", "", "b"}; SplitDottedName("") == {""}.
std::vector<std::string_view> SplitDottedName(std::string_view name);

}  // namespace llmcost

#endif  // LLMCOST_DOTTED_NAME_H_
