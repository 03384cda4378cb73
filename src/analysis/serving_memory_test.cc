// Tests of the KV cache and serving figures against published per-token sizes
// (docs/formulas.md#kv-cache; docs/references.md#zhao2025).
#include "llmcost/analysis/serving_memory.h"

#include <tuple>

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

// Bytes per token = 2 L k d_h bytes (Ainslie et al. 2023; docs/formulas.md#kv-cache).
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
  ServingOptions o;
  o.context = 4096;
  o.batch = 8;
  o.gpu_memory_utilization = 1;
  o.activation_peak_bytes = 0;
  o.non_torch_bytes = 0;
  Result<ServingEstimate> s = EstimateServing(a, *params, *flops, o, &hw);
  ASSERT_TRUE(s.ok()) << s.status().message();
  EXPECT_EQ(s->weights_bytes, 2 * params->total);               // 6,738,415,616 parameters
  EXPECT_EQ(s->kv_cache_bytes_per_sequence, int64_t{2} << 30);  // 2 GiB at 4K (model card)
  EXPECT_EQ(s->kv_cache_bytes, int64_t{16} << 30);
  EXPECT_EQ(s->total_bytes, s->weights_bytes + s->kv_cache_bytes);
  EXPECT_TRUE(*s->fits);
  // Blocks of 16 tokens x 0.5 MiB; a 4096-token request takes 256 of them.
  EXPECT_EQ(s->vllm->num_gpu_blocks, (hw.memory_bytes - s->weights_bytes) / (16 * 524288));
  EXPECT_EQ(*s->max_sequences, s->vllm->num_gpu_blocks / 256);
  // Decoding reads the weights and the 8 caches once per step.
  EXPECT_DOUBLE_EQ(*s->decode_time_per_token_s,
                   static_cast<double>(s->weights_bytes + s->kv_cache_bytes) / 3.35e12);
  EXPECT_DOUBLE_EQ(*s->prefill_time_s, 8 * 4096 * flops->forward / 989.4e12);
  EXPECT_DOUBLE_EQ(*s->time_to_first_token_s, 4096 * flops->forward / 989.4e12);
  // Batch 1, 2, 4, ..., then the maximum concurrency.
  ASSERT_FALSE(s->throughput.empty());
  EXPECT_EQ(s->throughput.front().batch, 1);
  EXPECT_EQ(s->throughput.back().batch, *s->max_sequences);
}

// A model that fits no tensor-parallel degree, with 5,040 heads: 29 degrees up to 64 divide
// it. The search estimates each candidate once; it used to search again from every
// candidate, 2^29 estimates (a fuzzer's timeout).
TEST(ServingTest, WiderTpSearchIsLinearWhenNothingFits) {
  Result<Architecture> arch = ParseArchitecture(
      R"({"model_type": "llama", "hidden_size": 5040, "intermediate_size": 64,
          "num_attention_heads": 5040, "num_key_value_heads": 5040, "head_dim": 1,
          "num_hidden_layers": 1, "vocab_size": 64, "max_position_embeddings": 4096})",
      "many-heads", {});
  ASSERT_TRUE(arch.ok()) << arch.status().message();
  Result<ParameterCount> params = CountParameters(*arch);
  Result<FlopsEstimate> flops = EstimateFlops(*arch, *params, {.seq_len = 4096});
  ASSERT_TRUE(params.ok() && flops.ok());
  Hardware hw = H100();
  hw.memory_bytes = int64_t{1} << 20;  // 1 MiB: no tp up to 64 holds the weights
  hw.usable_memory_bytes = std::nullopt;
  ServingOptions o;
  o.context = 4096;
  Result<ServingEstimate> s = EstimateServing(*arch, *params, *flops, o, &hw);
  ASSERT_TRUE(s.ok()) << s.status().message();
  EXPECT_FALSE(*s->fits);
  EXPECT_FALSE(s->smallest_fitting_tp.has_value());
}

