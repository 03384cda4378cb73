// `verify` end to end: checkpoints the test writes (safetensors headers + sparse zero data,
// named the way transformers saves each family) for reference configs whose published
// parameter counts tests/reference/checkpoints.json cites, checked through LoadCheckpoint,
// VerifyCheckpoint and the command line. Every bad case gives one line, tested here.
#include <filesystem>

#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <nlohmann/json.hpp>
#include <sys/stat.h>

#include "llmcost/analysis/checkpoint_verification.h"
#include "llmcost/checkpoint_reader.h"
#include "llmcost/cli.h"
#include "llmcost/config.h"

#include "testing/golden_files.h"
#include "testing/hf_checkpoint.h"
#include "testing/safetensors_writer.h"
#include "testing/scratch_directory.h"
#include "testing/status_matchers.h"

namespace llmcost {
namespace {

using ::llmcost::testing::HfTensors;
using ::llmcost::testing::IsOk;
using ::llmcost::testing::ReadFileOrNull;
using ::llmcost::testing::ScratchDirectory;
using ::llmcost::testing::SourcePath;
using ::llmcost::testing::StatusIs;
using ::llmcost::testing::TensorSpec;
using ::llmcost::testing::WriteSafetensors;
using ::llmcost::testing::WriteSafetensorsFile;
using ::testing::ElementsAre;
using ::testing::HasSubstr;

std::string ReferenceConfig(const std::string& name) {
  return SourcePath("tests/reference/checkpoints/" + name + ".json");
}

Architecture Load(const std::string& config) {
  Result<Architecture> arch = LoadArchitecture(config, {});
  EXPECT_THAT(arch, IsOk());
  return arch.ok() ? *arch : Architecture{};
}

// A model directory: the reference config as config.json and `tensors` in one file.
std::string WriteModel(const ScratchDirectory& dir, const std::string& name,
                       const std::string& config, const std::vector<TensorSpec>& tensors) {
  dir.Write(name + "/config.json", *ReadFileOrNull(config));
  EXPECT_TRUE(WriteSafetensors(dir.Path(name + "/model.safetensors"), tensors));
  return dir.Path(name);
}

Result<CheckpointVerification> Verify(const std::string& model_dir) {
  LLMCOST_ASSIGN_OR_RETURN(Checkpoint checkpoint, LoadCheckpoint(model_dir));
  LLMCOST_ASSIGN_OR_RETURN(Architecture arch, LoadArchitecture(model_dir, {}));
  LLMCOST_ASSIGN_OR_RETURN(ParameterCount params, CountParameters(arch));
  return VerifyCheckpoint(arch, params, checkpoint);
}

struct MatchCase {
  const char* config;
  int64_t published_total;  // tests/reference/checkpoints.json (source cited there)
};
constexpr MatchCase kMatchCases[] = {
    {"openai-community__gpt2", 124439808},          {"meta-llama__Llama-2-7b-hf", 6738415616},
    {"mistralai__Mixtral-8x7B-v0.1", 46702792704},  {"Qwen__Qwen1.5-MoE-A2.7B", 14315784192},
    {"deepseek-ai__DeepSeek-V2-Lite", 15706484224},
};

TEST(CheckpointVerifyTest, MatchingCheckpointsOfReferenceConfigs) {
  ScratchDirectory dir("verify_match");
  for (const MatchCase& c : kMatchCases) {
    SCOPED_TRACE(c.config);
    const std::string config = ReferenceConfig(c.config);
    const Architecture arch = Load(config);
    const std::string model = WriteModel(dir, c.config, config, HfTensors(arch, "BF16"));
    Result<CheckpointVerification> v = Verify(model);
    ASSERT_THAT(v, IsOk());
    EXPECT_THAT(v->mismatches, ElementsAre());
    EXPECT_EQ(v->stored_parameters, c.published_total);
    EXPECT_EQ(v->expected_parameters, c.published_total);
    EXPECT_EQ(v->data_bytes, 2 * c.published_total);  // all BF16
    ASSERT_EQ(v->dtypes.size(), 1u);
    EXPECT_EQ(v->dtypes[0].name, "BF16");
    EXPECT_EQ(v->model_tensors, v->tensors);
  }
}

TEST(CheckpointVerifyTest, FusedQkvIsOneComponentRow) {
  ScratchDirectory dir("verify_fused");
  const std::string config = ReferenceConfig("openai-community__gpt2");
  const std::string model = WriteModel(dir, "gpt2", config, HfTensors(Load(config), "F32"));
  Result<CheckpointVerification> v = Verify(model);
  ASSERT_THAT(v, IsOk());
  bool found = false;
  for (const ComponentCheck& c : v->components) {
    if (c.component == "attention.q_proj+attention.k_proj+attention.v_proj") {
      found = true;
      EXPECT_EQ(c.expected, 12 * (768 * 2304 + 2304));  // c_attn weight + bias, 12 layers
      EXPECT_EQ(c.stored, c.expected);
      EXPECT_EQ(c.tensors, 24);
    }
  }
  EXPECT_TRUE(found);
}

TEST(CheckpointVerifyTest, TiedHeadStoredTwiceAndBuffersAreBeyondTheModel) {
  ScratchDirectory dir("verify_tied");
  const std::string config = ReferenceConfig("openai-community__gpt2");
  std::vector<TensorSpec> tensors = HfTensors(Load(config), "F32");
  tensors.push_back({"lm_head.weight", "F32", {50257, 768}});
  tensors.push_back({"h.0.attn.bias", "F32", {1, 1, 1024, 1024}});  // a causal-mask buffer
  Result<CheckpointVerification> v = Verify(WriteModel(dir, "gpt2", config, tensors));
  ASSERT_THAT(v, IsOk());
  EXPECT_THAT(v->mismatches, ElementsAre());
  EXPECT_EQ(v->stored_parameters, 124439808);
  ASSERT_EQ(v->beyond_model.size(), 2u);
  EXPECT_EQ(v->beyond_model[0],
            (StoredGroup{"tied_head_copy", 1, 50257 * 768, int64_t{4} * 50257 * 768}));
  EXPECT_EQ(v->beyond_model[1], (StoredGroup{"buffers", 1, 1024 * 1024, 4 * 1024 * 1024}));
}

// Llama-2-7B's tensors with one changed by `edit`; returns the mismatches.
std::vector<std::string> LlamaMismatches(
    const std::function<void(std::vector<TensorSpec>*)>& edit) {
  ScratchDirectory dir("verify_llama");
  const std::string config = ReferenceConfig("meta-llama__Llama-2-7b-hf");
  std::vector<TensorSpec> tensors = HfTensors(Load(config), "BF16");
  edit(&tensors);
  Result<CheckpointVerification> v = Verify(WriteModel(dir, "llama", config, tensors));
  EXPECT_THAT(v, IsOk());
  return v.ok() ? v->mismatches : std::vector<std::string>{};
}

void Erase(std::vector<TensorSpec>* tensors, const std::string& name) {
  std::erase_if(*tensors, [&](const TensorSpec& t) { return t.name == name; });
}

TEST(CheckpointVerifyTest, MissingTensorIsNamedWithItsComponentAndLayer) {
  EXPECT_THAT(LlamaMismatches([](auto* t) { Erase(t, "model.layers.3.self_attn.k_proj.weight"); }),
              ElementsAre("model.layers.3.self_attn.k_proj.weight: attention.k_proj, layer 3: "
                          "the config implies 16777216 parameters, the checkpoint stores no "
                          "tensor for it"));
}

TEST(CheckpointVerifyTest, MissingUntiedHeadIsAMismatch) {
  EXPECT_THAT(LlamaMismatches([](auto* t) { Erase(t, "lm_head.weight"); }),
              ElementsAre("missing tensor: lm_head: the config implies 131072000 parameters, "
                          "the checkpoint stores no tensor for it"));
}

TEST(CheckpointVerifyTest, WrongShapeNamesTheTensor) {
  EXPECT_THAT(LlamaMismatches([](auto* t) {
                for (TensorSpec& s : *t) {
                  if (s.name == "model.layers.0.self_attn.q_proj.weight") {
                    s.shape = {4096, 4000};
                  }
                }
              }),
              ElementsAre("model.layers.0.self_attn.q_proj.weight: attention.q_proj, layer 0: "
                          "the config implies 16777216 parameters, the checkpoint stores "
                          "16384000"));
}

TEST(CheckpointVerifyTest, ExtraTensorsAreMismatches) {
  EXPECT_THAT(
      LlamaMismatches([](auto* t) {
        t->push_back({"model.layers.0.self_attn.extra_proj.weight", "BF16", {4, 4}});
        t->push_back({"model.layers.32.mlp.down_proj.weight", "BF16", {4096, 11008}});
        t->push_back({"model.layers.1.post_attention_layernorm.bias", "BF16", {4096}});
      }),
      ElementsAre("model.layers.0.self_attn.extra_proj.weight: not a tensor llmcost maps to a "
                  "component (BF16, 16 elements)",
                  "model.layers.32.mlp.down_proj.weight: mlp: layer 32 is beyond the config's "
                  "32 layers",
                  "model.layers.1.input_layernorm.weight, "
                  "model.layers.1.post_attention_layernorm.bias, "
                  "model.layers.1.post_attention_layernorm.weight: norms, layer 1: the config "
                  "implies 8192 parameters, the checkpoint stores 12288"));
}

TEST(CheckpointVerifyTest, ShardsThroughTheIndex) {
  ScratchDirectory dir("verify_shards");
  const std::string config = ReferenceConfig("meta-llama__Llama-2-7b-hf");
  const std::vector<TensorSpec> tensors = HfTensors(Load(config), "BF16");
  dir.Write("llama/config.json", *ReadFileOrNull(config));
  std::vector<std::vector<TensorSpec>> shards(3);
  std::string weight_map;
  for (size_t i = 0; i < tensors.size(); ++i) {
    const size_t s = i * 3 / tensors.size();
    shards[s].push_back(tensors[i]);
    weight_map += std::string(weight_map.empty() ? "" : ",") + "\"" + tensors[i].name +
                  "\": \"model-0000" + std::to_string(s + 1) + "-of-00003.safetensors\"";
  }
  for (size_t s = 0; s < 3; ++s) {
    ASSERT_TRUE(WriteSafetensors(
        dir.Path("llama/model-0000" + std::to_string(s + 1) + "-of-00003.safetensors"), shards[s]));
  }
  dir.Write("llama/model.safetensors.index.json",
            "{\"metadata\": {\"total_size\": 13476831232}, \"weight_map\": {" + weight_map + "}}");
  Result<Checkpoint> checkpoint = LoadCheckpoint(dir.Path("llama"));
  ASSERT_THAT(checkpoint, IsOk());
  EXPECT_EQ(checkpoint->files.size(), 3u);
  Result<CheckpointVerification> v = Verify(dir.Path("llama"));
  ASSERT_THAT(v, IsOk());
  EXPECT_THAT(v->mismatches, ElementsAre());
  EXPECT_EQ(v->stored_parameters, 6738415616);
  EXPECT_EQ(v->index_total_size, 2 * int64_t{6738415616});
  EXPECT_EQ(v->data_bytes, 2 * int64_t{6738415616});

  // A tensor the index places in another shard, and one it lists that no shard holds.
  dir.Write("llama/model.safetensors.index.json", "{\"weight_map\": {" + weight_map +
                                                      ", \"extra.weight\": \"model-00001-of-00003."
                                                      "safetensors\"}}");
  EXPECT_THAT(LoadCheckpoint(dir.Path("llama")),
              StatusIs(StatusCode::kInvalidArgument,
                       dir.Path("llama/model.safetensors.index.json") +
                           ": tensor \"extra.weight\" is listed in model-00001-of-00003."
                           "safetensors, which does not hold it"));
  dir.Write("llama/model.safetensors.index.json",
            "{\"weight_map\": {\"model.norm.weight\": \"../outside.safetensors\"}}");
  EXPECT_THAT(LoadCheckpoint(dir.Path("llama")),
              StatusIs(StatusCode::kInvalidArgument,
                       HasSubstr("/weight_map: tensor \"model.norm.weight\": expected a "
                                 ".safetensors file name in this directory, got "
                                 "\"../outside.safetensors\"")));
}

// An index that is a FIFO no writer opens: refused at once, the read must not block.
TEST(CheckpointVerifyTest, IndexThatIsAFifoIsRefusedWithoutBlocking) {
  ScratchDirectory dir("verify_fifo_index");
  dir.Write("llama/config.json", *ReadFileOrNull(ReferenceConfig("meta-llama__Llama-2-7b-hf")));
  const std::string index = dir.Path("llama/model.safetensors.index.json");
  ASSERT_EQ(::mkfifo(index.c_str(), 0600), 0);
  EXPECT_THAT(LoadCheckpoint(dir.Path("llama")),
              StatusIs(StatusCode::kInvalidArgument,
                       index + ": is a FIFO, expected a regular config file"));
}

TEST(CheckpointVerifyTest, Fp8WithBlockScalesAndPacked4Bit) {
  ScratchDirectory dir("verify_quant");
  const std::string config = ReferenceConfig("meta-llama__Llama-2-7b-hf");
  const std::vector<TensorSpec> bf16 = HfTensors(Load(config), "BF16");
  // FP8 (DeepSeek-V3 style): linear weights F8_E4M3 with F32 128 x 128 block scales.
  std::vector<TensorSpec> fp8;
  // GPTQ 4-bit: qweight I32 [in / 8, out], scales F16 and qzeros I32 per group of 128.
  std::vector<TensorSpec> gptq;
  for (const TensorSpec& t : bf16) {
    const bool linear = t.name.find("_proj.weight") != std::string::npos;
    if (!linear) {
      fp8.push_back(t);
      gptq.push_back(t);
      continue;
    }
    const int64_t out = t.shape[0];
    const int64_t in = t.shape[1];
    fp8.push_back({t.name, "F8_E4M3", t.shape});
    fp8.push_back({t.name + "_scale_inv", "F32", {(out + 127) / 128, (in + 127) / 128}});
    const std::string module = t.name.substr(0, t.name.size() - 7);  // drop ".weight"
    gptq.push_back({module + ".qweight", "I32", {in / 8, out}});
    gptq.push_back({module + ".qzeros", "I32", {in / 128, out / 8}});
    gptq.push_back({module + ".scales", "F16", {in / 128, out}});
    gptq.push_back({module + ".g_idx", "I32", {in}});
  }
  for (const auto& [name, tensors] : {std::pair{"fp8", fp8}, std::pair{"gptq", gptq}}) {
    SCOPED_TRACE(name);
    Result<CheckpointVerification> v = Verify(WriteModel(dir, name, config, tensors));
    ASSERT_THAT(v, IsOk());
    EXPECT_THAT(v->mismatches, ElementsAre());
    EXPECT_EQ(v->stored_parameters, 6738415616);
    ASSERT_EQ(v->beyond_model.size(), 1u);
    EXPECT_EQ(v->beyond_model[0].name, "quantization");
  }
}

TEST(CheckpointVerifyTest, BadFilesGiveOneLine) {
  ScratchDirectory dir("verify_bad");
  const std::string tensor = R"("w":{"dtype":"BF16","shape":[2,3],"data_offsets":[0,12]})";
  struct Case {
    const char* name;
    std::string header;
    int64_t data_bytes;
    int64_t declared_length;
    std::string message;  // after "<path>: "
  };
  const Case cases[] = {
      {"truncated", "{" + tensor + "}", 6, -1,
       "file is truncated: the tensors need 12 bytes of data after the header, the file has 6"},
      {"length_beyond_file", "{" + tensor + "}", 12, 1000,
       "header length 1000 bytes runs past the end of the file ("
       "78 bytes)"},
      {"length_over_limit", "{}", 0, 100000001,
       "header length 100000001 bytes is over the 100000000-byte limit"},
      {"bad_json", "{\"w\": {\"dtype\": }", 0, -1,
       "header: byte 17: syntax error while parsing value - unexpected '}'; expected '[', '{', "
       "or a literal"},
      {"unknown_dtype", R"({"w":{"dtype":"F4_X","shape":[2],"data_offsets":[0,2]}})", 2, -1,
       "tensor \"w\": dtype: unknown dtype \"F4_X\", expected one of BOOL, U8, I8, F8_E5M2, "
       "F8_E4M3, F8_E8M0, I16, U16, F16, BF16, I32, U32, F32, F64, I64, U64, C64"},
      {"trailing", "{" + tensor + "}", 20, -1,
       "8 trailing bytes after the last tensor's data (the header accounts for 12 of 20)"},
  };
  for (const Case& c : cases) {
    SCOPED_TRACE(c.name);
    const std::string path = dir.Path(std::string(c.name) + ".safetensors");
    ASSERT_TRUE(WriteSafetensorsFile(path, c.header, c.data_bytes, c.declared_length));
    Result<Checkpoint> checkpoint = LoadCheckpoint(path);
    EXPECT_THAT(checkpoint, StatusIs(StatusCode::kInvalidArgument, path + ": " + c.message));
    EXPECT_EQ(checkpoint.status().message().find('\n'), std::string::npos);
  }
}

// Header checks on bytes in memory (no files).
std::string File(std::string_view header, int64_t data_bytes) {
  std::string bytes(8, '\0');
  for (int i = 0; i < 8; ++i) {
    bytes[static_cast<size_t>(i)] = static_cast<char>((header.size() >> (8 * i)) & 0xFF);
  }
  return bytes + std::string(header) + std::string(static_cast<size_t>(data_bytes), '\0');
}
Status Parse(std::string_view header, int64_t data_bytes) {
  const std::string f = File(header, data_bytes);
  return ParseSafetensorsHeader(f, static_cast<int64_t>(f.size()), "x").status();
}

TEST(SafetensorsHeaderTest, ValidHeaderIsReadSortedByName) {
  const std::string f =
      File(R"({"b":{"dtype":"F32","shape":[2],"data_offsets":[0,8]},)"
           R"("a":{"dtype":"U8","shape":[3,0],"data_offsets":[8,8]},"__metadata__":{"k":"v"}})",
           8);
  Result<SafetensorsHeader> h = ParseSafetensorsHeader(f, static_cast<int64_t>(f.size()), "x");
  ASSERT_THAT(h, IsOk());
  ASSERT_EQ(h->tensors.size(), 2u);
  EXPECT_EQ(h->tensors[0].name, "a");
  EXPECT_EQ(h->tensors[0].elements, 0);
  EXPECT_EQ(h->tensors[1].bytes, 8);
  EXPECT_EQ(h->data_bytes, 8);
}

TEST(SafetensorsHeaderTest, HostileHeadersAreRejected) {
  EXPECT_THAT(ParseSafetensorsHeader("\x01\x02", 2, "x"),
              StatusIs(StatusCode::kInvalidArgument,
                       "x: not a safetensors file: 2 bytes, shorter than the 8-byte header "
                       "length"));
  EXPECT_THAT(Parse("[]", 0), StatusIs(StatusCode::kInvalidArgument,
                                       "x: header: expected a JSON object starting with '{'"));
  EXPECT_THAT(
      Parse(R"({"w":{"dtype":"U8","shape":[4294967296,4294967296],"data_offsets":[0,0]}})", 0),
      StatusIs(StatusCode::kOutOfRange,
               "x: tensor \"w\": shape: the product of the dimensions overflows 64 bits"));
  EXPECT_THAT(Parse(R"({"w":{"dtype":"U8","shape":[-1],"data_offsets":[0,0]}})", 0),
              StatusIs(StatusCode::kInvalidArgument,
                       "x: tensor \"w\": shape: expected non-negative integer dimensions, got "
                       "-1"));
  EXPECT_THAT(Parse(R"({"w":{"dtype":"U8","shape":[2],"data_offsets":[0,3]}})", 3),
              StatusIs(StatusCode::kInvalidArgument,
                       "x: tensor \"w\": data_offsets [0, 3] span 3 bytes, but U8 shape needs 2"));
  EXPECT_THAT(Parse(R"({"a":{"dtype":"U8","shape":[2],"data_offsets":[0,2]},)"
                    R"("b":{"dtype":"U8","shape":[2],"data_offsets":[1,3]}})",
                    3),
              StatusIs(StatusCode::kInvalidArgument,
                       "x: tensor \"b\": data_offsets start at 1, overlapping the tensor before "
                       "it (which ends at 2)"));
  EXPECT_THAT(Parse(R"({"a":{"dtype":"U8","shape":[2],"data_offsets":[2,4]}})", 4),
              StatusIs(StatusCode::kInvalidArgument,
                       "x: tensor \"a\": data_offsets start at 2, leaving a gap after byte 0"));
  EXPECT_THAT(
      Parse(R"({"a":{"dtype":"U8","shape":[2],"data_offsets":[0,2]},)"
            R"("a":{"dtype":"U8","shape":[2],"data_offsets":[2,4]}})",
            4),
      StatusIs(StatusCode::kInvalidArgument, "x: header: key \"a\" appears twice in one object"));
  EXPECT_THAT(Parse("{\"a\\n\":{\"dtype\":\"U8\",\"shape\":[0],\"data_offsets\":[0,0]}}", 0),
              StatusIs(StatusCode::kInvalidArgument,
                       "x: tensor name \"a\\n\": expected 1 to 1024 printable ASCII characters"));
  EXPECT_THAT(Parse(R"({"w":{"dtype":"U8","shape":[0],"data_offsets":[0,0],"x":1}})", 0),
              StatusIs(StatusCode::kInvalidArgument,
                       "x: tensor \"w\": unexpected key \"x\", expected only dtype, shape and "
                       "data_offsets"));
  EXPECT_THAT(
      Parse(R"({"__metadata__":{"k":1}})", 0),
      StatusIs(StatusCode::kInvalidArgument, "x: __metadata__/k: expected a string, got 1"));
  // Keys echoed in messages are escaped (found by the long safetensors fuzz run: a newline
  // in an unexpected key split the message in two lines).
  EXPECT_THAT(Parse("{\"w\":{\"dtype\":\"U8\",\"shape\":[0],\"data_offsets\":[0,0],"
                    "\"data_o\\nsets\":1}}",
                    0),
              StatusIs(StatusCode::kInvalidArgument,
                       "x: tensor \"w\": unexpected key \"data_o\\nsets\", expected only dtype, "
                       "shape and data_offsets"));
  EXPECT_THAT(Parse("{\"__metadata__\":{\"k\\u001b[31m\":1}}", 0),
              StatusIs(StatusCode::kInvalidArgument,
                       "x: __metadata__/k\\x1B[31m: expected a string, got 1"));
}

// A Hub cache holding a GPT-2 checkpoint at refs/main and refs/v2.
TEST(CheckpointVerifyTest, HubIdsResolveOfflineAndTheCliVerifiesThem) {
  ScratchDirectory dir("verify_hub");
  const std::string config = ReferenceConfig("openai-community__gpt2");
  const std::string hash(40, 'a');
  const std::string repo = "hub/models--openai-community--gpt2/";
  dir.Write(repo + "refs/main", hash);
  dir.Write(repo + "refs/v2", hash + "\n");
  WriteModel(dir, repo + "snapshots/" + hash, config, HfTensors(Load(config), "F32"));
  ::setenv("HF_HUB_CACHE", dir.Path("hub").c_str(), 1);
  for (const char* id : {"openai-community/gpt2", "openai-community/gpt2@v2"}) {
    SCOPED_TRACE(id);
    std::ostringstream out;
    std::ostringstream err;
    EXPECT_EQ(RunCli({"llmcost", "verify", id, "--format=json"}, out, err), 0) << err.str();
    EXPECT_THAT(out.str(), HasSubstr("\"stored_parameters\": 124439808"));
    EXPECT_EQ(err.str(), "");
  }
  std::ostringstream out;
  std::ostringstream err;
  EXPECT_EQ(RunCli({"llmcost", "verify", "openai-community/gpt3"}, out, err), 1);
  EXPECT_EQ(err.str(),
            "llmcost: openai-community/gpt3: no such file, and not in the Hugging "
            "Face cache: looked for " +
                dir.Path("hub/models--openai-community--gpt3") +
                " (llmcost never downloads; fetch it with `huggingface-cli download "
                "openai-community/gpt3`)\n");
  ::unsetenv("HF_HUB_CACHE");
}

TEST(CheckpointVerifyTest, CliMismatchPrintsTheReportAndOneLine) {
  ScratchDirectory dir("verify_cli");
  const std::string config = ReferenceConfig("openai-community__gpt2");
  std::vector<TensorSpec> tensors = HfTensors(Load(config), "F32");
  std::erase_if(tensors, [](const TensorSpec& t) { return t.name == "h.5.mlp.c_fc.bias"; });
  const std::string model = WriteModel(dir, "gpt2", config, tensors);
  std::ostringstream out;
  std::ostringstream err;
  EXPECT_EQ(RunCli({"llmcost", "verify", model}, out, err), 1);
  EXPECT_THAT(out.str(), HasSubstr("MISMATCH"));
  EXPECT_EQ(err.str(), "llmcost: " + model +
                           ": checkpoint does not match its config: h.5.mlp.c_fc.weight, "
                           "h.5.mlp.c_proj.bias, h.5.mlp.c_proj.weight: mlp, layer 5: the config "
                           "implies 4722432 parameters, the checkpoint stores 4719360\n");
  // A .safetensors file is checked against the config.json beside it.
  std::ostringstream out2;
  std::ostringstream err2;
  EXPECT_EQ(RunCli({"llmcost", "verify", model + "/model.safetensors"}, out2, err2), 1);
  EXPECT_EQ(err2.str(), err.str());
  // A directory without safetensors.
  std::ostringstream out3;
  std::ostringstream err3;
  dir.Write("bare/config.json", *ReadFileOrNull(config));
  EXPECT_EQ(RunCli({"llmcost", "verify", dir.Path("bare")}, out3, err3), 1);
  EXPECT_EQ(err3.str(), "llmcost: " + dir.Path("bare") +
                            ": no model.safetensors.index.json or model.safetensors (verify "
                            "reads safetensors checkpoints)\n");
}

}  // namespace
}  // namespace llmcost

