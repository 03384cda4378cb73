#include <algorithm>
#include <filesystem>
#include <fstream>
#include <set>
#include <sstream>
#include <string>
#include <utility>
#include <vector>

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "llmcost/analysis/parameters.h"
#include "llmcost/config.h"
#include "llmcost/spelling.h"

#include "config/family_readers.h"
#include "testing/status_matchers.h"

namespace llmcost {
namespace {

using ::llmcost::testing::IsOk;
using ::llmcost::testing::StatusIs;
using ::testing::AllOf;
using ::testing::Contains;
using ::testing::HasSubstr;

Result<Architecture> Parse(const std::string& json, const std::string& family = "") {
  LoadOptions options;
  options.family = family;
  return ParseArchitecture(json, "m.json", options);
}

constexpr char kLlama[] = R"({"model_type": "llama", "hidden_size": 64,
    "intermediate_size": 128, "num_hidden_layers": 2, "num_attention_heads": 4,
    "vocab_size": 100, "max_position_embeddings": 32})";

TEST(LoadArchitectureTest, ReadsLlama) {
  Result<Architecture> a = Parse(kLlama);
  ASSERT_THAT(a, IsOk());
  EXPECT_EQ(a->family, "llama");
  EXPECT_EQ(a->head_dim, 16);
  EXPECT_EQ(a->num_kv_heads, 4);  // absent: multi-head attention
  EXPECT_EQ(a->tying, Tying::kUntied);
  EXPECT_EQ(a->name, "m");  // no name field: the file's stem
  EXPECT_THAT(a->assumptions, Contains(HasSubstr("tie_word_embeddings absent")));
}

// The fallback name is what std::filesystem::path(origin).stem() gives (without building one).
TEST(LoadArchitectureTest, ANamelessConfigIsNamedAfterItsFileStem) {
  for (const auto& [origin, stem] : std::vector<std::pair<std::string, std::string>>{
           {"m.json", "m"},
           {"dir/sub/llama.v2.json", "llama.v2"},
           {"a.b/model", "model"},
           {"dir/.hidden", ".hidden"},
           {"dir/trailing.", "trailing"},
           {"dir/..", ".."},
           {"dir/", "dir/"},  // no file name: the origin itself
       }) {
    EXPECT_EQ(std::filesystem::path(origin).stem().string().empty()
                  ? origin
                  : std::filesystem::path(origin).stem().string(),
              stem)
        << origin;
    Result<Architecture> a = ParseArchitecture(kLlama, origin, LoadOptions{});
    ASSERT_THAT(a, IsOk());
    EXPECT_EQ(a->name, stem) << origin;
  }
}

TEST(LoadArchitectureTest, CommentsAreAccepted) {
  EXPECT_THAT(Parse(std::string("// a comment\n/* block */") + kLlama), IsOk());
}

TEST(LoadArchitectureTest, NoModelTypeReadsAsLlama) {
  Result<Architecture> a = Parse(R"({"hidden_size": 64, "intermediate_size": 128,
      "num_hidden_layers": 2, "num_attention_heads": 4, "vocab_size": 100})");
  ASSERT_THAT(a, IsOk());
  EXPECT_EQ(a->family, "llama");
  EXPECT_THAT(a->assumptions, Contains(HasSubstr("no model_type: read as a LLaMA-style")));
}

TEST(LoadArchitectureTest, NanoGptKeysReadAsGpt2) {
  Result<Architecture> a = Parse(R"({"n_embd": 64, "n_layer": 2, "n_head": 4,
      "block_size": 128, "vocab_size": 100, "bias": false})");
  ASSERT_THAT(a, IsOk());
  EXPECT_EQ(a->family, "gpt2");
  EXPECT_EQ(a->learned_positions, 128);
  EXPECT_FALSE(a->qkv_bias);
}

TEST(LoadArchitectureTest, TextConfigIsRead) {
  Result<Architecture> a = Parse(R"({"model_type": "llava", "text_config": {
      "model_type": "mistral", "hidden_size": 64, "intermediate_size": 128,
      "num_hidden_layers": 2, "num_attention_heads": 4, "num_key_value_heads": 2,
      "vocab_size": 100, "max_position_embeddings": 32}})");
  ASSERT_THAT(a, IsOk());
  EXPECT_EQ(a->family, "mistral");
  EXPECT_EQ(a->num_kv_heads, 2);
}

