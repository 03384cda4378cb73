// Google Benchmark: the config reader's JSON parse (size, NUL, nesting and duplicate-key
// checks) against a bare nlohmann parse of the same text, in the same run.
//
//   build/dev/llmcost_json_bench --benchmark_min_time=0.5
// The ratio BM_ParseJsonText / BM_BareNlohmannParse is the cost of the checks.
// With simdjson installed (libsimdjson-dev), BM_SimdjsonDom parses the same text with
// simdjson's DOM parser and BM_SimdjsonToNlohmann also builds the nlohmann::json the family
// readers take: what replacing the parser would buy (the note of issue 8 has the figures).
#include <fstream>
#include <sstream>
#include <string>

#include <benchmark/benchmark.h>
#include <nlohmann/json.hpp>
#ifdef LLMCOST_HAVE_SIMDJSON
#include <simdjson.h>
#endif

#include "llmcost/config.h"

#include "json_document.h"

namespace {

std::string ReadConfig(const std::string& name) {
  std::ifstream in(std::string(LLMCOST_SOURCE_DIR) + "/configs/models/" + name);
  std::ostringstream s;
  s << in.rdbuf();
  return s.str();
}

const char* const kConfig = "deepseek_v3.json";

void BM_BareNlohmannParse(benchmark::State& state) {
  const std::string text = ReadConfig(kConfig);
  for (auto _ : state) {
    benchmark::DoNotOptimize(nlohmann::json::parse(text, /*cb=*/nullptr,
                                                   /*allow_exceptions=*/true,
                                                   /*ignore_comments=*/true));
  }
  state.SetBytesProcessed(static_cast<int64_t>(state.iterations() * text.size()));
}
BENCHMARK(BM_BareNlohmannParse);

void BM_ParseJsonText(benchmark::State& state) {
  const std::string text = ReadConfig(kConfig);
  for (auto _ : state) {
    benchmark::DoNotOptimize(llmcost::config::ParseJsonText(text, kConfig));
  }
  state.SetBytesProcessed(static_cast<int64_t>(state.iterations() * text.size()));
}
BENCHMARK(BM_ParseJsonText);

void BM_ParseArchitecture(benchmark::State& state) {
  const std::string text = ReadConfig(kConfig);
  for (auto _ : state) {
    benchmark::DoNotOptimize(llmcost::ParseArchitecture(text, kConfig, {}));
  }
}
BENCHMARK(BM_ParseArchitecture);

#ifdef LLMCOST_HAVE_SIMDJSON
void BM_SimdjsonDom(benchmark::State& state) {
  const std::string text = ReadConfig(kConfig);
  simdjson::dom::parser parser;
  for (auto _ : state) {
    simdjson::dom::element doc;
    if (parser.parse(text).get(doc) != simdjson::SUCCESS) {
      state.SkipWithError("simdjson: parse failed");
      return;
    }
    benchmark::DoNotOptimize(doc);
  }
  state.SetBytesProcessed(static_cast<int64_t>(state.iterations() * text.size()));
}
BENCHMARK(BM_SimdjsonDom);

nlohmann::json ToNlohmann(simdjson::dom::element e) {
  switch (e.type()) {
    case simdjson::dom::element_type::OBJECT: {
      nlohmann::json out = nlohmann::json::object();
      for (simdjson::dom::key_value_pair field : simdjson::dom::object(e)) {
        out[std::string(field.key)] = ToNlohmann(field.value);
      }
      return out;
    }
    case simdjson::dom::element_type::ARRAY: {
      nlohmann::json out = nlohmann::json::array();
      for (simdjson::dom::element v : simdjson::dom::array(e)) {
        out.push_back(ToNlohmann(v));
      }
      return out;
    }
    case simdjson::dom::element_type::STRING:
      return std::string(std::string_view(e));
    case simdjson::dom::element_type::INT64:
      return int64_t(e);
    case simdjson::dom::element_type::UINT64:
      return uint64_t(e);
    case simdjson::dom::element_type::DOUBLE:
      return double(e);
    case simdjson::dom::element_type::BOOL:
      return bool(e);
    case simdjson::dom::element_type::NULL_VALUE:
      return nullptr;
  }
  return nullptr;
}

void BM_SimdjsonToNlohmann(benchmark::State& state) {
  const std::string text = ReadConfig(kConfig);
  simdjson::dom::parser parser;
  for (auto _ : state) {
    simdjson::dom::element doc;
    if (parser.parse(text).get(doc) != simdjson::SUCCESS) {
      state.SkipWithError("simdjson: parse failed");
      return;
    }
    benchmark::DoNotOptimize(ToNlohmann(doc));
  }
  state.SetBytesProcessed(static_cast<int64_t>(state.iterations() * text.size()));
}
BENCHMARK(BM_SimdjsonToNlohmann);
#endif

}  // namespace

BENCHMARK_MAIN();
