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

// FitsOnOneLine's promise, over every text of up to six characters from " ab\xC2\xB5" (µ)
// and several widths: when it says yes, WrapText gives back the text as one line.
TEST(TextLayoutTest, FitsOnOneLineOnlyWhenWrapTextKeepsTheText) {
  const std::vector<std::string> pieces = {" ", "a", "b", "\xC2\xB5"};
  std::vector<std::string> texts = {""};
  for (size_t length = 0, begin = 0; length < 6; ++length) {
    const size_t end = texts.size();
    for (size_t i = begin; i < end; ++i) {
      for (const std::string& p : pieces) {
        texts.push_back(texts[i] + p);
      }
    }
    begin = end;
  }
  int fits = 0;
  for (const std::string& text : texts) {
    for (size_t width : {2u, 3u, 4u, 6u, 8u}) {
      if (!FitsOnOneLine(text, width)) {
        continue;
      }
      ++fits;
      for (size_t hanging : {0u, 1u}) {
        EXPECT_EQ(WrapText(text, width, hanging), std::vector<std::string>{text})
            << "'" << text << "' in " << width;
      }
    }
  }
  EXPECT_GT(fits, 1000);  // the fast path is taken, not only refused
  EXPECT_FALSE(FitsOnOneLine("a  b", 10));
  EXPECT_FALSE(FitsOnOneLine("ab ", 10));
  EXPECT_FALSE(FitsOnOneLine("abc", 2));
  EXPECT_TRUE(FitsOnOneLine("  a b", 5));
  EXPECT_TRUE(FitsOnOneLine("\xC2\xB5s", 2));
}

TEST(TextLayoutTest, EmptyTextIsOneEmptyLine) {
  EXPECT_EQ(WrapText("", 10), std::vector<std::string>{""});
  EXPECT_EQ(PadRight("ab", 4), "ab  ");
  EXPECT_EQ(PadRight("abcdef", 4), "abcdef");
}

}  // namespace
}  // namespace llmcost
