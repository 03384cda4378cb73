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

// Returns the candidate nearest to `word`, ignoring case, when it is a plausible typo: at most
// max(1, min(3, |word| / 3)) edits away (ninja's SpellcheckString). Ties go to the earliest
// candidate; nullopt when nothing is close. `candidates` is any range of string-likes.
template <typename Range>
std::optional<std::string> ClosestSpelling(std::string_view word, const Range& candidates) {
  auto lower = [](std::string_view s) {
    std::string out(s);
    for (char& c : out) {
      c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    }
    return out;
  };
  const std::string lower_word = lower(word);
  const size_t max_distance = std::clamp<size_t>(lower_word.size() / 3, 1, 3);
  std::optional<std::string> best;
  size_t best_distance = max_distance + 1;
  for (const auto& candidate : candidates) {
    const size_t distance = EditDistance(lower_word, lower(std::string_view(candidate)));
    if (distance < best_distance) {
      best_distance = distance;
      best = std::string(std::string_view(candidate));
    }
  }
  return best;
}

}  // namespace llmcost

#endif  // LLMCOST_SPELLING_H_
