#include "humanize.h"

#include <gtest/gtest.h>

namespace llmcost {
namespace {

TEST(HumanizeTest, Counts) {
  EXPECT_EQ(HumanizeCount(1294159104), "1.294B");  // the seed README's figures
  EXPECT_EQ(HumanizeCount(147456000), "147.5M");
  EXPECT_EQ(HumanizeCount(1146703104), "1.147B");
  EXPECT_EQ(HumanizeCount(0), "0");
  EXPECT_EQ(HumanizeCount(999), "999");
  EXPECT_EQ(HumanizeCount(999960), "1.000M");  // rounding carries to the next suffix
  EXPECT_EQ(HumanizeCount(671026419200), "671.0B");
}

TEST(HumanizeTest, FlopsAndBytes) {
  EXPECT_EQ(HumanizeFlops(2610643968), "2.611 GFLOPs");
  EXPECT_EQ(HumanizeFlops(512), "512 FLOPs");
  EXPECT_EQ(HumanizeBytes(13421772800), "12.50 GiB");
  EXPECT_EQ(HumanizeBytes(512), "512 B");
  EXPECT_EQ(HumanizeBytes(524288), "512.0 KiB");
}

TEST(HumanizeTest, ShortestRoundTrip) {
  EXPECT_EQ(FormatShortest(0.1), "0.1");
  EXPECT_EQ(FormatShortest(3.15e23), "3.15e+23");
  EXPECT_EQ(FormatShortest(2610643968), "2610643968");
}

TEST(HumanizeTest, Values) {
  EXPECT_EQ(HumanizeValue(int64_t{2304}, Unit::kNone), "2304");
  EXPECT_EQ(HumanizeValue(0.178, Unit::kPercent), "17.8%");
  EXPECT_EQ(HumanizeValue(true, Unit::kNone), "yes");
  EXPECT_EQ(HumanizeValue(std::string("causal"), Unit::kNone), "causal");
}

}  // namespace
}  // namespace llmcost
