// ReportWriter writes the same bytes as Render() of the whole report (JSON, CSV), and text
// comparisons of many items as stacked blocks.
#include "llmcost/report_writer.h"

#include <cmath>
#include <sstream>
#include <string>

#include <gmock/gmock.h>
#include <gtest/gtest.h>

namespace llmcost {
namespace {

// Items whose keys differ, so the CSV header is a union in first-seen order.
Entry Item(int i) {
  Entry item;
  item.key = "model " + std::to_string(i);
  item.children.push_back(MachineLeaf("name", "model \"" + std::to_string(i) + "\", quoted"));
  item.children.push_back(Leaf("params", "Parameters", int64_t{1000} * i, Unit::kCount));
  if (i % 3 == 0) {
    item.children.push_back(Section(
        "moe", "MoE", {Leaf("experts", "Experts", int64_t{i}), Leaf("ratio", "Ratio", 0.5 * i)}));
  }
  if (i % 7 == 6) {
    item.children.push_back(Leaf("late", "Late column", std::string("x,y")));
  }
  return item;
}

Report Head() {
  Report r;
  r.title = "Test Report";
  r.items_key = "models";
  r.header = {"header line"};
  return r;
}

std::string Whole(OutputFormat format, int n) {
  Report r = Head();
  for (int i = 0; i < n; ++i) {
    r.items.push_back(Item(i));
  }
  std::ostringstream out;
  EXPECT_TRUE(Render(r, format, out).ok());
  return out.str();
}

std::string Streamed(OutputFormat format, int n) {
  std::ostringstream out;
  std::unique_ptr<ReportWriter> writer = MakeReportWriter(Head(), format, out);
  for (int i = 0; i < n; ++i) {
    EXPECT_TRUE(writer->Add(Item(i)).ok());
  }
  EXPECT_TRUE(writer->Finish().ok());
  return out.str();
}

TEST(ReportWriterTest, JsonAndCsvEqualTheWholeReport) {
  for (int n : {0, 1, 2, 17, 200}) {
    SCOPED_TRACE(n);
    EXPECT_EQ(Streamed(OutputFormat::kJson, n), Whole(OutputFormat::kJson, n));
    EXPECT_EQ(Streamed(OutputFormat::kCsv, n), Whole(OutputFormat::kCsv, n));
  }
}

TEST(ReportWriterTest, CsvSpoolsBeyondMemoryAndStaysExact) {
  // ~60 bytes a row: 100,000 rows pass the in-memory spool limit (4 MiB) into a temp file.
  const int n = 70000;
  EXPECT_EQ(Streamed(OutputFormat::kCsv, n), Whole(OutputFormat::kCsv, n));
}

TEST(ReportWriterTest, TextOfOneBlockEqualsTheWholeReport) {
  EXPECT_EQ(Streamed(OutputFormat::kText, 3), Whole(OutputFormat::kText, 3));
  EXPECT_EQ(Streamed(OutputFormat::kMarkdown, 16), Whole(OutputFormat::kMarkdown, 16));
}

TEST(ReportWriterTest, ManyItemsInTextAreStackedBlocks) {
  const std::string text = Streamed(OutputFormat::kText, 40);
  // One title; three blocks of at most 16 models; each block has its own label column.
  EXPECT_EQ(text.find("Test Report"), 0u);
  EXPECT_EQ(text.find("Test Report", 1), std::string::npos);
  size_t blocks = 0;
  for (size_t at = text.find("Parameters"); at != std::string::npos;
       at = text.find("Parameters", at + 1)) {
    ++blocks;
  }
  EXPECT_GE(blocks, 3u);  // at most 16 models a block, fewer when the width says so
  EXPECT_THAT(text, ::testing::HasSubstr("39.00K"));
  EXPECT_EQ(text.find("\n\n\n"), std::string::npos) << text;
}

TEST(ReportWriterTest, NonFiniteItemIsAnError) {
  std::ostringstream out;
  std::unique_ptr<ReportWriter> writer = MakeReportWriter(Head(), OutputFormat::kJson, out);
  Entry bad;
  bad.key = "m";
  bad.children.push_back(Leaf("x", "X", std::nan("")));
  EXPECT_EQ(writer->Add(bad).code(), StatusCode::kOutOfRange);
}

}  // namespace
}  // namespace llmcost
