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