namespace llmcost {
namespace {

// The README's `verify` example reads tests/data/checkpoints/tiny-llama: its
// model.safetensors is exactly what the writer makes from its config (zeros, no weights).
// LLMCOST_UPDATE_GOLDENS=1 rewrites it.
TEST(CheckpointFixtureTest, TinyLlamaIsWhatTheWriterWrites) {
  const std::string dir = SourcePath("tests/data/checkpoints/tiny-llama");
  const std::vector<TensorSpec> tensors = HfTensors(Load(dir + "/config.json"), "BF16");
  ScratchDirectory scratch("fixture");
  ASSERT_TRUE(WriteSafetensors(scratch.Path("model.safetensors"), tensors));
  const std::optional<std::string> fresh = ReadFileOrNull(scratch.Path("model.safetensors"));
  ASSERT_TRUE(fresh.has_value());
  if (::llmcost::testing::UpdatingGoldens()) {
    ASSERT_TRUE(::llmcost::testing::WriteFileOrFail(dir + "/model.safetensors", *fresh));
  }
  EXPECT_EQ(ReadFileOrNull(dir + "/model.safetensors"), fresh);
}

}  // namespace
}  // namespace llmcost

namespace llmcost {
namespace {

// DeepSeek-V3 as released: FP8 (F8_E4M3) linear weights with F32 128 x 128 block scales,
// BF16 embeddings, norms and router, the F32 e_score_correction_bias, and the
// multi-token-prediction module stored after the last layer with its own embedding and head
// copies. The real config cut to 5 layers and 8 routed experts keeps the test fast (the full
// model's count, 671,026,419,200, is pinned in tests/reference_test.cc).
TEST(CheckpointVerifyTest, DeepSeekV3Fp8WithItsMtpLayer) {
  ScratchDirectory dir("verify_v3");
  nlohmann::json cut =
      nlohmann::json::parse(*ReadFileOrNull(ReferenceConfig("deepseek-ai__DeepSeek-V3")));
  cut["num_hidden_layers"] = 5;
  cut["n_routed_experts"] = 8;
  cut["n_group"] = 1;
  cut["topk_group"] = 1;
  const std::string config = dir.Write("v3.json", cut.dump());
  const Architecture arch = Load(config);
  Result<ParameterCount> params = CountParameters(arch);
  ASSERT_THAT(params, IsOk());
  ASSERT_EQ(arch.mtp_layers, 1);
  Architecture with_mtp = arch;
  with_mtp.layers.push_back(arch.layers.back());
  with_mtp.num_layers += 1;
  std::vector<TensorSpec> tensors;
  const int64_t d = arch.hidden_size;
  for (const TensorSpec& t : HfTensors(with_mtp, "BF16")) {
    // Layer 61's decoder block comes from the extended stack; the embedding, final norm and
    // head once (HfTensors lists them for the main model only).
    const bool linear =
        t.name.size() > 12 && (t.name.ends_with("_proj.weight") || t.name.ends_with("_mqa.weight"));
    if (!linear) {
      tensors.push_back(t);
      continue;
    }
    tensors.push_back({t.name, "F8_E4M3", t.shape});
    tensors.push_back(
        {t.name + "_scale_inv", "F32", {(t.shape[0] + 127) / 128, (t.shape[1] + 127) / 128}});
  }
  const std::string mtp = "model.layers.5.";
  tensors.push_back({mtp + "embed_tokens.weight", "BF16", {arch.vocab_size, d}});
  tensors.push_back({mtp + "enorm.weight", "BF16", {d}});
  tensors.push_back({mtp + "hnorm.weight", "BF16", {d}});
  tensors.push_back({mtp + "eh_proj.weight", "BF16", {d, 2 * d}});
  tensors.push_back({mtp + "shared_head.norm.weight", "BF16", {d}});
  tensors.push_back({mtp + "shared_head.head.weight", "BF16", {arch.vocab_size, d}});
  Result<CheckpointVerification> v = Verify(WriteModel(dir, "v3", config, tensors));
  ASSERT_THAT(v, IsOk());
  EXPECT_THAT(v->mismatches, ElementsAre());
  EXPECT_EQ(v->stored_parameters, params->total);
  ASSERT_EQ(v->beyond_model.size(), 2u);
  EXPECT_EQ(v->beyond_model[0].name, "mtp");
  EXPECT_EQ(v->beyond_model[1].name, "quantization");
  // The MTP module as stored = its count (norms, eh_proj, one MoE layer) + the embedding
  // and head copies it keeps (DeepSeek-V3 §2.2 shares them; the checkpoint repeats them).
  EXPECT_EQ(v->beyond_model[0].elements, v->expected_mtp_parameters + 2 * arch.vocab_size * d);
}

}  // namespace
}  // namespace llmcost

