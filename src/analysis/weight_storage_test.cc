// Weight storage per format, pinned to published checkpoint sizes: llama.cpp's own
// "model size" (llama-bench's size column = the sum of ggml_nbytes over the tensors, printed
// in GiB with two decimals) and the layouts of AWQ/GPTQ/FP8/NF4/MXFP4 tensors.
#include "llmcost/analysis/weight_storage.h"

#include <utility>

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "llmcost/analysis/parameters.h"
#include "llmcost/config.h"

#include "tensor_inventory.h"
#include "testing/golden_files.h"
#include "testing/status_matchers.h"

namespace llmcost {
namespace {

using ::llmcost::testing::SourcePath;
using ::llmcost::testing::StatusIs;

constexpr double kGiB = 1024.0 * 1024.0 * 1024.0;

Architecture Checkpoint(const std::string& file) {
  Result<Architecture> arch =
      LoadArchitecture(SourcePath("tests/reference/checkpoints/" + file), {});
  EXPECT_TRUE(arch.ok()) << arch.status().message();
  return arch.ok() ? *arch : Architecture{};
}

// meta-llama/Meta-Llama-3-8B config.json.
Architecture Llama3_8b() {
  Result<Architecture> arch = ParseArchitecture(
      R"({"model_type": "llama", "hidden_size": 4096, "intermediate_size": 14336,
          "num_attention_heads": 32, "num_hidden_layers": 32, "num_key_value_heads": 8,
          "vocab_size": 128256, "max_position_embeddings": 8192,
          "tie_word_embeddings": false})",
      "Meta-Llama-3-8B", {});
  EXPECT_TRUE(arch.ok()) << arch.status().message();
  return arch.ok() ? *arch : Architecture{};
}

WeightFormat Format(std::string_view name, int64_t group = 0) {
  Result<WeightFormat> f = ParseWeightFormat(name, group);
  EXPECT_TRUE(f.ok()) << f.status().message();
  return f.ok() ? *f : WeightFormat{};
}

double GiB(const Architecture& a, std::string_view format) {
  Result<WeightStorage> s = EstimateWeightStorage(a, Format(format));
  EXPECT_TRUE(s.ok()) << s.status().message();
  return s.ok() ? static_cast<double>(s->total_bytes) / kGiB : 0;
}

TEST(TensorInventoryTest, SumsToTheParameterCount) {
  for (const char* file :
       {"meta-llama__Llama-2-7b-hf.json", "deepseek-ai__DeepSeek-V3.json",
        "mistralai__Mixtral-8x7B-v0.1.json", "Qwen__Qwen1.5-MoE-A2.7B.json",
        "openai-community__gpt2.json", "facebook__opt-125m.json", "tiiuae__falcon-7b.json",
        "google__gemma-2-2b.json", "Qwen__Qwen3-8B.json", "allenai__OLMo-1B-hf.json"}) {
    SCOPED_TRACE(file);
    const Architecture a = Checkpoint(file);
    int64_t sum = 0;
    for (const TensorSpec& t : TensorInventory(a)) {
      sum += t.rows * t.cols * t.count;
    }
    EXPECT_EQ(sum, CountParameters(a)->total);
  }
}

// State-space mixers are not in the inventory (they stay 16-bit in every format): the
// inventory holds the rest exactly. Jamba-v0.1: 28 Mamba mixers of 105,308,448 parameters, no
// attention tensors in those layers; Mamba-Codestral-7B: 64 mixers of 109,635,968, no MLP.
TEST(TensorInventoryTest, StateSpaceMixersAreTheRemainder) {
  for (const auto& [file, mixers] :
       {std::pair<const char*, int64_t>{"ai21labs__Jamba-v0.1.json", 28 * int64_t{105308448}},
        {"mistralai__Mamba-Codestral-7B-v0.1.json", 64 * int64_t{109635968}}}) {
    SCOPED_TRACE(file);
    const Architecture a = Checkpoint(file);
    int64_t sum = 0;
    for (const TensorSpec& t : TensorInventory(a)) {
      sum += t.rows * t.cols * t.count;
    }
    EXPECT_EQ(sum, CountParameters(a)->total - mixers);
  }
}

