// Reference tests: llmcost against numbers published by others, each with its source.
//
// Parameter counts of real checkpoints come from tests/reference/checkpoints.json (one
// entry per checkpoint: the published count, its source and how it was derived); every
// one must match to the single parameter.
#include <set>

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include "llmcost/analysis/flops.h"
#include "llmcost/analysis/parameters.h"
#include "llmcost/config.h"

#include "testing/golden_files.h"

namespace llmcost {
namespace {

using ::llmcost::testing::ReadFileOrNull;
using ::llmcost::testing::SourcePath;

TEST(ReferenceTest, PublishedCheckpointParameterCounts) {
  std::optional<std::string> manifest =
      ReadFileOrNull(SourcePath("tests/reference/checkpoints.json"));
  ASSERT_TRUE(manifest.has_value());
  nlohmann::json entries = nlohmann::json::parse(*manifest);
  std::set<std::string> families;
  for (const nlohmann::json& e : entries) {
    const std::string file = e["file"].get<std::string>();
    SCOPED_TRACE(file + " — source: " + e["source"].get<std::string>());
    Result<Architecture> arch = LoadArchitecture(SourcePath("tests/reference/" + file), {});
    ASSERT_TRUE(arch.ok()) << arch.status().message();
    Result<ParameterCount> count = CountParameters(*arch);
    ASSERT_TRUE(count.ok()) << count.status().message();
    EXPECT_EQ(count->total, e["total_params"].get<int64_t>());
    if (!e["active_params"].is_null()) {
      EXPECT_EQ(count->active, e["active_params"].get<int64_t>());
    }
    EXPECT_EQ(arch->family, e["model_type"].get<std::string>());
    families.insert(arch->family);
  }
  // At least one real checkpoint of every supported family is pinned.
  for (const std::string& family : SupportedFamilies()) {
    EXPECT_TRUE(families.count(family)) << "no reference checkpoint for " << family;
  }
}

// GPT-2 small 124,439,808 (llm.c; docs/references.md#radford2019); with the vocabulary padded to
// 50304 as llm.c trains it, 124,475,904 (llm.c train_gpt2.cu prints both).
TEST(ReferenceTest, Gpt2PaddedVocabulary) {
  Result<Architecture> arch = ParseArchitecture(
      R"({"model_type": "gpt2", "n_embd": 768, "n_layer": 12, "n_head": 12,
          "n_positions": 1024, "vocab_size": 50304})",
      "gpt2-padded", {});
  ASSERT_TRUE(arch.ok()) << arch.status().message();
  EXPECT_EQ(CountParameters(*arch)->total, 124475904);
}

// PaLM 540B (Chowdhery et al. 2022, Table 1 / App. B): d 18432, 118 layers, 48 heads of 256,
// multi-query, SwiGLU d_ff 73728, V 256k, shared embeddings, no biases, parallel blocks:
// 540.35B parameters. App. B: 238.3K tokens/s on 6144 TPU v4 (275 TFLOP/s peak) is 46.2%
// MFU counting 6N + 12 L H Q T FLOPs per token at T = 2048.
TEST(ReferenceTest, PalmModelFlopsUtilization) {
  Architecture a;
  a.name = "PaLM 540B";
  a.hidden_size = 18432;
  a.num_layers = 118;
  a.num_heads = 48;
  a.num_kv_heads = 1;
  a.head_dim = 256;
  a.intermediate_size = 73728;
  a.vocab_size = 256000;
  a.embedding_dim = 18432;
  a.mlp = MlpKind::kGated;
  a.norm = NormKind::kRmsNorm;  // LayerNorm without bias: d weights
  a.norms_per_layer = 1;        // one norm feeds both branches of the parallel block
  a.tying = Tying::kTied;
  a.pretraining_context = 2048;
  a.layers.assign(118, LayerSpec{});
  Result<ParameterCount> p = CountParameters(a);
  ASSERT_TRUE(p.ok());
  EXPECT_NEAR(static_cast<double>(p->total), 540.35e9, 0.01e9);
  Result<FlopsEstimate> f = EstimateFlops(a, *p, {});
  ASSERT_TRUE(f.ok());
  const double mfu = 238.3e3 * f->conventions.palm / (6144 * 275e12);
  EXPECT_NEAR(mfu, 0.462, 0.001);
  // "45.7% without attention" (6N only).
  EXPECT_NEAR(238.3e3 * f->conventions.six_n / (6144 * 275e12), 0.457, 0.001);
}

// Korthikanti et al. 2022 §6 (and Narayanan et al. 2021 App.): model FLOPs per token of a
// GPT layer stack = 72 l h^2 (1 + s/(6h) + V/(12 l h)) with full attention. GPT-3 175B:
// l 96, h 12288, 96 heads, s 2048, V 51200. Megatron's count is a closed form of the same.
TEST(ReferenceTest, MegatronClosedFormGpt3) {
  Result<Architecture> arch = ParseArchitecture(
      R"({"model_type": "gpt2", "n_embd": 12288, "n_layer": 96, "n_head": 96,
          "n_positions": 2048, "vocab_size": 51200})",
      "gpt3", {});
  ASSERT_TRUE(arch.ok());
  Result<FlopsEstimate> f = EstimateFlops(*arch, *CountParameters(*arch), {});
  ASSERT_TRUE(f.ok());
  const double l = 96, h = 12288, s = 2048, V = 51200;
  const double expected = 72 * l * h * h * (1 + s / (6 * h) + V / (12 * l * h));
  EXPECT_NEAR(f->conventions.megatron / expected, 1.0, 1e-12);
  // Narayanan et al. eq. (3): 8 T P / (n X) with recomputation; GPT-3 on 1024 A100s at
  // 140 TFLOP/s for 300B tokens takes about 34 days (docs/references.md#narayanan2021: 33.9
  // derived).
  const double seconds = 4.0 / 3.0 * f->conventions.megatron * 300e9 / (1024 * 140e12);
  EXPECT_NEAR(seconds / 86400, 34.0, 1.0);
}

}  // namespace
}  // namespace llmcost
