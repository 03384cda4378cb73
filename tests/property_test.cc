// Properties over generated configs (issue 9 item 8): for many random but valid shapes,
// the breakdowns sum to their totals, text/JSON/CSV agree on every number, memory grows with
// batch and sequence length, and each command's JSON has the keys docs/output-schema.md
// documents. Configs come from a fixed-seed generator, so failures reproduce.
#include <cmath>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <map>
#include <random>
#include <sstream>
#include <string>
#include <vector>

#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <nlohmann/json.hpp>
#include <unistd.h>

#include "llmcost/cli.h"
#include "llmcost/report.h"

#include "testing/golden_files.h"

namespace llmcost {
namespace {

using nlohmann::json;

using ::llmcost::testing::CliRun;

CliRun RunCommand(std::vector<std::string> args) {
  args.insert(args.begin(), "llmcost");
  return ::llmcost::testing::RunCliCaptured(args);
}

// A temporary file holding one generated config.
class ConfigFile {
 public:
  explicit ConfigFile(const json& config, int index) {
    path_ = ::testing::TempDir() + "/llmcost_property_" + std::to_string(::getpid()) + "_" +
            std::to_string(index) + ".json";
    std::ofstream(path_) << config.dump(2);
  }
  ~ConfigFile() { std::remove(path_.c_str()); }
  ConfigFile(const ConfigFile&) = delete;
  ConfigFile& operator=(const ConfigFile&) = delete;
  const std::string& path() const { return path_; }