// llama-bench tables (size column, GiB to two decimals), each seen in several independent
// runs: "llama 7B Q4_0 | 3.56 GiB | 6.74 B", "llama 7B Q4_K - Medium | 3.80 GiB | 6.74 B",
// "llama 7B Q8_0 | 6.67 GiB | 6.74 B" (Llama-2-7B; ggml-org/llama.cpp PR #6017 and the
// ROCm/Vulkan threads); "llama 8B Q4_K - Medium | 4.58 GiB | 8.03 B" (Llama-3-8B);
// "qwen2 7B Q4_K - Medium | 4.36 GiB | 7.62 B" (llama.cpp tools/llama-bench/README.md) and
// "qwen2 7B Q8_0 | 7.54 GiB | 7.62 B" (llama.cpp PR #16894); "llama 7B Q4_K - Medium |
// 4.07 GiB | 7.24 B" and "llama 7B Q4_0 | 3.83 GiB | 7.24 B" (Mistral-7B); "llama 8x7B
// Q4_K - Medium | 26.49 GiB | 46.70 B" (Mixtral-8x7B: exercises the 8-expert rules).
TEST(WeightStorageTest, GgufMatchesLlamaCppModelSize) {
  struct Case {
    const char* name;
    Architecture arch;
    const char* format;
    double gib;
  };
  const Case cases[] = {
      {"llama-2-7b q4_0", Checkpoint("meta-llama__Llama-2-7b-hf.json"), "gguf:Q4_0", 3.56},
      {"llama-2-7b q4_k_m", Checkpoint("meta-llama__Llama-2-7b-hf.json"), "gguf:Q4_K_M", 3.80},
      {"llama-2-7b q8_0", Checkpoint("meta-llama__Llama-2-7b-hf.json"), "gguf:Q8_0", 6.67},
      {"llama-3-8b q4_k_m", Llama3_8b(), "gguf:Q4_K_M", 4.58},
      {"qwen2-7b q4_k_m", Checkpoint("Qwen__Qwen2-7B.json"), "gguf:Q4_K_M", 4.36},
      {"qwen2-7b q8_0", Checkpoint("Qwen__Qwen2-7B.json"), "gguf:Q8_0", 7.54},
      {"mistral-7b q4_k_m", Checkpoint("mistralai__Mistral-7B-v0.1.json"), "gguf:Q4_K_M", 4.07},
      {"mistral-7b q4_0", Checkpoint("mistralai__Mistral-7B-v0.1.json"), "gguf:Q4_0", 3.83},
      {"mixtral-8x7b q4_k_m", Checkpoint("mistralai__Mixtral-8x7B-v0.1.json"), "gguf:Q4_K_M",
       26.49},
  };
  for (const Case& c : cases) {
    SCOPED_TRACE(c.name);
    EXPECT_NEAR(GiB(c.arch, c.format), c.gib, 0.005);
  }
}

// Llama-2-7B Q4_K_M by hand: token_embd q4_K, output q6_K, attn_v and ffn_down q6_K in the
// 16 use_more_bits layers (0-3, 28-31 and 6, 9, ..., 27), every other matrix q4_K, norms f32.
TEST(WeightStorageTest, GgufQ4KMTypeMix) {
  Result<WeightStorage> s =
      EstimateWeightStorage(Checkpoint("meta-llama__Llama-2-7b-hf.json"), Format("gguf:q4_k_m"));
  ASSERT_TRUE(s.ok()) << s.status().message();
  EXPECT_EQ(s->total_bytes, 4080263168);
  EXPECT_EQ(SumComponents(s->breakdown), s->total_bytes);
  EXPECT_THAT(s->breakdown, ::testing::Contains(Component<int64_t>{"f32", 65 * 4096 * 4}));
  // 107,520,000 (output) + 16 x (16,777,216 + 45,088,768) x 210 / 256.
  EXPECT_THAT(s->breakdown,
              ::testing::Contains(Component<int64_t>{"q6_K", 107520000 + 16 * 50749440}));
}

