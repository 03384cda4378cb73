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
// min(EditDistance(a, b), bound + 1), stopping as soon as the distance must exceed `bound`.
size_t EditDistanceAtMost(std::string_view a, std::string_view b, size_t bound);

// Returns the candidate nearest to `word`, ignoring case, when it is a plausible typo: at most
// max(1, min(3, |word| / 3)) edits away (ninja's SpellcheckString). Ties go to the earliest
// candidate; nullopt when nothing is close. `candidates` is any range of string-likes.
template <typename Range>
std::optional<std::string> ClosestSpelling(std::string_view word, const Range& candidates) {
  std::string buffer;
  auto lower = [&buffer](std::string_view s) -> const std::string& {
    buffer.assign(s);
    for (char& c : buffer) {
      c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    }
    return buffer;
  };
  const std::string lower_word = lower(word);
  const size_t max_distance = std::clamp<size_t>(lower_word.size() / 3, 1, 3);
  std::optional<std::string> best;
  size_t best_distance = max_distance + 1;
  for (const auto& candidate : candidates) {
    const std::string_view name(candidate);
    // The distance is at least the difference in length: such a candidate cannot win, so it
    // is not measured (the loader checks every unread config key against ~100 field names).
    const size_t length_gap = name.size() > lower_word.size() ? name.size() - lower_word.size()
                                                              : lower_word.size() - name.size();
    if (length_gap >= best_distance) {
      continue;
    }
    const size_t distance = EditDistanceAtMost(lower_word, lower(name), best_distance - 1);
    if (distance < best_distance) {
      best_distance = distance;
      best = std::string(name);
    }
  }
  return best;
}

}  // namespace llmcost

#endif  // LLMCOST_SPELLING_H_
