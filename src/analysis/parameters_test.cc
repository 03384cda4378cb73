#include "llmcost/analysis/parameters.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "llmcost/config.h"

#include "testing/status_matchers.h"

namespace llmcost {
namespace {

using ::llmcost::testing::StatusIs;
using ::testing::HasSubstr;

ParameterCount Count(const std::string& json) {
  Result<Architecture> arch = ParseArchitecture(json, "test.json", {});
  EXPECT_TRUE(arch.ok()) << arch.status().message();
  Result<ParameterCount> count = CountParameters(*arch);
  EXPECT_TRUE(count.ok()) << count.status().message();
  return *count;
}

int64_t Part(const ParameterCount& c, const std::string& name) {
  for (const auto& part : c.breakdown) {
    if (part.name == name) {
      return part.value;
    }
  }
  return 0;
}

// llama_1.36b: d 2304, f 6144, 18 layers, V 32000, untied (the issue's figure).
// Layer: 4 d^2 = 21,233,664 + 3 d f = 42,467,328 + 2 d = 4,608 -> 63,705,600; x18 =
// 1,146,700,800; + final norm 2,304; + 2 V d = 147,456,000 -> 1,294,159,104.
TEST(ParametersTest, Llama136b) {
  ParameterCount c = Count(R"({"model_type": "llama", "hidden_size": 2304,
      "intermediate_size": 6144, "num_hidden_layers": 18, "num_attention_heads": 18,
      "vocab_size": 32000, "max_position_embeddings": 2048, "tie_word_embeddings": false})");
  EXPECT_EQ(c.total, 1294159104);
  EXPECT_EQ(c.embedding, 147456000);
  EXPECT_EQ(c.transformer, 1146703104);
  EXPECT_EQ(c.position, 0);
  EXPECT_EQ(c.active, c.total);
  EXPECT_EQ(c.layer.size(), 18u);
  EXPECT_EQ(c.layer[0], 63705600);
}

// Breakdowns add up (bloaty's invariant) and layer counts sum to the transformer count.
TEST(ParametersTest, BreakdownSumsToTotal) {
  ParameterCount c = Count(R"({"model_type": "qwen2_moe", "hidden_size": 64,
      "intermediate_size": 256, "num_hidden_layers": 4, "num_attention_heads": 4,
      "num_key_value_heads": 2, "vocab_size": 100, "num_experts": 8,
      "num_experts_per_tok": 2, "moe_intermediate_size": 32,
      "shared_expert_intermediate_size": 128, "decoder_sparse_step": 2,
      "mlp_only_layers": [3]})");
  EXPECT_EQ(SumComponents(c.breakdown), c.total);
  int64_t layers = 0;
  for (int64_t l : c.layer) {
    layers += l;
  }
  EXPECT_EQ(layers + 64, c.transformer);  // + final RMSNorm
  // Only layer 1 is MoE ((i + 1) % 2 == 0 and not in mlp_only_layers): 8 experts of
  // 3 x 64 x 32 = 6,144 each; router 64 x 8; shared expert 3 x 64 x 128 + gate 64.
  EXPECT_EQ(Part(c, "moe.routed_experts"), 8 * 6144);
  EXPECT_EQ(Part(c, "moe.router"), 512);
  EXPECT_EQ(Part(c, "moe.shared_experts"), 3 * 64 * 128 + 64);
  EXPECT_EQ(Part(c, "mlp"), 3 * 3 * 64 * 256);
  EXPECT_EQ(c.total - c.active, 6 * 6144);  // 6 of 8 experts skipped in one layer
  // Qwen2 biases: q 4 x 16 = 64, k and v 2 x 16 = 32 each, per layer.
  EXPECT_EQ(Part(c, "attention.q_proj"), 4 * (64 * 64 + 64));
  EXPECT_EQ(Part(c, "attention.k_proj"), 4 * (64 * 32 + 32));
}

// OPT-350m: word_embed_proj_dim 512 != d 1024 adds project_in/out (2 x 512 x 1024); learned
// positions have P + 2 rows (OPTLearnedPositionalEmbedding offset); post-norm, so no final
// LayerNorm. Hand count: 25,739,264 + 1,048,576 + 2,099,200 + 24 x 12,596,224 = 331,196,416.
TEST(ParametersTest, Opt350mProjectionsAndPositionOffset) {
  ParameterCount c = Count(R"({"model_type": "opt", "hidden_size": 1024, "ffn_dim": 4096,
      "num_hidden_layers": 24, "num_attention_heads": 16, "vocab_size": 50272,
      "max_position_embeddings": 2048, "word_embed_proj_dim": 512,
      "do_layer_norm_before": false})");
  EXPECT_EQ(c.position, 2050 * 1024);
  EXPECT_EQ(Part(c, "embedding_projection"), 2 * 512 * 1024);
  EXPECT_EQ(Part(c, "final_norm"), 0);
  EXPECT_EQ(c.total, 331196416);
}

