// Reference tests: llmcost against numbers published by others, each with its source.
//
// Parameter counts of real checkpoints come from tests/reference/checkpoints.json (one
// entry per checkpoint: the published count, its source and how it was derived); every
// one must match to the single parameter. A count its publisher gives only rounded is
// checked at each published rounding ("rounded": unit and value), and the entry says so.
#include <algorithm>
#include <cmath>
#include <set>

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include "llmcost/analysis/flops.h"
#include "llmcost/analysis/parameters.h"
#include "llmcost/analysis/serving_memory.h"
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
    // Counts a publisher gives only rounded: each published rounding must hold.
    if (e.contains("rounded")) {
      for (const nlohmann::json& r : e["rounded"]) {
        SCOPED_TRACE(r["source"].get<std::string>());
        const std::string what = r["what"].get<std::string>();
        // "non_embedding": without the input embedding and the output head, as some
        // publishers count (Cohere's 7B, GLM's 106B / 12B). "checkpoint_with_mtp_copies":
        // what a checkpoint that ships its MTP layer holds: the model, the MTP modules and the
        // MTP layer's own copies of the embedding and the head (GLM-4.5's model.layers.46
        // stores embed_tokens and shared_head.head).
        const int64_t value_params =
            what == "active"                       ? count->active
            : what == "non_embedding"              ? count->total - count->embedding
            : what == "active_non_embedding"       ? count->active - count->embedding
            : what == "checkpoint_with_mtp_copies" ? count->total + count->mtp + count->embedding
                                                   : count->total;
        const double value = static_cast<double>(value_params);
        EXPECT_EQ(std::llround(value / r["unit"].get<double>()), r["value"].get<int64_t>());
      }
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

namespace llmcost {
namespace {

Architecture LoadCheckpoint(const std::string& name) {
  Result<Architecture> arch =
      LoadArchitecture(::llmcost::testing::SourcePath("tests/reference/checkpoints/" + name), {});
  EXPECT_TRUE(arch.ok()) << arch.status().message();
  return arch.ok() ? *arch : Architecture{};
}

// Qwen3-Next-80B-A3B (config in tests/reference/checkpoints), by hand:
// 12 full-attention layers cache K and V of 2 KV heads x 256: 2 x 2 x 256 = 1024 elements,
// 2048 B per token in bf16, 24,576 B for the 12 layers. 36 Gated DeltaNet layers keep
// 32 x 128 x 128 = 524,288 state elements + 3 x (2 x 16 x 128 + 32 x 128) = 24,576 conv
// elements: 36 x 548,864 x 2 B = 39,518,208 B per sequence at any context.
// At 4096 tokens: 4096 x 24,576 + 39,518,208 = 140,181,504 B.
TEST(HybridReferenceTest, Qwen3NextCacheAndRecurrentState) {
  Architecture a = LoadCheckpoint("Qwen__Qwen3-Next-80B-A3B-Instruct.json");
  EXPECT_EQ(*KvCacheBytesPerToken(a, DType::kBf16), 24576);
  EXPECT_EQ(*RecurrentStateBytes(a, DType::kBf16), 39518208);
  EXPECT_EQ(*KvCacheBytesPerSequence(a, DType::kBf16, 4096), 140181504);
  EXPECT_EQ(*KvCacheBytesPerSequence(a, DType::kBf16, 1), 24576 + 39518208);
}

// Qwen3-Next FLOPs at s = 4096, causal, by hand: per linear layer projections
// 2 x (2048 x 12288 + 2048 x 64 + 4096 x 2048) = 67,371,008 and recurrence
// 2 x 8192 x 4 (conv) + 6 x 32 x 128 x 128 = 3,211,264, x 36 = 2,540,961,792; per full layer
// scores 2 x 16 x (256 + 256) = 16,384 FLOPs per key x 2048.5 keys = 33,562,624, x 12.
// The linear part does not change with s.
TEST(HybridReferenceTest, Qwen3NextFlops) {
  Architecture a = LoadCheckpoint("Qwen__Qwen3-Next-80B-A3B-Instruct.json");
  Result<ParameterCount> p = CountParameters(a);
  ASSERT_TRUE(p.ok());
  FlopsOptions o;
  o.seq_len = 4096;
  Result<FlopsEstimate> f = EstimateFlops(a, *p, o);
  ASSERT_TRUE(f.ok());
  EXPECT_DOUBLE_EQ(f->linear_attention, 2540961792.0);
  EXPECT_DOUBLE_EQ(f->attention_scores, 12 * 33562624.0);
  EXPECT_DOUBLE_EQ(f->mean_context, 2048.5);
  o.seq_len = 65536;
  Result<FlopsEstimate> longer = EstimateFlops(a, *p, o);
  ASSERT_TRUE(longer.ok());
  EXPECT_DOUBLE_EQ(longer->linear_attention, f->linear_attention);
  ASSERT_EQ(f->forward_by_layer_kind.size(), 2u);
  EXPECT_EQ(f->forward_by_layer_kind[0].name, "linear attention, MoE");
  EXPECT_EQ(f->forward_by_layer_kind[1].name, "full attention, MoE");
  EXPECT_DOUBLE_EQ(f->forward_by_layer_kind[0].value + f->forward_by_layer_kind[1].value,
                   f->forward - f->lm_head);
  ASSERT_EQ(p->layer_kinds.size(), 2u);
  EXPECT_EQ(p->layer_kinds[0].layers, 36);
  EXPECT_EQ(p->layer_kinds[0].params, 36 * int64_t{1648531648});
  EXPECT_EQ(p->layer_kinds[1].params, 12 * int64_t{1642076672});
}

// GPT-OSS-20B at its 131072-token limit, bf16: 2 x 8 x 64 x 2 B = 2048 B per token per
// layer; 12 full layers keep 131072 tokens, 12 sliding layers 128:
// 12 x 131072 x 2048 + 12 x 128 x 2048 = 3,224,371,200 B.
TEST(HybridReferenceTest, GptOssSlidingCache) {
  Architecture a = LoadCheckpoint("openai__gpt-oss-20b.json");
  EXPECT_EQ(*KvCacheBytesPerSequence(a, DType::kBf16, 131072), 3224371200);
  EXPECT_EQ(*RecurrentStateBytes(a, DType::kBf16), 0);
}

// Llama-4-Scout at 32768 tokens, bf16: 2 x 8 x 128 x 2 B = 4096 B per token per layer;
// 12 NoPE layers (3, 7, ..., 47) are global, 36 RoPE layers chunked at 8192:
// 12 x 32768 x 4096 + 36 x 8192 x 4096 = 2,818,572,288 B. Mean keys per query at s = 16384:
// global (16384 + 1) / 2 = 8192.5, chunked (2 x 8192 x 8193 / 2) / 16384 = 4096.5, over 48
// layers (12 x 8192.5 + 36 x 4096.5) / 48 = 5120.5.
TEST(HybridReferenceTest, Llama4ChunkedAttention) {
  Architecture a = LoadCheckpoint("meta-llama__Llama-4-Scout-17B-16E-Instruct.json");
  ASSERT_EQ(a.layers.size(), 48u);
  EXPECT_FALSE(a.layers[3].rope);
  EXPECT_EQ(a.layers[3].mixer, MixerKind::kFullAttention);
  EXPECT_EQ(a.layers[0].mixer, MixerKind::kChunkedAttention);
  EXPECT_EQ(*KvCacheBytesPerSequence(a, DType::kBf16, 32768), 2818572288);
  FlopsOptions o;
  o.seq_len = 16384;
  Result<FlopsEstimate> f = EstimateFlops(a, *CountParameters(a), o);
  ASSERT_TRUE(f.ok());
  EXPECT_DOUBLE_EQ(f->mean_context, 5120.5);
}

// Gemma-3-1B at s = 32768: 22 local layers with window 512 see
// (512 x 513 / 2 + (32768 - 512) x 512) / 32768 = 508.0078125 keys, 4 global layers 16384.5:
// mean (22 x 508.0078125 + 4 x 16384.5) / 26.
TEST(HybridReferenceTest, Gemma3LocalGlobalContext) {
  Architecture a = LoadCheckpoint("google__gemma-3-1b-pt.json");
  Result<FlopsEstimate> f = EstimateFlops(a, *CountParameters(a), {});
  ASSERT_TRUE(f.ok());
  EXPECT_EQ(f->seq_len, 32768);
  EXPECT_DOUBLE_EQ(f->mean_context, (22 * 508.0078125 + 4 * 16384.5) / 26);
}

// Mamba-Codestral-7B (64 Mamba-2 layers, d_i 8192, N 128, G 8, H 128, K 4), by hand:
// state per layer 8192 x 128 = 1,048,576 + conv 3 x (8192 + 2 x 8 x 128) = 30,720 elements,
// 64 x 1,079,296 x 2 B = 138,149,888 B per sequence in bf16 at any context; no KV cache.
// FLOPs per layer: projections 2 x (4096 x 18560 + 8192 x 4096) = 219,152,384; conv
// 2 x 10240 x 4 = 81,920, skip 2 x 8192, scan 5 x 8192 x 128 = 5,242,880 (5,341,184 in all);
// x 64 = 14,367,588,352 plus the head 2 x 4096 x 32768, the same at any s.
TEST(HybridReferenceTest, Mamba2StateAndFlops) {
  Architecture a = LoadCheckpoint("mistralai__Mamba-Codestral-7B-v0.1.json");
  EXPECT_EQ(*KvCacheBytesPerToken(a, DType::kBf16), 0);
  EXPECT_EQ(*RecurrentStateBytes(a, DType::kBf16), 138149888);
  EXPECT_EQ(*KvCacheBytesPerSequence(a, DType::kBf16, 100000), 138149888);
  Result<ParameterCount> p = CountParameters(a);
  ASSERT_TRUE(p.ok());
  FlopsOptions o;
  o.seq_len = 4096;
  Result<FlopsEstimate> f = EstimateFlops(a, *p, o);
  ASSERT_TRUE(f.ok()) << f.status().message();
  EXPECT_DOUBLE_EQ(f->state_space, 64 * (219152384.0 + 5341184.0));
  EXPECT_DOUBLE_EQ(f->attention_scores, 0);
  EXPECT_DOUBLE_EQ(f->ffn, 0);
  EXPECT_DOUBLE_EQ(f->forward, 14367588352.0 + 268435456.0);
  o.seq_len = 262144;
  EXPECT_DOUBLE_EQ(EstimateFlops(a, *p, o)->forward, f->forward);
  ASSERT_EQ(p->layer_kinds.size(), 1u);
  EXPECT_EQ(p->layer_kinds[0].kind, "state space");
  EXPECT_EQ(p->layer_kinds[0].params, 64 * int64_t{109640064});
}

// Jamba-v0.1: 4 attention layers (8 KV heads x 128) cache 4 x 2 x 8 x 128 x 2 B = 16,384 B
// per token; 28 Mamba layers keep 8192 x 16 + 3 x 8192 = 155,648 elements each,
// 28 x 155,648 x 2 B = 8,716,288 B per sequence. At 4096 tokens: 4096 x 16,384 + 8,716,288.
// Mamba layer FLOPs: projections 2 x (4096 x 16384 + 8192 x 288 + 256 x 8192 + 8192 x 4096)
// = 210,239,488; conv 2 x 8192 x 4, skip 2 x 8192, scan 6 x 8192 x 16 (868,352 in all).
TEST(HybridReferenceTest, JambaScheduleStateAndFlops) {
  Architecture a = LoadCheckpoint("ai21labs__Jamba-v0.1.json");
  ASSERT_EQ(a.layers.size(), 32u);
  EXPECT_EQ(a.layers[4].mixer, MixerKind::kFullAttention);
  EXPECT_FALSE(a.layers[4].rope);
  EXPECT_FALSE(a.layers[4].moe);
  EXPECT_EQ(a.layers[5].mixer, MixerKind::kStateSpace);
  EXPECT_TRUE(a.layers[5].moe);
  EXPECT_EQ(*KvCacheBytesPerToken(a, DType::kBf16), 16384);
  EXPECT_EQ(*RecurrentStateBytes(a, DType::kBf16), 8716288);
  EXPECT_EQ(*KvCacheBytesPerSequence(a, DType::kBf16, 4096), 4096 * 16384 + 8716288);
  FlopsOptions o;
  o.seq_len = 4096;
  Result<FlopsEstimate> f = EstimateFlops(a, *CountParameters(a), o);
  ASSERT_TRUE(f.ok()) << f.status().message();
  EXPECT_DOUBLE_EQ(f->state_space, 28 * (210239488.0 + 868352.0));
  EXPECT_DOUBLE_EQ(f->mean_context, 2048.5);
}

// Gemma-3-4B (5:1 local/global, window 1024): 34 layers, 4 KV heads x 256, so 2 x 4 x 256 x 2 B
// = 4096 B per token per layer, 139,264 B per token over the 34. Global layers are every sixth
// (5, 11, 17, 23, 29): at 8192 tokens 5 x 8192 x 4096 + 29 x 1024 x 4096 = 167,772,160 +
// 121,634,816 = 289,406,976 B. vLLM (vllm/v1/kv_cache_interface.py at 001cabc1,
// SlidingWindowSpec.max_memory_usage_bytes) reserves a local layer min(1024 - 1 + 8192, 8192)
// tokens + 1 block while a chunked prefill runs: the steady footprint here is the window.
TEST(HybridReferenceTest, Gemma3SlidingWindowCache) {
  Architecture a = LoadCheckpoint("google__gemma-3-4b-it.json");
  EXPECT_EQ(*KvCacheBytesPerToken(a, DType::kBf16), 139264);
  EXPECT_EQ(*KvCacheBytesPerSequence(a, DType::kBf16, 8192), 289406976);
  EXPECT_EQ(*KvCacheBytesPerSequence(a, DType::kBf16, 1024), 1024 * int64_t{139264});
  EXPECT_EQ(*RecurrentStateBytes(a, DType::kBf16), 0);
}

// Command R7B (cohere2: sliding_window 4096, sliding_window_pattern 4): 32 layers, 8 KV heads
// x 128, 2 x 8 x 128 x 2 B = 4096 B per token per layer. Every fourth layer (3, 7, ..., 31) is
// global: at 8192 tokens 8 x 8192 x 4096 + 24 x 4096 x 4096 = 268,435,456 + 402,653,184 =
// 671,088,640 B.
TEST(HybridReferenceTest, Cohere2SlidingWindowCache) {
  Architecture a = LoadCheckpoint("CohereForAI__c4ai-command-r7b-12-2024.json");
  EXPECT_EQ(*KvCacheBytesPerToken(a, DType::kBf16), 131072);
  EXPECT_EQ(*KvCacheBytesPerSequence(a, DType::kBf16, 8192), 671088640);
}

// vLLM keeps the conv and SSM states at --mamba-cache-dtype (MambaStateDtypeCalculator in
// vllm/model_executor/layers/mamba/mamba_utils.py at 02d71083; default "auto" = the model's
// dtype), not at --kv-cache-dtype: with an fp8 KV cache Jamba's 4 attention layers take
// 4 x 2 x 8 x 128 x 1 B = 8192 B per token while its 28 Mamba layers keep 8,716,288 B in bf16.
TEST(HybridReferenceTest, Fp8KvCacheLeavesTheStateIn16Bits) {
  Architecture a = LoadCheckpoint("ai21labs__Jamba-v0.1.json");
  EXPECT_EQ(*KvCacheBytesPerToken(a, DType::kFp8), 8192);
  EXPECT_EQ(*KvCacheBytesPerSequence(a, DType::kFp8, 4096), 4096 * 8192 + 8716288);
  Architecture q = LoadCheckpoint("Qwen__Qwen3-Next-80B-A3B-Instruct.json");
  EXPECT_EQ(*KvCacheBytesPerSequence(q, DType::kFp8, 1), 12288 + 39518208);
}

// Falcon-H1-0.5B: every one of the 36 layers runs attention (2 KV heads x 64) and Mamba-2
// (d_i 1536, N 128, G 1, H 24, K 4) side by side. KV: 36 x 2 x 2 x 64 x 2 B = 18,432 B per
// token; state: 36 x (1536 x 128 + 3 x 1792) x 2 B = 14,542,848 B per sequence. Mamba-2 FLOPs
// per layer: projections 2 x (1024 x 3352 + 1536 x 1024) = 10,010,624; conv 2 x 1792 x 4,
// skip 2 x 1536, scan 5 x 1536 x 128 (1,000,448 in all).
TEST(HybridReferenceTest, FalconH1ParallelAttentionAndMamba2) {
  Architecture a = LoadCheckpoint("tiiuae__Falcon-H1-0.5B-Instruct.json");
  ASSERT_EQ(a.layers.size(), 36u);
  EXPECT_EQ(a.layers[0].mixer, MixerKind::kAttentionAndStateSpace);
  EXPECT_EQ(*KvCacheBytesPerToken(a, DType::kBf16), 18432);
  EXPECT_EQ(*RecurrentStateBytes(a, DType::kBf16), 14542848);
  FlopsOptions o;
  o.seq_len = 4096;
  Result<ParameterCount> p = CountParameters(a);
  Result<FlopsEstimate> f = EstimateFlops(a, *p, o);
  ASSERT_TRUE(f.ok()) << f.status().message();
  EXPECT_DOUBLE_EQ(f->state_space, 36 * (10010624.0 + 1000448.0));
  EXPECT_DOUBLE_EQ(f->mean_context, 2048.5);
  ASSERT_EQ(p->layer_kinds.size(), 1u);
  EXPECT_EQ(p->layer_kinds[0].kind, "attention + state space, MLP");
}

}  // namespace
}  // namespace llmcost

namespace llmcost {
namespace {

// t5-small (config in tests/reference/checkpoints), by hand. d 512, h 8 x d_kv 64, d_ff 2048
// (relu), 6 + 6 layers, V 32128, tied.
// Parameters: encoder 6 x (4 x 512^2 + 2 x 512 x 2048 + 2 x 512) + 32 x 8 + 512 = 18,881,280;
// decoder without cross-attention the same 18,881,280; cross-attention 6 x (4 x 512^2 + 512) =
// 6,294,528; embedding 32128 x 512 = 16,449,536; total 60,506,624 (published).
// Cache, bf16: 6 decoder self-attention layers and 6 cross-attention sublayers each keep
// 2 x 8 x 64 elements per token: 12 x 1024 x 2 B = 24,576 B; encoder layers keep nothing.
// FLOPs per token at s = 512 (causal): projections 2 x 4 x 512^2 = 2,097,152 per attention;
// 2 h (d_qk + d_v) = 2048 per key. Encoder: 6 x (2,097,152 + 2048 x 512) = 18,874,368
// (bidirectional: 512 keys); decoder self-attention 6 x (2,097,152 + 2048 x 256.5) = 15,734,784;
// cross-attention 6 x (2,097,152 + 2048 x 512) = 18,874,368; MLP 12 x 2 x 2 x 512 x 2048 =
// 50,331,648; head 2 x 512 x 32128 = 32,899,072. Forward 136,714,240.
TEST(EncoderDecoderReferenceTest, T5SmallStacksCacheAndFlops) {
  Architecture a = LoadCheckpoint("google-t5__t5-small.json");
  ASSERT_EQ(a.layers.size(), 12u);
  EXPECT_TRUE(a.layers[0].encoder);
  EXPECT_FALSE(a.layers[0].cross_attention);
  EXPECT_FALSE(a.layers[6].encoder);
  EXPECT_TRUE(a.layers[6].cross_attention);
  EXPECT_TRUE(a.is_encoder_decoder());
  Result<ParameterCount> p = CountParameters(a);
  ASSERT_TRUE(p.ok()) << p.status().message();
  EXPECT_EQ(p->total, 60506624);
  EXPECT_EQ(p->encoder, 18881280);
  EXPECT_EQ(p->decoder, 18881280);
  EXPECT_EQ(p->cross_attention, 6294528);
  EXPECT_EQ(p->position, 2 * 32 * 8);
  EXPECT_EQ(p->embedding, 16449536);
  EXPECT_EQ(p->encoder + p->decoder + p->cross_attention, p->transformer + p->position);
  ASSERT_EQ(p->layer_kinds.size(), 2u);
  EXPECT_EQ(p->layer_kinds[0].kind, "encoder full attention, MLP");
  EXPECT_EQ(p->layer_kinds[0].params, 6 * int64_t{3146752});
  EXPECT_EQ(p->layer_kinds[1].kind, "full attention + cross-attention, MLP");
  EXPECT_EQ(p->layer_kinds[1].params, 6 * int64_t{4195840});
  EXPECT_EQ(*KvCacheBytesPerToken(a, DType::kBf16), 24576);
  EXPECT_EQ(*KvCacheBytesPerSequence(a, DType::kBf16, 512), 512 * 24576);
  FlopsOptions o;
  o.seq_len = 512;
  Result<FlopsEstimate> f = EstimateFlops(a, *p, o);
  ASSERT_TRUE(f.ok()) << f.status().message();
  EXPECT_DOUBLE_EQ(f->cross_attention, 18874368.0);
  EXPECT_DOUBLE_EQ(f->attention_projections + f->attention_scores, 18874368.0 + 15734784.0);
  EXPECT_DOUBLE_EQ(f->ffn, 50331648.0);
  EXPECT_DOUBLE_EQ(f->lm_head, 32899072.0);
  EXPECT_DOUBLE_EQ(f->forward, 136714240.0);
}

// mT5-small: attention width h d_kv = 6 x 64 = 384, not d_model 512; read by the t5 field map
// (said so); untied. Cache per token, bf16: (8 + 8) x 2 x 384 x 2 B = 24,576 B.
TEST(EncoderDecoderReferenceTest, Mt5IsT5UnderANewName) {
  Architecture a = LoadCheckpoint("google__mt5-small.json");
  EXPECT_EQ(a.head_dim * a.num_heads, 384);
  EXPECT_EQ(a.tying, Tying::kUntied);
  EXPECT_TRUE(std::any_of(a.assumptions.begin(), a.assumptions.end(), [](const std::string& s) {
    return s.find("T5 architecture under a new name") != std::string::npos;
  }));
  EXPECT_EQ(*KvCacheBytesPerToken(a, DType::kBf16), 24576);
}

// UMT5 keeps a relative-position bias table in every self-attention layer (UMT5Attention with
// has_relative_attention_bias=True in each layer; none in cross-attention), by hand for a tiny
// config: d 64, h 4 x d_kv 16, gated d_ff 128, 2 + 3 layers, V 100 untied, 8 buckets.
// Attention 4 x 64 x 64 = 16,384; MLP 3 x 64 x 128 = 24,576; a layer with its 2 norms 41,088.
// Encoder 2 x 41,088 + 2 x 8 x 4 + 64 = 82,304; decoder 3 x 41,088 + 3 x 32 + 64 = 123,424;
// cross-attention 3 x (16,384 + 64) = 49,344; embeddings 2 x 6,400; total 267,872.
TEST(EncoderDecoderReferenceTest, Umt5BiasInEveryLayer) {
  Result<Architecture> a = ParseArchitecture(R"({"model_type": "umt5", "d_model": 64,
      "d_kv": 16, "num_heads": 4, "d_ff": 128, "num_layers": 2, "num_decoder_layers": 3,
      "vocab_size": 100, "relative_attention_num_buckets": 8,
      "feed_forward_proj": "gated-gelu", "tie_word_embeddings": false})",
                                             "umt5.json", {});
  ASSERT_TRUE(a.ok()) << a.status().message();
  Result<ParameterCount> p = CountParameters(*a);
  ASSERT_TRUE(p.ok()) << p.status().message();
  EXPECT_EQ(p->position, 5 * 32);
  EXPECT_EQ(p->encoder, 82304);
  EXPECT_EQ(p->decoder, 123424);
  EXPECT_EQ(p->cross_attention, 49344);
  EXPECT_EQ(p->total, 267872);
}

}  // namespace
}  // namespace llmcost
