#include "llmcost/analysis/flops.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "llmcost/config.h"

#include "testing/status_matchers.h"

namespace llmcost {
namespace {

FlopsEstimate Estimate(const std::string& json, FlopsOptions options = {}) {
  Result<Architecture> arch = ParseArchitecture(json, "test.json", {});
  EXPECT_TRUE(arch.ok()) << arch.status().message();
  Result<ParameterCount> params = CountParameters(*arch);
  Result<FlopsEstimate> f = EstimateFlops(*arch, *params, options);
  EXPECT_TRUE(f.ok()) << f.status().message();
  return *f;
}

constexpr char kLlama136b[] = R"({"model_type": "llama", "hidden_size": 2304,
    "intermediate_size": 6144, "num_hidden_layers": 18, "num_attention_heads": 18,
    "vocab_size": 32000, "max_position_embeddings": 2048})";

// llama_1.36b at s = 2048, causal (hand computation):
//   projections 2 x 4 d^2 = 42,467,328 per layer, x18 = 764,411,904
//   scores 2 h d_h (2) c = 4 x 2304 x 1024.5 = 9,441,792 per layer, x18 = 169,952,256
//   MLP 2 x 3 d f = 84,934,656 per layer, x18 = 1,528,823,808
//   head 2 d V = 147,456,000
//   total 2,610,643,968 (not the seed README's 42.5 GFLOPs).
TEST(FlopsTest, Llama136bForward) {
  FlopsEstimate f = Estimate(kLlama136b);
  EXPECT_EQ(f.seq_len, 2048);
  EXPECT_DOUBLE_EQ(f.attention_projections, 764411904);
  EXPECT_DOUBLE_EQ(f.attention_scores, 169952256);
  EXPECT_DOUBLE_EQ(f.ffn, 1528823808);
  EXPECT_DOUBLE_EQ(f.lm_head, 147456000);
  EXPECT_DOUBLE_EQ(f.forward, 2610643968);
  EXPECT_DOUBLE_EQ(f.training, 3 * 2610643968.0);
  EXPECT_DOUBLE_EQ(f.training_with_recompute, 4 * 2610643968.0);
  double sum = 0;
  for (const auto& part : f.forward_breakdown) {
    sum += part.value;
  }
  EXPECT_DOUBLE_EQ(sum, f.forward);
}

// --attention full: every query sees all s keys: 4 x 2304 x 2048 x 18 = 339,738,624.
TEST(FlopsTest, FullAttentionConvention) {
  FlopsEstimate f = Estimate(kLlama136b, {.seq_len = 0, .attention = AttentionConvention::kFull});
  EXPECT_DOUBLE_EQ(f.attention_scores, 339738624);
  EXPECT_DOUBLE_EQ(f.mean_context, 2048);
}

// --seq-len overrides the config's context: s = 4096 -> c = 2048.5.
TEST(FlopsTest, SeqLenOverride) {
  FlopsEstimate f = Estimate(kLlama136b, {.seq_len = 4096});
  EXPECT_EQ(f.seq_len, 4096);
  EXPECT_DOUBLE_EQ(f.attention_scores, 4.0 * 2304 * 2048.5 * 18);
}

// Sliding window w = 4096 at s = 8192: queries 1..4096 see i keys, the rest 4096:
// (4096 x 4097 / 2 + 4096 x 4096) / 8192 = 3072.25 keys on average.
TEST(FlopsTest, SlidingWindowCapsContext) {
  FlopsEstimate f = Estimate(R"({"model_type": "mistral", "hidden_size": 64,
      "intermediate_size": 128, "num_hidden_layers": 2, "num_attention_heads": 4,
      "vocab_size": 10, "max_position_embeddings": 8192, "sliding_window": 4096})");
  EXPECT_DOUBLE_EQ(f.mean_context, 3072.25);
}

// Gemma-2 alternates sliding (even) and global layers: mean of 3072.25 and 4096.5.
TEST(FlopsTest, Gemma2AlternatesWindows) {
  FlopsEstimate f = Estimate(R"({"model_type": "gemma2", "hidden_size": 64,
      "intermediate_size": 128, "num_hidden_layers": 2, "num_attention_heads": 4,
      "head_dim": 16, "vocab_size": 10, "max_position_embeddings": 8192,
      "sliding_window": 4096})");
  EXPECT_DOUBLE_EQ(f.mean_context, (3072.25 + 4096.5) / 2);
}

// MoE: only top_k experts, shared experts and the router run. Mixtral-like layer with
// d 64, f_e 128, E 8, top_k 2: experts 2 x 2 x 3 x 64 x 128 = 98,304; router 2 x 64 x 8.
TEST(FlopsTest, MoeCountsActiveExperts) {
  FlopsEstimate f = Estimate(R"({"model_type": "mixtral", "hidden_size": 64,
      "intermediate_size": 128, "num_hidden_layers": 1, "num_attention_heads": 4,
      "num_local_experts": 8, "num_experts_per_tok": 2, "vocab_size": 10,
      "max_position_embeddings": 16})");
  EXPECT_DOUBLE_EQ(f.ffn, 98304 + 1024);
}

// 6N and Kaplan for llama_1.36b: N = 1,294,159,104; non-embedding 1,146,703,104;
// Kaplan 3 x (2 x 1,146,703,104 + 2 x 18 x 2048 x 2304) = 7,389,826,560.
TEST(FlopsTest, Conventions) {
  FlopsEstimate f = Estimate(kLlama136b);
  EXPECT_DOUBLE_EQ(f.conventions.six_n, 6.0 * 1294159104);
  EXPECT_DOUBLE_EQ(f.conventions.kaplan, 7389826560);
  // PaLM: 6N + 12 L H Q T = 7,764,954,624 + 12 x 18 x 18 x 128 x 2048.
  EXPECT_DOUBLE_EQ(f.conventions.palm, 6.0 * 1294159104 + 12.0 * 18 * 18 * 128 * 2048);
  // Megatron: 3 x (projections + full-context scores + MLP + head).
  EXPECT_DOUBLE_EQ(f.conventions.megatron,
                   3 * (764411904.0 + 339738624.0 + 1528823808.0 + 147456000.0));
}

TEST(FlopsTest, MissingSequenceLengthIsAnError) {
  Result<Architecture> arch = ParseArchitecture(R"({"hidden_size": 64,
      "intermediate_size": 128, "num_hidden_layers": 1, "num_attention_heads": 4,
      "vocab_size": 10})",
                                                "x.json", {});
  ASSERT_TRUE(arch.ok());
  Result<FlopsEstimate> f = EstimateFlops(*arch, *CountParameters(*arch), {});
  EXPECT_THAT(f.status(), ::llmcost::testing::StatusIs(StatusCode::kInvalidArgument,
                                                       ::testing::HasSubstr("seq_len: not given")));
}

}  // namespace
}  // namespace llmcost
