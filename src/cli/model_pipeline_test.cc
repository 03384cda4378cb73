// RunModels on worker threads (--jobs): the output, the warnings and the first error are
// those of one thread (ordered_parallel.h, docs/architecture.md "Streaming").
#include <string>
#include <vector>

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "llmcost/cli.h"

#include "testing/golden_files.h"

namespace llmcost {
namespace {

using ::llmcost::testing::CliRun;
using ::llmcost::testing::RunCliCaptured;
using ::llmcost::testing::WriteFileOrFail;
using ::testing::EndsWith;
using ::testing::HasSubstr;

// 48 LLaMA-style configs (enough for several workers: ordered_parallel.h's WorkersFor);
// every fifth has a misspelled field, so it warns; the ones in `bad` do not load.
std::vector<std::string> WriteConfigs(const std::string& name, const std::vector<int>& bad = {}) {
  const std::string dir = ::testing::TempDir();
  std::vector<std::string> paths;
  for (int i = 0; i < 48; ++i) {
    const int d = 128 * (8 + i % 9);
    std::string text =
        "{\"model_type\": \"llama\", \"hidden_size\": " + std::to_string(d) +
        ", \"intermediate_size\": " + std::to_string(4 * d) +
        ", \"num_hidden_layers\": " + std::to_string(2 + i % 5) +
        ", \"num_attention_heads\": " + std::to_string(d / 128) +
        ", \"vocab_size\": 32000, \"max_position_embeddings\": " + std::to_string(1024 << (i % 3));
    if (i % 5 == 0) {
      text += ", \"num_key_value_head\": 2";
    }
    for (int b : bad) {
      if (b == i) {
        text += ", \"hidden_size\": 4096";  // a key given twice
      }
    }
    const std::string path = dir + "/" + name + "_" + std::to_string(i) + ".json";
    EXPECT_TRUE(WriteFileOrFail(path, text + "}\n"));
    paths.push_back(path);
  }
  return paths;
}

CliRun Analyze(const std::vector<std::string>& paths, const std::vector<std::string>& flags) {
  std::vector<std::string> args = {"llmcost", "analyze"};
  args.insert(args.end(), flags.begin(), flags.end());
  args.insert(args.end(), paths.begin(), paths.end());
  return RunCliCaptured(args);
}

TEST(ModelPipelineTest, SameBytesOnOneThreadAndOnSeveral) {
  const std::vector<std::string> paths = WriteConfigs("pipeline_same");
  for (const std::string format : {"csv", "json", "text", "markdown"}) {
    for (const std::vector<std::string>& extra :
         {std::vector<std::string>{}, std::vector<std::string>{"--seq-len", "512"}}) {
      SCOPED_TRACE(format + (extra.empty() ? "" : " --seq-len 512"));
      std::vector<std::string> one = {"--format", format, "--jobs", "1"};
      std::vector<std::string> four = {"--format", format, "--jobs", "4"};
      one.insert(one.end(), extra.begin(), extra.end());
      four.insert(four.end(), extra.begin(), extra.end());
      CliRun a = Analyze(paths, one);
      CliRun b = Analyze(paths, four);
      ASSERT_EQ(a.exit_status, kExitOk) << a.err;
      EXPECT_EQ(b.exit_status, kExitOk) << b.err;
      EXPECT_EQ(a.out, b.out);
      EXPECT_EQ(a.err, b.err);  // the warnings, in input order
      EXPECT_THAT(a.err, HasSubstr("pipeline_same_45.json: unknown field \"num_key_value_head\""));
    }
  }
}

// The first failing source in input order is reported, whichever thread loaded it first, and
// nothing after it is written; with and without the sequence-length pre-pass.
TEST(ModelPipelineTest, FirstFailingSourceInInputOrderIsTheOneReported) {
  const std::vector<std::string> paths = WriteConfigs("pipeline_bad", {21, 33});
  for (const std::vector<std::string>& extra :
       {std::vector<std::string>{}, std::vector<std::string>{"--seq-len", "512"}}) {
    SCOPED_TRACE(extra.empty() ? "pre-pass" : "--seq-len 512");
    std::vector<std::string> one = {"--format", "json", "--jobs", "1"};
    std::vector<std::string> four = {"--format", "json", "--jobs", "4"};
    one.insert(one.end(), extra.begin(), extra.end());
    four.insert(four.end(), extra.begin(), extra.end());
    CliRun a = Analyze(paths, one);
    CliRun b = Analyze(paths, four);
    EXPECT_EQ(a.exit_status, kExitInputError);
    EXPECT_EQ(b.exit_status, kExitInputError);
    EXPECT_THAT(b.err, EndsWith("pipeline_bad_21.json: /hidden_size: key appears twice in one "
                                "object; keep one\n"));
    EXPECT_THAT(b.err, ::testing::Not(HasSubstr("pipeline_bad_33")));
    EXPECT_THAT(b.err, ::testing::Not(HasSubstr("pipeline_bad_25")));  // its warning: after 21
    EXPECT_EQ(a.out, b.out);
    EXPECT_EQ(a.err, b.err);
  }
}

}  // namespace
}  // namespace llmcost
