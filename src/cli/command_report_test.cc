// RunCommandReport and CommandFlags (command_report.h): the command line's behaviour, in memory.
#include "llmcost/command_report.h"

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <memory>
#include <sstream>

#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include "llmcost/cli.h"
#include "llmcost/render.h"

#include "testing/golden_files.h"

namespace llmcost {
namespace {

using ::llmcost::testing::CliRun;
using ::llmcost::testing::RunCliInSourceDir;
using ::testing::ElementsAre;
using ::testing::IsEmpty;

// RunCommandReport from the source directory (relative config paths).
CommandReport ReportInSourceDir(const std::vector<std::string>& args,
                                const std::vector<InMemoryConfig>& configs = {}) {
  const std::filesystem::path previous = std::filesystem::current_path();
  std::filesystem::current_path(LLMCOST_SOURCE_DIR);
  CommandReport report = RunCommandReport(args, configs);
  std::filesystem::current_path(previous);
  return report;
}

std::string Json(const Report& report) {
  std::ostringstream out;
  EXPECT_TRUE(Render(report, OutputFormat::kJson, out).ok());
  return out.str();
}

TEST(RunCommandReportTest, TheReportIsWhatTheCommandLineRenders) {
  const std::vector<std::vector<std::string>> lines = {
      {"analyze", "configs/models/llama_7b.json", "configs/models/deepseek_v3.json"},
      {"memory", "configs/models/llama_7b.json", "--zero", "3", "--dp", "8", "--gpu", "h100"},
      {"serve", "configs/models/llama_7b.json", "--gpu", "h100", "--batch", "4"},
      {"train", "configs/models/llama_7b.json", "--gpu", "a100", "--gpus", "64"},
      {"scale", "--compute", "1e21"},
      {"design", "--compute", "1e20", "--vocab", "32000", "--seq-len", "2048"},
      {"hardware"},
      {"verify", "tests/data/checkpoints/tiny-llama"},
  };
  for (const std::vector<std::string>& args : lines) {
    SCOPED_TRACE(args[0]);
    std::vector<std::string> cli = {"llmcost"};
    cli.insert(cli.end(), args.begin(), args.end());
    cli.push_back("--format=json");
    const CliRun run = RunCliInSourceDir(cli);
    ASSERT_EQ(run.exit_status, kExitOk) << run.err;
    const CommandReport report = ReportInSourceDir(args);
    ASSERT_EQ(report.exit_status, kExitOk) << report.error;
    EXPECT_EQ(Json(report.report), run.out);
  }
}

// RunCommandReport parses with one cached App per command: whatever a command line set
// (values, switches, repeatable flags), or left half-set when it failed, is gone for the next.
TEST(RunCommandReportTest, ACommandLineLeavesNothingToTheNext) {
  const std::string llama = "configs/models/llama_7b.json";
  const std::string gpt2 = "configs/models/gpt2_1.36b.json";
  // The shipped table with one accelerator renamed: a --hardware-file that changes the report.
  const std::filesystem::path renamed =
      std::filesystem::temp_directory_path() / "command_report_test_hardware.json";
  {
    std::ifstream in(std::string(LLMCOST_SOURCE_DIR) + "/data/hardware.json");
    std::string table((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
    const std::string name = "NVIDIA H100 SXM5 80GB";
    ASSERT_NE(table.find(name), std::string::npos);
    table.replace(table.find(name), name.size(), "Renamed H100");
    std::ofstream(renamed) << table;
  }
  struct Case {
    std::vector<std::string> first;  // many flags; run before `plain`
    std::vector<std::string> plain;
  };
  const std::vector<Case> cases = {
      {{"analyze", "--seq-len", "100", "--batch", "3", "--attention", "full", "--family", "gpt2",
        gpt2, gpt2},
       {"analyze", llama}},
      {{"memory", llama,        "--zero",    "3",           "--dp", "8",
        "--gpu",  "h100",       "--sp",      "--tp",        "2",    "--recompute",
        "full",   "--no-flash", "--dropout", "--precision", "fp16", "--optimizer",
        "sgd",    "--reserve",  "2"},
       {"memory", llama}},
      {{"memory", llama, "--framework", "hf", "--finetune", "lora", "--lora-rank", "8",
        "--load-in-8bit"},
       {"memory", llama}},
      {{"memory", llama, "--zero", "3", "--dp", "8", "--offload", "optimizer", "--offload-device",
        "nvme"},
       {"memory", llama}},
      {{"serve", llama, "--gpu", "h100", "--batch", "4", "--kv-dtype", "fp8", "--weights-format",
        "awq", "--context", "1024", "--hardware-file", renamed.string(), "--mbu", "0.5"},
       {"serve", llama}},
      {{"train", llama, "--gpu", "a100", "--gpus", "64", "--tokens", "1T", "--mfu", "0.5", "--pue",
        "1.2", "--grid-gco2-per-kwh", "400", "--price-per-gpu-hour", "2"},
       {"train", llama, "--gpu", "h100", "--gpus", "8"}},
      {{"scale", "--isoflop", "--compute", "1e20", "--compute", "1e21", "--law", "epoch"},
       {"scale", "--compute", "1e21"}},
      {{"design", "--compute", "1e20", "--vocab", "32000", "--seq-len", "2048", "--top", "2",
        "--stats", "--kv-heads", "4"},
       {"design", "--compute", "1e20", "--vocab", "50000", "--seq-len", "1024"}},
      {{"hardware", "--hardware-file", renamed.string()}, {"hardware"}},
  };
  for (const Case& c : cases) {
    SCOPED_TRACE(c.first[0]);
    std::vector<std::string> cli = {"llmcost"};
    cli.insert(cli.end(), c.plain.begin(), c.plain.end());
    cli.push_back("--format=json");
    const CliRun fresh = RunCliInSourceDir(cli);
    ASSERT_EQ(fresh.exit_status, kExitOk) << fresh.err;
    const CommandReport first = ReportInSourceDir(c.first);
    ASSERT_EQ(first.exit_status, kExitOk) << first.error;
    ASSERT_NE(Json(first.report), fresh.out);  // the flags did change the report
    EXPECT_EQ(Json(ReportInSourceDir(c.plain).report), fresh.out);
    // A line that fails after CLI11 stored some of its values (a --format its check rejects,
    // or design's --top 0, rejected after the parse) leaves nothing either.
    std::vector<std::string> failing = c.first;
    failing.push_back(c.first[0] == "design" ? "--top=0" : "--format=nonesuch");
    EXPECT_NE(ReportInSourceDir(failing).exit_status, kExitOk);
    EXPECT_EQ(Json(ReportInSourceDir(c.plain).report), fresh.out);
  }
  std::filesystem::remove(renamed);
}

TEST(RunCommandReportTest, InMemoryConfigsAreSources) {
  const CommandReport report = RunCommandReport(
      {"analyze", "--", "<dict>"},
      {{"<dict>", R"({"model_type": "gpt2", "n_embd": 768, "n_layer": 12, "n_head": 12,
                      "vocab_size": 50257, "n_positions": 1024})",
        nullptr}});
  ASSERT_EQ(report.exit_status, kExitOk) << report.error;
  ASSERT_EQ(report.report.items.size(), 1u);
  // GPT-2 small (llm.c's layout, docs/formulas.md#parameters): 124,439,808 with tied embeddings.
  EXPECT_NE(Json(report.report).find("\"total\": 124439808"), std::string::npos);
}

// A config held as a JSON document reads as its text does: the same report (for every shipped
// JSON config), the same warnings, and the same messages for bad fields.
TEST(RunCommandReportTest, ADocumentReadsAsItsText) {
  std::vector<std::string> texts;
  for (const auto& entry :
       std::filesystem::directory_iterator(std::string(LLMCOST_SOURCE_DIR) + "/configs/models")) {
    const std::string ext = entry.path().extension().string();
    if (ext == ".json" || ext == ".jsonc") {
      std::ifstream in(entry.path());
      texts.emplace_back(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>());
    }
  }
  ASSERT_GE(texts.size(), 5u);
  texts.push_back(R"({"hidden_size": 64, "num_hidden_layers": 2, "num_attention_heads": 4,
      "intermediate_size": 128, "vocab_size": 100, "num_hiden_layers": 3})");  // a warning
  texts.push_back(R"({"hidden_size": 64, "num_hidden_layers": 2, "num_attention_heads": 3,
      "intermediate_size": 128, "vocab_size": 100})");  // heads do not divide
  texts.push_back(R"({"model_type": "no_such", "hidden_size": 64})");
  texts.push_back(R"({"hidden_size": -64, "num_hidden_layers": 2.5})");
  for (const std::string& text : texts) {
    SCOPED_TRACE(text.substr(0, 80));
    auto document = std::make_shared<nlohmann::json>(
        nlohmann::json::parse(text, nullptr, /*allow_exceptions=*/true, /*ignore_comments=*/true));
    for (const std::string command : {"analyze", "memory"}) {
      const CommandReport from_text =
          RunCommandReport({command, "--seq-len=512", "<dict>"}, {{"<dict>", text, nullptr}});
      const CommandReport from_document =
          RunCommandReport({command, "--seq-len=512", "<dict>"}, {{"<dict>", "", document}});
      EXPECT_EQ(from_document.exit_status, from_text.exit_status);
      EXPECT_EQ(from_document.error, from_text.error);
      EXPECT_EQ(from_document.warnings, from_text.warnings);
      if (from_text.exit_status == kExitOk) {
        EXPECT_EQ(Json(from_document.report), Json(from_text.report));
      }
    }
  }
}

