// Component: one named part of a breakdown (parameters, FLOPs, bytes).
//
// Every breakdown in llmcost is a vector of components plus a total, and the
// components always sum to the total (an explicit "other" part if need be).
#ifndef LLMCOST_COMPONENT_H_
#define LLMCOST_COMPONENT_H_

#include <cstdint>
#include <string>
#include <vector>

namespace llmcost {

template <typename T>
struct Component {
  std::string name;  // dotted path, e.g. "attention.q_proj"
  T value{};

  bool operator==(const Component&) const = default;
};

// Returns the sum of the components' values.
template <typename T>
T SumComponents(const std::vector<Component<T>>& components) {
  T sum{};
  for (const auto& c : components) {
    sum += c.value;
  }
  return sum;
}

}  // namespace llmcost

#endif  // LLMCOST_COMPONENT_H_
