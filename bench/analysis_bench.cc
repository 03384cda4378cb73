// Google Benchmark: the forward analysis, from config text to rendered report.
#include <fstream>
#include <sstream>

#include <benchmark/benchmark.h>

#include "llmcost/analysis/flops.h"
#include "llmcost/analysis/parameters.h"
#include "llmcost/config.h"
#include "llmcost/model_report.h"
#include "llmcost/render.h"

namespace {

std::string ReadConfig(const std::string& name) {
  std::ifstream in(std::string(LLMCOST_SOURCE_DIR) + "/configs/models/" + name);
  std::ostringstream s;
  s << in.rdbuf();
  return s.str();
}

void BM_ParseArchitecture(benchmark::State& state) {
  const std::string text = ReadConfig("deepseek_v3.json");
  for (auto _ : state) {
    benchmark::DoNotOptimize(llmcost::ParseArchitecture(text, "deepseek_v3.json", {}));
  }
}
BENCHMARK(BM_ParseArchitecture);

void BM_CountParametersAndFlops(benchmark::State& state) {
  llmcost::Architecture arch =
      *llmcost::ParseArchitecture(ReadConfig("deepseek_v3.json"), "deepseek_v3.json", {});
  for (auto _ : state) {
    llmcost::ParameterCount p = *llmcost::CountParameters(arch);
    benchmark::DoNotOptimize(llmcost::EstimateFlops(arch, p, {}));
  }
}
BENCHMARK(BM_CountParametersAndFlops);

void BM_WholeAnalysisToText(benchmark::State& state) {
  const std::string text = ReadConfig("llama_1.36b.json");
  for (auto _ : state) {
    llmcost::Architecture arch = *llmcost::ParseArchitecture(text, "llama_1.36b.json", {});
    llmcost::ModelAnalysis m = *llmcost::AnalyzeModel(arch, {});
    std::ostringstream out;
    benchmark::DoNotOptimize(
        llmcost::Render(llmcost::BuildModelReport({m}), llmcost::OutputFormat::kText, out));
  }
}
BENCHMARK(BM_WholeAnalysisToText);

}  // namespace

BENCHMARK_MAIN();
