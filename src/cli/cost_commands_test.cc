// In-process tests of `llmcost memory`, `serve`, `train` and `hardware`: one per bad input
// (one line "llmcost: ...", exit 1; CLI11 parse errors exit 2) and the JSON keys.
#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include "llmcost/cli.h"

#include "testing/golden_files.h"

namespace llmcost {
namespace {

using ::llmcost::testing::CliRun;
using ::llmcost::testing::RunCliInSourceDir;
using ::testing::HasSubstr;

constexpr const char* kLlama = "configs/models/llama_7b.json";
constexpr const char* kMoe = "configs/models/deepseek_v3.json";
constexpr const char* kQwen2 = "tests/reference/checkpoints/Qwen__Qwen2-7B.json";

TEST(CostCommandsTest, BadInputsGiveOneLineAndTheirExitStatus) {
  struct Case {
    std::vector<std::string> args;
    int exit;  // 2: the command line alone is wrong; 1: the inputs together are
    std::string err;
  };
  const Case cases[] = {
      {{"train", kLlama, "--gpu", "h10", "--gpus", "8"},
       1,
       "llmcost: --gpu: unknown accelerator 'h10', did you mean"},
      {{"serve", kLlama, "--gpu", "nosuchgpu"},
       1,
       "llmcost: --gpu: unknown accelerator 'nosuchgpu'"},
      {{"train", kLlama, "--gpu", "h100", "--gpus", "0"},
       2,
       "llmcost: --gpus: must be in [1, 1099511627776], got 0"},
      {{"train", kLlama, "--gpu", "h100", "--gpus", "12", "--tp", "8"},
       2,
       "llmcost: --gpus: must be a multiple of the tensor- x pipeline-parallel degrees (8), got "
       "12"},
      {{"train", kLlama, "--gpu", "h100", "--gpus", "8", "--mfu", "1.5"},
       2,
       "llmcost: --mfu: must be in (0, 1], got 1.5"},
      {{"train", kLlama, "--gpu", "h100", "--gpus", "8", "--mfu", "0"},
       2,
       "llmcost: --mfu: must be in (0, 1], got 0"},
      {{"train", kLlama, "--gpu", "h100", "--gpus", "8", "--price-per-gpu-hour", "-1"},
       2,
       "llmcost: --price-per-gpu-hour: must be >= 0, got -1"},
      {{"train", kLlama, "--gpu", "h100", "--gpus", "8", "--tokens", "-5"},
       2,
       "llmcost: --tokens: must be a positive finite number, got -5"},
      {{"train", kLlama, "--gpu", "h100", "--gpus", "8", "--pue", "0.9"},
       2,
       "llmcost: --pue: must be >= 1, got 0.9"},
      {{"train", kLlama, "--gpu", "a100", "--gpus", "8", "--precision", "fp8"},
       1,
       "llmcost: configs/models/llama_7b.json: --precision: fp8: a100-80gb-sxm has no FP8 peak"},
      // serve: vLLM's engine arguments and the weight formats (issue 11).
      {{"serve", kLlama, "--gpu", "h100", "--tp", "3"},
       1,
       "llmcost: configs/models/llama_7b.json: --tp: must divide num_attention_heads (32), got 3"},
      // --tp dividing the 28 heads of Qwen2-7B but neither dividing its 4 KV heads nor a
      // multiple of them (vLLM's rule; Megatron's for memory and train).
      {{"serve", kQwen2, "--gpu", "h100", "--tp", "14"},
       1,
       "llmcost: tests/reference/checkpoints/Qwen__Qwen2-7B.json: --tp: must divide "
       "num_key_value_heads (4) or be a multiple of it, got 14"},
      {{"memory", kQwen2, "--tp", "14"},
       1,
       "llmcost: tests/reference/checkpoints/Qwen__Qwen2-7B.json: --tp: must divide or be a "
       "multiple of num_key_value_heads (4), got 14"},
      // Fine-tuning: the hf convention for a family without an hf model; a paged optimizer
      // with ZeRO.
      {{"memory", "configs/models/gpt2_1.36b.json", "--framework", "hf"},
       1,
       "llmcost: configs/models/gpt2_1.36b.json: framework: hf is modelled (and measured) for "
       "the llama, mistral, qwen2, qwen3, gemma, gemma2, gemma3_text, mixtral, qwen2_moe and "
       "qwen3_moe families, not "
       "gpt2; use megatron"},
      {{"memory", kLlama, "--optimizer", "paged_adamw_8bit", "--dp", "8", "--zero", "2"},
       1,
       "llmcost: configs/models/llama_7b.json: optimizer: bitsandbytes' paged optimizers are "
       "modelled with plain data parallelism (tp = pp = 1, ZeRO stage 0, no offload), got tp 1, "
       "pp 1, ZeRO 2"},
      {{"serve", kLlama, "--gpu", "h100", "--gpu-memory-utilization", "1.5"},
       2,
       "llmcost: --gpu-memory-utilization: must be in (0, 1], got 1.5"},
      {{"serve", kLlama, "--gpu", "h100", "--gpu-memory-utilization", "0"},
       2,
       "llmcost: --gpu-memory-utilization: must be in (0, 1], got 0"},
      {{"serve", kLlama, "--block-size", "12"},
       2,
       "llmcost: --block-size: must be one of 1, 8, 16, 32, 64, 128, got 12"},
      {{"serve", kLlama, "--weights-format", "gguf:Q9_K"},
       2,
       "llmcost: --weights-format: unknown GGUF type 'Q9_K'"},
      {{"serve", kLlama, "--weights-format", "awk"},
       2,
       "llmcost: --weights-format: unknown format 'awk', did you mean 'awq'?"},
      {{"serve", kLlama, "--weights-format", "gptq", "--group-size", "7"},
       2,
       "llmcost: --group-size: must be -1 or a power of two >= 16, got 7"},
      {{"serve", kLlama, "--weights-dtype", "int4", "--weights-format", "awq"},
       2,
       "llmcost: --weights-dtype: give --weights-dtype or --weights-format, not both"},
      {{"serve", kLlama, "--max-model-len", "4096"},
       1,
       "llmcost: configs/models/llama_7b.json: --max-model-len: must be <= "
       "max_position_embeddings (2048) of the config, got 4096"},
      {{"serve", kLlama, "--gpu", "h100", "--mbu", "0"},
       2,
       "llmcost: --mbu: must be in (0, 1], got 0"},
      {{"serve", kLlama, "--gpu", "h100", "--mfu", "2"},
       2,
       "llmcost: --mfu: must be in (0, 1], got 2"},
      {{"serve", kLlama, "--gpu", "l4o"},
       1,
       "llmcost: --gpu: unknown accelerator 'l4o', did you mean 'l4'?"},
      {{"memory", kLlama, "--tp", "3"},
       1,
       "llmcost: configs/models/llama_7b.json: --tp: must divide num_attention_heads (32), got 3"},
      {{"memory", kLlama, "--pp", "5"},
       1,
       "llmcost: configs/models/llama_7b.json: --pp: must divide num_hidden_layers (32), got 5"},
      {{"memory", kLlama, "--zero", "4"}, 2, "llmcost: --zero: must be 0, 1, 2 or 3, got 4"},
      {{"memory", kLlama, "--dp", "0"}, 2, "llmcost: --dp: must be in [1, 1099511627776], got 0"},
      {{"memory", kMoe, "--dp", "8", "--ep", "3"},
       1,
       "llmcost: configs/models/deepseek_v3.json: --ep: must divide the routed experts (256), "
       "got 3"},
      {{"memory", kLlama, "--batch", "0"},
       2,
       "llmcost: --batch: must be in [1, 1099511627776], got 0"},
      {{"serve", kLlama, "--batch", "0"},
       2,
       "llmcost: --batch: must be in [1, 1099511627776], got 0"},
      {{"serve", kLlama, "--context", "-2"},
       2,
       "llmcost: --seq-len: must be in [1, 1099511627776], got -2"},
      {{"serve", "configs/models/gpt2_1.36b.json", "--seq-len", "100000"},
       1,
       "llmcost: configs/models/gpt2_1.36b.json: --seq-len: 100000 exceeds the model's 2048 "
       "learned positions"},
      {{"memory", kLlama, "--seq-len", "0x10"},
       2,
       "llmcost: --seq-len: expected a whole number such as 4096, 32K or 1e6, got '0x10'"},
      {{"memory", kLlama, "--seq-len", ""},
       2,
       "llmcost: --seq-len: expected a whole number such as 4096, 32K or 1e6, got ''"},
      {{"memory", kLlama, "-o", ""}, 2, "llmcost: --output: expected a file name, got ''"},
      {{"memory", kLlama, "--seq-lne", "8"},
       2,
       "llmcost: unknown flag '--seq-lne', did you mean '--seq-len'?"},
      {{"memory", "configs/models/missing.json"}, 1, "llmcost: configs/models/missing.json"},
      {{"hardware", "--hardware-file", "configs/models/missing-hw.json"},
       1,
       "llmcost: configs/models/missing-hw.json"},
  };
  for (const Case& c : cases) {
    std::vector<std::string> args = {"llmcost"};
    args.insert(args.end(), c.args.begin(), c.args.end());
    SCOPED_TRACE(c.err);
    CliRun run = RunCliInSourceDir(args);
    EXPECT_EQ(run.exit_status, c.exit);
    EXPECT_THAT(run.err, ::testing::StartsWith(c.err));
    EXPECT_EQ(std::count(run.err.begin(), run.err.end(), '\n'), 1) << run.err;
    EXPECT_EQ(run.out, "");
  }
}

TEST(CostCommandsTest, ParseErrorsExitTwo) {
  const std::vector<std::vector<std::string>> cases = {
      {"llmcost", "memory", kLlama, "--recompute", "some"},
      {"llmcost", "serve", kLlama, "--kv-dtype", "int3"},
      {"llmcost", "train", kLlama, "--gpus", "8"},  // --gpu is required
      {"llmcost", "memory", kLlama, "--tp", "two"},
      {"llmcost", "hardware", "--format", "yaml"},
  };
  for (const std::vector<std::string>& args : cases) {
    SCOPED_TRACE(args[1] + " " + args[3]);
    CliRun run = RunCliInSourceDir(args);
    EXPECT_EQ(run.exit_status, kExitUsageError);
    EXPECT_EQ(run.out, "");
  }
}

TEST(CostCommandsTest, HelpDescribesEveryCommand) {
  for (const char* command : {"memory", "serve", "train", "hardware"}) {
    SCOPED_TRACE(command);
    CliRun run = RunCliInSourceDir({"llmcost", command, "--help"});
    EXPECT_EQ(run.exit_status, kExitOk);
    EXPECT_THAT(run.out, HasSubstr("--format"));
  }
}

// A paged optimizer's time cost is stated, not modelled, in memory's and train's headers
// (docs/formulas.md#paged-optimizers); no other optimizer prints the note.
TEST(CostCommandsTest, PagedOptimizerStatesWhatPagingCosts) {
  for (const char* command : {"memory", "train"}) {
    SCOPED_TRACE(command);
    auto run = [&](const char* optimizer) {
      std::vector<std::string> args = {"llmcost", command, kLlama,        "--gpu",  "h100",
                                       "--gpus",  "1",     "--optimizer", optimizer};
      if (std::string_view(command) == "train") {
        args.insert(args.end(), {"--tokens", "1e9"});
      }
      return RunCliInSourceDir(args);
    };
    CliRun paged = run("paged_adamw_8bit");
    ASSERT_EQ(paged.exit_status, kExitOk) << paged.err;
    EXPECT_THAT(paged.out, HasSubstr("Paged optimizer: the states of tensors of at least 100,000"));
    EXPECT_THAT(paged.out, HasSubstr("a time cost not modelled."));
    CliRun plain = run("adam8bit");
    ASSERT_EQ(plain.exit_status, kExitOk) << plain.err;
    EXPECT_THAT(plain.out, ::testing::Not(HasSubstr("Paged optimizer:")));
  }
}

TEST(CostCommandsTest, JsonKeepsExactBytesAndNamedQuantities) {
  CliRun memory = RunCliInSourceDir({"llmcost", "memory", "--format", "json", kLlama, kMoe,
                                     "--zero", "3", "--dp", "64", "--seq-len", "4096"});
  ASSERT_EQ(memory.exit_status, kExitOk) << memory.err;
  nlohmann::json m = nlohmann::json::parse(memory.out);
  ASSERT_EQ(m["models"].size(), 2u);
  const nlohmann::json& mem = m["models"][0]["memory_per_gpu"];
  for (const char* key : {"weights_bytes", "gradients_bytes", "optimizer_bytes",
                          "activations_bytes", "logits_bytes", "peak_bytes"}) {
    EXPECT_TRUE(mem[key].is_number_integer()) << key;
  }
  EXPECT_EQ(mem["peak_bytes"].get<int64_t>(),
            mem["weights_bytes"].get<int64_t>() + mem["gradients_bytes"].get<int64_t>() +
                mem["optimizer_bytes"].get<int64_t>() + mem["activations_bytes"].get<int64_t>() +
                mem["logits_bytes"].get<int64_t>());

  CliRun serve = RunCliInSourceDir({"llmcost", "serve", "--format", "json", kMoe});
  ASSERT_EQ(serve.exit_status, kExitOk) << serve.err;
  nlohmann::json s = nlohmann::json::parse(serve.out);
  EXPECT_EQ(s["models"][0]["memory"]["kv_cache_bytes_per_token"].get<int64_t>(), 70272);

  CliRun train = RunCliInSourceDir({"llmcost", "train", "--format", "json", kMoe, "--tokens",
                                    "14.8e12", "--gpu", "h800", "--gpus", "2048", "--seq-len",
                                    "4096", "--mfu", "0.3906"});
  ASSERT_EQ(train.exit_status, kExitOk) << train.err;
  nlohmann::json t = nlohmann::json::parse(train.out);
  const nlohmann::json& run = t["models"][0]["run"];
  EXPECT_NEAR(run["gpu_hours"].get<double>() / 2.664e6, 1, 0.001);
  EXPECT_TRUE(run["cost_usd"].is_number());
  EXPECT_TRUE(run["energy_kwh"].is_number());

  CliRun hardware = RunCliInSourceDir({"llmcost", "hardware", "--format", "json"});
  ASSERT_EQ(hardware.exit_status, kExitOk) << hardware.err;
  EXPECT_GE(nlohmann::json::parse(hardware.out)["accelerators"].size(), 15u);
}

}  // namespace
}  // namespace llmcost