 private:
  std::string path_;
};

// Valid configs of three families: LLaMA-style (MHA/GQA/MQA, tied or not), GPT-2 and
// Mixtral (MoE), with widths from tiny to large.
std::vector<json> GeneratedConfigs(int count) {
  std::mt19937_64 random(20261201);
  auto pick = [&](std::initializer_list<int64_t> from) {
    return *(from.begin() + static_cast<std::ptrdiff_t>(random() % from.size()));
  };
  std::vector<json> configs;
  for (int i = 0; i < count; ++i) {
    const int64_t head_dim = pick({32, 64, 80, 128});
    const int64_t heads = pick({1, 2, 4, 8, 12, 16, 32, 64});
    const int64_t kv = pick({1, 2, 4, 8, heads});
    const int64_t hidden = heads * head_dim;
    const int64_t layers = pick({1, 2, 3, 12, 24, 32, 61});
    const int64_t vocab = pick({100, 257, 32000, 50257, 128256});
    const int64_t context = pick({64, 512, 2048, 8192});
    json c;
    switch (i % 3) {
      case 0:
        c = {{"model_type", "llama"},
             {"hidden_size", hidden},
             {"intermediate_size", hidden * pick({2, 3, 4})},
             {"num_attention_heads", heads},
             {"num_key_value_heads", heads % kv == 0 ? kv : heads},
             {"num_hidden_layers", layers},
             {"vocab_size", vocab},
             {"max_position_embeddings", context},
             {"tie_word_embeddings", random() % 2 == 0}};
        break;
      case 1:
        c = {{"model_type", "gpt2"}, {"n_embd", hidden},    {"n_head", heads},
             {"n_layer", layers},    {"vocab_size", vocab}, {"n_positions", context}};
        break;
      default: {
        const int64_t experts = pick({2, 4, 8, 16});
        c = {{"model_type", "mixtral"},
             {"hidden_size", hidden},
             {"intermediate_size", hidden * 2},
             {"num_attention_heads", heads},
             {"num_key_value_heads", heads % kv == 0 ? kv : heads},
             {"num_hidden_layers", layers},
             {"vocab_size", vocab},
             {"max_position_embeddings", context},
             {"num_local_experts", experts},
             {"num_experts_per_tok", std::min<int64_t>(2, experts)},
             {"tie_word_embeddings", false}};
        break;
      }
    }
    c["name"] = "generated-" + std::to_string(i);
    configs.push_back(c);
  }
  return configs;
}

constexpr int kConfigs = 24;

// Every numeric leaf of a JSON value, by its path joined with '.', as CSV columns are named.
void Leaves(const json& value, const std::string& path, std::map<std::string, json>* out) {
  if (value.is_object()) {
    for (const auto& [key, child] : value.items()) {
      Leaves(child, path.empty() ? key : path + "." + key, out);
    }
  } else if (!value.is_array()) {
    (*out)[path] = value;
  }
}

std::vector<std::string> SplitCsvLine(const std::string& line) {
  std::vector<std::string> fields;
  std::string field;
  bool quoted = false;
  for (size_t i = 0; i < line.size(); ++i) {
    const char c = line[i];
    if (quoted) {
      if (c == '"' && i + 1 < line.size() && line[i + 1] == '"') {
        field += '"';
        ++i;
      } else if (c == '"') {
        quoted = false;
      } else {
        field += c;
      }
    } else if (c == '"') {
      quoted = true;
    } else if (c == ',') {
      fields.push_back(field);
      field.clear();
    } else {
      field += c;
    }
  }
  fields.push_back(field);
  return fields;
}

// "131.1M" -> 131.1e6, "4.832 GFLOPs" -> 4.832e9, "2048" -> 2048.
double ParseHumanized(const std::string& text) {
  std::istringstream in(text);
  double value = 0;
  in >> value;
  std::string unit;
  in >> unit;
  if (unit.empty()) {
    const size_t end = text.find_first_not_of("0123456789.-");
    unit = end == std::string::npos ? "" : text.substr(end, 1);
  }
  const char prefix = unit.empty() ? ' ' : unit[0];
  static const std::map<char, double> kScale = {{'K', 1e3}, {'M', 1e6},  {'B', 1e9},
                                                {'G', 1e9}, {'T', 1e12}, {'P', 1e15}};
  const auto it = kScale.find(prefix);
  return it == kScale.end() ? value : value * it->second;
}

// The "label: value" lines under `section` (a top-level "Name:" line) and its
// "Breakdown:" sub-list, keyed by label.
std::map<std::string, std::string> TextSection(const std::string& text,
                                               const std::string& section) {
  std::map<std::string, std::string> values;
  std::istringstream lines(text);
  bool inside = false;
  for (std::string line; std::getline(lines, line);) {
    if (!line.empty() && line[0] != ' ') {
      inside = line == section + ":";
      continue;
    }
    const size_t colon = line.find(": ");
    if (!inside || colon == std::string::npos) {
      continue;
    }
    const size_t start = line.find_first_not_of(' ');
    values[line.substr(start, colon - start)] = line.substr(colon + 2);
  }
  return values;
}

void ExpectClose(double text_value, double exact, const std::string& what) {
  // Text prints 4 significant digits: within 0.05% of the exact value.
  EXPECT_NEAR(text_value, exact, 5e-4 * std::fabs(exact) + 1e-9) << what;
}

TEST(GeneratedConfigProperty, BreakdownsSumToTotals) {
  const std::vector<json> configs = GeneratedConfigs(kConfigs);
  for (size_t i = 0; i < configs.size(); ++i) {
    ConfigFile file(configs[i], static_cast<int>(i));
    SCOPED_TRACE(configs[i].dump());
    CliRun r = RunCommand({"analyze", file.path(), "--format=json"});
    ASSERT_EQ(r.exit_status, 0) << r.err;
    const json m = json::parse(r.out).at("models").at(0);
    const json& p = m.at("parameters");
    int64_t sum = 0;
    for (const auto& [key, value] : p["breakdown"].items()) {
      sum += value.get<int64_t>();
    }
    EXPECT_EQ(sum, p["total"].get<int64_t>());
    EXPECT_EQ(p["embedding"].get<int64_t>() + p["position"].get<int64_t>() +
                  p["transformer"].get<int64_t>(),
              p["total"].get<int64_t>());
    EXPECT_LE(p["active"].get<int64_t>(), p["total"].get<int64_t>());
    const json& f = m["flops_per_token"]["forward"];
    double flops = 0;
    for (const auto& [key, value] : f["breakdown"].items()) {
      flops += value.get<double>();
    }
    EXPECT_NEAR(flops, f["total"].get<double>(), 1e-9 * f["total"].get<double>());

    CliRun mem = RunCommand({"memory", file.path(), "--format=json"});
    ASSERT_EQ(mem.exit_status, 0) << mem.err;
    const json g = json::parse(mem.out).at("models").at(0).at("memory_per_gpu");
    int64_t bytes = 0;
    for (const auto& [key, value] : g["breakdown"].items()) {
      bytes += value.get<int64_t>();
    }
    EXPECT_EQ(bytes, g["peak_bytes"].get<int64_t>());
  }
}

TEST(GeneratedConfigProperty, TextJsonAndCsvAgreeOnEveryNumber) {
  const std::vector<json> configs = GeneratedConfigs(kConfigs);
  for (size_t i = 0; i < configs.size(); ++i) {
    ConfigFile file(configs[i], static_cast<int>(i));
    SCOPED_TRACE(configs[i].dump());
    const json m =
        json::parse(RunCommand({"analyze", file.path(), "--format=json"}).out)["models"][0];
    // CSV: every column is a JSON leaf with the very same value.
    std::istringstream csv(RunCommand({"analyze", file.path(), "--format=csv"}).out);
    std::string header;
    std::string row;
    std::getline(csv, header);
    std::getline(csv, row);
    const std::vector<std::string> columns = SplitCsvLine(header);
    const std::vector<std::string> cells = SplitCsvLine(row);
    ASSERT_EQ(columns.size(), cells.size());
    std::map<std::string, json> leaves;
    Leaves(m, "", &leaves);
    for (size_t c = 0; c < columns.size(); ++c) {
      if (columns[c] == "assumptions") {
        continue;  // a list, joined in CSV
      }
      ASSERT_EQ(leaves.count(columns[c]), 1U) << columns[c] << " is not a JSON leaf";
      const json& value = leaves[columns[c]];
      if (value.is_number_float()) {
        // Both print shortest round-trip forms ("72955904" in CSV, "72955904.0" in JSON):
        // equal as doubles, bit for bit.
        EXPECT_EQ(std::strtod(cells[c].c_str(), nullptr), value.get<double>()) << columns[c];
      } else {
        EXPECT_EQ(cells[c], value.is_string() ? value.get<std::string>() : value.dump())
            << columns[c];
      }
    }
    // Text: the humanized parameter and FLOP numbers are the JSON numbers, rounded.
    const std::string text = RunCommand({"analyze", file.path()}).out;
    const std::map<std::string, std::string> params = TextSection(text, "Parameters");
    ExpectClose(ParseHumanized(params.at("Total")), m["parameters"]["total"].get<double>(),
                "Parameters/Total");
    ExpectClose(ParseHumanized(params.at("Transformer")),
                m["parameters"]["transformer"].get<double>(), "Parameters/Transformer");
    for (const auto& [key, value] : m["parameters"]["breakdown"].items()) {
      ASSERT_EQ(params.count(key), 1U) << "text lacks parameters.breakdown." << key;
      ExpectClose(ParseHumanized(params.at(key)), value.get<double>(), key);
    }
    const std::map<std::string, std::string> flops = TextSection(text, "FLOPs per Token (forward)");
    const json& f = m["flops_per_token"]["forward"];
    ExpectClose(ParseHumanized(flops.at("Total")), f["total"].get<double>(), "FLOPs/Total");
    for (const auto& [key, value] : f["breakdown"].items()) {
      ASSERT_EQ(flops.count(key), 1U) << "text lacks forward.breakdown." << key;
      ExpectClose(ParseHumanized(flops.at(key)), value.get<double>(), key);
    }
  }
}

int64_t PeakBytes(const std::string& path, const std::string& batch, const std::string& seq) {
  CliRun r = RunCommand({"memory", path, "--format=json", "--batch", batch, "--seq-len", seq});
  EXPECT_EQ(r.exit_status, 0) << r.err;
  if (r.exit_status != 0) {
    return -1;
  }
  return json::parse(r.out)["models"][0]["memory_per_gpu"]["peak_bytes"].get<int64_t>();
}

TEST(GeneratedConfigProperty, TrainingMemoryGrowsWithBatchAndSequence) {
  const std::vector<json> configs = GeneratedConfigs(12);
  for (size_t i = 0; i < configs.size(); ++i) {
    ConfigFile file(configs[i], static_cast<int>(i));
    SCOPED_TRACE(configs[i].dump());
    const int64_t context =
        configs[i].value("max_position_embeddings", configs[i].value("n_positions", int64_t{64}));
    const std::string half = std::to_string(context / 2);
    const std::string full = std::to_string(context);
    const int64_t base = PeakBytes(file.path(), "1", half);
    EXPECT_LT(base, PeakBytes(file.path(), "2", half)) << "batch 1 -> 2";
    EXPECT_LT(base, PeakBytes(file.path(), "1", full)) << "seq " << half << " -> " << full;
  }
}

TEST(GeneratedConfigProperty, ServingMemoryGrowsWithBatchAndContext) {
  const std::vector<json> configs = GeneratedConfigs(12);
  for (size_t i = 0; i < configs.size(); ++i) {
    ConfigFile file(configs[i], static_cast<int>(i));
    SCOPED_TRACE(configs[i].dump());
    auto total = [&](const std::string& batch, const std::string& context) {
      CliRun r = RunCommand(
          {"serve", file.path(), "--format=json", "--batch", batch, "--context", context});
      EXPECT_EQ(r.exit_status, 0) << r.err;
      return r.exit_status != 0
                 ? -1
                 : json::parse(r.out)["models"][0]["memory"]["total_bytes"].get<int64_t>();
    };
    const int64_t base = total("1", "32");
    EXPECT_LT(base, total("2", "32"));
    EXPECT_LT(base, total("1", "64"));
  }
}

// The keys docs/output-schema.md lists for each command, checked on generated configs.
TEST(GeneratedConfigProperty, EveryCommandsJsonHasTheDocumentedKeys) {
  const std::vector<json> configs = GeneratedConfigs(3);
  ConfigFile file(configs[0], 0);
  struct Case {
    std::vector<std::string> args;
    std::string items;
    std::vector<std::string> pointers;  // JSON pointers inside the first item
  };
  const std::vector<Case> cases = {
      {{"analyze", file.path()},
       "models",
       {"/name",
        "/source",
        "/model_type",
        "/assumptions",
        "/architecture/family",
        "/parameters/total",
        "/parameters/active",
        "/parameters/embedding",
        "/parameters/position",
        "/parameters/transformer",
        "/parameters/mtp",
        "/parameters/breakdown",
        "/flops_per_token/seq_len",
        "/flops_per_token/attention",
        "/flops_per_token/forward/total",
        "/flops_per_token/forward/attention",
        "/flops_per_token/forward/ffn",
        "/flops_per_token/forward/lm_head",
        "/flops_per_token/forward/breakdown",
        "/flops_per_token/training",
        "/flops_per_token/training_with_recompute",
        "/flops_per_token/conventions/six_n",
        "/flops_per_token/conventions/kaplan",
        "/flops_per_token/conventions/chinchilla",
        "/flops_per_token/conventions/palm",
        "/flops_per_token/conventions/megatron"}},
      {{"memory", file.path()},
       "models",
       {"/name", "/source", "/memory_per_gpu/peak_bytes", "/memory_per_gpu/weights_bytes",
        "/memory_per_gpu/gradients_bytes", "/memory_per_gpu/optimizer_bytes",
        "/memory_per_gpu/activations_bytes", "/memory_per_gpu/logits_bytes",
        "/memory_per_gpu/breakdown", "/memory_per_gpu/layer_activation_bytes",
        "/memory_per_gpu/params_per_gpu", "/memory_per_gpu/gpus", "/memory_per_gpu/seq_len"}},
      {{"serve", file.path(), "--gpu", "h100"},
       "models",
       {"/memory/weights_bytes", "/memory/kv_cache_bytes_per_token",
        "/memory/kv_cache_bytes_per_sequence", "/memory/kv_cache_bytes", "/memory/total_bytes",
        "/memory/context", "/memory/batch", "/speed/decode_bytes_per_step", "/speed/prefill_flops",
        "/vllm/fits", "/speed/max_sequences", "/speed/decode_time_per_token_s",
        "/speed/decode_tokens_per_s", "/speed/prefill_time_s"}},
      {{"train", file.path(), "--gpu", "h100", "--gpus", "8", "--tokens", "1e9"},
       "models",
       {"/run/tokens", "/run/flops_per_token", "/run/total_flops", "/run/mfu", "/run/wall_clock_s",
        "/run/gpu_hours", "/run/energy_kwh", "/memory_per_gpu/peak_bytes", "/fit/fits"}},
      {{"hardware"},
       "accelerators",
       {"/id", "/name", "/vendor", "/peak_bf16_flops_per_s", "/memory_bytes",
        "/memory_bandwidth_bytes_per_s", "/as_of", "/sources"}},
      {{"scale", "--compute", "1e21"},
       "laws",
       {"/law", "/name", "/source", "/params", "/tokens", "/tokens_per_param", "/compute_flops"}},
  };
  for (const Case& c : cases) {
    std::vector<std::string> args = c.args;
    args.push_back("--format=json");
    SCOPED_TRACE(args[0]);
    CliRun r = RunCommand(args);
    ASSERT_EQ(r.exit_status, 0) << r.err;
    const json doc = json::parse(r.out);
    EXPECT_EQ(doc.at("schema_version"), kOutputSchemaVersion);
    EXPECT_TRUE(doc.contains("title"));
    ASSERT_TRUE(doc.contains(c.items)) << c.items;
    ASSERT_FALSE(doc[c.items].empty());
    for (const std::string& pointer : c.pointers) {
      EXPECT_TRUE(doc[c.items][0].contains(json::json_pointer(pointer))) << pointer;
    }
  }
}

}  // namespace
}  // namespace llmcost
