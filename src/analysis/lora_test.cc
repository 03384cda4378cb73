// Tests of CountLoraParameters and QuantizedBaseBytes against published PEFT
// print_trainable_parameters outputs and QLoRA's bits per parameter (Dettmers et al. 2023).
#include "llmcost/analysis/lora.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "llmcost/config.h"

#include "testing/golden_files.h"
#include "testing/status_matchers.h"

namespace llmcost {
namespace {

using ::llmcost::testing::SourcePath;
using ::llmcost::testing::StatusIs;
using ::testing::HasSubstr;

struct Model {
  Architecture arch;
  ParameterCount params;
};

Model FromResult(Result<Architecture> arch) {
  EXPECT_TRUE(arch.ok()) << arch.status().message();
  Model m{*arch, {}};
  m.params = *CountParameters(m.arch);
  return m;
}

Model Checkpoint(const std::string& name) {
  return FromResult(LoadArchitecture(SourcePath("tests/reference/checkpoints/" + name), {}));
}

// meta-llama/Meta-Llama-3-8B config.json (the fields the count reads).
Model Llama3_8B() {
  return FromResult(ParseArchitecture(R"({"model_type": "llama", "hidden_size": 4096,
      "intermediate_size": 14336, "num_hidden_layers": 32, "num_attention_heads": 32,
      "num_key_value_heads": 8, "vocab_size": 128256, "max_position_embeddings": 8192,
      "tie_word_embeddings": false})",
                                      "llama3-8b", {}));
}

// facebook/opt-6.7b config.json.
Model Opt6_7B() {
  return FromResult(ParseArchitecture(R"({"model_type": "opt", "hidden_size": 4096,
      "ffn_dim": 16384, "num_hidden_layers": 32, "num_attention_heads": 32,
      "vocab_size": 50272, "max_position_embeddings": 2048, "word_embed_proj_dim": 4096,
      "do_layer_norm_before": true})",
                                      "opt-6.7b", {}));
}

struct PeftCase {
  const char* name;
  Model (*model)();
  int64_t rank;
  std::vector<std::string> targets;
  int64_t trainable;
  int64_t all;
};

