// Printable(): control bytes, invalid UTF-8 and invisible code points are escaped once.
#include "llmcost/printable.h"

#include <string>

#include <gtest/gtest.h>

namespace llmcost {
namespace {

TEST(PrintableTest, EscapesWhatWouldDriveOrSplitATerminalLine) {
  EXPECT_EQ(Printable("plain name-1.json"), "plain name-1.json");
  EXPECT_EQ(Printable("caf\xC3\xA9 \xE2\x82\xAC"), "caf\xC3\xA9 \xE2\x82\xAC");  // valid UTF-8
  EXPECT_EQ(Printable("a\nb\rc\td"), "a\\nb\\rc\\td");
  EXPECT_EQ(Printable("\x1b[31mred\x07"), "\\x1B[31mred\\x07");
  EXPECT_EQ(Printable(std::string("nul\0", 4)), "nul\\x00");
  EXPECT_EQ(Printable("del\x7f"), "del\\x7F");
  EXPECT_EQ(Printable("bad\xE9utf8"), "bad\\xE9utf8");
  EXPECT_EQ(Printable("\xC0\xAF"), "\\xC0\\xAF");                    // overlong '/'
  EXPECT_EQ(Printable("\xED\xA0\x80"), "\\xED\\xA0\\x80");           // a surrogate
  EXPECT_EQ(Printable("\xF4\x90\x80\x80"), "\\xF4\\x90\\x80\\x80");  // above U+10FFFF
  EXPECT_EQ(Printable("\xE2\x82"), "\\xE2\\x82");                    // truncated
  EXPECT_EQ(Printable("csi\xC2\x9B"
                      "31m"),
            "csi\\u009B31m");  // C1 CSI
  EXPECT_EQ(Printable("\xE2\x80\xAE"
                      "txt.exe"),
            "\\u202Etxt.exe");                      // right-to-left override
  EXPECT_EQ(Printable("\xE2\x80\xA8"), "\\u2028");  // line separator
  EXPECT_EQ(Printable("\xEF\xBB\xBF"), "\\uFEFF");  // byte-order mark
}

TEST(PrintableTest, IsIdempotentAndKeepsBackslashes) {
  for (const std::string text : {"a\\nb", "\x1b[0m\n", "\xE9\xC2\x9B", "C:\\path\\x1B"}) {
    SCOPED_TRACE(text);
    const std::string once = Printable(text);
    EXPECT_EQ(Printable(once), once);
    EXPECT_TRUE(IsPrintable(once));
  }
  EXPECT_FALSE(IsPrintable("a\nb"));
  EXPECT_TRUE(IsPrintable("\xC3\xA9"));
}

}  // namespace
}  // namespace llmcost