// A state-space model caches no tokens; each request holds its fixed state instead, so the
// concurrency is the memory left over that state (it used to be 0 blocks: "does not fit").
// Mamba-Codestral-7B: 64 Mamba-2 layers, d_inner = 2 x 4096 = 8192, N = 128, 8 groups,
// conv kernel 4: per layer 8192 x 128 + (8192 + 2 x 8 x 128) x 3 = 1,079,296 elements,
// x 64 layers x 2 bytes = 138,149,888 B per request.
TEST(ServingTest, StateSpaceRequestsHoldTheirState) {
  const Architecture a = Checkpoint("mistralai__Mamba-Codestral-7B-v0.1.json");
  Result<ParameterCount> params = CountParameters(a);
  Result<FlopsEstimate> flops = EstimateFlops(a, *params, {.seq_len = 4096});
  ASSERT_TRUE(params.ok() && flops.ok());
  const Hardware hw = H100();
  ServingOptions o;
  o.context = 4096;
  o.activation_peak_bytes = 0;
  o.non_torch_bytes = 0;
  o.gpu_memory_utilization = 1;
  Result<ServingEstimate> s = EstimateServing(a, *params, *flops, o, &hw);
  ASSERT_TRUE(s.ok()) << s.status().message();
  ASSERT_TRUE(s->vllm.has_value());
  const VllmKvCache& v = *s->vllm;
  EXPECT_EQ(v.recurrent_state_per_request, 138149888);
  EXPECT_EQ(v.kv_cache_needed_for_one_request, 138149888);
  EXPECT_EQ(v.num_gpu_blocks, 0);  // no attention layer, no blocks
  const int64_t available = hw.memory_bytes - s->weights_bytes;
  EXPECT_EQ(v.available_kv_cache_memory, available);
  EXPECT_DOUBLE_EQ(v.max_concurrency, static_cast<double>(available) / 138149888.0);
  EXPECT_TRUE(v.fits);
  EXPECT_EQ(*s->max_sequences, available / 138149888);
  // With tp 2 each rank holds half the heads' state.
  o.tp = 2;
  s = EstimateServing(a, *params, *flops, o, &hw);
  ASSERT_TRUE(s.ok()) << s.status().message();
  EXPECT_EQ(s->vllm->recurrent_state_per_request, 138149888 / 2);
  // An fp8 KV cache leaves the state in 16 bits: vLLM keeps it at --mamba-cache-dtype, whose
  // default is the model's dtype (MambaStateDtypeCalculator, mamba_utils.py).
  o.kv_cache = DType::kFp8;
  s = EstimateServing(a, *params, *flops, o, &hw);
  ASSERT_TRUE(s.ok()) << s.status().message();
  EXPECT_EQ(s->recurrent_state_bytes, 138149888);
  EXPECT_EQ(s->vllm->recurrent_state_per_request, 138149888 / 2);
}

// Only softmax-attention layers take KV blocks; the state-space and linear-attention layers
// of a hybrid hold one state page per request (vLLM's MambaSpec) and no per-token cache.
// Jamba-v0.1, bf16: 4 attention layers x 2 x 8 x 128 x 2 B = 16,384 B per token per rank (not
// 32 layers' 131,072). Qwen3-Next-80B-A3B at tp 2: its 2 KV heads split one per rank, 12
// full-attention layers x 2 x 1 x 256 x 2 B = 12,288 B per token per rank (not 48 layers').
TEST(ServingTest, HybridBlocksHoldOnlyTheAttentionLayers) {
  for (const auto& [file, tp, per_rank] :
       {std::tuple{"ai21labs__Jamba-v0.1.json", 1, int64_t{16384}},
        std::tuple{"Qwen__Qwen3-Next-80B-A3B-Instruct.json", 2, int64_t{12288}}}) {
    SCOPED_TRACE(file);
    const Architecture a = Checkpoint(file);
    Result<ParameterCount> params = CountParameters(a);
    Result<FlopsEstimate> flops = EstimateFlops(a, *params, {.seq_len = 4096});
    ASSERT_TRUE(params.ok() && flops.ok());
    ServingOptions o;
    o.context = 4096;
    o.tp = tp;
    Result<ServingEstimate> s = EstimateServing(a, *params, *flops, o, nullptr);
    ASSERT_TRUE(s.ok()) << s.status().message();
    EXPECT_EQ(s->kv_cache_bytes_per_token_per_rank, per_rank);
    EXPECT_EQ(s->kv_cache_block_bytes, per_rank * o.block_size);
  }
}