// Qwen2.5-VL saved by transformers >= 4.53 nests the language model under text_config
// (model_type qwen2_5_vl_text); the count is the top-level layout's (reference test:
// Qwen__Qwen2.5-VL-3B-Instruct, 3754622976), here with the vision fields' defaults but
// out_hidden_size and the language model shrunk to 2 layers.
TEST(LoadArchitectureTest, QwenVlWithNestedTextConfig) {
  const std::string text = R"("hidden_size": 2048, "intermediate_size": 11008,
      "num_hidden_layers": 2, "num_attention_heads": 16, "num_key_value_heads": 2,
      "vocab_size": 151936, "max_position_embeddings": 128000,
      "rope_scaling": {"type": "mrope", "mrope_section": [16, 24, 24]})";
  const std::string vision_config = R"("vision_config": {"depth": 32, "hidden_size": 1280,
      "intermediate_size": 3420, "num_heads": 16, "out_hidden_size": 2048,
      "patch_size": 14, "spatial_merge_size": 2, "temporal_patch_size": 2})";
  Result<Architecture> flat =
      Parse(R"({"model_type": "qwen2_5_vl", "tie_word_embeddings": true, )" + text + ", " +
            vision_config + "}");
  Result<Architecture> nested = Parse(
      R"({"model_type": "qwen2_5_vl", "text_config": {"model_type": "qwen2_5_vl_text",
      "tie_word_embeddings": true, )" +
      text + "}, " + vision_config + "}");
  ASSERT_THAT(flat, IsOk());
  ASSERT_THAT(nested, IsOk());
  EXPECT_EQ(flat->family, "qwen2");
  EXPECT_THAT(flat->assumptions,
              Contains("model_type \"qwen2_5_vl\": read with the qwen2 field map (the same "
                       "fields)"));
  // Language model: embeddings 151936 x 2048 (tied) + 2 x Qwen2 layers of 77076992 + the
  // final norm; vision: 32 x 19702200 + Conv3d 3 x 2 x 14 x 14 x 1280 + merger 36708608.
  const int64_t language = 311164928 + 2 * 77076992 + 2048;
  const int64_t vision = 32 * int64_t{19702200} + 1505280 + 36708608;
  EXPECT_EQ(CountParameters(*flat)->total, language + vision);
  EXPECT_EQ(CountParameters(*nested)->total, language + vision);
  EXPECT_EQ(CountParameters(*nested)->active, language);
}

TEST(LoadArchitectureTest, QwenVlVisionFieldsAreChecked) {
  const std::string text = R"("model_type": "qwen2_vl", "hidden_size": 64,
      "intermediate_size": 128, "num_hidden_layers": 2, "num_attention_heads": 4,
      "vocab_size": 100, )";
  EXPECT_THAT(Parse("{" + text + R"("vision_config": {"embed_dim": 32, "hidden_size": 48}})"),
              StatusIs(StatusCode::kInvalidArgument,
                       HasSubstr("/vision_config/hidden_size: must equal the language model's "
                                 "hidden_size (64): the patch merger projects into it")));
  EXPECT_THAT(Parse("{" + text +
                    R"("vision_config": {"embed_dim": 32, "hidden_size": 64, "mlp_ratio": 0}})"),
              StatusIs(StatusCode::kInvalidArgument, HasSubstr("/vision_config/mlp_ratio:")));
  EXPECT_THAT(Parse("{" + text + R"("vision_config": {"embed_dim": 32, "hidden_size": 64,
                    "num_heads": 5}})"),
              StatusIs(StatusCode::kInvalidArgument,
                       HasSubstr("/vision_config/num_heads: must divide the vision width (32)")));
}

TEST(LoadArchitectureTest, FamilyDefaultsForTying) {
  const std::string gemma = R"({"model_type": "gemma", "hidden_size": 64,
      "intermediate_size": 128, "num_hidden_layers": 2, "num_attention_heads": 4,
      "head_dim": 32, "vocab_size": 100})";
  EXPECT_EQ(Parse(gemma)->tying, Tying::kTied);
  EXPECT_EQ(Parse(gemma)->head_dim, 32);
}