namespace llmcost {
namespace {

// Tensor names of the state-space families as transformers saves them (Mamba2ForCausalLM:
// backbone.layers.N.mixer.*; JambaForCausalLM / FalconH1ForCausalLM: model.layers.N.mamba.*),
// written here by hand for small configs, reconcile with the config to the parameter.
struct StateSpaceCase {
  const char* name;
  const char* config;
  std::vector<TensorSpec> tensors;
};

std::vector<StateSpaceCase> StateSpaceCases() {
  // Mamba-2: d 16, 2 layers, d_i 32 (expand 2), N 8, G 1, H 4 (P 8), K 4, V 32, untied.
  std::vector<TensorSpec> mamba2 = {{"backbone.embeddings.weight", "BF16", {32, 16}},
                                    {"backbone.norm_f.weight", "BF16", {16}},
                                    {"lm_head.weight", "BF16", {32, 16}}};
  for (int i = 0; i < 2; ++i) {
    const std::string p = "backbone.layers." + std::to_string(i) + ".";
    mamba2.push_back({p + "norm.weight", "BF16", {16}});
    mamba2.push_back({p + "mixer.in_proj.weight", "BF16", {2 * 32 + 2 * 8 + 4, 16}});
    mamba2.push_back({p + "mixer.conv1d.weight", "BF16", {48, 1, 4}});
    mamba2.push_back({p + "mixer.conv1d.bias", "BF16", {48}});
    mamba2.push_back({p + "mixer.dt_bias", "F32", {4}});
    mamba2.push_back({p + "mixer.A_log", "F32", {4}});
    mamba2.push_back({p + "mixer.D", "F32", {4}});
    mamba2.push_back({p + "mixer.norm.weight", "BF16", {32}});
    mamba2.push_back({p + "mixer.out_proj.weight", "BF16", {16, 32}});
  }
  // Jamba: d 16, 2 layers: layer 0 Mamba with 4 experts (expert period 2, offset 0), layer 1
  // attention (period 2, offset 1) with a dense MLP; d_i 32, N 4, R 2, K 4; 4 heads, 2 KV.
  std::vector<TensorSpec> jamba = {{"model.embed_tokens.weight", "BF16", {32, 16}},
                                   {"model.final_layernorm.weight", "BF16", {16}},
                                   {"lm_head.weight", "BF16", {32, 16}}};
  const std::string m = "model.layers.0.";
  for (const char* norm : {"input_layernorm", "pre_ff_layernorm"}) {
    jamba.push_back({m + norm + ".weight", "BF16", {16}});
    jamba.push_back({"model.layers.1." + std::string(norm) + ".weight", "BF16", {16}});
  }
  jamba.push_back({m + "mamba.in_proj.weight", "BF16", {64, 16}});
  jamba.push_back({m + "mamba.conv1d.weight", "BF16", {32, 1, 4}});
  jamba.push_back({m + "mamba.conv1d.bias", "BF16", {32}});
  jamba.push_back({m + "mamba.x_proj.weight", "BF16", {2 + 8, 32}});
  jamba.push_back({m + "mamba.dt_proj.weight", "BF16", {32, 2}});
  jamba.push_back({m + "mamba.dt_proj.bias", "BF16", {32}});
  jamba.push_back({m + "mamba.A_log", "F32", {32, 4}});
  jamba.push_back({m + "mamba.D", "F32", {32}});
  jamba.push_back({m + "mamba.dt_layernorm.weight", "BF16", {2}});
  jamba.push_back({m + "mamba.b_layernorm.weight", "BF16", {4}});
  jamba.push_back({m + "mamba.c_layernorm.weight", "BF16", {4}});
  jamba.push_back({m + "mamba.out_proj.weight", "BF16", {16, 32}});
  jamba.push_back({m + "feed_forward.router.weight", "BF16", {4, 16}});
  for (int e = 0; e < 4; ++e) {
    const std::string x = m + "feed_forward.experts." + std::to_string(e) + ".";
    jamba.push_back({x + "gate_proj.weight", "BF16", {24, 16}});
    jamba.push_back({x + "up_proj.weight", "BF16", {24, 16}});
    jamba.push_back({x + "down_proj.weight", "BF16", {16, 24}});
  }
  const std::string a = "model.layers.1.";
  jamba.push_back({a + "self_attn.q_proj.weight", "BF16", {16, 16}});
  jamba.push_back({a + "self_attn.k_proj.weight", "BF16", {8, 16}});
  jamba.push_back({a + "self_attn.v_proj.weight", "BF16", {8, 16}});
  jamba.push_back({a + "self_attn.o_proj.weight", "BF16", {16, 16}});
  jamba.push_back({a + "feed_forward.gate_proj.weight", "BF16", {24, 16}});
  jamba.push_back({a + "feed_forward.up_proj.weight", "BF16", {24, 16}});
  jamba.push_back({a + "feed_forward.down_proj.weight", "BF16", {16, 24}});
  return {
      {"mamba2",
       R"({"model_type": "mamba2", "hidden_size": 16, "num_hidden_layers": 2, "vocab_size": 32,
           "expand": 2, "state_size": 8, "n_groups": 1, "num_heads": 4, "head_dim": 8,
           "conv_kernel": 4, "tie_word_embeddings": false})",
       mamba2},
      {"jamba",
       R"({"model_type": "jamba", "hidden_size": 16, "num_hidden_layers": 2, "vocab_size": 32,
           "num_attention_heads": 4, "num_key_value_heads": 2, "intermediate_size": 24,
           "attn_layer_period": 2, "attn_layer_offset": 1, "expert_layer_period": 2,
           "expert_layer_offset": 0, "num_experts": 4, "num_experts_per_tok": 2,
           "mamba_expand": 2, "mamba_d_state": 4, "mamba_d_conv": 4, "mamba_dt_rank": 2,
           "max_position_embeddings": 128, "tie_word_embeddings": false})",
       jamba},
  };
}