// Falcon-40B layout (new_decoder_architecture): 8 KV groups, two LayerNorms per layer.
// d 8192, h 128 (d_h 64), k 8: qkv 8192 x (8192 + 2 x 512) = 75,497,472; dense 67,108,864;
// MLP 2 x 8192 x 32768 = 536,870,912; norms 2 x 2 x 8192 = 32,768 -> 679,510,016 per layer.
TEST(ParametersTest, FalconNewDecoderArchitecture) {
  ParameterCount c = Count(R"({"model_type": "falcon", "hidden_size": 8192,
      "num_hidden_layers": 60, "num_attention_heads": 128, "num_kv_heads": 8,
      "new_decoder_architecture": true, "vocab_size": 65024, "parallel_attn": true})");
  EXPECT_EQ(c.layer[0], 679510016);
  // 60 x 679,510,016 + tied embedding 65024 x 8192 = 532,676,608 + final LayerNorm 16,384.
  EXPECT_EQ(c.total, 41303293952);
}

// DeepSeek-V3 §2.2 (docs/formulas.md#multi-token-prediction): MTP is reported apart. One MTP
// module: 2 norms + 2 d^2 eh_proj + one MoE block + shared-head norm.
TEST(ParametersTest, DeepseekMtpIsReportedApart) {
  ParameterCount c = Count(R"({"model_type": "deepseek_v3", "hidden_size": 16,
      "intermediate_size": 32, "moe_intermediate_size": 8, "num_hidden_layers": 3,
      "num_attention_heads": 2, "n_routed_experts": 4, "n_shared_experts": 1,
      "num_experts_per_tok": 2, "first_k_dense_replace": 1, "moe_layer_freq": 1,
      "q_lora_rank": 8, "kv_lora_rank": 4, "qk_nope_head_dim": 4, "qk_rope_head_dim": 2,
      "v_head_dim": 4, "vocab_size": 50, "max_position_embeddings": 64,
      "num_nextn_predict_layers": 1})");
  EXPECT_EQ(SumComponents(c.breakdown), c.total);
  // MoE block: attention (q_a 128 + 8 + q_b 8 x 2 x 6 = 96; kv_a 16 x 6 = 96 + 4;
  // kv_b 4 x 2 x 8 = 64; o 2 x 4 x 16 = 128) = 524; experts 4 x 384; shared 384;
  // router 64 + 4; norms 32 -> 524 + 1,536 + 384 + 68 + 32 = 2,544.
  // MTP = 32 + 512 + 2,544 + 16 = 3,104.
  EXPECT_EQ(c.layer[1], 2544);
  EXPECT_EQ(c.mtp, 3104);
}

TEST(ParametersTest, OverflowIsAnError) {
  Result<Architecture> arch = ParseArchitecture(
      R"({"hidden_size": 1099511627776, "intermediate_size": 1, "num_hidden_layers": 1,
          "num_attention_heads": 1, "vocab_size": 1099511627776})",
      "big.json", {});
  ASSERT_TRUE(arch.ok()) << arch.status().message();  // each field is in range on its own
  Result<ParameterCount> count = CountParameters(*arch);
  EXPECT_THAT(count.status(), StatusIs(StatusCode::kOutOfRange, HasSubstr("overflows 64-bit")));
}

// The status of counting `json`'s parameters (the config must load).
Status CountStatus(const std::string& json) {
  Result<Architecture> arch = ParseArchitecture(json, "big.json", {});
  EXPECT_TRUE(arch.ok()) << arch.status().message();
  return arch.ok() ? CountParameters(*arch).status() : arch.status();
}

// Equal layers are added as one run; an overflow inside the run is still the error of the first
// sum that overflows, layer by layer: q, k, v, o 2^60 each, mlp 3 x 2^20 x 2^39 = 3 x 2^59 and
// norms 2^21 make 6,341,068,275,339,755,520 per layer, which every component holds twice but
// the sum of the layers does not.
TEST(ParametersTest, OverflowInsideARunOfEqualLayers) {
  EXPECT_THAT(CountStatus(R"({"model_type": "llama", "hidden_size": 1048576,
                  "num_hidden_layers": 3, "num_attention_heads": 1, "num_key_value_heads": 1,
                  "head_dim": 1099511627776, "intermediate_size": 549755813888,
                  "vocab_size": 1, "max_position_embeddings": 256})"),
              StatusIs(StatusCode::kOutOfRange,
                       "layers: sum overflows 64-bit counts (6341068275339755520 + "
                       "6341068275339755520)"));
  // 2^20 x 2^40 x 3 = 3 x 2^60 of mlp per layer: the third layer's mlp overflows that component.
  EXPECT_THAT(CountStatus(R"({"model_type": "llama", "hidden_size": 1048576,
                  "num_hidden_layers": 100000, "num_attention_heads": 1,
                  "num_key_value_heads": 1, "head_dim": 1, "intermediate_size": 1099511627776,
                  "vocab_size": 1, "max_position_embeddings": 256})"),
              StatusIs(StatusCode::kOutOfRange,
                       "mlp: sum overflows 64-bit counts (6917529027641081856 + "
                       "3458764513820540928)"));
}

}  // namespace
}  // namespace llmcost