// Gemma2Config's soft-capping defaults are 50 (attention) and 30 (final logits); null turns
// one off; Gemma3TextConfig's are both None (transformers configuration_gemma2/gemma3).
TEST(LoadArchitectureTest, SoftcappingFollowsTheConfigDefaults) {
  const std::string gemma2 = R"({"model_type": "gemma2", "hidden_size": 64,
      "intermediate_size": 128, "num_hidden_layers": 2, "num_attention_heads": 4,
      "head_dim": 16, "vocab_size": 100)";
  Result<Architecture> a = Parse(gemma2 + "}");
  ASSERT_THAT(a, IsOk());
  EXPECT_EQ(a->attn_logit_softcapping, 50);
  EXPECT_EQ(a->final_logit_softcapping, 30);
  a = Parse(gemma2 + R"(, "attn_logit_softcapping": null, "final_logit_softcapping": 12.5})");
  ASSERT_THAT(a, IsOk());
  EXPECT_EQ(a->attn_logit_softcapping, 0);
  EXPECT_EQ(a->final_logit_softcapping, 12.5);
  EXPECT_THAT(Parse(gemma2 + R"(, "final_logit_softcapping": -1})"),
              StatusIs(StatusCode::kInvalidArgument,
                       "m.json: /final_logit_softcapping: must be a positive number or null, "
                       "got -1"));
  EXPECT_THAT(Parse(gemma2 + R"(, "attn_logit_softcapping": "50"})"),
              StatusIs(StatusCode::kInvalidArgument,
                       HasSubstr("/attn_logit_softcapping: must be a positive number or null")));
  a = Parse(R"({"model_type": "gemma3_text", "hidden_size": 64, "intermediate_size": 128,
      "num_hidden_layers": 2, "num_attention_heads": 4, "num_key_value_heads": 1,
      "head_dim": 16, "vocab_size": 100})");
  ASSERT_THAT(a, IsOk());
  EXPECT_EQ(a->attn_logit_softcapping, 0);
  EXPECT_EQ(a->final_logit_softcapping, 0);
}

TEST(LoadArchitectureTest, ForcedFamily) {
  Result<Architecture> a = Parse(R"({"model_type": "llama", "hidden_size": 64,
      "intermediate_size": 128, "num_hidden_layers": 2, "num_attention_heads": 4,
      "vocab_size": 100})",
                                 "qwen2");
  ASSERT_THAT(a, IsOk());
  EXPECT_EQ(a->family, "qwen2");
  EXPECT_TRUE(a->qkv_bias);
}

// ---- Errors: one line naming the file, the field and what was expected ----

TEST(LoadArchitectureTest, UnknownModelTypeListsFamilies) {
  EXPECT_THAT(Parse(R"({"model_type": "xlnet"})"),
              StatusIs(StatusCode::kNotFound,
                       AllOf(HasSubstr("m.json: /model_type: unsupported model family \"xlnet\"; "
                                       "supported: bert, "),
                             HasSubstr(", llama, "), HasSubstr(" (use --family to force one)"))));
}

TEST(LoadArchitectureTest, SyntaxErrorHasLineAndColumn) {
  EXPECT_THAT(Parse("{\n  \"hidden_size\": 64,\n}"),
              StatusIs(StatusCode::kInvalidArgument, HasSubstr("m.json:3:1: ")));
}

TEST(LoadArchitectureTest, HeadsMustDivideWidth) {
  EXPECT_THAT(Parse(R"({"hidden_size": 64, "intermediate_size": 128, "num_hidden_layers": 2,
      "num_attention_heads": 5, "vocab_size": 100})"),
              StatusIs(StatusCode::kInvalidArgument,
                       "m.json: /num_attention_heads: must divide hidden_size (64) when "
                       "head_dim is not given, got 5"));
}

TEST(LoadArchitectureTest, KvHeadsMustDivideHeads) {
  EXPECT_THAT(Parse(R"({"hidden_size": 64, "intermediate_size": 128, "num_hidden_layers": 2,
      "num_attention_heads": 4, "num_key_value_heads": 3, "vocab_size": 100})"),
              StatusIs(StatusCode::kInvalidArgument,
                       "m.json: /num_key_value_heads: must divide num_attention_heads (4), got 3"));
}

TEST(LoadArchitectureTest, MissingField) {
  EXPECT_THAT(
      Parse(R"({"hidden_size": 64, "num_hidden_layers": 2,
      "num_attention_heads": 4, "vocab_size": 100})"),
      StatusIs(StatusCode::kInvalidArgument, "m.json: /intermediate_size: required, got nothing"));
}