TEST(CheckpointVerifyTest, StateSpaceTensorNamesReconcile) {
  ScratchDirectory dir("verify_ssm");
  for (const StateSpaceCase& c : StateSpaceCases()) {
    SCOPED_TRACE(c.name);
    dir.Write(std::string(c.name) + "/config.json", c.config);
    ASSERT_TRUE(WriteSafetensors(dir.Path(std::string(c.name) + "/model.safetensors"), c.tensors));
    Result<CheckpointVerification> v = Verify(dir.Path(c.name));
    ASSERT_THAT(v, IsOk());
    EXPECT_THAT(v->mismatches, ElementsAre());
    EXPECT_EQ(v->stored_parameters, v->expected_parameters);
    EXPECT_EQ(v->model_tensors, v->tensors);
    int64_t elements = 0;
    for (const TensorSpec& t : c.tensors) {
      int64_t n = 1;
      for (int64_t dim : t.shape) {
        n *= dim;
      }
      elements += n;
    }
    EXPECT_EQ(v->stored_parameters, elements);
  }
}

}  // namespace
}  // namespace llmcost

namespace llmcost {
namespace {

// ---- Encoder-decoder (T5) and vision-tower (Mistral 3 / Pixtral) tensor names ----

int64_t Elements(const std::vector<TensorSpec>& tensors) {
  int64_t total = 0;
  for (const TensorSpec& t : tensors) {
    int64_t n = 1;
    for (int64_t dim : t.shape) {
      n *= dim;
    }
    total += n;
  }
  return total;
}

// A small T5 v1.1-style model as T5ForConditionalGeneration saves it (modeling_t5: shared,
// {encoder,decoder}.block.<i>.layer.<j>.{SelfAttention,EncDecAttention}.{q,k,v,o},
// relative_attention_bias in block 0 of each stack, DenseReluDense.{wi_0,wi_1,wo},
// layer_norm, {encoder,decoder}.final_layer_norm, an untied lm_head): d 8, 2 heads of 4, d_ff
// 16, 2 encoder and 3 decoder layers, 4 buckets, V 32.
constexpr const char* kSmallT5 = R"({"model_type": "t5", "d_model": 8, "d_kv": 4, "d_ff": 16,
    "num_heads": 2, "num_layers": 2, "num_decoder_layers": 3, "vocab_size": 32,
    "relative_attention_num_buckets": 4, "feed_forward_proj": "gated-gelu",
    "tie_word_embeddings": false})";

