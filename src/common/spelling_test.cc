#include "llmcost/spelling.h"

#include <cctype>
#include <string>
#include <vector>

#include <gtest/gtest.h>

namespace llmcost {
namespace {

TEST(SpellingTest, EditDistance) {
  EXPECT_EQ(EditDistance("", ""), 0u);
  EXPECT_EQ(EditDistance("kitten", "sitting"), 3u);  // the textbook example
  EXPECT_EQ(EditDistance("analyse", "analyze"), 1u);
  EXPECT_EQ(EditDistance("abc", ""), 3u);
}

// The bounded, case-blind distance equals the full one on lowered strings whenever that is
// within the bound, and exceeds the bound otherwise.
TEST(SpellingTest, BoundedDistanceAgreesWithTheFullOne) {
  const std::string long_word = std::string(300, 'a') + "b";  // beyond the byte counts
  const std::string_view words[] = {
      "", long_word, std::string_view(long_word).substr(2), "a", "kitten", "Sitting", "hidden_size",
      "HIDDEN_SIZ", "n_embd", "num_hidden_layers", "rope_theta", "rope_scaling", "torch_dtype",
      // The same letters in another order, repeats, other bytes:
      // the character-count shortcut must not misjudge them.
      "theta_rope", "dtype_torch", "aaaaab", "baaaaa", "rope-theta", "rope.theta", "ROPE_THETA0",
      "r\xc3\xb6pe_theta", "\x01\x81rope"};
  auto lower = [](std::string_view s) {
    std::string out(s);
    for (char& c : out) {
      c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    }
    return out;
  };
  for (std::string_view a : words) {
    for (std::string_view b : words) {
      const size_t full = EditDistance(lower(a), lower(b));
      for (size_t bound = 0; bound <= 20; ++bound) {
        const size_t bounded = EditDistanceIgnoringCaseAtMost(a, b, bound);
        if (full <= bound) {
          EXPECT_EQ(bounded, full) << a << " " << b << " " << bound;
        } else {
          EXPECT_GT(bounded, bound) << a << " " << b << " " << bound;
        }
      }
    }
  }
}

TEST(SpellingTest, ClosestSpelling) {
  const std::vector<std::string> names = {"analyze", "memory", "serve", "train"};
  EXPECT_EQ(ClosestSpelling("analyse", names), "analyze");
  EXPECT_EQ(ClosestSpelling("MEMROY", names), "memory");   // case ignored
  EXPECT_EQ(ClosestSpelling("xyz", names), std::nullopt);  // nothing plausible
  const std::string_view views[] = {"h100", "h200"};
  EXPECT_EQ(ClosestSpelling("h10", views), "h100");  // ties go to the earliest
}

}  // namespace
}  // namespace llmcost
