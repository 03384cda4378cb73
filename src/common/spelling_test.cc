#include "llmcost/spelling.h"

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

TEST(SpellingTest, EditDistanceAtMostStopsPastTheBound) {
  EXPECT_EQ(EditDistanceAtMost("kitten", "sitting", 3), 3u);  // the bound is reached, exact
  EXPECT_EQ(EditDistanceAtMost("kitten", "sitting", 2), 3u);  // beyond it: bound + 1
  EXPECT_EQ(EditDistanceAtMost("num_hidden_layers", "vocab_size", 3), 4u);
  EXPECT_EQ(EditDistanceAtMost("", "abc", 5), 3u);
  const std::string long_name(100, 'a');  // longer than the stack row
  EXPECT_EQ(EditDistanceAtMost(long_name, long_name + "b", 3), 1u);
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