// vLLM's own start-up logs, every input stated (all GiB as vLLM prints them, 2 decimals).
Architecture Llama3_8b(int64_t max_positions) {
  Result<Architecture> arch = ParseArchitecture(
      R"({"model_type": "llama", "hidden_size": 4096, "intermediate_size": 14336,
          "num_attention_heads": 32, "num_hidden_layers": 32, "num_key_value_heads": 8,
          "vocab_size": 128256, "tie_word_embeddings": false, "max_position_embeddings": )" +
          std::to_string(max_positions) + "}",
      "Llama-3-8B", {});
  EXPECT_TRUE(arch.ok()) << arch.status().message();
  return arch.ok() ? *arch : Architecture{};
}

Hardware Usable(double gib) {
  Hardware hw = H100();
  hw.usable_memory_bytes = static_cast<int64_t>(gib * 1073741824.0);
  return hw;
}

constexpr double kGiB = 1073741824.0;

// vllm-project/vllm issue #10517 (vLLM V0, RTX 3090, meta-llama/Llama-3.1-8B-Instruct):
//   total_gpu_memory=23.58GiB peak_torch_memory=17.06GiB non_torch_memory=0.35GiB
//   kv_cache_size=3.81GiB gpu_memory_utilization=0.90 / # GPU blocks: 1952 /
//   Maximum concurrency for 20000 tokens per request: 1.56x
// and with --max-model-len 29000 (peak 17.98GiB): kv_cache_size=2.89GiB, # GPU blocks: 1478,
// 0.82x, "The model's max seq len (29000) is larger than the maximum number of tokens that
// can be stored in KV cache (23648)". Peak torch memory = weights + activation peak.
TEST(ServingTest, VllmLogsRtx3090Llama31) {
  const Architecture a = Llama3_8b(131072);
  Result<ParameterCount> params = CountParameters(a);
  Result<FlopsEstimate> flops = EstimateFlops(a, *params, {.seq_len = 20000});
  ASSERT_TRUE(params.ok() && flops.ok());
  const Hardware hw = Usable(23.58);
  struct Case {
    int64_t max_model_len;
    double peak_torch_gib;
    int64_t blocks;
    double concurrency;
    bool fits;
  };
  for (const Case& c :
       {Case{20000, 17.06, 1952, 1.56, true}, Case{29000, 17.98, 1478, 0.82, false}}) {
    SCOPED_TRACE(c.max_model_len);
    ServingOptions o;
    o.context = c.max_model_len;
    o.non_torch_bytes = static_cast<int64_t>(0.35 * kGiB);
    // "Loading model weights took 14.9888 GB" (GiB): 8,030,261,248 parameters x 2 bytes.
    // peak_torch_memory = model weights (with the RoPE cache) + activation peak.
    o.activation_peak_bytes = static_cast<int64_t>(c.peak_torch_gib * kGiB) - 2 * params->total -
                              int64_t{131072} * 128 * 2;
    Result<ServingEstimate> s = EstimateServing(a, *params, *flops, o, &hw);
    ASSERT_TRUE(s.ok()) << s.status().message();
    // ... plus the RoPE cos/sin cache, 131072 positions x 128 x 2 bytes = 0.03125 GiB.
    EXPECT_NEAR(static_cast<double>(s->vllm->model_weights) / kGiB, 14.9888, 5e-5);
    EXPECT_NEAR(static_cast<double>(s->vllm->num_gpu_blocks), static_cast<double>(c.blocks), 6);
    EXPECT_NEAR(s->vllm->max_concurrency, c.concurrency, 0.01);
    EXPECT_EQ(s->vllm->fits, c.fits);
    EXPECT_EQ(s->fits.value(), c.fits);
    EXPECT_EQ(s->decode_time_per_token_s.has_value(), c.fits);  // no speeds when it does not fit
  }
}