std::vector<TensorSpec> SmallT5Tensors() {
  std::vector<TensorSpec> t = {{"shared.weight", "BF16", {32, 8}},
                               {"lm_head.weight", "BF16", {32, 8}},
                               {"encoder.final_layer_norm.weight", "BF16", {8}},
                               {"decoder.final_layer_norm.weight", "BF16", {8}}};
  for (const char* stack : {"encoder", "decoder"}) {
    const bool decoder = std::string(stack) == "decoder";
    for (int i = 0; i < (decoder ? 3 : 2); ++i) {
      const std::string b = std::string(stack) + ".block." + std::to_string(i) + ".layer.";
      for (const char* m : {"q", "k", "v", "o"}) {
        t.push_back({b + "0.SelfAttention." + m + ".weight", "BF16", {8, 8}});
        if (decoder) {
          t.push_back({b + "1.EncDecAttention." + m + ".weight", "BF16", {8, 8}});
        }
      }
      if (i == 0) {
        t.push_back({b + "0.SelfAttention.relative_attention_bias.weight", "BF16", {4, 2}});
      }
      const std::string ff = b + (decoder ? "2" : "1") + ".DenseReluDense.";
      t.push_back({ff + "wi_0.weight", "BF16", {16, 8}});
      t.push_back({ff + "wi_1.weight", "BF16", {16, 8}});
      t.push_back({ff + "wo.weight", "BF16", {8, 16}});
      for (int j = 0; j < (decoder ? 3 : 2); ++j) {
        t.push_back({b + std::to_string(j) + ".layer_norm.weight", "BF16", {8}});
      }
    }
  }
  return t;
}

// A small Mistral 3 (Mistral3ForConditionalGeneration as mistralai/Mistral-Small-3.1 stores it:
// language_model.model.*, language_model.lm_head, vision_tower.{patch_conv,ln_pre,transformer.
// layers.<i>.{attention_norm,attention.{q,k,v,o}_proj,ffn_norm,feed_forward.{gate,up,down}_proj}},
// multi_modal_projector.{norm,patch_merger.merging_layer,linear_1,linear_2}): text d 16, 2
// layers, 4 heads of 4, 2 KV heads, f 32, V 64; Pixtral D 8, 2 layers, f 16, patch 4, merge 2.
constexpr const char* kSmallMistral3 = R"({"model_type": "mistral3",
    "text_config": {"model_type": "mistral", "hidden_size": 16, "num_hidden_layers": 2,
      "num_attention_heads": 4, "num_key_value_heads": 2, "head_dim": 4,
      "intermediate_size": 32, "vocab_size": 64, "max_position_embeddings": 128,
      "tie_word_embeddings": false},
    "vision_config": {"model_type": "pixtral", "hidden_size": 8, "num_hidden_layers": 2,
      "intermediate_size": 16, "num_attention_heads": 2, "head_dim": 4, "patch_size": 4,
      "image_size": 16, "num_channels": 3},
    "spatial_merge_size": 2, "multimodal_projector_bias": false})";