TEST(LoadArchitectureTest, WrongTypes) {
  EXPECT_THAT(Parse(R"({"hidden_size": "64"})"),
              StatusIs(StatusCode::kInvalidArgument,
                       "m.json: /hidden_size: must be a positive integer, got \"64\""));
  EXPECT_THAT(Parse(R"({"hidden_size": 64.5})"),
              StatusIs(StatusCode::kInvalidArgument,
                       "m.json: /hidden_size: must be a positive integer, got 64.5"));
  EXPECT_THAT(Parse(R"({"hidden_size": 0})"),
              StatusIs(StatusCode::kInvalidArgument,
                       "m.json: /hidden_size: must be a positive integer, got 0"));
  EXPECT_THAT(Parse(R"({"hidden_size": 64, "intermediate_size": 1, "num_hidden_layers": 1,
      "num_attention_heads": 1, "vocab_size": 1, "tie_word_embeddings": "yes"})"),
              StatusIs(StatusCode::kInvalidArgument,
                       "m.json: /tie_word_embeddings: must be true or false, got \"yes\""));
}

TEST(LoadArchitectureTest, TooManyLayers) {
  EXPECT_THAT(Parse(R"({"hidden_size": 64, "num_hidden_layers": 1099511627776})"),
              StatusIs(StatusCode::kInvalidArgument,
                       HasSubstr("/num_hidden_layers: must be at most 100000 layers")));
}

TEST(LoadArchitectureTest, TopKAboveExperts) {
  EXPECT_THAT(Parse(R"({"model_type": "mixtral", "hidden_size": 64, "intermediate_size": 128,
      "num_hidden_layers": 2, "num_attention_heads": 4, "vocab_size": 100,
      "num_local_experts": 4, "num_experts_per_tok": 5})"),
              StatusIs(StatusCode::kInvalidArgument,
                       "m.json: /num_experts_per_tok: must not exceed the number of routed "
                       "experts (4), got 5"));
}

TEST(LoadArchitectureTest, FirstDenseBeyondLayers) {
  EXPECT_THAT(Parse(R"({"model_type": "deepseek_v2", "hidden_size": 64,
      "intermediate_size": 128, "moe_intermediate_size": 16, "num_hidden_layers": 2,
      "num_attention_heads": 4, "vocab_size": 100, "kv_lora_rank": 8,
      "qk_nope_head_dim": 8, "qk_rope_head_dim": 4, "v_head_dim": 8, "n_routed_experts": 4,
      "num_experts_per_tok": 2, "first_k_dense_replace": 3})"),
              StatusIs(StatusCode::kInvalidArgument,
                       "m.json: /first_k_dense_replace: must not exceed num_hidden_layers (2), "
                       "got 3"));
}

TEST(LoadArchitectureTest, DuplicateKey) {
  EXPECT_THAT(
      Parse(R"({"hidden_size": 64, "hidden_size": 128})"),
      StatusIs(StatusCode::kInvalidArgument, HasSubstr("m.json: /hidden_size: key appears twice")));
}

TEST(LoadArchitectureTest, TopLevelMustBeObject) {
  EXPECT_THAT(Parse("[1, 2]"),
              StatusIs(StatusCode::kInvalidArgument,
                       "m.json: the top level must be a JSON object, got an array"));
}

TEST(LoadArchitectureTest, MissingFile) {
  EXPECT_THAT(LoadArchitecture("/nonexistent/config.json", {}),
              StatusIs(StatusCode::kNotFound, "/nonexistent/config.json: no such file"));
}

}  // namespace
}  // namespace llmcost

namespace llmcost {
namespace {

// nanoGPT's config/*.py: literal assignments are read; any other line is an error
// (python_config_test.cc).
TEST(LoadArchitectureTest, NanoGptPythonConfig) {
  Result<Architecture> a = ParseArchitecture(
      "# comment\n\nn_layer = 12\nn_head = 12  # heads\nn_embd = 768\n"
      "block_size = 1024\nvocab_size = 50_257\nbias = True\nout_dir = 'out'\n",
      "train_gpt2.py", {});
  ASSERT_THAT(a, ::llmcost::testing::IsOk());
  EXPECT_EQ(a->family, "gpt2");
  EXPECT_EQ(a->vocab_size, 50257);
  EXPECT_EQ(CountParameters(*a)->total, 124439808);  // GPT-2 small (llm.c)
}

TEST(LoadArchitectureTest, NanoGptExpressionIsAnErrorNotSkipped) {
  EXPECT_THAT(
      ParseArchitecture("n_layer = 12\nn_head = 12\nn_embd = 64 + 12\n", "c.py", {}),
      ::llmcost::testing::StatusIs(StatusCode::kInvalidArgument,
                                   "c.py:3:13: expected the end of the line or a # comment after "
                                   "the value, got '+ 12'"));
  EXPECT_THAT(ParseArchitecture("n_layer = 12\nn_layer = 6\n", "c.py", {}),
              ::llmcost::testing::StatusIs(StatusCode::kInvalidArgument,
                                           "c.py:2:1: n_layer is assigned twice (first at line 1); "
                                           "keep one"));
}

}  // namespace
}  // namespace llmcost

