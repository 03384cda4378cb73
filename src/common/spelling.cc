// Edit distance for did-you-mean suggestions.
#include "llmcost/spelling.h"

#include <algorithm>
#include <vector>

namespace llmcost {

size_t EditDistance(std::string_view a, std::string_view b) {
  return EditDistanceAtMost(a, b, std::max(a.size(), b.size()));
}

size_t EditDistanceAtMost(std::string_view a, std::string_view b, size_t bound) {
  // One row of the table; on the stack for names (no allocation per candidate).
  constexpr size_t kStackRow = 64;
  size_t stack_row[kStackRow];
  std::vector<size_t> heap_row;
  size_t* row = stack_row;
  if (b.size() + 1 > kStackRow) {
    heap_row.resize(b.size() + 1);
    row = heap_row.data();
  }
  for (size_t j = 0; j <= b.size(); ++j) {
    row[j] = j;
  }
  for (size_t i = 1; i <= a.size(); ++i) {
    size_t diagonal = row[0];
    row[0] = i;
    for (size_t j = 1; j <= b.size(); ++j) {
      const size_t above = row[j];
      row[j] = std::min({above + 1, row[j - 1] + 1, diagonal + (a[i - 1] == b[j - 1] ? 0 : 1)});
      diagonal = above;
    }
    // A row's smallest entry never shrinks further down the table: past the bound, stop.
    if (*std::min_element(row, row + b.size() + 1) > bound) {
      return bound + 1;
    }
  }
  return std::min(row[b.size()], bound + 1);
}

}  // namespace llmcost
