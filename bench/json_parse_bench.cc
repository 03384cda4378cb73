// Google Benchmark: the config reader's JSON parse (size, NUL, nesting and duplicate-key
// checks) against a bare nlohmann parse of the same text, in the same run.
//
//   build/dev/llmcost_json_bench --benchmark_min_time=0.5
// The ratio BM_ParseJsonText / BM_BareNlohmannParse is the cost of the checks.
#include <fstream>
#include <sstream>
#include <string>

#include <benchmark/benchmark.h>
#include <nlohmann/json.hpp>

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

}  // namespace

BENCHMARK_MAIN();
