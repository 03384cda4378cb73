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
