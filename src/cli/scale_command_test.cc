// `llmcost scale` and `llmcost design` through RunCli: exit statuses, one-line errors, files.
#include <filesystem>

#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include "llmcost/cli.h"
#include "llmcost/config.h"
#include "llmcost/model_report.h"

#include "testing/golden_files.h"
#include "testing/xml_check.h"

namespace llmcost {
namespace {

using ::llmcost::testing::CliRun;
using ::llmcost::testing::ReadFileOrNull;
using ::llmcost::testing::RunCliInSourceDir;
using ::testing::HasSubstr;
using ::testing::StartsWith;

CliRun Llmcost(std::vector<std::string> args) {
  args.insert(args.begin(), "llmcost");
  return RunCliInSourceDir(args);
}

// Bad values are exit 1, bad flag combinations exit 2; each is one line naming the flag.
TEST(ScaleCommandTest, BadInputsGiveOneLine) {
  struct Case {
    std::vector<std::string> args;
    int exit;
    const char* message;
  };
  const Case cases[] = {
      {{"scale", "--compute", "nan"},
       2,
       "llmcost: --compute: expected a number such as 0.4, 1e21 or 2T, got 'nan'\n"},
      {{"scale", "--compute", "inf"},
       2,
       "llmcost: --compute: expected a number such as 0.4, 1e21 or 2T, got 'inf'\n"},
      {{"scale", "--compute", "-1e21"}, 2, "llmcost: --compute: must be > 0, got '-1e21'\n"},
      {{"scale", "--compute", "0"}, 2, "llmcost: --compute: must be > 0, got '0'\n"},
      {{"scale", "--compute", "1e21x"},
       2,
       "llmcost: --compute: expected a number such as 0.4, 1e21 or 2T, got '1e21x'\n"},
      {{"scale", "--compute", "0x10"},
       2,
       "llmcost: --compute: expected a number such as 0.4, 1e21 or 2T, got '0x10'\n"},
      {{"scale", "--params", "7e9", "--tokens", "-5"},
       2,
       "llmcost: --tokens: must be > 0, got '-5'\n"},
      {{"scale", "--compute", "1e21", "--law", "chinchila"}, 2, "llmcost: --law: unknown"},
      {{"scale", "--isoflop", "--compute", "1e21", "--law", "tokens20"},
       2,
       "llmcost: --law: law \"tokens20\" predicts no loss"},
      {{"scale", "--tokens", "1e12"}, 2, "llmcost: --tokens needs --params"},
      {{"scale"}, 2, "llmcost: nothing to do"},
      {{"scale", "--compute", "1e21", "--params", "1e9"}, 2, "llmcost: give --compute or"},
      {{"scale", "--compute", "1e21", "--compute", "1e22"},
       2,
       "llmcost: several --compute budgets need --isoflop"},
      {{"scale", "--model_config", "configs/models/llama_7b.json"},
       2,
       "llmcost: a model needs --compute C"},
      {{"design", "--compute", "nan", "--vocab", "32000", "--seq-len", "2048"},
       2,
       "llmcost: --compute: expected a number such as 0.4, 1e21 or 2T, got 'nan'\n"},
      {{"design", "--compute", "1e21", "--vocab", "0", "--seq-len", "2048"},
       2,
       "llmcost: --vocab: must be in [1, 1099511627776], got '0'\n"},
      {{"design", "--compute", "1e21", "--vocab", "32000", "--seq-len", "2048", "--family", "bert"},
       2,
       "llmcost: --family: unknown family \"bert\"; known: llama, gpt2, mixtral, moe\n"},
      {{"design", "--compute", "1e21", "--vocab", "32000", "--seq-len", "2048", "--law", "x"},
       2,
       "llmcost: --law: unknown"},
      {{"design", "--compute", "1e21", "--vocab", "32000", "--seq-len", "2048", "--gpu", "h10"},
       1,
       "llmcost: --gpu: unknown accelerator"},
      {{"design", "--compute", "1e24", "--vocab", "32000", "--seq-len", "2048", "--gpu", "h100",
        "--gpus", "8", "--days", "30"},
       1,
       "llmcost: impossible constraints: 1e+24 FLOPs take"},
      {{"design", "--compute", "1e21", "--vocab", "32000", "--seq-len", "2048", "--days", "3"},
       2,
       "llmcost: --gpus and --days need --gpu NAME\n"},
      {{"design", "--compute", "1e21", "--vocab", "32000"}, 2, "llmcost: --seq-len"},
  };
  for (const Case& c : cases) {
    std::string trace;
    for (const std::string& a : c.args) {
      trace += a + " ";
    }
    SCOPED_TRACE(trace);
    CliRun run = Llmcost(c.args);
    EXPECT_EQ(run.exit_status, c.exit);
    EXPECT_THAT(run.err, StartsWith(c.message));
    EXPECT_EQ(std::count(run.err.begin(), run.err.end(), '\n'), 1) << run.err;
    EXPECT_EQ(run.out, "");
  }
}

TEST(ScaleCommandTest, AllLawsSideBySideWithDeepSeek) {
  CliRun run = Llmcost({"scale", "--compute", "5.76e23", "--format", "json"});
  ASSERT_EQ(run.exit_status, 0) << run.err;
  nlohmann::json j = nlohmann::json::parse(run.out);
  ASSERT_EQ(j["laws"].size(), 8u);  // seven laws + DeepSeek's allocation
  EXPECT_EQ(j["laws"][0]["law"], "chinchilla");
  // Hoffmann et al. 2022 eq. 4 with the rounded constants: D/N = 92.7 at the Gopher budget
  // (docs/formulas.md#closed-form-checks).
  EXPECT_NEAR(j["laws"][0]["tokens_per_param"].get<double>(), 92.7, 0.1);
  EXPECT_TRUE(j["laws"][0]["deepseek"].contains("learning_rate"));
  EXPECT_EQ(j["laws"][7]["law"], "deepseek");
  EXPECT_THAT(Llmcost({"scale", "--help"}).out, HasSubstr("~93 tokens/param"));
}

// The budget check: tokens = C / exact training FLOPs per token of the config.
TEST(ScaleCommandTest, BudgetCheckUsesExactFlops) {
  CliRun run = Llmcost({"scale", "--model_config", "configs/models/llama_1.36b.json", "--compute",
                        "1.36e21", "--law", "epoch", "--format", "json"});
  ASSERT_EQ(run.exit_status, 0) << run.err;
  Result<Architecture> arch =
      LoadArchitecture(std::string(LLMCOST_SOURCE_DIR) + "/configs/models/llama_1.36b.json", {});
  ASSERT_TRUE(arch.ok());
  Result<ModelAnalysis> m = AnalyzeModel(*arch, {});
  ASSERT_TRUE(m.ok());
  nlohmann::json j = nlohmann::json::parse(run.out);
  EXPECT_DOUBLE_EQ(j["laws"][0]["model"]["tokens"].get<double>(), 1.36e21 / m->flops.training);
  EXPECT_EQ(j["laws"][0]["model"]["params"].get<double>(), static_cast<double>(m->params.total));
}

TEST(ScaleCommandTest, IsoFlopSvgIsWellFormed) {
  CliRun run = Llmcost({"scale", "--isoflop", "--compute", "1.36e21", "--model_config",
                        "configs/models/llama_1.36b.json", "--format", "svg"});
  ASSERT_EQ(run.exit_status, 0) << run.err;
  EXPECT_EQ(testing::XmlProblem(run.out), "");
  EXPECT_THAT(run.out, HasSubstr("LLaMA 1.36B"));
}

// The acceptance test end to end: design at 1.36e21 FLOPs with a 32k vocabulary, write
// the config (--write-config), analyze it again: the same parameters, and tokens x training
// FLOPs per token = C within 1e-9 (the target is 1%).
TEST(DesignCommandTest, WrittenConfigSpendsTheBudget) {
  const std::filesystem::path dir =
      std::filesystem::temp_directory_path() / ("llmcost_design_" + std::to_string(getpid()));
  std::filesystem::create_directories(dir);
  const std::string out = (dir / "best.json").string();
  CliRun run = Llmcost({"design", "--compute", "1.36e21", "--vocab", "32000", "--seq-len", "2048",
                        "--write-config", out, "--format", "json", "--stats"});
  ASSERT_EQ(run.exit_status, 0) << run.err;
  nlohmann::json j = nlohmann::json::parse(run.out);
  const nlohmann::json& best = j["candidates"][0];
  for (const char* key : {"config", "params", "tokens", "training_flops_per_token", "loss"}) {
    EXPECT_TRUE(best.contains(key)) << key;
  }
  EXPECT_GT(best["search"]["candidates_evaluated"].get<int64_t>(), 100);
  EXPECT_GT(best["search"]["candidates_per_second"].get<double>(), 0);

  CliRun analyzed = Llmcost({"analyze", "--format", "json", out});
  ASSERT_EQ(analyzed.exit_status, 0) << analyzed.err;
  nlohmann::json a = nlohmann::json::parse(analyzed.out)["models"][0];
  EXPECT_EQ(a["parameters"]["total"].get<int64_t>(), best["params"].get<int64_t>());
  const double training = a["flops_per_token"]["training"].get<double>();
  EXPECT_NEAR(training * best["tokens"].get<double>() / 1.36e21, 1.0, 0.01);
  EXPECT_NEAR(training * best["tokens"].get<double>() / 1.36e21, 1.0, 1e-9);

  // A second write is refused without --force, and allowed with it.
  CliRun again = Llmcost(
      {"design", "--compute", "1.36e21", "--vocab", "32000", "--seq-len", "2048", "--out", out});
  EXPECT_EQ(again.exit_status, 1);
  EXPECT_THAT(again.err, HasSubstr("--force"));
  CliRun forced = Llmcost({"design", "--compute", "1.36e21", "--vocab", "32000", "--seq-len",
                           "2048", "--out", out, "--force"});
  EXPECT_EQ(forced.exit_status, 0) << forced.err;
  std::filesystem::remove_all(dir);
}

}  // namespace
}  // namespace llmcost