std::vector<TensorSpec> SmallMistral3Tensors() {
  std::vector<TensorSpec> t = {
      {"language_model.model.embed_tokens.weight", "BF16", {64, 16}},
      {"language_model.model.norm.weight", "BF16", {16}},
      {"language_model.lm_head.weight", "BF16", {64, 16}},
      {"vision_tower.patch_conv.weight", "BF16", {8, 3, 4, 4}},
      {"vision_tower.ln_pre.weight", "BF16", {8}},
      {"multi_modal_projector.norm.weight", "BF16", {8}},
      {"multi_modal_projector.patch_merger.merging_layer.weight", "BF16", {8, 32}},
      {"multi_modal_projector.linear_1.weight", "BF16", {16, 8}},
      {"multi_modal_projector.linear_2.weight", "BF16", {16, 16}}};
  for (int i = 0; i < 2; ++i) {
    const std::string p = "language_model.model.layers." + std::to_string(i) + ".";
    t.push_back({p + "self_attn.q_proj.weight", "BF16", {16, 16}});
    t.push_back({p + "self_attn.k_proj.weight", "BF16", {8, 16}});
    t.push_back({p + "self_attn.v_proj.weight", "BF16", {8, 16}});
    t.push_back({p + "self_attn.o_proj.weight", "BF16", {16, 16}});
    t.push_back({p + "mlp.gate_proj.weight", "BF16", {32, 16}});
    t.push_back({p + "mlp.up_proj.weight", "BF16", {32, 16}});
    t.push_back({p + "mlp.down_proj.weight", "BF16", {16, 32}});
    t.push_back({p + "input_layernorm.weight", "BF16", {16}});
    t.push_back({p + "post_attention_layernorm.weight", "BF16", {16}});
    const std::string v = "vision_tower.transformer.layers." + std::to_string(i) + ".";
    for (const char* m : {"q_proj", "k_proj", "v_proj", "o_proj"}) {
      t.push_back({v + "attention." + m + ".weight", "BF16", {8, 8}});
    }
    t.push_back({v + "feed_forward.gate_proj.weight", "BF16", {16, 8}});
    t.push_back({v + "feed_forward.up_proj.weight", "BF16", {16, 8}});
    t.push_back({v + "feed_forward.down_proj.weight", "BF16", {8, 16}});
    t.push_back({v + "attention_norm.weight", "BF16", {8}});
    t.push_back({v + "ffn_norm.weight", "BF16", {8}});
  }
  return t;
}

Result<CheckpointVerification> VerifyWritten(const ScratchDirectory& dir, const std::string& name,
                                             const char* config,
                                             const std::vector<TensorSpec>& tensors) {
  dir.Write(name + "/config.json", config);
  EXPECT_TRUE(WriteSafetensors(dir.Path(name + "/model.safetensors"), tensors));
  return Verify(dir.Path(name));
}

TEST(CheckpointVerifyTest, T5AndMistral3TensorNamesReconcile) {
  ScratchDirectory dir("verify_t5_mistral3");
  struct Case {
    const char* name;
    const char* config;
    std::vector<TensorSpec> tensors;
  };
  const Case cases[] = {{"t5", kSmallT5, SmallT5Tensors()},
                        {"mistral3", kSmallMistral3, SmallMistral3Tensors()}};
  for (const Case& c : cases) {
    SCOPED_TRACE(c.name);
    Result<CheckpointVerification> v = VerifyWritten(dir, c.name, c.config, c.tensors);
    ASSERT_THAT(v, IsOk());
    EXPECT_THAT(v->mismatches, ElementsAre());
    EXPECT_EQ(v->model_tensors, v->tensors);
    EXPECT_EQ(v->stored_parameters, v->expected_parameters);
    EXPECT_EQ(v->stored_parameters, Elements(c.tensors));
  }
  // Hand counts: T5 embedding + head 2 x 256, encoder 2 x (4 x 64 + 3 x 128 + 2 x 8), decoder
  // 3 x (8 x 64 + 3 x 128 + 3 x 8), bias tables 2 x 8, final norms 2 x 8 = 4,616.
  EXPECT_EQ(Elements(SmallT5Tensors()), 4616);
  // Mistral 3: text 2 x 1024 + 2 x (256 + 2 x 128 + 256 + 3 x 512 + 32) + 16 = 6,736; Pixtral
  // patch 3 x 4 x 4 x 8 = 384 + ln_pre 8 + 2 x (4 x 64 + 3 x 128 + 16) = 1,704; projector
  // 8 + 256 + 128 + 256 = 648; total 9,088.
  EXPECT_EQ(Elements(SmallMistral3Tensors()), 9088);
}

TEST(CheckpointVerifyTest, T5MismatchesNameTheStackLayerAndComponent) {
  ScratchDirectory dir("verify_t5_bad");
  std::vector<TensorSpec> missing = SmallT5Tensors();
  Erase(&missing, "decoder.block.1.layer.1.EncDecAttention.k.weight");
  Result<CheckpointVerification> v = VerifyWritten(dir, "missing", kSmallT5, missing);
  ASSERT_THAT(v, IsOk());
  EXPECT_THAT(v->mismatches,
              ElementsAre("decoder.block.1.layer.1.EncDecAttention.k.weight: "
                          "cross_attention.k_proj, decoder layer 1: the config implies 64 "
                          "parameters, the checkpoint stores no tensor for it"));
  std::vector<TensorSpec> extra = SmallT5Tensors();
  extra.push_back({"encoder.block.0.layer.0.SelfAttention.q.bias", "BF16", {8}});
  extra.push_back(
      {"decoder.block.2.layer.0.SelfAttention.relative_attention_bias.weight", "BF16", {4, 2}});
  v = VerifyWritten(dir, "extra", kSmallT5, extra);
  ASSERT_THAT(v, IsOk());
  EXPECT_THAT(v->mismatches,
              ElementsAre("decoder.block.0.layer.0.SelfAttention.relative_attention_bias.weight, "
                          "decoder.block.2.layer.0.SelfAttention.relative_attention_bias.weight, "
                          "encoder.block.0.layer.0.SelfAttention.relative_attention_bias.weight: "
                          "relative_attention_bias: the config implies 16 parameters, the "
                          "checkpoint stores 24",
                          "encoder.block.0.layer.0.SelfAttention.q.bias, "
                          "encoder.block.0.layer.0.SelfAttention.q.weight: attention.q_proj, "
                          "encoder layer 0: the config implies 64 parameters, the checkpoint "
                          "stores 72"));
  // The command line: the report, then one line, exit 1.
  std::ostringstream out;
  std::ostringstream err;
  EXPECT_EQ(RunCli({"llmcost", "verify", dir.Path("missing")}, out, err), 1);
  EXPECT_EQ(err.str(), "llmcost: " + dir.Path("missing") +
                           ": checkpoint does not match its config: "
                           "decoder.block.1.layer.1.EncDecAttention.k.weight: "
                           "cross_attention.k_proj, decoder layer 1: the config implies 64 "
                           "parameters, the checkpoint stores no tensor for it\n");
}

TEST(CheckpointVerifyTest, Mistral3MismatchesNameTheComponent) {
  ScratchDirectory dir("verify_mistral3_bad");
  std::vector<TensorSpec> tensors = SmallMistral3Tensors();
  Erase(&tensors, "vision_tower.transformer.layers.1.attention.k_proj.weight");
  Erase(&tensors, "language_model.model.layers.1.mlp.down_proj.weight");
  tensors.push_back({"multi_modal_projector.linear_3.weight", "BF16", {16, 16}});
  Result<CheckpointVerification> v = VerifyWritten(dir, "bad", kSmallMistral3, tensors);
  ASSERT_THAT(v, IsOk());
  EXPECT_THAT(v->mismatches,
              ElementsAre("vision_tower.ln_pre.weight, vision_tower.patch_conv.weight, "
                          "vision_tower.transformer.layers.0.attention.k_proj.weight (+16 more): "
                          "vision.encoder: the config implies 1704 parameters, the checkpoint "
                          "stores 1640",
                          "multi_modal_projector.linear_1.weight, "
                          "multi_modal_projector.linear_2.weight, "
                          "multi_modal_projector.linear_3.weight (+2 more): vision.projector: the "
                          "config implies 648 parameters, the checkpoint stores 904",
                          "language_model.model.layers.1.mlp.gate_proj.weight, "
                          "language_model.model.layers.1.mlp.up_proj.weight: mlp, layer 1: the "
                          "config implies 1536 parameters, the checkpoint stores 1024"));
  std::ostringstream out;
  std::ostringstream err;
  EXPECT_EQ(RunCli({"llmcost", "verify", dir.Path("bad")}, out, err), 1);
  EXPECT_THAT(err.str(), HasSubstr(": checkpoint does not match its config: "
                                   "vision_tower.ln_pre.weight"));
}

