#include "llmcost/cli.h"

#include <filesystem>

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "testing/golden_files.h"

namespace llmcost {
namespace {

using ::llmcost::testing::CliRun;
using ::llmcost::testing::ReadFileOrNull;
using ::llmcost::testing::RunCliInSourceDir;
using ::testing::HasSubstr;
using ::testing::StartsWith;

TEST(CliTest, HelpListsCommands) {
  CliRun run = RunCliInSourceDir({"llmcost", "help"});
  EXPECT_EQ(run.exit_status, kExitOk);
  EXPECT_THAT(run.out, HasSubstr("analyze"));
  EXPECT_THAT(run.out, HasSubstr("Exit status: 0 success; 2 the command line alone is wrong"));
}

TEST(CliTest, CommandHelpExitsZero) {
  CliRun run = RunCliInSourceDir({"llmcost", "analyze", "--help"});
  EXPECT_EQ(run.exit_status, kExitOk);
  EXPECT_THAT(run.out, HasSubstr("--seq-len"));
  EXPECT_EQ(run.err, "");
}

TEST(CliTest, UnknownCommandSuggests) {
  CliRun run = RunCliInSourceDir({"llmcost", "analyse"});
  EXPECT_EQ(run.exit_status, kExitUsageError);
  EXPECT_EQ(run.err,
            "llmcost: unknown command 'analyse', did you mean 'analyze'? ('llmcost help' lists "
            "the commands)\n");
  EXPECT_EQ(run.out, "");
}

TEST(CliTest, BadFlagIsUsageError) {
  CliRun run = RunCliInSourceDir(
      {"llmcost", "analyze", "--attention", "sideways", "configs/models/llama_7b.json"});
  EXPECT_EQ(run.exit_status, kExitUsageError);
  EXPECT_THAT(run.err, StartsWith("llmcost: --attention: "));
  EXPECT_EQ(std::count(run.err.begin(), run.err.end(), '\n'), 1);
}

TEST(CliTest, MissingFileIsInputError) {
  CliRun run = RunCliInSourceDir({"llmcost", "analyze", "configs/models/nope.json"});
  EXPECT_EQ(run.exit_status, kExitInputError);
  EXPECT_EQ(run.err, "llmcost: configs/models/nope.json: no such file\n");
  EXPECT_EQ(run.out, "");
}

TEST(CliTest, NoConfigIsUsageError) {
  CliRun run = RunCliInSourceDir({"llmcost", "analyze"});
  EXPECT_EQ(run.exit_status, kExitUsageError);
}

// The original tool's name and flags give the same report as `analyze`.
TEST(CliTest, SeedCompatibleInterface) {
  CliRun seed = RunCliInSourceDir(
      {"detailed_cost_analysis", "--model_config", "configs/models/llama_1.36b.json"});
  CliRun sub = RunCliInSourceDir(
      {"llmcost", "detailed_cost_analysis", "--model_config", "configs/models/llama_1.36b.json"});
  CliRun analyze = RunCliInSourceDir({"llmcost", "analyze", "configs/models/llama_1.36b.json"});
  EXPECT_EQ(seed.exit_status, kExitOk);
  EXPECT_EQ(seed.out, analyze.out);
  EXPECT_EQ(sub.out, analyze.out);
  EXPECT_THAT(seed.out, HasSubstr("  Total: 1.294B (1,294,159,104)\n"));
}

TEST(CliTest, OutputFileIsWrittenOnceWithoutForce) {
  const std::string path =
      (std::filesystem::temp_directory_path() / "llmcost_cli_test_output.json").string();
  std::filesystem::remove(path);
  std::vector<std::string> args = {
      "llmcost", "analyze", "--format", "json", "--output", path, "configs/models/llama_7b.json"};
  CliRun first = RunCliInSourceDir(args);
  EXPECT_EQ(first.exit_status, kExitOk);
  EXPECT_EQ(first.out, "");
  EXPECT_THAT(ReadFileOrNull(path).value_or(""), HasSubstr("\"total\": 6738415616"));
  CliRun second = RunCliInSourceDir(args);
  EXPECT_EQ(second.exit_status, kExitInputError);
  EXPECT_EQ(second.err, "llmcost: " + path + ": already exists; pass --force to overwrite it\n");
  args.push_back("--force");
  EXPECT_EQ(RunCliInSourceDir(args).exit_status, kExitOk);
  std::filesystem::remove(path);
}

TEST(CliTest, FailedRunWritesNoFile) {
  const std::string path =
      (std::filesystem::temp_directory_path() / "llmcost_cli_test_fail.json").string();
  std::filesystem::remove(path);
  CliRun run = RunCliInSourceDir({"llmcost", "analyze", "--output", path,
                                  "configs/models/llama_7b.json", "configs/models/nope.json"});
  EXPECT_EQ(run.exit_status, kExitInputError);
  EXPECT_FALSE(std::filesystem::exists(path));
}

}  // namespace
}  // namespace llmcost
