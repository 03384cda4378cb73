#include "llmcost/config_writer.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "llmcost/config.h"

namespace llmcost {
namespace {

using ::testing::HasSubstr;
using ::testing::Not;

ConfigShape Shape(const std::string& family) {
  ConfigShape s;
  s.family = family;
  s.name = "test \"shape\"";
  s.hidden_size = 2048;
  s.num_layers = 3;
  s.num_heads = 16;
  s.num_kv_heads = 8;
  s.head_dim = 128;
  s.intermediate_size = 5632;
  s.vocab_size = 50304;
  s.max_position_embeddings = 4096;
  s.num_experts = 16;
  s.experts_per_token = 2;
  return s;
}

// What a reader of the architecture sees: identical for the text and the in-memory document.
void ExpectSameArchitecture(const Architecture& a, const Architecture& b) {
  EXPECT_EQ(a.name, b.name);
  EXPECT_EQ(a.family, b.family);
  EXPECT_EQ(a.hidden_size, b.hidden_size);
  EXPECT_EQ(a.num_layers, b.num_layers);
  EXPECT_EQ(a.num_heads, b.num_heads);
  EXPECT_EQ(a.num_kv_heads, b.num_kv_heads);
  EXPECT_EQ(a.head_dim, b.head_dim);
  EXPECT_EQ(a.intermediate_size, b.intermediate_size);
  EXPECT_EQ(a.vocab_size, b.vocab_size);
  EXPECT_EQ(a.max_position_embeddings, b.max_position_embeddings);
  EXPECT_EQ(a.moe.num_experts, b.moe.num_experts);
  EXPECT_EQ(a.moe.top_k, b.moe.top_k);
  EXPECT_EQ(a.moe.expert_ffn, b.moe.expert_ffn);
  EXPECT_EQ(a.tying, b.tying);
  EXPECT_EQ(a.mlp, b.mlp);
  EXPECT_EQ(a.norm, b.norm);
  EXPECT_EQ(a.position, b.position);
  EXPECT_EQ(a.layers.size(), b.layers.size());
  EXPECT_EQ(a.assumptions, b.assumptions);
}

TEST(ConfigWriterTest, EveryWritableFamilyReadsBackAsWritten) {
  for (const std::string& family : WritableFamilies()) {
    SCOPED_TRACE(family);
    const ConfigShape s = Shape(family);
    Result<std::string> text = WriteConfigJson(s);
    ASSERT_TRUE(text.ok()) << text.status().message();
    Result<Architecture> loaded = ParseArchitecture(*text, "design.json", {});
    ASSERT_TRUE(loaded.ok()) << loaded.status().message();
    Result<Architecture> direct = ReadConfigShape(s, "design.json");
    ASSERT_TRUE(direct.ok()) << direct.status().message();
    ExpectSameArchitecture(*loaded, *direct);
    // ReadConfigShape skips the unread-field scan: on the writer's own keys it finds nothing.
    EXPECT_TRUE(loaded->warnings.empty()) << loaded->warnings.front();
    // The shape fields the family writes arrive unchanged.
    EXPECT_EQ(loaded->name, s.name);
    EXPECT_EQ(loaded->family, family);
    EXPECT_EQ(loaded->hidden_size, s.hidden_size);
    EXPECT_EQ(loaded->num_layers, s.num_layers);
    EXPECT_EQ(loaded->num_heads, s.num_heads);
    EXPECT_EQ(loaded->vocab_size, s.vocab_size);
    EXPECT_EQ(loaded->max_position_embeddings, s.max_position_embeddings);
    EXPECT_EQ(loaded->num_kv_heads, *FamilyWritesKvHeads(family) ? s.num_kv_heads : s.num_heads);
    if (*FamilyWritesExperts(family)) {
      EXPECT_EQ(loaded->moe.num_experts, s.num_experts);
      EXPECT_EQ(loaded->moe.top_k, s.experts_per_token);
      EXPECT_EQ(loaded->moe.expert_ffn, s.intermediate_size);
    } else {
      EXPECT_FALSE(loaded->is_moe());
      EXPECT_EQ(loaded->intermediate_size, s.intermediate_size);
    }
  }
}

// One reader for many shapes (the design search's path) gives what ReadConfigShape gives, shape
// after shape and across families, and still rejects a bad count.
TEST(ConfigWriterTest, ReaderOfManyShapesEqualsReadConfigShape) {
  ConfigShapeReader reader;
  for (int round = 0; round < 2; ++round) {
    for (const std::string& family : WritableFamilies()) {
      for (int64_t scale : {1, 2, 3}) {
        SCOPED_TRACE(family + " x" + std::to_string(scale));
        ConfigShape s = Shape(family);
        s.hidden_size *= scale;
        s.num_layers += scale;
        s.intermediate_size *= scale;
        s.name = "shape " + std::to_string(scale);
        Result<Architecture> many = reader.Read(s, "design.json");
        Result<Architecture> one = ReadConfigShape(s, "design.json");
        ASSERT_TRUE(many.ok() && one.ok());
        ExpectSameArchitecture(*many, *one);
        EXPECT_EQ(many->name, one->name);
        EXPECT_EQ(many->hidden_size, s.hidden_size);
      }
    }
  }
  ConfigShape bad = Shape("llama");
  bad.num_layers = 0;
  EXPECT_FALSE(reader.Read(bad, "design.json").ok());
}

TEST(ConfigWriterTest, WritesTheFamilysOwnFieldNames) {
  Result<std::string> gpt2 = WriteConfigJson(Shape("gpt2"));
  ASSERT_TRUE(gpt2.ok());
  EXPECT_THAT(*gpt2, HasSubstr("\"n_embd\": 2048"));
  EXPECT_THAT(*gpt2, HasSubstr("\"tie_word_embeddings\": true"));
  EXPECT_THAT(*gpt2, Not(HasSubstr("num_key_value_heads")));
  Result<std::string> mixtral = WriteConfigJson(Shape("mixtral"));
  ASSERT_TRUE(mixtral.ok());
  EXPECT_THAT(*mixtral, HasSubstr("\"num_local_experts\": 16"));
  EXPECT_THAT(*mixtral, HasSubstr("\"name\": \"test \\\"shape\\\"\""));
  EXPECT_EQ(mixtral->back(), '\n');
}

TEST(ConfigWriterTest, RejectsUnknownFamiliesAndNonPositiveCounts) {
  Result<std::string> bert = WriteConfigJson(Shape("bert"));
  ASSERT_FALSE(bert.ok());
  EXPECT_THAT(bert.status().message(), HasSubstr("writable: llama, gpt2, mixtral"));
  ConfigShape s = Shape("llama");
  s.num_layers = 0;
  Result<std::string> zero = WriteConfigJson(s);
  ASSERT_FALSE(zero.ok());
  EXPECT_THAT(zero.status().message(), HasSubstr("num_hidden_layers must be positive, got 0"));
}

}  // namespace
}  // namespace llmcost