// vllm-project/vllm PR #10511 (H100, meta-llama/Meta-Llama-3-8B, max_model_len 8192):
//   tp 1: total_gpu_memory 79.22GiB, gpu_memory_utilization 0.90, can use 71.29GiB, model
//   weights take 14.96GiB, non_torch_memory 1.79GiB, PyTorch activation peak memory 1.26GiB,
//   available_kv_cache_memory 53.29GiB; tp 2: weights 7.48GiB, non_torch 3.58GiB, peak 1.26GiB.
TEST(ServingTest, VllmLogsH100Llama3TensorParallel) {
  const Architecture a = Llama3_8b(8192);
  Result<ParameterCount> params = CountParameters(a);
  Result<FlopsEstimate> flops = EstimateFlops(a, *params, {.seq_len = 8192});
  ASSERT_TRUE(params.ok() && flops.ok());
  // 79.22 GiB x 0.90 printed as 71.29 GiB brackets the total to [79.2150, 79.2166] GiB.
  const Hardware hw = Usable(79.2158);
  for (int64_t tp : {1, 2}) {
    SCOPED_TRACE(tp);
    ServingOptions o;
    o.context = 8192;
    o.tp = tp;
    Result<ServingEstimate> s = EstimateServing(a, *params, *flops, o, &hw);
    ASSERT_TRUE(s.ok()) << s.status().message();
    const VllmKvCache& v = *s->vllm;
    EXPECT_NEAR(static_cast<double>(v.requested_memory) / kGiB, 71.29, 0.005);
    EXPECT_NEAR(static_cast<double>(v.model_weights) / kGiB, tp == 1 ? 14.96 : 7.48, 0.005);
    EXPECT_NEAR(static_cast<double>(v.non_torch_memory) / kGiB, tp == 1 ? 1.79 : 3.58, 0.005);
    // The estimate (the sampler's top-k/top-p pass dominates) within 5% of the measured peak.
    EXPECT_NEAR(static_cast<double>(v.activation_peak) / kGiB, 1.26, 0.05 * 1.26);
    if (tp == 1) {
      ServingOptions measured = o;
      measured.activation_peak_bytes = static_cast<int64_t>(1.26 * kGiB);
      Result<ServingEstimate> m = EstimateServing(a, *params, *flops, measured, &hw);
      ASSERT_TRUE(m.ok());
      EXPECT_NEAR(static_cast<double>(m->vllm->available_kv_cache_memory) / kGiB, 53.29, 0.02);
    }
    // tp 2 halves the KV heads per rank: 8 / 2 x 128 x 2 x 2 bytes x 32 layers.
    EXPECT_EQ(s->kv_cache_bytes_per_token_per_rank, tp == 1 ? 131072 : 65536);
  }
}

TEST(ServingTest, PipelineStagesSplitLayersAsVllm) {
  const Architecture a = Llama3_8b(8192);
  Result<ParameterCount> params = CountParameters(a);
  Result<FlopsEstimate> flops = EstimateFlops(a, *params, {.seq_len = 8192});
  ServingOptions o;
  o.pp = 3;  // 32 layers: 11, 11, 10 (get_pp_indices gives the remainder to early stages)
  Result<ServingEstimate> s = EstimateServing(a, *params, *flops, o, nullptr);
  ASSERT_TRUE(s.ok()) << s.status().message();
  EXPECT_EQ(s->kv_cache_bytes_per_token_per_rank, 11 * 4096);
}

TEST(ServingTest, Fp8KvCacheDoublesTheBlocks) {
  const Architecture a = Llama3_8b(8192);
  Result<ParameterCount> params = CountParameters(a);
  Result<FlopsEstimate> flops = EstimateFlops(a, *params, {.seq_len = 8192});
  const Hardware hw = Usable(79.22);
  ServingOptions o;
  o.activation_peak_bytes = 0;
  Result<ServingEstimate> bf16 = EstimateServing(a, *params, *flops, o, &hw);
  o.kv_cache = DType::kFp8;
  Result<ServingEstimate> fp8 = EstimateServing(a, *params, *flops, o, &hw);
  ASSERT_TRUE(bf16.ok() && fp8.ok());
  EXPECT_NEAR(static_cast<double>(fp8->vllm->num_gpu_blocks),
              2.0 * static_cast<double>(bf16->vllm->num_gpu_blocks), 1);
}

