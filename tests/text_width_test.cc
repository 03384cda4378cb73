// Every command's text report fits the terminal: each golden text case (tests/golden/*/ with
// expected.txt; together they cover every command) rerun at COLUMNS=80 and COLUMNS=100 prints
// no line wider than that.
#include <algorithm>
#include <filesystem>
#include <sstream>
#include <string>
#include <vector>

#include <gtest/gtest.h>

#include "testing/golden_files.h"

namespace llmcost {
namespace {

namespace fs = std::filesystem;

// Columns of a line: one per UTF-8 code point.
size_t Columns(const std::string& line) {
  return static_cast<size_t>(std::count_if(line.begin(), line.end(), [](char c) {
    return (static_cast<unsigned char>(c) & 0xC0) != 0x80;
  }));
}

struct WidthCase {
  std::string name;
  std::vector<std::string> args;
};

std::vector<WidthCase> TextCases() {
  std::vector<WidthCase> cases;
  const fs::path root = testing::SourcePath("tests/golden");
  for (const fs::directory_entry& e : fs::directory_iterator(root)) {
    if (!fs::exists(e.path() / "expected.txt") || fs::exists(e.path() / "expected_exit")) {
      continue;
    }
    std::istringstream in(testing::ReadFileOrNull((e.path() / "args").string()).value_or(""));
    std::string line;
    while (std::getline(in, line)) {
      if (!line.empty() && line[0] != '#') {
        break;
      }
    }
    WidthCase c{e.path().filename().string(), {"llmcost"}};
    std::istringstream words(line);
    for (std::string w; words >> w;) {
      c.args.push_back(w);
    }
    cases.push_back(std::move(c));
  }
  std::sort(cases.begin(), cases.end(),
            [](const WidthCase& a, const WidthCase& b) { return a.name < b.name; });
  return cases;
}

TEST(TextWidthTest, EveryCommandFitsEightyAndHundredColumns) {
  const std::vector<WidthCase> cases = TextCases();
  std::vector<std::string> commands;
  for (const WidthCase& c : cases) {
    commands.push_back(c.args.size() > 1 ? c.args[1] : "");
    for (int width : {80, 100}) {
      SCOPED_TRACE(c.name + " at " + std::to_string(width) + " columns");
      testing::CliRun run = testing::RunCliInSourceDir(c.args, width);
      ASSERT_EQ(run.exit_status, 0) << run.err;
      std::istringstream out(run.out);
      int n = 0;
      for (std::string line; std::getline(out, line);) {
        ++n;
        EXPECT_LE(Columns(line), static_cast<size_t>(width)) << "line " << n << ": " << line;
      }
    }
  }
  // The cases cover every command that writes a text report.
  for (const char* command : {"analyze", "detailed_cost_analysis", "memory", "serve", "train",
                              "hardware", "scale", "design", "verify"}) {
    EXPECT_NE(std::find(commands.begin(), commands.end(), command), commands.end())
        << "no text golden case runs " << command;
  }
}

TEST(TextWidthTest, ComparisonsSplitIntoBlocksThatFit) {
  // Eight models cannot sit side by side in 80 columns: they stack in blocks, each with the
  // model names as its header, every row in every block.
  testing::CliRun run = testing::RunCliInSourceDir(
      {"llmcost", "analyze", "configs/models/llama_1.36b.json", "configs/models/gpt2_1.36b.json",
       "configs/models/llama_7b.json", "configs/models/deepseek_v3.json"},
      80);
  ASSERT_EQ(run.exit_status, 0) << run.err;
  size_t blocks = 0;
  for (size_t at = run.out.find("\nParameters\n"); at != std::string::npos;
       at = run.out.find("\nParameters\n", at + 1)) {
    ++blocks;
  }
  EXPECT_GE(blocks, 2u);
  EXPECT_NE(run.out.find("DeepSeek-V3"), std::string::npos);
}

TEST(TextWidthTest, WideComparisonsOfFewRowsPrintModelsAsRows) {
  // `hardware` compares dozens of accelerators on a dozen quantities: as columns they would need
  // a block per three or four accelerators; as rows they need a block per few quantities. Each
  // block starts with a rule under the quantity titles, then one line per accelerator.
  for (int width : {80, 100}) {
    SCOPED_TRACE(width);
    testing::CliRun run = testing::RunCliInSourceDir({"llmcost", "hardware"}, width);
    ASSERT_EQ(run.exit_status, 0) << run.err;
    std::istringstream out(run.out);
    size_t blocks = 0;
    size_t h100_lines = 0;
    for (std::string line; std::getline(out, line);) {
      EXPECT_LE(Columns(line), static_cast<size_t>(width)) << line;
      blocks += line.rfind("---", 0) == 0 ? 1 : 0;
      h100_lines += line.rfind("h100-sxm ", 0) == 0 ? 1 : 0;
    }
    EXPECT_GE(blocks, 2u);
    EXPECT_LE(blocks, 4u);
    EXPECT_EQ(h100_lines, blocks);  // one row per block for every accelerator
  }
}

}  // namespace
}  // namespace llmcost
