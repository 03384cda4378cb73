// Tests of the KV cache and serving figures against published per-token sizes (REFERENCE §3.3).
#include "llmcost/analysis/serving_memory.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "llmcost/config.h"

#include "testing/golden_files.h"
#include "testing/status_matchers.h"

namespace llmcost {
namespace {

using ::llmcost::testing::SourcePath;
using ::llmcost::testing::StatusIs;

Architecture Checkpoint(const std::string& file) {
  Result<Architecture> arch =
      LoadArchitecture(SourcePath("tests/reference/checkpoints/" + file), {});
  EXPECT_TRUE(arch.ok()) << arch.status().message();
  return arch.ok() ? *arch : Architecture{};
}

// Bytes per token = 2 L k d_h bytes (REFERENCE §3.3).
TEST(KvCacheTest, PublishedBytesPerToken) {
  // Llama-2-7B model card / sku_list: 32 layers, 32 KV heads of 128: 524,288 B = 0.5 MiB.
  EXPECT_EQ(*KvCacheBytesPerToken(Checkpoint("meta-llama__Llama-2-7b-hf.json"), DType::kBf16),
            524288);
  // DeepSeek-V3 §2.1.1 / ISCA'25 Table 1: 61 layers x (512 + 64) x 2 = 70,272 B.
  EXPECT_EQ(*KvCacheBytesPerToken(Checkpoint("deepseek-ai__DeepSeek-V3.json"), DType::kBf16),
            70272);
  // Llama-3.1-405B (126 layers, 8 KV heads of 128; meta-llama/llama-models sku_list.py):
  // 516,096 B (ISCA'25 Table 1: 516.096 KB).
  Result<Architecture> llama405 = ParseArchitecture(
      R"({"model_type": "llama", "hidden_size": 16384, "num_hidden_layers": 126,
          "num_attention_heads": 128, "num_key_value_heads": 8, "intermediate_size": 53248,
          "vocab_size": 128256, "max_position_embeddings": 131072})",
      "llama-3.1-405b", {});
  ASSERT_TRUE(llama405.ok()) << llama405.status().message();
  EXPECT_EQ(*KvCacheBytesPerToken(*llama405, DType::kBf16), 516096);
  // fp8 halves it; int4 quarters it.
  EXPECT_EQ(*KvCacheBytesPerToken(*llama405, DType::kFp8), 258048);
  EXPECT_EQ(*KvCacheBytesPerToken(*llama405, DType::kInt4), 129024);
}

// Mistral-7B-v0.1: every layer has a 4096-token window, so a 32k-token sequence caches 4096.
TEST(KvCacheTest, SlidingWindowCapsTheSequence) {
  const Architecture a = Checkpoint("mistralai__Mistral-7B-v0.1.json");
  const int64_t per_token = *KvCacheBytesPerToken(a, DType::kBf16);
  EXPECT_EQ(per_token, 2 * 32 * 8 * 128 * 2);
  EXPECT_EQ(*KvCacheBytesPerSequence(a, DType::kBf16, 1000), 1000 * per_token);
  EXPECT_EQ(*KvCacheBytesPerSequence(a, DType::kBf16, 32768), 4096 * per_token);
}

Hardware H100() {
  Hardware hw;
  hw.id = "h100-sxm";
  hw.peak_bf16_flops_per_s = 989.4e12;
  hw.peak_fp8_flops_per_s = 1979e12;
  hw.memory_bytes = int64_t{80} << 30;
  hw.memory_bandwidth_bytes_per_s = 3.35e12;
  return hw;
}

TEST(ServingTest, Llama2SevenBOnH100) {
  const Architecture a = Checkpoint("meta-llama__Llama-2-7b-hf.json");
  Result<ParameterCount> params = CountParameters(a);
  Result<FlopsEstimate> flops = EstimateFlops(a, *params, {.seq_len = 4096});
  ASSERT_TRUE(params.ok() && flops.ok());
  const Hardware hw = H100();
  Result<ServingEstimate> s =
      EstimateServing(a, *params, *flops, {.context = 4096, .batch = 8}, &hw);
  ASSERT_TRUE(s.ok()) << s.status().message();
  EXPECT_EQ(s->weights_bytes, 2 * params->total);               // 6,738,415,616 parameters
  EXPECT_EQ(s->kv_cache_bytes_per_sequence, int64_t{2} << 30);  // 2 GiB at 4K (model card)
  EXPECT_EQ(s->kv_cache_bytes, int64_t{16} << 30);
  EXPECT_EQ(s->total_bytes, s->weights_bytes + s->kv_cache_bytes);
  EXPECT_TRUE(*s->fits);
  EXPECT_EQ(*s->max_sequences, (hw.memory_bytes - s->weights_bytes) / (int64_t{2} << 30));
  // Decoding reads the weights and the 8 caches once per step.
  EXPECT_DOUBLE_EQ(*s->decode_time_per_token_s,
                   static_cast<double>(s->weights_bytes + s->kv_cache_bytes) / 3.35e12);
  EXPECT_DOUBLE_EQ(*s->prefill_time_s, 8 * 4096 * flops->forward / 989.4e12);
}

TEST(ServingTest, MoeDecodeReadsOnlyVisitedExperts) {
  const Architecture a = Checkpoint("mistralai__Mixtral-8x7B-v0.1.json");
  Result<ParameterCount> params = CountParameters(a);
  Result<FlopsEstimate> flops = EstimateFlops(a, *params, {.seq_len = 4096});
  Result<ServingEstimate> one = EstimateServing(a, *params, *flops, {.batch = 1}, nullptr);
  ASSERT_TRUE(one.ok());
  // Batch 1: 2 of 8 experts per layer; the step reads the active parameters.
  EXPECT_DOUBLE_EQ(one->expected_experts_read, 2);
  EXPECT_NEAR(static_cast<double>(one->decode_bytes_per_step - one->kv_cache_bytes),
              2.0 * static_cast<double>(params->active), 1);
  EXPECT_FALSE(one->fits.has_value());
}

TEST(ServingTest, RejectsBadContextAndBatch) {
  const Architecture a = Checkpoint("meta-llama__Llama-2-7b-hf.json");
  Result<ParameterCount> params = CountParameters(a);
  Result<FlopsEstimate> flops = EstimateFlops(a, *params, {});
  EXPECT_THAT(EstimateServing(a, *params, *flops, {.batch = 0}, nullptr),
              StatusIs(StatusCode::kInvalidArgument, "batch: must be >= 1, got 0"));
  EXPECT_THAT(EstimateServing(a, *params, *flops, {.context = -1}, nullptr),
              StatusIs(StatusCode::kInvalidArgument, "seq_len: must be >= 1, got -1"));
}

}  // namespace
}  // namespace llmcost