TEST(ServingTest, TooSmallAcceleratorGivesNoSpeeds) {
  const Architecture a = Checkpoint("mistralai__Mixtral-8x7B-v0.1.json");
  Result<ParameterCount> params = CountParameters(a);
  Result<FlopsEstimate> flops = EstimateFlops(a, *params, {.seq_len = 4096});
  const Hardware hw = H100();  // 93 GB of bf16 weights on one 80 GB GPU
  Result<ServingEstimate> s = EstimateServing(a, *params, *flops, {.context = 4096}, &hw);
  ASSERT_TRUE(s.ok()) << s.status().message();
  EXPECT_FALSE(*s->fits);
  EXPECT_LT(s->vllm->available_kv_cache_memory, 0);
  EXPECT_FALSE(s->decode_time_per_token_s.has_value());
  EXPECT_FALSE(s->time_to_first_token_s.has_value());
  EXPECT_TRUE(s->throughput.empty());
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

TEST(ServingTest, BadInputsNameTheField) {
  const Architecture a = Llama3_8b(8192);
  Result<ParameterCount> params = CountParameters(a);
  Result<FlopsEstimate> flops = EstimateFlops(a, *params, {});
  struct Case {
    const char* name;
    ServingOptions options;
    const char* message;
  };
  auto with = [](auto set) {
    ServingOptions o;
    set(o);
    return o;
  };
  const Case cases[] = {
      {"batch", with([](ServingOptions& o) { o.batch = 0; }), "batch: must be >= 1, got 0"},
      {"context", with([](ServingOptions& o) { o.context = -1; }), "seq_len: must be >= 1, got -1"},
      {"tp heads", with([](ServingOptions& o) { o.tp = 3; }),
       "tp: must divide num_attention_heads (32), got 3"},
      {"pp", with([](ServingOptions& o) { o.pp = 40; }),
       "pp: must be in [1, num_hidden_layers (32)], got 40"},
      {"utilization 0", with([](ServingOptions& o) { o.gpu_memory_utilization = 0; }),
       "gpu_memory_utilization: must be in (0, 1], got 0"},
      {"utilization 1.5", with([](ServingOptions& o) { o.gpu_memory_utilization = 1.5; }),
       "gpu_memory_utilization: must be in (0, 1], got 1.5"},
      {"block", with([](ServingOptions& o) { o.block_size = 12; }),
       "block_size: must be one of 1, 8, 16, 32, 64, 128, got 12"},
      {"max_model_len", with([](ServingOptions& o) { o.max_model_len = 100000; }),
       "max_model_len: must be <= max_position_embeddings (8192) of the config, got 100000"},
      {"mbu", with([](ServingOptions& o) { o.mbu = 0; }), "mbu: must be in (0, 1], got 0"},
      {"mfu", with([](ServingOptions& o) { o.mfu = 2; }), "mfu: must be in (0, 1], got 2"},
  };
  for (const Case& c : cases) {
    SCOPED_TRACE(c.name);
    EXPECT_THAT(EstimateServing(a, *params, *flops, c.options, nullptr),
                StatusIs(StatusCode::kInvalidArgument, c.message));
  }
  // 48 heads, 6 KV heads: tp 4 divides the heads, and neither divides nor is a multiple of 6.
  Result<Architecture> odd = ParseArchitecture(
      R"({"model_type": "llama", "hidden_size": 6144, "intermediate_size": 16384,
          "num_attention_heads": 48, "num_hidden_layers": 2, "num_key_value_heads": 6,
          "vocab_size": 1000, "max_position_embeddings": 4096})",
      "odd", {});
  ASSERT_TRUE(odd.ok()) << odd.status().message();
  Result<ParameterCount> odd_params = CountParameters(*odd);
  Result<FlopsEstimate> odd_flops = EstimateFlops(*odd, *odd_params, {});
  ServingOptions o;
  o.tp = 4;
  EXPECT_THAT(EstimateServing(*odd, *odd_params, *odd_flops, o, nullptr),
              StatusIs(StatusCode::kInvalidArgument,
                       "tp: must divide num_key_value_heads (6) or be a multiple of it, got 4"));
  o.tp = 12;  // a multiple of 6: vLLM replicates each KV head on 2 ranks
  EXPECT_TRUE(EstimateServing(*odd, *odd_params, *odd_flops, o, nullptr).ok());
}

}  // namespace
}  // namespace llmcost
