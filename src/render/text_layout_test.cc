#include "text_layout.h"

#include <gtest/gtest.h>

namespace llmcost {
namespace {

TEST(TextLayoutTest, WidthCountsCodePoints) {
  EXPECT_EQ(DisplayWidth("7.525 ms"), 8u);
  EXPECT_EQ(DisplayWidth("15.00 µs"), 8u);  // µ is two bytes, one column
  EXPECT_EQ(DisplayWidth("α = 0.34"), 8u);
}

TEST(TextLayoutTest, WrapsAtSpacesWithAHangingIndent) {
  const std::vector<std::string> lines = WrapText("aaa bbb ccc ddd", 8, 2);
  ASSERT_EQ(lines.size(), 3u);
  EXPECT_EQ(lines[0], "aaa bbb");
  EXPECT_EQ(lines[1], "  ccc");
  EXPECT_EQ(lines[2], "  ddd");
}

TEST(TextLayoutTest, KeepsTheIndentOfTheFirstLine) {
  const std::vector<std::string> lines = WrapText("    aaa bbb ccc", 10, 6);
  ASSERT_EQ(lines.size(), 3u);
  EXPECT_EQ(lines[0], "    aaa");
  EXPECT_EQ(lines[1], "      bbb");
}

TEST(TextLayoutTest, CutsWordsLongerThanALine) {
  const std::vector<std::string> lines = WrapText("abcdefghij", 4);
  ASSERT_EQ(lines.size(), 3u);
  EXPECT_EQ(lines[0], "abcd");
  EXPECT_EQ(lines[2], "ij");
  for (const std::string& line : WrapText("µµµµµµµµ xx", 3)) {
    EXPECT_LE(DisplayWidth(line), 3u) << line;
  }
}

TEST(TextLayoutTest, EmptyTextIsOneEmptyLine) {
  EXPECT_EQ(WrapText("", 10), std::vector<std::string>{""});
  EXPECT_EQ(PadRight("ab", 4), "ab  ");
  EXPECT_EQ(PadRight("abcdef", 4), "abcdef");
}

}  // namespace
}  // namespace llmcost
