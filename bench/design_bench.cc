// Google Benchmark: the design search (llmcost design). Reports candidates per second.
//
//   cmake --preset release && cmake --build --preset release --target llmcost_design_bench
//   build/release/llmcost_design_bench --benchmark_counters_tabular=true
//
// "candidates" are (shape, depth) pairs given a score; the per-width loader reads and forward
// analyses are included in the time. The default space (the priors) is small, so the rate
// there is dominated by the loader reads; "WideSpace" relaxes the priors (heads a multiple of 1,
// d/L in [1, 10^4], up to 2048 layers) to measure the per-candidate cost. The whole-process
// time of a default `llmcost design` call, against `llmcost --version` and a static C program
// measured in the same run: bench/design_process.sh.
#include <benchmark/benchmark.h>

#include "llmcost/analysis/design_search.h"
#include "llmcost/analysis/scaling_law.h"

namespace {

llmcost::DesignSearchOptions Options(std::string_view family, double compute) {
  llmcost::DesignSearchOptions o;
  o.compute_flops = compute;
  o.vocab_size = 128256;
  o.seq_len = 4096;
  o.family = std::string(family);
  if (family == "moe") {
    o.law.moe = &llmcost::KrajewskiMoeLaw();
  } else {
    o.law.dense = *llmcost::FindScalingLaw("epoch");
  }
  return o;
}

void Run(benchmark::State& state, const llmcost::DesignSearchOptions& o) {
  int64_t candidates = 0;
  int64_t shapes = 0;
  for (auto _ : state) {
    llmcost::Result<llmcost::DesignSearchResult> r = llmcost::SearchDesigns(o);
    benchmark::DoNotOptimize(r);
    candidates += r->candidates_evaluated;
    shapes += r->shapes_evaluated;
  }
  const double iterations = static_cast<double>(std::max<int64_t>(state.iterations(), 1));
  state.counters["candidates_per_second"] =
      benchmark::Counter(static_cast<double>(candidates), benchmark::Counter::kIsRate);
  state.counters["candidates"] = static_cast<double>(candidates) / iterations;
  state.counters["shapes"] = static_cast<double>(shapes) / iterations;
}

void BM_DesignLlamaDefault(benchmark::State& state) {
  Run(state, Options("llama", 1e22));
}
BENCHMARK(BM_DesignLlamaDefault)->Unit(benchmark::kMillisecond);

void BM_DesignLlamaWithMemory(benchmark::State& state) {
  llmcost::DesignSearchOptions o = Options("llama", 1e22);
  o.hardware.gpus = 64;
  o.hardware.memory_bytes_per_gpu = int64_t{80} << 30;
  o.hardware.peak_flops_per_s = 989e12;
  Run(state, o);
}
BENCHMARK(BM_DesignLlamaWithMemory)->Unit(benchmark::kMillisecond);

void BM_DesignMoeDefault(benchmark::State& state) {
  Run(state, Options("moe", 1e22));
}
BENCHMARK(BM_DesignMoeDefault)->Unit(benchmark::kMillisecond);

void BM_DesignLlamaWideSpace(benchmark::State& state) {
  llmcost::DesignSearchOptions o = Options("llama", 1e22);
  o.priors.heads_multiple = 1;
  o.priors.min_aspect = 1;
  o.priors.max_aspect = 1e4;
  o.priors.max_layers = 2048;
  Run(state, o);
}
BENCHMARK(BM_DesignLlamaWideSpace)->Unit(benchmark::kMillisecond);

}  // namespace

BENCHMARK_MAIN();