// Tensor names of more families as their transformers modeling code saves them (BERT /
// BertForPreTraining with its heads, GPT-OSS in BF16, Qwen3-Next, Granite-MoE, MiniMax-M2),
// written here by hand for tiny configs: each reconciles with its config to the parameter.
struct FamilyCase {
  const char* name;
  const char* config;
  std::vector<TensorSpec> tensors;
  int64_t beyond_model_elements;  // BERT's pre-training heads
};

void Push(std::vector<TensorSpec>* t, const std::string& name, std::vector<int64_t> shape) {
  t->push_back({name, "BF16", std::move(shape)});
}

// The untied decoder's embedding, final norm and head (d 8, V 32).
std::vector<TensorSpec> DecoderEnds() {
  return {{"model.embed_tokens.weight", "BF16", {32, 8}},
          {"model.norm.weight", "BF16", {8}},
          {"lm_head.weight", "BF16", {32, 8}}};
}

void Norms(std::vector<TensorSpec>* t, const std::string& p) {
  Push(t, p + "input_layernorm.weight", {8});
  Push(t, p + "post_attention_layernorm.weight", {8});
}

std::vector<FamilyCase> MoreFamilyCases() {
  std::vector<FamilyCase> cases;
  // BERT (BertForPreTraining): d 8, 1 layer, 2 heads, f 16, V 32, 16 positions, 2 segments.
  std::vector<TensorSpec> bert;
  for (const char* e : {"word_embeddings", "position_embeddings", "token_type_embeddings"}) {
    const int64_t rows = std::string(e) == "word_embeddings" ? 32 : e[0] == 'p' ? 16 : 2;
    Push(&bert, std::string("bert.embeddings.") + e + ".weight", {rows, 8});
  }
  const std::string l = "bert.encoder.layer.0.";
  for (const std::string m : {"embeddings.LayerNorm", "encoder.layer.0.attention.output.LayerNorm",
                              "encoder.layer.0.output.LayerNorm", "pooler.dense"}) {
    if (m == "pooler.dense") {
      Push(&bert, "bert." + m + ".weight", {8, 8});
    } else {
      Push(&bert, "bert." + m + ".weight", {8});
    }
    Push(&bert, "bert." + m + ".bias", {8});
  }
  for (const char* m : {"attention.self.query", "attention.self.key", "attention.self.value",
                        "attention.output.dense"}) {
    Push(&bert, l + m + ".weight", {8, 8});
    Push(&bert, l + m + ".bias", {8});
  }
  Push(&bert, l + "intermediate.dense.weight", {16, 8});
  Push(&bert, l + "intermediate.dense.bias", {16});
  Push(&bert, l + "output.dense.weight", {8, 16});
  Push(&bert, l + "output.dense.bias", {8});
  // The pre-training heads: 32 + 64 + 8 + 16 (masked LM) + 16 + 2 (next sentence) = 138.
  Push(&bert, "cls.predictions.bias", {32});
  Push(&bert, "cls.predictions.transform.dense.weight", {8, 8});
  Push(&bert, "cls.predictions.transform.dense.bias", {8});
  Push(&bert, "cls.predictions.transform.LayerNorm.weight", {8});
  Push(&bert, "cls.predictions.transform.LayerNorm.bias", {8});
  Push(&bert, "cls.seq_relationship.weight", {2, 8});
  Push(&bert, "cls.seq_relationship.bias", {2});
  cases.push_back({"bert",
                   R"({"model_type": "bert", "hidden_size": 8, "num_hidden_layers": 1,
                       "num_attention_heads": 2, "intermediate_size": 16, "vocab_size": 32,
                       "max_position_embeddings": 16, "type_vocab_size": 2})",
                   bert, 138});

  // GPT-OSS (BF16): d 8, 2 layers, 2 heads of 4, 1 KV head, 2 experts of 8, biases, sinks.
  std::vector<TensorSpec> oss = DecoderEnds();
  for (int i = 0; i < 2; ++i) {
    const std::string p = "model.layers." + std::to_string(i) + ".";
    for (const auto& [m, rows] : {std::pair{"q_proj", 8}, std::pair{"k_proj", 4},
                                  std::pair{"v_proj", 4}, std::pair{"o_proj", 8}}) {
      Push(&oss, p + "self_attn." + m + ".weight", {rows, 8});
      Push(&oss, p + "self_attn." + m + ".bias", {rows});
    }
    Push(&oss, p + "self_attn.sinks", {2});
    Push(&oss, p + "mlp.router.weight", {2, 8});
    Push(&oss, p + "mlp.router.bias", {2});
    Push(&oss, p + "mlp.experts.gate_up_proj", {2, 8, 16});
    Push(&oss, p + "mlp.experts.gate_up_proj_bias", {2, 16});
    Push(&oss, p + "mlp.experts.down_proj", {2, 8, 8});
    Push(&oss, p + "mlp.experts.down_proj_bias", {2, 8});
    Norms(&oss, p);
  }
  cases.push_back({"gpt_oss",
                   R"({"model_type": "gpt_oss", "hidden_size": 8, "num_hidden_layers": 2,
                       "num_attention_heads": 2, "num_key_value_heads": 1, "head_dim": 4,
                       "num_local_experts": 2, "num_experts_per_tok": 1, "intermediate_size": 8,
                       "vocab_size": 32, "sliding_window": 4, "tie_word_embeddings": false,
                       "layer_types": ["sliding_attention", "full_attention"]})",
                   oss, 0});

  // Qwen3-Next: layer 0 Gated DeltaNet (1 key head, 2 value heads of 4, conv 2), layer 1 gated
  // full attention (2 heads of 4, 1 KV head); both MoE: 2 experts of 4 + a gated shared expert.
  std::vector<TensorSpec> next = DecoderEnds();
  const std::string a = "model.layers.0.linear_attn.";
  Push(&next, a + "in_proj_qkvz.weight", {24, 8});
  Push(&next, a + "in_proj_ba.weight", {4, 8});
  Push(&next, a + "conv1d.weight", {16, 1, 2});
  Push(&next, a + "A_log", {2});
  Push(&next, a + "dt_bias", {2});
  Push(&next, a + "norm.weight", {4});
  Push(&next, a + "out_proj.weight", {8, 8});
  const std::string f = "model.layers.1.self_attn.";
  Push(&next, f + "q_proj.weight", {16, 8});
  Push(&next, f + "k_proj.weight", {4, 8});
  Push(&next, f + "v_proj.weight", {4, 8});
  Push(&next, f + "o_proj.weight", {8, 8});
  Push(&next, f + "q_norm.weight", {4});
  Push(&next, f + "k_norm.weight", {4});
  for (int i = 0; i < 2; ++i) {
    const std::string p = "model.layers." + std::to_string(i) + ".";
    Push(&next, p + "mlp.gate.weight", {2, 8});
    for (const std::string e : {"mlp.experts.0.", "mlp.experts.1.", "mlp.shared_expert."}) {
      Push(&next, p + e + "gate_proj.weight", {4, 8});
      Push(&next, p + e + "up_proj.weight", {4, 8});
      Push(&next, p + e + "down_proj.weight", {8, 4});
    }
    Push(&next, p + "mlp.shared_expert_gate.weight", {1, 8});
    Norms(&next, p);
  }
  cases.push_back({"qwen3_next",
                   R"({"model_type": "qwen3_next", "hidden_size": 8, "num_hidden_layers": 2,
           "num_attention_heads": 2, "num_key_value_heads": 1, "head_dim": 4,
           "intermediate_size": 16, "vocab_size": 32, "full_attention_interval": 2,
           "linear_num_key_heads": 1, "linear_num_value_heads": 2, "linear_key_head_dim": 4,
           "linear_value_head_dim": 4, "linear_conv_kernel_dim": 2, "num_experts": 2,
           "num_experts_per_tok": 1, "moe_intermediate_size": 4,
           "shared_expert_intermediate_size": 4, "tie_word_embeddings": false})",
                   next, 0});

  // Granite-MoE: the router block_sparse_moe.router.layer and the fused experts input_linear
  // (E x 2 f x d) and output_linear (E x d x f); d 8, 1 layer, 2 experts of 4.
  std::vector<TensorSpec> granite = DecoderEnds();
  const std::string g = "model.layers.0.";
  for (const char* m : {"q_proj", "k_proj", "v_proj", "o_proj"}) {
    Push(&granite, g + "self_attn." + m + ".weight", {8, 8});
  }
  Push(&granite, g + "block_sparse_moe.router.layer.weight", {2, 8});
  Push(&granite, g + "block_sparse_moe.input_linear.weight", {2, 8, 8});
  Push(&granite, g + "block_sparse_moe.output_linear.weight", {2, 8, 4});
  Norms(&granite, g);
  cases.push_back({"granitemoe",
                   R"({"model_type": "granitemoe", "hidden_size": 8, "num_hidden_layers": 1,
                       "num_attention_heads": 2, "intermediate_size": 4, "vocab_size": 32,
                       "num_local_experts": 2, "num_experts_per_tok": 1,
                       "tie_word_embeddings": false})",
                   granite, 0});

  // MiniMax-M2: block_sparse_moe.gate, its e_score_correction_bias beside it, experts w1-w3;
  // full-width q/k norms. d 8, 1 layer, 2 heads of 4, 1 KV head, 2 experts of 4.
  std::vector<TensorSpec> minimax = DecoderEnds();
  const std::string x = "model.layers.0.";
  Push(&minimax, x + "self_attn.q_proj.weight", {8, 8});
  Push(&minimax, x + "self_attn.k_proj.weight", {4, 8});
  Push(&minimax, x + "self_attn.v_proj.weight", {4, 8});
  Push(&minimax, x + "self_attn.o_proj.weight", {8, 8});
  Push(&minimax, x + "self_attn.q_norm.weight", {8});
  Push(&minimax, x + "self_attn.k_norm.weight", {4});
  Push(&minimax, x + "block_sparse_moe.gate.weight", {2, 8});
  Push(&minimax, x + "block_sparse_moe.e_score_correction_bias", {2});
  for (int e = 0; e < 2; ++e) {
    const std::string p = x + "block_sparse_moe.experts." + std::to_string(e) + ".";
    Push(&minimax, p + "w1.weight", {4, 8});
    Push(&minimax, p + "w3.weight", {4, 8});
    Push(&minimax, p + "w2.weight", {8, 4});
  }
  Norms(&minimax, x);
  cases.push_back({"minimax_m2",
                   R"({"model_type": "minimax_m2", "hidden_size": 8, "num_hidden_layers": 1,
                       "num_attention_heads": 2, "num_key_value_heads": 1, "head_dim": 4,
                       "intermediate_size": 4, "vocab_size": 32, "num_local_experts": 2,
                       "num_experts_per_tok": 1, "tie_word_embeddings": false})",
                   minimax, 0});

  // Qwen2.5-VL (checkpoints as Qwen published them: model.*, lm_head, visual.*): a Qwen2
  // language model (d 8, 1 layer, 2 heads, 1 KV head, f 4; q/k/v biases) and a vision tower
  // of D 4, 1 block, 2 heads, f 6 (RMSNorms, fused qkv and proj with biases, a gated MLP with
  // biases), Conv3d patches 3 x 2 x 2 x 2 without bias, a merger over 2 x 2 patches into d 8.
  std::vector<TensorSpec> vl = DecoderEnds();
  const std::string q = "model.layers.0.";
  Push(&vl, q + "self_attn.q_proj.weight", {8, 8});
  Push(&vl, q + "self_attn.q_proj.bias", {8});
  Push(&vl, q + "self_attn.k_proj.weight", {4, 8});
  Push(&vl, q + "self_attn.k_proj.bias", {4});
  Push(&vl, q + "self_attn.v_proj.weight", {4, 8});
  Push(&vl, q + "self_attn.v_proj.bias", {4});
  Push(&vl, q + "self_attn.o_proj.weight", {8, 8});
  Push(&vl, q + "mlp.gate_proj.weight", {4, 8});
  Push(&vl, q + "mlp.up_proj.weight", {4, 8});
  Push(&vl, q + "mlp.down_proj.weight", {8, 4});
  Norms(&vl, q);
  const std::string b = "visual.blocks.0.";
  Push(&vl, "visual.patch_embed.proj.weight", {4, 3, 2, 2, 2});
  Push(&vl, b + "norm1.weight", {4});
  Push(&vl, b + "norm2.weight", {4});
  Push(&vl, b + "attn.qkv.weight", {12, 4});
  Push(&vl, b + "attn.qkv.bias", {12});
  Push(&vl, b + "attn.proj.weight", {4, 4});
  Push(&vl, b + "attn.proj.bias", {4});
  for (const char* m : {"gate_proj", "up_proj"}) {
    Push(&vl, b + "mlp." + m + ".weight", {6, 4});
    Push(&vl, b + "mlp." + m + ".bias", {6});
  }
  Push(&vl, b + "mlp.down_proj.weight", {4, 6});
  Push(&vl, b + "mlp.down_proj.bias", {4});
  Push(&vl, "visual.merger.ln_q.weight", {4});
  Push(&vl, "visual.merger.mlp.0.weight", {16, 16});
  Push(&vl, "visual.merger.mlp.0.bias", {16});
  Push(&vl, "visual.merger.mlp.2.weight", {8, 16});
  Push(&vl, "visual.merger.mlp.2.bias", {8});
  cases.push_back({"qwen2_5_vl",
                   R"({"model_type": "qwen2_5_vl", "hidden_size": 8, "num_hidden_layers": 1,
                       "num_attention_heads": 2, "num_key_value_heads": 1,
                       "intermediate_size": 4, "vocab_size": 32, "tie_word_embeddings": false,
                       "vision_config": {"depth": 1, "hidden_size": 4, "intermediate_size": 6,
                       "num_heads": 2, "out_hidden_size": 8, "patch_size": 2,
                       "temporal_patch_size": 2, "spatial_merge_size": 2, "in_chans": 3}})",
                   vl, 0});

  // Mamba (MambaForCausalLM, tied: no lm_head stored): d 8, 1 layer, d_i 16, N 2, R 1, K 4.
  std::vector<TensorSpec> mamba = {{"backbone.embeddings.weight", "BF16", {32, 8}},
                                   {"backbone.norm_f.weight", "BF16", {8}}};
  const std::string mx = "backbone.layers.0.mixer.";
  Push(&mamba, "backbone.layers.0.norm.weight", {8});
  Push(&mamba, mx + "in_proj.weight", {32, 8});
  Push(&mamba, mx + "conv1d.weight", {16, 1, 4});
  Push(&mamba, mx + "conv1d.bias", {16});
  Push(&mamba, mx + "x_proj.weight", {1 + 4, 16});
  Push(&mamba, mx + "dt_proj.weight", {16, 1});
  Push(&mamba, mx + "dt_proj.bias", {16});
  Push(&mamba, mx + "A_log", {16, 2});
  Push(&mamba, mx + "D", {16});
  Push(&mamba, mx + "out_proj.weight", {8, 16});
  cases.push_back({"mamba",
                   R"({"model_type": "mamba", "hidden_size": 8, "num_hidden_layers": 1,
                       "vocab_size": 32, "state_size": 2, "expand": 2, "conv_kernel": 4,
                       "time_step_rank": 1})",
                   mamba, 0});
  return cases;
}

TEST(CheckpointVerifyTest, MoreFamiliesTensorNamesReconcile) {
  ScratchDirectory dir("verify_families");
  for (const FamilyCase& c : MoreFamilyCases()) {
    SCOPED_TRACE(c.name);
    Result<CheckpointVerification> v = VerifyWritten(dir, c.name, c.config, c.tensors);
    ASSERT_THAT(v, IsOk());
    EXPECT_THAT(v->mismatches, ElementsAre());
    EXPECT_EQ(v->stored_parameters, v->expected_parameters);
    EXPECT_EQ(v->stored_parameters + c.beyond_model_elements, Elements(c.tensors));
    int64_t beyond = 0;
    for (const StoredGroup& g : v->beyond_model) {
      beyond += g.elements;
    }
    EXPECT_EQ(beyond, c.beyond_model_elements);
  }
}

}  // namespace
}  // namespace llmcost
