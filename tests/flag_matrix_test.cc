// Every command x every shared flag x a good and a bad value: the exit status and the one line
// (issue 8: one flag set, one exit policy — 2 when the command line alone is wrong).
#include <algorithm>
#include <cstdio>
#include <string>
#include <vector>

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "llmcost/cli.h"

#include "testing/golden_files.h"

namespace llmcost {
namespace {

using ::llmcost::testing::CliRun;
using ::llmcost::testing::RunCliInSourceDir;

constexpr const char* kLlama = "configs/models/llama_7b.json";

// A command and the arguments that make it run (a model, and what else it requires).
struct CommandLine {
  const char* name;
  std::vector<std::string> args;
  unsigned groups;  // which flag groups it takes
};

enum : unsigned { kModel = 1, kHardware = 2, kTraining = 4, kServing = 8, kCost = 16 };

const std::vector<CommandLine>& CommandLines() {
  static const std::vector<CommandLine> lines = {
      {"analyze", {"analyze", kLlama}, kModel},
      {"detailed_cost_analysis", {"detailed_cost_analysis", "--model_config", kLlama}, kModel},
      {"memory", {"memory", kLlama}, kModel | kHardware | kTraining},  // --gpu: fit verdicts
      {"serve", {"serve", kLlama}, kModel | kHardware | kServing},
      // 120 GPUs: a multiple of every --tp and --pp value below, so the model decides.
      {"train",
       {"train", kLlama, "--gpu", "h100", "--gpus", "120"},
       kModel | kHardware | kTraining | kCost},
      {"scale", {"scale", kLlama, "--compute", "1e21"}, kModel},
  };
  return lines;
}

struct FlagCase {
  unsigned group;
  std::string flag;
  std::string good;
  std::string bad;
  int bad_exit;
  std::string bad_message;  // the line after "llmcost: " (a prefix where it ends in '*')
};

const std::vector<FlagCase>& FlagCases() {
  static const std::vector<FlagCase> cases = {
      {kModel, "--seq-len", "2K", "0", 2, "--seq-len: must be in [1, 1099511627776], got 0"},
      {kModel, "--seq-len", "1024", "0x10", 2,
       "--seq-len: expected a whole number such as 4096, 32K or 1e6, got '0x10'"},
      {kModel, "--seq-len", "1e3", "", 2,
       "--seq-len: expected a whole number such as 4096, 32K or 1e6, got ''"},
      {kModel, "--seq-len", "4096", "2048x", 2,
       "--seq-len: expected a whole number such as 4096, 32K or 1e6, got '2048x'"},
      {kModel, "--seq-len", "512", "-1", 2, "--seq-len: must be in [1, 1099511627776], got -1"},
      {kModel, "--seq-len", "512", "1.5", 2,
       "--seq-len: expected a whole number such as 4096, 32K or 1e6, got '1.5'"},
      {kModel, "--batch", "2", "0", 2, "--batch: must be in [1, 1099511627776], got 0"},
      {kModel, "--batch", "4", "2T", 2,
       "--batch: must be in [1, 1099511627776], got 2000000000000"},
      {kModel, "--jobs", "1", "0", 2, "--jobs: must be in [1, 256], got '0'"},
      {kModel, "--jobs", "3", "257", 2, "--jobs: must be in [1, 256], got '257'"},
      {kModel, "--jobs", "2", "two", 2,
       "--jobs: expected a whole number such as 4096, 32K or 1e6, got 'two'"},
      {kModel, "--attention", "full", "half", 2, "--attention: half not in {causal,full}*"},
      {kModel, "--family", "llama", "lama", 2, "--family: lama not in {*"},
      {kModel, "--format", "json", "yaml", 2, "--format: yaml not in {*"},
      {kModel, "--output", "-", "", 2, "--output: expected a file name, got ''"},
      {kModel, "--seq-lne", "", "8", 2, "unknown flag '--seq-lne', did you mean '--seq-len'?*"},
      {kHardware, "--gpu", "h100", "h10", 1, "--gpu: unknown accelerator 'h10', did you mean*"},
      {kTraining | kServing, "--tp", "2", "0", 2, "--tp: must be in [1, 1099511627776], got 0"},
      {kTraining | kServing, "--tp", "4", "3", 1,
       "configs/models/llama_7b.json: --tp: must divide num_attention_heads (32), got 3"},
      {kTraining | kServing, "--pp", "2", "0", 2, "--pp: must be in [1, 1099511627776], got 0"},
      // vLLM splits layers unevenly (get_pp_indices), so serve takes --pp 5 on 32 layers.
      {kServing, "--pp", "5", "40", 1,
       "configs/models/llama_7b.json: --pp: must be in [1, num_hidden_layers (32)], got 40"},
      {kTraining, "--pp", "4", "5", 1,
       "configs/models/llama_7b.json: --pp: must divide num_hidden_layers (32), got 5"},
      {kTraining, "--zero", "3", "4", 2, "--zero: must be 0, 1, 2 or 3, got 4"},
      {kTraining, "--zero", "1", "99999999999", 2, "--zero: out of range, got '99999999999'"},
      {kTraining, "--ep", "1", "0", 2, "--ep: must be in [1, 1099511627776], got 0"},
      {kTraining, "--precision", "fp16", "fp4", 2, "--precision: fp4 not in {*"},
      {kTraining, "--optimizer", "sgd", "lion", 2, "--optimizer: lion not in {*"},
      {kTraining, "--recompute", "full", "some", 2, "--recompute: some not in {*"},
      {kServing, "--weights-dtype", "int8", "int3", 2, "--weights-dtype: int3 not in {*"},
      {kServing, "--kv-dtype", "fp8", "fp7", 2, "--kv-dtype: fp7 not in {*"},
      {kServing, "--context", "2048", "0", 2, "--seq-len: must be in [1, 1099511627776], got 0"},
      {kCost, "--tokens", "2T", "2Q", 2,
       "--tokens: expected a number such as 0.4, 1e21 or 2T, got '2Q'"},
      {kCost, "--tokens", "1e12", "-5", 2, "--tokens: must be a positive finite number, got -5"},
      {kCost | kServing, "--mfu", "0.5", "1.5", 2, "--mfu: must be in (0, 1], got 1.5"},
      {kCost | kServing, "--mfu", "0.3", "nan", 2,
       "--mfu: expected a number such as 0.4, 1e21 or 2T, got 'nan'"},
      {kCost, "--pue", "1.2", "0.9", 2, "--pue: must be >= 1, got 0.9"},
      {kServing, "--gpu-memory-utilization", "0.95", "1.5", 2,
       "--gpu-memory-utilization: must be in (0, 1], got 1.5"},
      {kServing, "--block-size", "32", "12", 2,
       "--block-size: must be one of 1, 8, 16, 32, 64, 128, got 12"},
      {kServing, "--max-model-len", "1024", "4096", 1,
       "configs/models/llama_7b.json: --max-model-len: must be <= max_position_embeddings "
       "(2048) of the config, got 4096"},
      {kServing, "--weights-format", "gguf:q4_k_m", "gguf:Q4_KM", 2,
       "--weights-format: unknown GGUF type 'Q4_KM', did you mean 'Q4_K_M'?"},
      {kServing, "--mbu", "0.8", "0", 2, "--mbu: must be in (0, 1], got 0"},
      {kServing, "--max-num-seqs", "128", "0", 2,
       "--max-num-seqs: must be in [1, 1099511627776], got 0"},
      {kCost, "--price-per-gpu-hour", "2", "-1", 2, "--price-per-gpu-hour: must be >= 0, got -1"},
      {kCost, "--grid-gco2-per-kwh", "400", "-1", 2, "--grid-gco2-per-kwh: must be >= 0, got -1"},
  };
  return cases;
}

CliRun RunWith(const CommandLine& command, const std::string& flag, const std::string& value) {
  std::vector<std::string> args = {"llmcost"};
  for (size_t i = 0; i < command.args.size(); ++i) {
    if (command.args[i] == flag && i + 1 < command.args.size()) {
      ++i;  // the case sets this flag itself
      continue;
    }
    args.push_back(command.args[i]);
  }
  if (!flag.empty()) {
    args.push_back(flag);
    args.push_back(value);
  }
  return RunCliInSourceDir(args);
}

TEST(FlagMatrixTest, EveryCommandTakesItsSharedFlagsWithOneExitPolicy) {
  int checked = 0;
  for (const CommandLine& command : CommandLines()) {
    for (const FlagCase& c : FlagCases()) {
      if ((command.groups & c.group) == 0) {
        continue;
      }
      const bool typo = c.flag == "--seq-lne";
      SCOPED_TRACE(std::string(command.name) + " " + c.flag + " good '" + c.good + "' bad '" +
                   c.bad + "'");
      if (!typo) {
        CliRun good = RunWith(command, c.flag, c.good);
        EXPECT_EQ(good.exit_status, kExitOk) << good.err;
        EXPECT_EQ(good.err, "");
        EXPECT_FALSE(good.out.empty());
      }
      CliRun bad = RunWith(command, c.flag, c.bad);
      EXPECT_EQ(bad.exit_status, c.bad_exit) << bad.err;
      EXPECT_EQ(std::count(bad.err.begin(), bad.err.end(), '\n'), 1) << bad.err;
      EXPECT_EQ(bad.out, "");
      if (c.bad_message.back() == '*') {
        EXPECT_THAT(bad.err, ::testing::StartsWith(
                                 "llmcost: " + c.bad_message.substr(0, c.bad_message.size() - 1)));
      } else {
        EXPECT_EQ(bad.err, "llmcost: " + c.bad_message + "\n");
      }
      ++checked;
    }
  }
  EXPECT_GT(checked, 100);
}

// Flags a command does not take are unknown flags there (exit 2), never silently ignored.
TEST(FlagMatrixTest, FlagsOutsideACommandsGroupsAreUnknown) {
  for (const CommandLine& command : CommandLines()) {
    for (const FlagCase& c : FlagCases()) {
      const bool own_flag = std::string(command.name) == "scale" && c.flag == "--tokens";
      unsigned groups = 0;  // every group that brings this flag (--pp: training and serving)
      for (const FlagCase& other : FlagCases()) {
        groups |= other.flag == c.flag ? other.group : 0u;
      }
      if ((command.groups & groups) != 0 || c.flag == "--context" || own_flag) {
        continue;
      }
      SCOPED_TRACE(std::string(command.name) + " " + c.flag);
      CliRun run = RunWith(command, c.flag, c.good);
      EXPECT_EQ(run.exit_status, kExitUsageError);
      EXPECT_THAT(run.err, ::testing::StartsWith("llmcost: unknown flag '" + c.flag + "'"));
    }
  }
}

TEST(FlagMatrixTest, OutputFormatFollowsTheExtension) {
  const std::string dir = ::testing::TempDir();
  for (const auto& [ext, first] : std::vector<std::pair<std::string, std::string>>{
           {".json", "{"}, {".csv", "name,"}, {".md", "# "}, {".txt", "Model Architecture"}}) {
    const std::string path = dir + "/flag_matrix_report" + ext;
    std::remove(path.c_str());
    CliRun run = RunCliInSourceDir({"llmcost", "analyze", kLlama, "-o", path});
    ASSERT_EQ(run.exit_status, kExitOk) << run.err;
    std::string text = ::llmcost::testing::ReadFileOrNull(path).value_or("");
    EXPECT_EQ(text.rfind(first, 0), 0u) << ext << ": " << text.substr(0, 40);
  }
}

}  // namespace
}  // namespace llmcost
