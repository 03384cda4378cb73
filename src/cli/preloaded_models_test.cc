// PreloadedModels (preloaded_models.h): a budgeted prefix of the pre-pass's models.
#include "preloaded_models.h"

#include <string>

#include <gtest/gtest.h>

namespace llmcost::cli {
namespace {

Architecture Model(const std::string& name, int layers) {
  Architecture arch;
  arch.name = name;
  arch.source = "configs/" + name + "_with_a_long_enough_path.json";
  arch.layers.resize(static_cast<size_t>(layers));
  return arch;
}

TEST(PreloadedModelsTest, ApproximateBytesCountsTheHeapItHolds) {
  const Architecture small = Model("a", 2);
  const Architecture deep = Model("a", 40);
  EXPECT_GE(ApproximateBytes(small), sizeof(Architecture) + 2 * sizeof(LayerSpec));
  EXPECT_EQ(
      ApproximateBytes(deep) - ApproximateBytes(small),
      deep.layers.capacity() * sizeof(LayerSpec) - small.layers.capacity() * sizeof(LayerSpec));
}

TEST(PreloadedModelsTest, KeepsModelsInOrderAndGivesEachOnce) {
  PreloadedModels kept;
  EXPECT_TRUE(kept.Offer(Model("a", 2)));
  EXPECT_TRUE(kept.Offer(Model("b", 3)));
  EXPECT_EQ(kept.kept(), 2U);
  std::optional<Architecture> b = kept.Take(1);
  ASSERT_TRUE(b.has_value());
  EXPECT_EQ(b->name, "b");
  EXPECT_EQ(b->layers.size(), 3U);
  EXPECT_FALSE(kept.Take(1).has_value());  // taken
  EXPECT_EQ(kept.Take(0)->name, "a");
  EXPECT_FALSE(kept.Take(2).has_value());  // never offered
}

TEST(PreloadedModelsTest, StopsAtTheBudgetSoLaterModelsAreLoadedAgain) {
  const size_t one = ApproximateBytes(Model("a", 4));
  PreloadedModels kept(2 * one);
  EXPECT_TRUE(kept.Offer(Model("a", 4)));
  EXPECT_TRUE(kept.Offer(Model("b", 4)));
  EXPECT_FALSE(kept.Offer(Model("c", 4)));  // beyond the budget
  // A smaller one after a refusal is refused too: the kept models stay the first ones.
  PreloadedModels prefix(one + one / 2);
  EXPECT_TRUE(prefix.Offer(Model("a", 4)));
  EXPECT_FALSE(prefix.Offer(Model("b", 40)));
  EXPECT_FALSE(prefix.Offer(Model("c", 0)));
  EXPECT_EQ(prefix.kept(), 1U);
  EXPECT_FALSE(prefix.Take(2).has_value());
}

TEST(PreloadedModelsTest, AZeroBudgetKeepsNothing) {
  PreloadedModels none(0);
  EXPECT_FALSE(none.Offer(Model("a", 1)));
  EXPECT_EQ(none.kept(), 0U);
  EXPECT_FALSE(none.Take(0).has_value());
}

}  // namespace
}  // namespace llmcost::cli