// AutoAWQ GEMM, 4-bit, group 128 (TheBloke/Llama-2-7B-AWQ's quant_config): qweight c r / 2,
// qzeros (c / 128) r / 2, fp16 scales (c / 128) r 2 per linear; embeddings, head and norms
// fp16. The repository's model.safetensors is listed at 3.89 GB.
TEST(WeightStorageTest, AwqLayout) {
  Result<WeightStorage> s =
      EstimateWeightStorage(Checkpoint("meta-llama__Llama-2-7b-hf.json"), Format("awq"));
  ASSERT_TRUE(s.ok()) << s.status().message();
  const int64_t linear = int64_t{32} * (4 * 4096 * 4096 + 3 * 4096 * 11008);  // 6,476,005,376
  EXPECT_EQ(s->quantized_params, linear);
  EXPECT_EQ(s->total_bytes,
            linear / 2 + linear / 128 / 2 + linear / 128 * 2 + 2 * (2 * 32000 * 4096 + 65 * 4096));
  EXPECT_NEAR(static_cast<double>(s->total_bytes) / 1e9, 3.89, 0.005);
}

// AutoGPTQ adds g_idx, one int32 per input column of every quantized linear.
TEST(WeightStorageTest, GptqAddsGIdx) {
  const Architecture a = Checkpoint("meta-llama__Llama-2-7b-hf.json");
  Result<WeightStorage> awq = EstimateWeightStorage(a, Format("awq"));
  Result<WeightStorage> gptq = EstimateWeightStorage(a, Format("gptq"));
  ASSERT_TRUE(awq.ok() && gptq.ok());
  EXPECT_EQ(gptq->total_bytes - awq->total_bytes, 32 * (6 * 4096 + 11008) * 4);
}