namespace llmcost {
namespace {

// Two accepted names for one field must agree: which one wins would otherwise be silent.
TEST(LoadArchitectureTest, ConflictingAliasesAreAnError) {
  EXPECT_THAT(
      ParseArchitecture(R"({"model_type": "gpt2", "n_embd": 768, "hidden_size": 1024,
      "n_layer": 2, "n_head": 12, "n_positions": 64, "vocab_size": 10})",
                        "c.json", {}),
      ::llmcost::testing::StatusIs(
          StatusCode::kInvalidArgument,
          "c.json: /n_embd: conflicts with /hidden_size (1024); give one of them, got 768"));
  // Equal values are fine.
  EXPECT_THAT(ParseArchitecture(R"({"model_type": "gpt2", "n_embd": 768, "hidden_size": 768,
      "n_layer": 2, "n_head": 12, "n_positions": 64, "vocab_size": 10})",
                                "c.json", {}),
              ::llmcost::testing::IsOk());
}

}  // namespace
}  // namespace llmcost

namespace llmcost {
namespace {

constexpr char kMoeConfig[] = R"({"model_type": "gpt_oss", "hidden_size": 64,
    "num_hidden_layers": 2, "num_attention_heads": 4, "num_key_value_heads": 2, "head_dim": 16,
    "intermediate_size": 32, "vocab_size": 100, "max_position_embeddings": 256,
    "num_local_experts": 4, "num_experts_per_tok": 2, "sliding_window": 8,
    "layer_types": ["sliding_attention", "full_attention"]})";

// Forcing a family that ignores experts and the schedule says so, field by field.
TEST(NoSilentDropsTest, ForcedFamilyWarnsAboutIgnoredFields) {
  LoadOptions forced;
  forced.family = "llama";
  Result<Architecture> a = ParseArchitecture(kMoeConfig, "m.json", forced);
  ASSERT_TRUE(a.ok()) << a.status().message();
  std::string all;
  for (const std::string& w : a->warnings) {
    all += w + "\n";
  }
  EXPECT_NE(all.find("/num_local_experts is ignored by the llama field map"), std::string::npos)
      << all;
  EXPECT_NE(all.find("/layer_types is ignored"), std::string::npos) << all;
  EXPECT_NE(all.find("/sliding_window is ignored"), std::string::npos) << all;
  // Each warning is also an assumption of the report.
  for (const std::string& w : a->warnings) {
    EXPECT_NE(std::find(a->assumptions.begin(), a->assumptions.end(), w), a->assumptions.end());
  }
  // Read with its own family, nothing is dropped.
  Result<Architecture> own = ParseArchitecture(kMoeConfig, "m.json", {});
  ASSERT_TRUE(own.ok()) << own.status().message();
  EXPECT_TRUE(own->warnings.empty()) << own->warnings.front();
  EXPECT_EQ(own->layers[0].mixer, MixerKind::kSlidingWindow);
  EXPECT_EQ(own->layers[0].sliding_window, 8);
  EXPECT_EQ(own->layers[1].mixer, MixerKind::kFullAttention);
  EXPECT_TRUE(own->layers[1].moe);
}

TEST(NoSilentDropsTest, MisspelledSizeFieldGetsDidYouMean) {
  Result<Architecture> a = ParseArchitecture(
      R"({"model_type": "llama", "hidden_size": 64, "num_hidden_layers": 2,
          "num_attention_heads": 4, "intermediate_size": 128, "vocab_size": 100,
          "max_position_embedings": 512, "rope_theta": 10000.0})",
      "t.json", {});
  ASSERT_TRUE(a.ok()) << a.status().message();
  ASSERT_EQ(a->warnings.size(), 1u);
  EXPECT_EQ(a->warnings[0],
            "unknown field \"max_position_embedings\"; did you mean max_position_embeddings?");
}

