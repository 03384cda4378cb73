#include "llmcost/dotted_name.h"

#include <string_view>
#include <vector>

#include <gtest/gtest.h>

namespace llmcost {
namespace {

using Parts = std::vector<std::string_view>;

TEST(SplitDottedNameTest, SplitsAtEveryDot) {
  EXPECT_EQ(SplitDottedName("model.layers.0.mlp.down_proj"),
            (Parts{"model", "layers", "0", "mlp", "down_proj"}));
}

TEST(SplitDottedNameTest, KeepsEmptyParts) {
  EXPECT_EQ(SplitDottedName(""), (Parts{""}));
  EXPECT_EQ(SplitDottedName("a..b"), (Parts{"a", "", "b"}));
  EXPECT_EQ(SplitDottedName(".a."), (Parts{"", "a", ""}));
}

TEST(SplitDottedNameTest, NameWithoutDotIsOnePart) {
  EXPECT_EQ(SplitDottedName("lm_head"), (Parts{"lm_head"}));
}

}  // namespace
}  // namespace llmcost