// A GPTQ checkpoint's published size: text-generation-inference issue #3158 prints the state
// dict TGI's `text-generation-server quantize` (GPTQ, 4-bit, group 128) saved for
// meta-llama/Llama-3.1-8B-Instruct (config in the same log: d 4096, f 14336, 32 layers, 32
// heads, 8 KV heads, V 128256; Llama-3-8B's shape), with huggingface_hub's
// StateDictSplit(metadata={'total_size': 5732835328}): the sum of the tensors' data bytes, no
// safetensors header. The same log lists 963 tensors = 32 layers x (7 linears x qweight, qzeros,
// scales, g_idx + 2 norms) + embedding, final norm, lm_head: no biases, nothing else.
TEST(WeightStorageTest, GptqMatchesAPublishedTotalSize) {
  Result<WeightStorage> s = EstimateWeightStorage(Llama3_8b(), Format("gptq", 128));
  ASSERT_TRUE(s.ok()) << s.status().message();
  EXPECT_EQ(s->total_bytes, 5'732'835'328);
  EXPECT_EQ(SumComponents(s->breakdown), s->total_bytes);
  // g_idx: one int32 per input column of every linear, 32 x (6 x 4096 + 14336) x 4.
  EXPECT_THAT(s->breakdown, ::testing::Contains(Component<int64_t>{"g_idx", 4'980'736}));
}

// QLoRA (Dettmers et al. 2023, §3): NF4 with double quantization stores
// 4 + 8/64 + 32/(64 x 256) bits per weight, plus two small lookup tables per tensor.
TEST(WeightStorageTest, Nf4DoubleQuantBitsPerWeight) {
  const Architecture a = Checkpoint("meta-llama__Llama-2-7b-hf.json");
  Result<WeightStorage> s = EstimateWeightStorage(a, Format("nf4"));
  ASSERT_TRUE(s.ok()) << s.status().message();
  const int64_t tensors = 32 * 7;
  const int64_t kept = 2 * (2 * 32000 * 4096 + 65 * 4096);
  const double bits = static_cast<double>(s->total_bytes - kept - tensors * (1024 + 64)) * 8 /
                      static_cast<double>(s->quantized_params);
  EXPECT_NEAR(bits, 4 + 8.0 / 64 + 32.0 / (64 * 256), 1e-4);
}

// DeepSeek-V3's config: quant_method fp8 with weight_block_size [128, 128]: every linear in
// the layers is float8 with a float32 weight_scale_inv per 128 x 128 block.
TEST(WeightStorageTest, Fp8BlockScalesFromQuantizationConfig) {
  const Architecture a = Checkpoint("deepseek-ai__DeepSeek-V3.json");
  ASSERT_TRUE(a.checkpoint_format.has_value());
  EXPECT_EQ(a.checkpoint_format->kind, WeightFormatKind::kFp8);
  EXPECT_EQ(a.checkpoint_format->fp8_scales, ScaleGranularity::kBlock);
  EXPECT_EQ(a.checkpoint_format->block_rows, 128);
}

// MXFP4 (OCP Microscaling v1.0): 32 FP4 values share one E8M0 scale: 4.25 bits per weight.
TEST(WeightStorageTest, Mxfp4QuantizesTheExperts) {
  const Architecture a = Checkpoint("mistralai__Mixtral-8x7B-v0.1.json");
  Result<WeightStorage> s = EstimateWeightStorage(a, Format("mxfp4"));
  ASSERT_TRUE(s.ok()) << s.status().message();
  EXPECT_EQ(s->quantized_params, 32LL * 8 * 3 * 4096 * 14336);
  int64_t fp4 = 0;
  for (const auto& part : s->breakdown) {
    if (part.name == "fp4 values" || part.name == "scales") {
      fp4 += part.value;
    }
  }
  EXPECT_EQ(fp4 * 8 * 100 / s->quantized_params, 425);
}

// openai/gpt-oss-20b as published: its model.safetensors.index.json records
// "metadata": {"total_size": 13761264768} (the sum of the tensors' data bytes), read in two
// independent stored copies of the index. Cross-checked tensor by tensor: per layer, bf16
// attention with biases 53,100,160 B + sinks 128 + norms 11,520 + router with bias 184,384;
// MXFP4 experts (quantization_config.modules_to_not_convert keeps attention, router,
// embeddings and head 16-bit): gate_up blocks 265,420,800 + scales 16,588,800 + bf16 bias
// 368,640, down blocks 132,710,400 + scales 8,294,400 + bias 184,320; x 24 layers; embedding
// and head 1,158,266,880 each, final norm 5,760. Sum: 13,761,264,768.
TEST(WeightStorageTest, GptOss20bMatchesThePublishedCheckpointSize) {
  const Architecture a = Checkpoint("openai__gpt-oss-20b.json");
  ASSERT_TRUE(a.checkpoint_format.has_value());
  Result<WeightStorage> s = EstimateWeightStorage(a, *a.checkpoint_format);
  ASSERT_TRUE(s.ok()) << s.status().message();
  EXPECT_EQ(s->total_bytes, 13'761'264'768);
  EXPECT_EQ(s->quantized_params, 24LL * 32 * 3 * 2880 * 2880);
}

TEST(WeightStorageTest, QuantizationConfigsAreRead) {
  struct Case {
    const char* name;
    const char* config;
    WeightFormatKind kind;
    int64_t group;
  };
  const Case cases[] = {
      {"awq", R"("quantization_config": {"quant_method": "awq", "bits": 4, "group_size": 128,
                  "zero_point": true, "version": "gemm"})",
       WeightFormatKind::kAwq, 128},
      {"gptq per channel", R"("quantization_config": {"quant_method": "gptq", "bits": 4,
                  "group_size": -1, "sym": true})",
       WeightFormatKind::kGptq, 0},
      {"compressed-tensors w4a16", R"("quantization_config": {"quant_method":
          "compressed-tensors", "format": "pack-quantized", "ignore": ["lm_head"],
          "config_groups": {"group_0": {"targets": ["Linear"], "weights": {"num_bits": 4,
          "type": "int", "symmetric": true, "strategy": "group", "group_size": 128}}}})",
       WeightFormatKind::kPackedInt, 128},
      {"mxfp4", R"("quantization_config": {"quant_method": "mxfp4",
          "modules_to_not_convert": ["model.layers.*.self_attn", "lm_head"]})",
       WeightFormatKind::kMxfp4, 0},
      {"bnb nf4", R"("quantization_config": {"quant_method": "bitsandbytes",
          "load_in_4bit": true, "bnb_4bit_quant_type": "nf4",
          "bnb_4bit_use_double_quant": true})",
       WeightFormatKind::kNf4, 0},
  };
  for (const Case& c : cases) {
    SCOPED_TRACE(c.name);
    Result<Architecture> a = ParseArchitecture(
        std::string(R"({"model_type": "llama", "hidden_size": 256, "intermediate_size": 512,
          "num_attention_heads": 4, "num_hidden_layers": 2, "vocab_size": 1000,
          "max_position_embeddings": 128, )") +
            c.config + "}",
        "q.json", {});
    ASSERT_TRUE(a.ok()) << a.status().message();
    ASSERT_TRUE(a->checkpoint_format.has_value());
    EXPECT_EQ(a->checkpoint_format->kind, c.kind);
    EXPECT_EQ(a->checkpoint_format->group_size, c.group);
    EXPECT_TRUE(EstimateWeightStorage(*a, *a->checkpoint_format).ok());
  }
}

