// Did-you-mean suggestions for mistyped names (commands, laws, accelerators, fields).
#ifndef LLMCOST_SPELLING_H_
#define LLMCOST_SPELLING_H_

#include <algorithm>
#include <cctype>
#include <cstddef>
#include <optional>
#include <string>
#include <string_view>

namespace llmcost {

// Returns the Levenshtein distance between `a` and `b` (insert, delete, substitute: 1 each).
size_t EditDistance(std::string_view a, std::string_view b);

// The same distance with ASCII letters compared case-insensitively, when it is at most `bound`;
// otherwise some value > bound (the computation stops as soon as no path can stay within it,
// so a far candidate costs little).
size_t EditDistanceIgnoringCaseAtMost(std::string_view a, std::string_view b, size_t bound);

// Returns the candidate nearest to `word`, ignoring case, when it is a plausible typo: at most
// max(1, min(3, |word| / 3)) edits away (ninja's SpellcheckString). Ties go to the earliest
// candidate; nullopt when nothing is close. `candidates` is any range of string-likes.
template <typename Range>
std::optional<std::string> ClosestSpelling(std::string_view word, const Range& candidates) {
  const size_t max_distance = std::clamp<size_t>(word.size() / 3, 1, 3);
  std::optional<std::string> best;
  size_t best_distance = max_distance + 1;
  for (const auto& candidate : candidates) {
    // Only a strictly closer candidate replaces the best: bound the distance below it.
    const size_t distance =
        EditDistanceIgnoringCaseAtMost(word, std::string_view(candidate), best_distance - 1);
    if (distance < best_distance) {
      best_distance = distance;
      best = std::string(std::string_view(candidate));
      if (distance == 0) {
        break;
      }
    }
  }
  return best;
}

}  // namespace llmcost

#endif  // LLMCOST_SPELLING_H_
