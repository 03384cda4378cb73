// Tests of EstimateTrainingMemory, ShardModelStates and EstimateLayerActivations against the
// ZeRO paper and Korthikanti et al. (2022), plus the generalizations (GQA, gated MLP, MoE).
#include "llmcost/analysis/training_memory.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "testing/status_matchers.h"

namespace llmcost {
namespace {

using ::llmcost::testing::StatusIs;
using ::testing::HasSubstr;

// A GPT-3 175B layer stack (Brown et al. 2020, Table 2.1): d 12288, 96 layers, 96 heads of 128,
// plain 4d MLP, LayerNorm, learned positions, context 2048.
Architecture Gpt3() {
  Architecture a;
  a.name = "gpt3-175b";
  a.hidden_size = 12288;
  a.num_layers = 96;
  a.vocab_size = 50257;
  a.embedding_dim = 12288;
  a.intermediate_size = 4 * 12288;
  a.num_heads = 96;
  a.num_kv_heads = 96;
  a.head_dim = 128;
  a.mlp = MlpKind::kPlain;
  a.norm = NormKind::kLayerNorm;
  a.position = PositionKind::kLearned;
  a.learned_positions = 2048;
  a.max_position_embeddings = 2048;
  a.pretraining_context = 2048;
  a.layers.assign(96, LayerSpec{});
  return a;
}

// Korthikanti et al.'s setting: 16-bit, dropout, unfused attention.
TrainingMemoryOptions KorthikantiOptions() {
  TrainingMemoryOptions o;
  o.seq_len = 2048;
  o.micro_batch = 1;
  o.flash = FlashAttention::kOff;
  o.dropout = Dropout::kOn;
  return o;
}

// Korthikanti et al. 2022 (arXiv:2205.05198) §4, Table 2, bytes per layer, with s = 2048,
// b = 1, h = 12288, a = 96 (REFERENCE §3.2): 5 a s / h = 80.
TEST(LayerActivationsTest, ReproducesKorthikantiClosedFormsForGpt3) {
  const Architecture a = Gpt3();
  const int64_t s = 2048;
  const int64_t b = 1;
  const int64_t h = 12288;
  const int64_t sbh = s * b * h;
  struct Case {
    const char* name;
    int64_t tp;
    SequenceParallel sp;
    Recompute recompute;
    int64_t expected;
  };
  const Case cases[] = {
      // s b h (34 + 5 a s / h) = 2.869e9 bytes.
      {"no parallelism", 1, SequenceParallel::kOff, Recompute::kNone, sbh * (34 + 80)},
      // s b h (10 + 24/t + 5 a s / (h t)), t = 8: 10 + 3 + 10.
      {"tensor parallel", 8, SequenceParallel::kOff, Recompute::kNone, sbh * (10 + 3 + 10)},
      // (s b h / t)(34 + 5 a s / h).
      {"tensor + sequence parallel", 8, SequenceParallel::kOn, Recompute::kNone,
       sbh * (34 + 80) / 8},
      // 34 s b h / t = 1.070e8 bytes.
      {"TP + SP + selective recompute", 8, SequenceParallel::kOn, Recompute::kSelective,
       34 * sbh / 8},
      // Full recompute keeps only the layer input: 2 s b h.
      {"full recompute", 1, SequenceParallel::kOff, Recompute::kFull, 2 * sbh},
  };
  for (const Case& c : cases) {
    SCOPED_TRACE(c.name);
    TrainingMemoryOptions o = KorthikantiOptions();
    o.tp = c.tp;
    o.sp = c.sp;
    o.recompute = c.recompute;
    Result<LayerActivations> act = EstimateLayerActivations(a, a.layers[0], o);
    ASSERT_TRUE(act.ok()) << act.status().message();
    EXPECT_EQ(act->total, c.expected);
  }
  EXPECT_EQ(sbh * 114, 2868903936);    // REFERENCE §3.2: 2.869e9
  EXPECT_EQ(34 * sbh / 8, 106954752);  // REFERENCE §3.2: 1.070e8
}

// Korthikanti's breakdown: attention 11 s b h + 5 a s^2 b, MLP 19 s b h, norms 4 s b h.
TEST(LayerActivationsTest, BreakdownMatchesKorthikantiParts) {
  const Architecture a = Gpt3();
  const int64_t sbh = int64_t{2048} * 12288;
  Result<LayerActivations> act = EstimateLayerActivations(a, a.layers[0], KorthikantiOptions());
  ASSERT_TRUE(act.ok());
  EXPECT_EQ(act->norms, 4 * sbh);
  // Attention's 11 s b h: 10 in tensors plus its 1-byte output dropout mask; MLP's 19: 18 + 1.
  EXPECT_EQ(act->attention + act->dropout_masks / 2, 11 * sbh);
  EXPECT_EQ(act->mlp + act->dropout_masks / 2, 19 * sbh);
  EXPECT_EQ(act->scores, int64_t{5} * 96 * 2048 * 2048);
}

TEST(LayerActivationsTest, FlashAttentionDropsScoresAndKeepsLogSumExp) {
  const Architecture a = Gpt3();
  TrainingMemoryOptions o = KorthikantiOptions();
  o.flash = FlashAttention::kOn;
  Result<LayerActivations> act = EstimateLayerActivations(a, a.layers[0], o);
  ASSERT_TRUE(act.ok());
  EXPECT_EQ(act->scores, 0);
  // 34 s b h plus one fp32 log-sum-exp per head and token.
  EXPECT_EQ(act->total, int64_t{2048} * 12288 * 34 + int64_t{2048} * 96 * 4);
}

// LLaMA-style layer: RMSNorm, SwiGLU (three f-wide tensors), GQA, no dropout, flash.
TEST(LayerActivationsTest, GatedMlpAndGroupedQueryAttention) {
  Architecture a = Gpt3();
  a.hidden_size = 4096;
  a.num_heads = 32;
  a.num_kv_heads = 8;
  a.head_dim = 128;
  a.intermediate_size = 14336;
  a.mlp = MlpKind::kGated;
  a.norm = NormKind::kRmsNorm;
  TrainingMemoryOptions o;
  o.seq_len = 1;
  Result<LayerActivations> act = EstimateLayerActivations(a, LayerSpec{}, o);
  ASSERT_TRUE(act.ok());
  const int64_t d = 4096;
  const int64_t kv = 8 * 128;
  EXPECT_EQ(act->norms, 2 * d * 2);
  // QKV input d, Q d, K and V 2 kv, LSE 32 fp32, output projection input d.
  EXPECT_EQ(act->attention, (d + d + 2 * kv + d) * 2 + 32 * 4);
  // MLP input d, gate and up 2 f, product f.
  EXPECT_EQ(act->mlp, (d + 3 * 14336) * 2);
}

// MLA (DeepSeek-V3 shapes, §2.1.1): the low-rank latents, then per-head Q, K (d_n + d_r) and V.
TEST(LayerActivationsTest, MultiLatentAttentionKeepsLatentsAndHeads) {
  Architecture a = Gpt3();
  a.attention = AttentionKind::kMultiLatent;
  a.hidden_size = 7168;
  a.num_heads = 128;
  a.mla = {.q_lora_rank = 1536,
           .kv_lora_rank = 512,
           .qk_nope_head_dim = 128,
           .qk_rope_head_dim = 64,
           .v_head_dim = 128};
  TrainingMemoryOptions o;
  o.seq_len = 1;
  Result<LayerActivations> act = EstimateLayerActivations(a, LayerSpec{}, o);
  ASSERT_TRUE(act.ok());
  // QKV input d; q_a_norm input and output 2 r_q; kv_a output r_kv + d_r; kv_a_norm output r_kv;
  // Q and K 2 h (d_n + d_r); V h d_v; output projection input h d_v; LSE h fp32.
  EXPECT_EQ(act->attention,
            (7168 + 2 * 1536 + 576 + 512 + 2 * 128 * 192 + 128 * 128 + 128 * 128) * 2 + 128 * 4);
}

// MoE layer: router logits (fp32) and top_k experts' tensors.
TEST(LayerActivationsTest, MoeKeepsTopKExperts) {
  Architecture a = Gpt3();
  a.hidden_size = 1024;
  a.num_heads = 8;
  a.num_kv_heads = 8;
  a.head_dim = 128;
  a.mlp = MlpKind::kGated;
  a.moe.num_experts = 64;
  a.moe.top_k = 4;
  a.moe.expert_ffn = 512;
  a.moe.num_shared_experts = 1;
  a.moe.shared_ffn = 512;
  TrainingMemoryOptions o;
  o.seq_len = 1;
  Result<LayerActivations> act = EstimateLayerActivations(a, LayerSpec{.moe = true}, o);
  ASSERT_TRUE(act.ok());
  // Input d, router 64 fp32, per routed expert: input d, 3 f_e, output d; shared: 3 f_s.
  EXPECT_EQ(act->mlp, 1024 * 2 + 64 * 4 + 4 * (1024 + 3 * 512 + 1024) * 2 + 3 * 512 * 2);
}

// ZeRO (Rajbhandari et al. 2020, arXiv:1910.02054) Fig. 1: Ψ = 7.5B, N_d = 64, K = 12
// (mixed-precision Adam): 120 GB, 31.4 GB, 16.6 GB, 1.875 GB per device for stages 0-3.
// Table 1, N_d = 4: 120 / 52.5 / 41.3 / 30 GB. The paper's GB is 1e9 bytes.
TEST(ShardModelStatesTest, ZeroPaperFigureOneAndTableOne) {
  const int64_t psi = 7'500'000'000;
  struct Case {
    int zero;
    int64_t shards;
    int64_t expected_bytes;
  };
  const Case cases[] = {
      {0, 64, 120'000'000'000}, {1, 64, 31'406'250'000}, {2, 64, 16'640'625'000},
      {3, 64, 1'875'000'000},   {1, 4, 52'500'000'000},  {2, 4, 41'250'000'000},
      {3, 4, 30'000'000'000},   {1, 1, 120'000'000'000},
  };
  for (const Case& c : cases) {
    SCOPED_TRACE("zero " + std::to_string(c.zero) + ", N_d " + std::to_string(c.shards));
    Result<ModelStateBytes> m = ShardModelStates(psi, TrainingPrecision::kFp16Mixed,
                                                 OptimizerKind::kAdamW, c.zero, c.shards, 4096);
    ASSERT_TRUE(m.ok());
    EXPECT_EQ(m->weights + m->gradients + m->optimizer, c.expected_bytes);
  }
}

TEST(ShardModelStatesTest, OptimizerKindsAndPrecisions) {
  auto bytes = [](TrainingPrecision p, OptimizerKind k) {
    Result<ModelStateBytes> m = ShardModelStates(1000, p, k, 0, 1, 100);
    return m->weights + m->gradients + m->optimizer;
  };
  EXPECT_EQ(bytes(TrainingPrecision::kBf16Mixed, OptimizerKind::kAdamW), 16000);
  EXPECT_EQ(bytes(TrainingPrecision::kFp32, OptimizerKind::kAdamW), 16000);  // 4 + 4 + 8
  EXPECT_EQ(bytes(TrainingPrecision::kBf16Mixed, OptimizerKind::kSgdMomentum), 12000);
  EXPECT_EQ(bytes(TrainingPrecision::kBf16Mixed, OptimizerKind::kAdam8Bit), 10000);
  // Adafactor: master 4 P + 2 fp32 factors per d-wide row/column: 4000 + 8 x 10.
  EXPECT_EQ(bytes(TrainingPrecision::kBf16Mixed, OptimizerKind::kAdafactor), 8080);
  EXPECT_EQ(bytes(TrainingPrecision::kFp8Mixed, OptimizerKind::kAdamW), 15000);
}

Result<TrainingMemoryEstimate> Estimate(const Architecture& a, const TrainingMemoryOptions& o) {
  LLMCOST_ASSIGN_OR_RETURN(ParameterCount params, CountParameters(a));
  return EstimateTrainingMemory(a, params, o);
}

TEST(TrainingMemoryTest, BreakdownSumsToPeakAndStatesAreSummed) {
  const Architecture a = Gpt3();
  TrainingMemoryOptions o = KorthikantiOptions();
  o.tp = 8;
  o.pp = 8;
  o.dp = 4;
  o.zero = 1;
  Result<TrainingMemoryEstimate> m = Estimate(a, o);
  ASSERT_TRUE(m.ok()) << m.status().message();
  EXPECT_EQ(SumComponents(m->breakdown), m->peak_bytes);
  EXPECT_EQ(m->peak_bytes, m->weights_bytes + m->gradients_bytes + m->optimizer_bytes +
                               m->activations_bytes + m->logits_bytes);
  EXPECT_EQ(m->gpus, 256);
  // Optimizer states are added to weights and gradients, never a max of them.
  EXPECT_GT(m->peak_bytes, m->optimizer_bytes + m->weights_bytes);
}

// 1F1B: the first stage holds p micro-batches of its L/p layers (Korthikanti §4.2.3), the
// last stage one micro-batch plus the logits.
TEST(TrainingMemoryTest, PipelineFirstStageHoldsAllInFlightMicroBatches) {
  const Architecture a = Gpt3();
  TrainingMemoryOptions o = KorthikantiOptions();
  o.tp = 8;
  o.sp = SequenceParallel::kOn;
  o.recompute = Recompute::kSelective;
  o.pp = 8;
  Result<TrainingMemoryEstimate> m = Estimate(a, o);
  ASSERT_TRUE(m.ok());
  EXPECT_EQ(m->stage, 0);
  EXPECT_EQ(m->in_flight_micro_batches, 8);
  // 12 layers x 8 micro-batches = all 96 layers' worth of 34 s b h / t.
  EXPECT_EQ(m->activations_bytes, 96 * (34 * int64_t{2048} * 12288 / 8));
  EXPECT_EQ(m->logits_bytes, 0);
}

TEST(TrainingMemoryTest, SingleStageHoldsLogitsAndCrossEntropy) {
  Architecture a = Gpt3();
  a.num_layers = 2;
  a.layers.resize(2);
  TrainingMemoryOptions o = KorthikantiOptions();
  Result<TrainingMemoryEstimate> m = Estimate(a, o);
  ASSERT_TRUE(m.ok());
  // Final norm input and head input (2 B each) and the logits: 2 B + fp32 softmax 4 B.
  EXPECT_EQ(m->logits_bytes, 2048 * (12288 * 2 * 2 + int64_t{50257} * 6));
}

TEST(TrainingMemoryTest, FullRecomputeAddsOneRebuiltLayer) {
  const Architecture a = Gpt3();
  TrainingMemoryOptions o = KorthikantiOptions();
  o.recompute = Recompute::kFull;
  Result<TrainingMemoryEstimate> m = Estimate(a, o);
  ASSERT_TRUE(m.ok());
  const int64_t sbh = int64_t{2048} * 12288;
  EXPECT_EQ(m->activations_bytes, 96 * 2 * sbh + sbh * 114);
}

TEST(TrainingMemoryTest, ExpertParallelSplitsRoutedExperts) {
  Architecture a = Gpt3();
  a.num_layers = 4;
  a.layers.assign(4, LayerSpec{.moe = true});
  a.moe.num_experts = 16;
  a.moe.top_k = 2;
  a.moe.expert_ffn = 4096;
  TrainingMemoryOptions o = KorthikantiOptions();
  o.dp = 8;
  Result<TrainingMemoryEstimate> one = Estimate(a, o);
  o.ep = 8;
  Result<TrainingMemoryEstimate> eight = Estimate(a, o);
  ASSERT_TRUE(one.ok() && eight.ok());
  Result<ParameterCount> p = CountParameters(a);
  const int64_t routed = 4 * 16 * p->expert;
  EXPECT_EQ(one->params_per_gpu - eight->params_per_gpu, routed - routed / 8);
}

TEST(TrainingMemoryTest, RejectsDegreesThatDoNotDivide) {
  const Architecture a = Gpt3();
  struct Case {
    const char* name;
    TrainingMemoryOptions options;
    const char* message;
  };
  const Case cases[] = {
      {"tp heads", {.tp = 5}, "tp: must divide num_attention_heads (96), got 5"},
      {"pp layers", {.pp = 7}, "pp: must divide num_hidden_layers (96), got 7"},
      {"zero stage", {.zero = 4}, "zero: must be 0, 1, 2 or 3, got 4"},
      {"dp zero", {.dp = 0}, "dp: must be >= 1, got 0"},
      {"batch", {.micro_batch = 0}, "batch: must be >= 1, got 0"},
      {"ep dp", {.dp = 4, .ep = 3}, "ep: must divide the data-parallel degree (4), got 3"},
      {"sp seq",
       {.seq_len = 2047, .tp = 2, .sp = SequenceParallel::kOn},
       "seq_len: must be a multiple of the tensor-parallel degree (2) under sequence parallelism, "
       "got 2047"},
  };
  for (const Case& c : cases) {
    SCOPED_TRACE(c.name);
    EXPECT_THAT(Estimate(a, c.options), StatusIs(StatusCode::kInvalidArgument, c.message));
  }
}

}  // namespace
}  // namespace llmcost
