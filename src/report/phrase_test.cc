// Phrase (phrase.h): literal text merges, quantities stay parts, by copy and by move alike.
#include "llmcost/phrase.h"

#include <string>
#include <variant>

#include <gtest/gtest.h>

namespace llmcost {
namespace {

std::string Shape(const Phrase& phrase) {
  std::string out;
  for (const Phrase::Part& part : phrase.parts()) {
    out += part.quantity ? "[" + std::to_string(std::get<int64_t>(part.quantity->value)) + "]"
                         : "'" + part.text + "'";
  }
  return out;
}

TEST(PhraseTest, ConcatenationMergesTextAndKeepsQuantities) {
  const Phrase note = "(" + Amount(int64_t{7}) + " of " + Amount(int64_t{9}) + ")";
  EXPECT_EQ(Shape(note), "'('[7]' of '[9]')'");
  EXPECT_EQ(Shape(Phrase("a") + "b" + "c"), "'abc'");
  EXPECT_EQ(Shape(Phrase() + Amount(int64_t{1})), "[1]");
  EXPECT_TRUE((Phrase() + Phrase()).empty());
  EXPECT_TRUE(Phrase("").empty());
}

TEST(PhraseTest, AppendingByMoveEqualsAppendingByCopy) {
  const Phrase tail = " x " + Amount(int64_t{2}) + " y";
  for (const Phrase& head : {Phrase(), Phrase("a"), Amount(int64_t{1}), "a" + Amount(int64_t{1})}) {
    Phrase copied = head;
    copied += tail;
    Phrase moved = head;
    Phrase tail_copy = tail;
    moved += std::move(tail_copy);
    EXPECT_EQ(Shape(moved), Shape(copied));
  }
  Phrase a = "left";
  const Phrase& same = a += "right";
  EXPECT_EQ(&same, &a);
  EXPECT_EQ(Shape(a), "'leftright'");
}

TEST(TextTest, BorrowsLiteralsAndOwnsEverythingElse) {
  static constexpr char kLiteral[] = "a label longer than the small-string buffer";
  const Text borrowed = kLiteral;
  EXPECT_EQ(borrowed.view().data(), kLiteral);  // no copy
  std::string computed = "computed text longer than the small-string buffer";
  const Text owned = computed;
  computed[0] = 'X';  // the Text holds its own characters
  EXPECT_EQ(owned, "computed text longer than the small-string buffer");
  const char* pointer = kLiteral;
  const Text copied = pointer;  // a pointer is copied, not borrowed
  EXPECT_NE(copied.view().data(), kLiteral);
  EXPECT_EQ(copied, kLiteral);
  Text grown = "ab";
  grown += "cd";
  EXPECT_EQ(grown, "abcd");
  EXPECT_EQ(grown.size(), 4U);
  EXPECT_TRUE(Text().empty());
}

}  // namespace
}  // namespace llmcost