TEST(WeightStorageTest, ModulesToNotConvertStay16Bit) {
  Result<Architecture> a = ParseArchitecture(
      R"({"model_type": "llama", "hidden_size": 256, "intermediate_size": 512,
          "num_attention_heads": 4, "num_hidden_layers": 2, "vocab_size": 1000,
          "max_position_embeddings": 128, "quantization_config": {"quant_method": "awq",
          "bits": 4, "group_size": 128, "modules_to_not_convert": ["self_attn"]}})",
      "q.json", {});
  ASSERT_TRUE(a.ok()) << a.status().message();
  Result<WeightStorage> s = EstimateWeightStorage(*a, *a->checkpoint_format);
  ASSERT_TRUE(s.ok());
  EXPECT_EQ(s->quantized_params, 2 * 3 * 256 * 512);  // the MLPs only
}

TEST(WeightFormatTest, BadNamesGetOneLine) {
  EXPECT_THAT(ParseWeightFormat("gguf:q4_km", 0),
              StatusIs(StatusCode::kInvalidArgument,
                       "weights_format: unknown GGUF type 'Q4_KM', did you mean 'Q4_K_M'?"));
  EXPECT_THAT(ParseWeightFormat("gguf:Q9_9", 0),
              StatusIs(StatusCode::kInvalidArgument,
                       ::testing::StartsWith("weights_format: unknown GGUF type 'Q9_9'")));
  EXPECT_THAT(ParseWeightFormat("awk", 0),
              StatusIs(StatusCode::kInvalidArgument,
                       "weights_format: unknown format 'awk', did you mean 'awq'?"));
  EXPECT_THAT(ParseWeightFormat("gptq", 7),
              StatusIs(StatusCode::kInvalidArgument,
                       "group_size: must be -1 or a power of two >= 16, got 7"));
  EXPECT_THAT(ParseWeightFormat("fp8", 64),
              StatusIs(StatusCode::kInvalidArgument,
                       "group_size: applies to awq and gptq only, got 64 with fp8"));
}

}  // namespace
}  // namespace llmcost