// Every key of `value` and of the objects nested in it.
void CollectKeys(const nlohmann::json& value, std::set<std::string>* keys) {
  if (value.is_object()) {
    for (const auto& [key, child] : value.items()) {
      keys->insert(key);
      CollectKeys(child, keys);
    }
  } else if (value.is_array()) {
    for (const nlohmann::json& child : value) {
      CollectKeys(child, keys);
    }
  }
}

// The did-you-mean scan over the known fields (with its cheap lower bounds) suggests what
// ClosestSpelling over the same list suggests: for the keys of the shipped configs, and for
// every known name with one or two edits, a changed case or a stray character.
TEST(NoSilentDropsTest, NearestKnownFieldIsClosestSpelling) {
  std::set<std::string> keys;
  for (const auto& entry : std::filesystem::recursive_directory_iterator(
           std::string(LLMCOST_SOURCE_DIR) + "/configs")) {
    if (entry.path().extension() != ".json") {
      continue;
    }
    std::ifstream in(entry.path());
    std::stringstream text;
    text << in.rdbuf();
    CollectKeys(nlohmann::json::parse(text.str(), nullptr, false, true), &keys);
  }
  ASSERT_GT(keys.size(), 50u);
  const std::vector<std::string_view> known = config::KnownFieldNames();
  for (std::string_view name : known) {
    const std::string n(name);
    keys.insert(n);
    for (size_t i = 0; i <= n.size(); ++i) {
      keys.insert(n.substr(0, i) + "x" + n.substr(i));   // an insertion
      keys.insert(n.substr(0, i) + "__" + n.substr(i));  // two
      if (i < n.size()) {
        keys.insert(n.substr(0, i) + n.substr(i + 1));        // a deletion
        keys.insert(n.substr(0, i) + "e" + n.substr(i + 1));  // a substitution
        std::string upper = n;
        upper[i] = static_cast<char>(std::toupper(static_cast<unsigned char>(upper[i])));
        keys.insert(upper);                                          // case
        keys.insert(n.substr(0, i) + "\xC3\xA9" + n.substr(i + 1));  // a non-ASCII letter
      }
      if (i + 1 < n.size()) {
        std::string swapped = n;
        std::swap(swapped[i], swapped[i + 1]);
        keys.insert(swapped);  // a transposition
      }
    }
  }
  for (const char* odd : {"", "a", "ab", "n", "hidden", "size", "layers", "experts", "dim"}) {
    keys.insert(odd);
  }
  size_t suggested = 0;
  for (const std::string& key : keys) {
    const std::optional<std::string> expected = ClosestSpelling(key, known);
    const std::optional<std::string_view> got = config::NearestKnownField(key);
    ASSERT_EQ(got.has_value(), expected.has_value()) << key;
    if (expected) {
      EXPECT_EQ(*got, *expected) << key;
      ++suggested;
    }
  }
  EXPECT_GT(suggested, 1000u);
}

TEST(LayerScheduleTest, BadLayerTypesAreLocatedErrors) {
  Result<Architecture> wrong_length = ParseArchitecture(
      R"({"model_type": "qwen3_next", "hidden_size": 64, "num_hidden_layers": 2,
          "num_attention_heads": 4, "intermediate_size": 128, "vocab_size": 100,
          "num_experts": 0, "layer_types": ["full_attention"]})",
      "q.json", {});
  ASSERT_FALSE(wrong_length.ok());
  EXPECT_EQ(wrong_length.status().message(),
            "q.json: /layer_types: must list one type per layer (2), got 1");
  Result<Architecture> unknown = ParseArchitecture(
      R"({"model_type": "qwen3_next", "hidden_size": 64, "num_hidden_layers": 1,
          "num_attention_heads": 4, "intermediate_size": 128, "vocab_size": 100,
          "num_experts": 0, "layer_types": ["mamba"]})",
      "q.json", {});
  ASSERT_FALSE(unknown.ok());
  EXPECT_EQ(unknown.status().message(),
            "q.json: /layer_types/0: must be full_attention, sliding_attention, "
            "chunked_attention or linear_attention, got \"mamba\"");
}

}  // namespace
}  // namespace llmcost
