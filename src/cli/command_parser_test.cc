// CommandParser (command_parser.h): one App parses many command lines.
#include "command_parser.h"

#include <sstream>

#include <gtest/gtest.h>

#include "llmcost/cli.h"

namespace llmcost::cli {
namespace {

const Command& Named(std::string_view name) {
  for (const Command& c : Commands()) {
    if (c.name == name) {
      return c;
    }
  }
  ADD_FAILURE() << name;
  return Commands().front();
}

// CLI11 records every parsed option in App::parse_order and App::clear keeps the record: a
// parser reused for a million command lines would hold a million records.
TEST(CommandParserTest, ReuseKeepsNoRecordOfEarlierLines) {
  CommandParser parser(Named("hardware"));
  std::ostringstream out;
  std::ostringstream err;
  Report report;
  Streams streams{out, err, &report};
  const std::string table = std::string(LLMCOST_SOURCE_DIR) + "/data/hardware.json";
  const std::vector<std::string> line = {"hardware",        "--format", "json",
                                         "--hardware-file", table,      "--hardware-file=" + table};
  ASSERT_EQ(parser.Run(line, streams), kExitOk) << err.str();
  const size_t after_one = parser.ParseRecordSize();
  EXPECT_GT(after_one, 0u);
  for (int i = 0; i < 10; ++i) {
    ASSERT_EQ(parser.Run(line, streams), kExitOk) << err.str();
  }
  EXPECT_EQ(parser.ParseRecordSize(), after_one);
}

TEST(CommandParserTest, EachThreadAndCommandHasOneCachedParser) {
  CommandParser& analyze = CachedCommandParser(Named("analyze"));
  EXPECT_EQ(&CachedCommandParser(Named("analyze")), &analyze);
  EXPECT_NE(&CachedCommandParser(Named("memory")), &analyze);
}

}  // namespace
}  // namespace llmcost::cli