TEST(RunCommandReportTest, ErrorsAreTheCommandLinesLine) {
  for (const std::vector<std::string>& args :
       {std::vector<std::string>{"analyze", "configs/models/llama_7b.json", "--seq-len", "0"},
        {"analyze", "--attention=sparse", "--", "configs/models/llama_7b.json"},
        {"memory", "configs/models/llama_7b.json", "--tp", "3"},
        {"analyze", "configs/models/no_such.json"}}) {
    SCOPED_TRACE(args[1]);
    std::vector<std::string> cli = {"llmcost"};
    cli.insert(cli.end(), args.begin(), args.end());
    const CliRun run = RunCliInSourceDir(cli);
    const CommandReport report = ReportInSourceDir(args);
    EXPECT_EQ(report.exit_status, run.exit_status);
    EXPECT_EQ("llmcost: " + report.error + "\n", run.err);
    EXPECT_THAT(report.warnings, IsEmpty());
  }
}

TEST(RunCommandReportTest, WarningsAreKeptApart) {
  const CommandReport report = RunCommandReport(
      {"analyze", "<dict>"}, {{"<dict>", R"({"hidden_size": 64, "num_hidden_layers": 2,
          "num_attention_heads": 4, "intermediate_size": 128, "vocab_size": 100,
          "max_position_embeddings": 128, "num_hiden_layers": 3})",
                               nullptr}});
  ASSERT_EQ(report.exit_status, kExitOk) << report.error;
  ASSERT_EQ(report.warnings.size(), 1u);
  EXPECT_EQ(report.warnings[0].rfind("<dict>: ", 0), 0u) << report.warnings[0];
}

TEST(CommandFlagsTest, NamesEveryFlagOnce) {
  const std::vector<CommandFlag> flags = CommandFlags("memory");
  const auto named = [&](const std::string& name) {
    return std::find_if(flags.begin(), flags.end(), [&](const CommandFlag& f) {
      return std::find(f.names.begin(), f.names.end(), name) != f.names.end();
    });
  };
  ASSERT_NE(named("seq-len"), flags.end());
  EXPECT_THAT(named("seq-len")->names, ElementsAre("seq-len", "seq_len"));
  EXPECT_TRUE(named("seq-len")->takes_value);
  EXPECT_FALSE(named("sp")->takes_value);
  EXPECT_TRUE(named("hardware-file")->repeatable);
  EXPECT_EQ(named("help"), flags.end());
  EXPECT_TRUE(
      std::any_of(flags.begin(), flags.end(), [](const CommandFlag& f) { return f.positional; }));
  EXPECT_THAT(CommandFlags("no-such-command"), IsEmpty());
}

}  // namespace
}  // namespace llmcost