// Published print_trainable_parameters lines, each re-derived by hand:
// * LLaMA-7B / Llama-2-7B, r 8, q_proj + v_proj (alpaca-lora's and PEFT's examples):
//   "trainable params: 4,194,304 || all params: 6,742,609,920 || trainable%: 0.0622".
//   32 layers x 2 x 8 (4096 + 4096) = 4,194,304; 6,738,415,616 + 4,194,304.
// * OPT-6.7B, r 16, q_proj + v_proj (PEFT's int8 training notebook, as reprinted):
//   "trainable params: 8388608 || all params: 6666862592 || trainable%: 0.1258...".
// * Llama-3-8B, r 16, the seven projections (many tutorials print this line):
//   "trainable params: 41,943,040 || all params: 8,072,204,288 || trainable%: 0.5196".
//   Per layer 16 (2 x 8192 + 2 x 5120 + 3 x 18432) = 1,310,720; x 32 = 41,943,040.
TEST(CountLoraParametersTest, MatchesPrintTrainableParameters) {
  const PeftCase cases[] = {
      {"llama-2-7b qv r8",
       [] { return Checkpoint("meta-llama__Llama-2-7b-hf.json"); },
       8,
       {"q_proj", "v_proj"},
       4'194'304,
       6'742'609'920},
      {"opt-6.7b qv r16", Opt6_7B, 16, {"q_proj", "v_proj"}, 8'388'608, 6'666'862'592},
      {"llama-3-8b 7 modules r16",
       Llama3_8B,
       16,
       {"q_proj", "k_proj", "v_proj", "o_proj", "gate_proj", "up_proj", "down_proj"},
       41'943'040,
       8'072'204'288},
      // all-linear is the same seven modules on a LLaMA (the head is excluded).
      {"llama-3-8b all-linear r16", Llama3_8B, 16, {"all-linear"}, 41'943'040, 8'072'204'288},
  };
  for (const PeftCase& c : cases) {
    SCOPED_TRACE(c.name);
    const Model m = c.model();
    Result<LoraCount> n = CountLoraParameters(m.arch, m.params, {c.rank, c.targets, {}});
    ASSERT_TRUE(n.ok()) << n.status().message();
    EXPECT_EQ(n->trainable_params, c.trainable);
    EXPECT_EQ(n->all_params, c.all);
  }
}

// Without targets PEFT uses its per-family default: q_proj + v_proj for LLaMA, the fused
// query_key_value for Falcon (Falcon-7B: 32 x 16 (4544 + 4672) = 4,718,592 at r 16).
TEST(CountLoraParametersTest, PeftDefaultTargets) {
  const Model llama = Checkpoint("meta-llama__Llama-2-7b-hf.json");
  EXPECT_EQ(CountLoraParameters(llama.arch, llama.params, {8, {}, {}})->trainable_params,
            4'194'304);
  const Model falcon = Checkpoint("tiiuae__falcon-7b.json");
  Result<LoraCount> f = CountLoraParameters(falcon.arch, falcon.params, {16, {}, {}});
  ASSERT_TRUE(f.ok()) << f.status().message();
  EXPECT_EQ(f->trainable_params, 4'718'592);
  // Independent check that exactly the layers' Linear weights are 4-bit: PEFT releases before
  // the Params4bit fix counted a packed 4-bit weight as half its elements, so a QLoRA run
  // printed all = total - quantizable / 2 + trainable. Derived by hand for Falcon-7B:
  // 6,625,951,744 linear weights, 295,469,056 tied embedding, 299,904 LayerNorm -> 3,613,463,424.
  EXPECT_EQ(f->quantizable_params, 6'625'951'744);
  EXPECT_EQ(falcon.params.total - f->quantizable_params / 2 + f->trainable_params, 3'613'463'424);
}

// modules_to_save wraps a trainable copy: both counts grow by the module's parameters.
TEST(CountLoraParametersTest, ModulesToSaveAddACopy) {
  const Model m = Llama3_8B();
  Result<LoraCount> n = CountLoraParameters(m.arch, m.params, {16, {"all-linear"}, {"lm_head"}});
  ASSERT_TRUE(n.ok());
  EXPECT_EQ(n->saved_module_params, 128256 * 4096);
  EXPECT_EQ(n->trainable_params, 41'943'040 + 128256 * 4096);
  EXPECT_EQ(n->all_params, 8'072'204'288 + 128256 * 4096);
}

// Mixtral's experts and router are nn.Linear modules (transformers 4.x): all-linear adapts
// them; w1 alone adapts 8 experts x 32 layers.
TEST(CountLoraParametersTest, MoeExperts) {
  const Model m = Checkpoint("mistralai__Mixtral-8x7B-v0.1.json");
  Result<LoraCount> w1 = CountLoraParameters(m.arch, m.params, {8, {"w1"}, {}});
  ASSERT_TRUE(w1.ok()) << w1.status().message();
  EXPECT_EQ(w1->trainable_params, int64_t{8} * (4096 + 14336) * 8 * 32);
  Result<LoraCount> gate = CountLoraParameters(m.arch, m.params, {8, {"gate"}, {}});
  ASSERT_TRUE(gate.ok());
  EXPECT_EQ(gate->trainable_params, int64_t{8} * (4096 + 8) * 32);
}

TEST(CountLoraParametersTest, BadInputs) {
  const Model m = Checkpoint("meta-llama__Llama-2-7b-hf.json");
  EXPECT_THAT(CountLoraParameters(m.arch, m.params, {0, {}, {}}),
              StatusIs(StatusCode::kInvalidArgument, "lora_rank: must be >= 1, got 0"));
  EXPECT_THAT(CountLoraParameters(m.arch, m.params, {8, {"q_prj"}, {}}),
              StatusIs(StatusCode::kInvalidArgument,
                       "lora_targets: no linear module 'q_prj' in llama (did you mean "
                       "'q_proj'?)"));
  EXPECT_THAT(CountLoraParameters(m.arch, m.params, {8, {"query_key_value"}, {}}),
              StatusIs(StatusCode::kInvalidArgument, HasSubstr("(its modules: down_proj")));
  EXPECT_THAT(CountLoraParameters(m.arch, m.params, {8, {}, {"lm_haed"}}),
              StatusIs(StatusCode::kInvalidArgument,
                       "modules_to_save: no module 'lm_haed' in llama (did you mean "
                       "'lm_head'?)"));
  const Model phi = Checkpoint("microsoft__Phi-3-mini-4k-instruct.json");
  EXPECT_THAT(CountLoraParameters(phi.arch, phi.params, {8, {}, {}}),
              StatusIs(StatusCode::kInvalidArgument,
                       "lora_targets: PEFT has no default target modules for phi3; name them "
                       "(e.g. all-linear)"));
}

// ---- Every family the loader reads: module layouts from the schedule + the family's naming ----

// google/flan-t5-xxl config.json (T5ForConditionalGeneration, gated-gelu, untied).
Model FlanT5Xxl() {
  return FromResult(ParseArchitecture(R"({"model_type": "t5", "d_model": 4096, "d_kv": 64,
      "d_ff": 10240, "num_heads": 64, "num_layers": 24, "vocab_size": 32128,
      "feed_forward_proj": "gated-gelu", "tie_word_embeddings": false,
      "relative_attention_num_buckets": 32})",
                                      "flan-t5-xxl", {}));
}

// bigscience/mt0-large config.json (the google/mt5-large shapes).
Model Mt0Large() {
  return FromResult(ParseArchitecture(R"({"model_type": "mt5", "d_model": 1024, "d_kv": 64,
      "d_ff": 2816, "num_heads": 16, "num_layers": 24, "num_decoder_layers": 24,
      "vocab_size": 250112, "feed_forward_proj": "gated-gelu", "tie_word_embeddings": false,
      "relative_attention_num_buckets": 32})",
                                      "mt0-large", {}));
}

// Published print_trainable_parameters lines of encoder-decoder models, PEFT's default targets
// for t5 / mt5 (q, v: the self-attention of every layer and the decoder's cross-attention):
// * bigscience/mt0-large, r 8 (PEFT's README quick start; also reprinted in PEFT's blog post
//   "PEFT" on huggingface.co/blog/peft, as quoted in two stored copies):
//   "trainable params: 2359296 || all params: 1231940608 || trainable%: 0.19151053100118282".
//   (24 + 24 self + 24 cross) x 2 modules x 8 (1024 + 1024) = 2,359,296; the base
//   1,229,581,312 = 2 x 250112 x 1024 + 24 x 12,847,104 (encoder) + 24 x 17,042,432 (decoder)
//   + 2 x 32 x 16 + 2 x 1024.
// * google/flan-t5-xxl, r 16 (P. Schmid, "Efficient Large Language Model training with LoRA and
//   Hugging Face", 2023; the stored corpus has no copy, so the test leans on the hand count):
//   "trainable params: 18874368 || all params: 11154206720 || trainable%: 0.16921300163961817".
//   144 modules x 16 (4096 + 4096) = 18,874,368; base 11,135,332,352.
TEST(CountLoraParametersTest, T5FamilyMatchesPrintTrainableParameters) {
  const Model mt0 = Mt0Large();
  Result<LoraCount> a = CountLoraParameters(mt0.arch, mt0.params, {8, {}, {}});
  ASSERT_TRUE(a.ok()) << a.status().message();
  EXPECT_EQ(a->trainable_params, 2'359'296);
  EXPECT_EQ(a->all_params, 1'231'940'608);
  ASSERT_EQ(a->targets.size(), 6u);
  EXPECT_EQ(a->targets[0].path, "encoder.block.*.layer.0.SelfAttention.q");
  EXPECT_EQ(a->targets[4].path, "decoder.block.*.layer.1.EncDecAttention.q");
  const Model xxl = FlanT5Xxl();
  Result<LoraCount> b = CountLoraParameters(xxl.arch, xxl.params, {16, {"q", "v"}, {}});
  ASSERT_TRUE(b.ok()) << b.status().message();
  EXPECT_EQ(b->trainable_params, 18'874'368);
  EXPECT_EQ(b->all_params, 11'154'206'720);
  // all-linear: q, k, v, o everywhere (+ cross-attention) and wi_0, wi_1, wo; not the head.
  // r 8: per encoder layer 4 x 8 x 8192 + 3 x 8 x 14336 = 606,208; per decoder layer
  // 606,208 + 262,144 = 868,352; x 24 each = 35,389,440.
  Result<LoraCount> c = CountLoraParameters(xxl.arch, xxl.params, {8, {"all-linear"}, {}});
  ASSERT_TRUE(c.ok());
  EXPECT_EQ(c->trainable_params, 35'389'440);
  // modules_to_save names T5's shared embedding.
  Result<LoraCount> d = CountLoraParameters(xxl.arch, xxl.params, {8, {"q"}, {"shared"}});
  ASSERT_TRUE(d.ok()) << d.status().message();
  EXPECT_EQ(d->saved_module_params, 32128 * 4096);
}

// BERT as AutoModel loads it (BertModel): PEFT's default query + value; all-linear also adapts
// the pooler's dense layer (BertModel has no output embeddings for PEFT to exclude).
// bert-base-uncased, r 8: 12 x 2 x 8 (768 + 768) = 294,912; all-linear per layer
// 4 x 8 x 1536 + 2 x 8 x 3840 = 110,592, x 12 + pooler 8 x 1536 = 1,339,392.
TEST(CountLoraParametersTest, BertEncoder) {
  const Model m = Checkpoint("google-bert__bert-base-uncased.json");
  Result<LoraCount> qv = CountLoraParameters(m.arch, m.params, {8, {}, {}});
  ASSERT_TRUE(qv.ok()) << qv.status().message();
  EXPECT_EQ(qv->trainable_params, 294'912);
  EXPECT_EQ(qv->all_params, 109'482'240 + 294'912);
  EXPECT_EQ(qv->targets[0].path, "encoder.layer.*.attention.self.query");
  Result<LoraCount> all = CountLoraParameters(m.arch, m.params, {8, {"all-linear"}, {}});
  ASSERT_TRUE(all.ok());
  EXPECT_EQ(all->trainable_params, 1'339'392);
  EXPECT_THAT(CountLoraParameters(m.arch, m.params, {8, {"quary"}, {}}),
              StatusIs(StatusCode::kInvalidArgument,
                       "lora_targets: no linear module 'quary' in bert (did you mean 'query'?)"));
}

// GPT-OSS: the router (GptOssTopKRouter) and the experts (GptOssExperts gate_up_proj,
// down_proj) are nn.Parameters, so all-linear adapts only q, k, v, o. gpt-oss-20b, r 8:
// 24 x 8 (2 x (2880 + 4096) + 2 x (2880 + 512)) = 3,981,312. Cross-check with the OpenAI
// Cookbook's gpt-oss LoRA line (r 8, all-linear plus PEFT target_parameters on the experts of
// layers 7, 15, 23; quoted from memory, the stored corpus has no copy, so the test leans on
// the hand count): "trainable params: 15,040,512 || all params: 20,929,797,696": 15,040,512 =
// 3,981,312 + 3 x 8 x 32 experts x ((2880 + 5760) + (2880 + 2880)), and 20,929,797,696 -
// 15,040,512 = 20,914,757,184, the published total. llmcost does not model target_parameters.
TEST(CountLoraParametersTest, GptOssAdaptsOnlyAttention) {
  const Model m = Checkpoint("openai__gpt-oss-20b.json");
  Result<LoraCount> n = CountLoraParameters(m.arch, m.params, {8, {"all-linear"}, {}});
  ASSERT_TRUE(n.ok()) << n.status().message();
  EXPECT_EQ(n->targets.size(), 4u);
  EXPECT_EQ(15'040'512 - n->trainable_params, 3 * 8 * 32 * ((2880 + 5760) + (2880 + 2880)));
  EXPECT_THAT(CountLoraParameters(m.arch, m.params, {8, {}, {}}),
              StatusIs(StatusCode::kInvalidArgument,
                       "lora_targets: PEFT has no default target modules for gpt_oss; name them "
                       "(e.g. all-linear)"));
}

// Qwen3-Next-80B-A3B: 12 full-attention layers (q_proj 2 h d_h wide: the output gate) and 36
// Gated DeltaNet layers, MoE everywhere with a gated shared expert. r 16:
// attention 12 x 16 ((2048 + 8192) + 2 (2048 + 512) + (4096 + 2048)) = 4,128,768;
// linear attention 36 x 16 ((2048 + 12288) + (2048 + 64) + (4096 + 2048)) = 13,012,992;
// MoE 48 x (16 (2048 + 512) + 512 x 3 x 16 (2048 + 512) + 3 x 16 (2048 + 512) + 16 (2048 + 1))
// = 3,029,336,832. PEFT has no default for qwen3_next.
TEST(CountLoraParametersTest, Qwen3NextHybridLinearAttention) {
  const Model m = Checkpoint("Qwen__Qwen3-Next-80B-A3B-Instruct.json");
  Result<LoraCount> mixers = CountLoraParameters(
      m.arch, m.params,
      {16, {"q_proj", "k_proj", "v_proj", "o_proj", "in_proj_qkvz", "in_proj_ba", "out_proj"}, {}});
  ASSERT_TRUE(mixers.ok()) << mixers.status().message();
  EXPECT_EQ(mixers->trainable_params, 4'128'768 + 13'012'992);
  EXPECT_THAT(CountLoraParameters(m.arch, m.params, {16, {}, {}}),
              StatusIs(StatusCode::kInvalidArgument, HasSubstr("for qwen3_next; name them")));
}

// Mamba-Codestral-7B (Mamba-2): in_proj d x (2 d_i + 2 G N + H) and out_proj are nn.Linear, the
// conv1d an nn.Conv1d. r 8: 64 x 8 ((4096 + 18560) + (8192 + 4096)) = 17,891,328.
TEST(CountLoraParametersTest, Mamba2StateSpace) {
  const Model m = Checkpoint("mistralai__Mamba-Codestral-7B-v0.1.json");
  Result<LoraCount> n = CountLoraParameters(m.arch, m.params, {8, {"all-linear"}, {}});
  ASSERT_TRUE(n.ok()) << n.status().message();
  EXPECT_EQ(n->targets[0].path, "backbone.layers.*.mixer.in_proj");
  EXPECT_THAT(CountLoraParameters(m.arch, m.params, {8, {"in_prj"}, {}}),
              StatusIs(StatusCode::kInvalidArgument,
                       "lora_targets: no linear module 'in_prj' in mamba2 (did you mean "
                       "'in_proj'?)"));
}

// all-linear on new families, each count derived by hand in the comments of the tests above
// and here; all params = the published total (tests/reference/checkpoints.json) + trainable.
// * OLMoE-1B-7B (every layer MoE, nn.Linear router and experts), r 8: per layer
//   4 x 8 (2048 + 2048) + 8 (2048 + 64) + 64 x 3 x 8 (2048 + 1024) = 4,866,560; x 16.
// * gpt-oss-20b r 8: attention only (GptOssAdaptsOnlyAttention).
// * Qwen3-Next-80B-A3B r 16: the mixers (Qwen3NextHybridLinearAttention) + MoE
//   48 x (16 (2048 + 512) + 512 x 3 x 16 (2048 + 512) + 3 x 16 (2048 + 512) + 16 (2048 + 1))
//   = 3,029,336,832.
// * Mamba-Codestral-7B r 8 (Mamba2StateSpace).
TEST(CountLoraParametersTest, AllLinearOnNewFamilies) {
  struct Case {
    const char* config;
    int64_t rank;
    int64_t trainable;
    int64_t published_total;
  };
  const Case cases[] = {
      {"allenai__OLMoE-1B-7B-0924.json", 8, 16 * 4'866'560, 6'919'161'856},
      {"openai__gpt-oss-20b.json", 8, 3'981'312, 20'914'757'184},
      {"Qwen__Qwen3-Next-80B-A3B-Instruct.json", 16, 4'128'768 + 13'012'992 + 3'029'336'832,
       79'674'391'296},
      {"mistralai__Mamba-Codestral-7B-v0.1.json", 8, 17'891'328, 7'285'403'648},
  };
  for (const Case& c : cases) {
    SCOPED_TRACE(c.config);
    const Model m = Checkpoint(c.config);
    Result<LoraCount> n = CountLoraParameters(m.arch, m.params, {c.rank, {"all-linear"}, {}});
    ASSERT_TRUE(n.ok()) << n.status().message();
    EXPECT_EQ(n->trainable_params, c.trainable);
    EXPECT_EQ(n->all_params, c.published_total + c.trainable);
  }
}

// Mistral-Small-3.1 (Mistral3ForConditionalGeneration): PEFT matches q_proj / v_proj by suffix,
// so the Pixtral tower's attention is adapted too. r 16: language model 40 x 16 ((5120 + 4096)
// + (5120 + 1024)) = 9,830,400; vision 24 x 2 x 16 (1024 + 1024) = 1,572,864. PEFT has no
// default for the mistral3 model_type.
TEST(CountLoraParametersTest, VisionTowerLinearsMatchBySuffix) {
  const Model m = Checkpoint("mistralai__Mistral-Small-3.1-24B-Base-2503.json");
  Result<LoraCount> n = CountLoraParameters(m.arch, m.params, {16, {"q_proj", "v_proj"}, {}});
  ASSERT_TRUE(n.ok()) << n.status().message();
  EXPECT_EQ(n->trainable_params, 9'830'400 + 1'572'864);
  EXPECT_EQ(n->all_params, 24'011'361'280 + 9'830'400 + 1'572'864);
  EXPECT_EQ(n->targets[0].path, "model.language_model.layers.*.self_attn.q_proj");
  EXPECT_EQ(n->targets[2].path, "model.vision_tower.transformer.layers.*.attention.q_proj");
  EXPECT_THAT(CountLoraParameters(m.arch, m.params, {16, {}, {}}),
              StatusIs(StatusCode::kInvalidArgument,
                       "lora_targets: PEFT has no default target modules for mistral3; name "
                       "them (e.g. all-linear)"));
  // all-linear adds every vision linear and the projector (patch merger, linear_1, linear_2):
  // vision 24 x 16 (4 x 2048 + 3 x (1024 + 4096)) = 9,043,968; projector 16 ((4096 + 1024) +
  // (1024 + 5120) + (5120 + 5120)) = 344,064; language model 40 x 16 ((5120 + 4096) + 2 (5120 +
  // 1024) + (4096 + 5120) + 3 (5120 + 32768)) = 92,405,760.
  Result<LoraCount> all = CountLoraParameters(m.arch, m.params, {16, {"all-linear"}, {}});
  ASSERT_TRUE(all.ok());
  EXPECT_EQ(all->trainable_params, 92'405'760 + 9'043'968 + 344'064);
}

// Qwen2.5-VL-7B: the vision blocks' fused qkv and proj (visual.blocks.*.attn.qkv / .proj) and
// the merger's two linears are nn.Linear; "proj" matches attn.proj only (o_proj does not end in
// ".proj"). r 8: qkv 8 (1280 + 3840) + proj 8 (1280 + 1280) = 61,440 per block, x 32 =
// 1,966,080. q_proj + v_proj adapt the language model only (the tower has no q_proj):
// 28 x 8 ((3584 + 3584) + (3584 + 512)) = 2,523,136. The merger (all-linear adds it):
// 8 (5120 + 5120) + 8 (5120 + 3584) = 151,552. Mamba-130m (mamba, tied), r 8 all-linear: per
// layer in_proj 8 (768 + 3072) + x_proj 8 (1536 + 80) + dt_proj 8 (48 + 1536) + out_proj
// 8 (1536 + 768) = 30,720 + 12,928 + 12,672 + 18,432 = 74,752, x 24 = 1,794,048.
TEST(CountLoraParametersTest, QwenVlVisionAndMamba) {
  const Model vl = Checkpoint("Qwen__Qwen2.5-VL-7B-Instruct.json");
  Result<LoraCount> vision = CountLoraParameters(vl.arch, vl.params, {8, {"qkv", "proj"}, {}});
  ASSERT_TRUE(vision.ok()) << vision.status().message();
  EXPECT_EQ(vision->trainable_params, 1'966'080);
  EXPECT_EQ(vision->targets[0].path, "model.visual.blocks.*.attn.qkv");
  Result<LoraCount> text = CountLoraParameters(vl.arch, vl.params, {8, {"q_proj", "v_proj"}, {}});
  ASSERT_TRUE(text.ok());
  EXPECT_EQ(text->trainable_params, 2'523'136);
  EXPECT_EQ(text->all_params, 8'292'166'656 + 2'523'136);
  Result<LoraCount> merger =
      CountLoraParameters(vl.arch, vl.params, {8, {"merger.mlp.0", "merger.mlp.2"}, {}});
  ASSERT_TRUE(merger.ok()) << merger.status().message();
  EXPECT_EQ(merger->trainable_params, 151'552);
  const Model mamba = Checkpoint("state-spaces__mamba-130m-hf.json");
  Result<LoraCount> ssm = CountLoraParameters(mamba.arch, mamba.params, {8, {"all-linear"}, {}});
  ASSERT_TRUE(ssm.ok()) << ssm.status().message();
  EXPECT_EQ(ssm->trainable_params, 1'794'048);
}

// Every family the loader reads has a module layout: all-linear counts for each reference
// config, and a default-target error names the model type PEFT looks up.
TEST(CountLoraParametersTest, EveryReferenceFamilyHasALayout) {
  for (const char* name :
       {"CohereForAI__c4ai-command-r7b-12-2024.json", "HuggingFaceTB__SmolLM3-3B.json",
        "MiniMaxAI__MiniMax-M2.json", "ai21labs__Jamba-v0.1.json",
        "baidu__ERNIE-4.5-21B-A3B-PT.json", "bigcode__starcoder2-3b.json",
        "deepseek-ai__DeepSeek-V3.2-Exp.json", "google__gemma-3-4b-it.json",
        "google__umt5-small.json", "ibm-granite__granite-3.0-1b-a400m-instruct.json",
        "meta-llama__Llama-4-Scout-17B-16E-Instruct.json", "microsoft__Phi-3.5-MoE-instruct.json",
        "moonshotai__Kimi-K2-Instruct.json", "tiiuae__Falcon-H1-0.5B-Instruct.json",
        "zai-org__GLM-4.5-Air.json", "FacebookAI__roberta-base.json",
        "allenai__OLMo-2-1124-7B.json"}) {
    SCOPED_TRACE(name);
    const Model m = Checkpoint(name);
    Result<LoraCount> n = CountLoraParameters(m.arch, m.params, {8, {"all-linear"}, {}});
    ASSERT_TRUE(n.ok()) << n.status().message();
    EXPECT_GT(n->trainable_params, 0);
    EXPECT_LT(n->quantizable_params, m.params.total);
  }
}

// QLoRA §3: NF4 with double quantization stores 4 + 8/64 + 32/(64 x 256) = 4.127 bits per
// weight (8/64 = 0.5 bits of first-level fp32 constants become 8-bit, plus 32/(64 x 256)).
// For Llama-2-7B every layer tensor is a multiple of 64 x 256 elements, so the bytes are
// exactly n x 4.127 / 8 plus 68 B of per-tensor constants.
TEST(QuantizedBaseBytesTest, Nf4DoubleQuantBitsPerParameter) {
  const Model m = Checkpoint("meta-llama__Llama-2-7b-hf.json");
  const int64_t n = CountLoraParameters(m.arch, m.params, {8, {}, {}})->quantizable_params;
  EXPECT_EQ(n, 6'476'005'376);  // 32 x (4 x 4096^2 + 3 x 4096 x 11008)
  const int64_t tensors = 32 * 7;
  Result<int64_t> nf4 = QuantizedBaseBytes(m.arch, BaseStorage::kNf4);
  ASSERT_TRUE(nf4.ok());
  EXPECT_EQ(*nf4 - 68 * tensors, n / 2 + n / 64 + n / (64 * 256) * 4);
  EXPECT_DOUBLE_EQ(static_cast<double>(*nf4 - 68 * tensors) * 8 / static_cast<double>(n),
                   4.0 + 8.0 / 64 + 32.0 / (64 * 256));
  // LLM.int8: 1 B per weight + an fp32 scale per output row.
  EXPECT_EQ(*QuantizedBaseBytes(m.arch, BaseStorage::kInt8),
            n + 4 * 32 * (4096 * 3 + 4096 + 11008 * 2 + 4096));
  EXPECT_EQ(*QuantizedBaseBytes(m.arch, BaseStorage::k16Bit), 2 * n);
}

}  // namespace
}  // namespace llmcost
