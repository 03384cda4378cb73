// Google Benchmark: the design search (llmcost design). Reports candidates per second.
//
//   build/release/llmcost_design_bench --benchmark_counters_tabular=true
#include <benchmark/benchmark.h>

#include "llmcost/analysis/design_search.h"
#include "llmcost/analysis/scaling_law.h"

namespace {

void RunSearch(benchmark::State& state, llmcost::DesignFamily family, std::string_view law_id,
               bool hardware) {
  llmcost::DesignSearchOptions o;
  o.compute_flops = 1.36e21;
  o.vocab_size = 32000;
  o.seq_len = 2048;
  o.family = family;
  o.law = *llmcost::FindScalingLaw(law_id);
  if (hardware) {
    o.hardware.gpus = 64;
    o.hardware.memory_bytes_per_gpu = int64_t{80} << 30;
    o.hardware.peak_flops_per_s = 989e12;
  }
  int64_t candidates = 0;
  for (auto _ : state) {
    llmcost::Result<llmcost::DesignSearchResult> r = llmcost::SearchDesigns(o);
    benchmark::DoNotOptimize(r);
    candidates += r->candidates_evaluated;
  }
  state.counters["candidates_per_second"] =
      benchmark::Counter(static_cast<double>(candidates), benchmark::Counter::kIsRate);
  state.counters["candidates"] = static_cast<double>(candidates) /
                                 static_cast<double>(std::max<int64_t>(state.iterations(), 1));
}

void BM_DesignSearchLlamaEpoch(benchmark::State& state) {
  RunSearch(state, llmcost::DesignFamily::kLlama, "epoch", false);
}
BENCHMARK(BM_DesignSearchLlamaEpoch)->Unit(benchmark::kMillisecond);

void BM_DesignSearchLlamaEpochWithMemory(benchmark::State& state) {
  RunSearch(state, llmcost::DesignFamily::kLlama, "epoch", true);
}
BENCHMARK(BM_DesignSearchLlamaEpochWithMemory)->Unit(benchmark::kMillisecond);

void BM_DesignSearchGpt2Kaplan(benchmark::State& state) {
  RunSearch(state, llmcost::DesignFamily::kGpt2, "kaplan", false);
}
BENCHMARK(BM_DesignSearchGpt2Kaplan)->Unit(benchmark::kMillisecond);

void BM_DesignSearchMoeChinchilla(benchmark::State& state) {
  RunSearch(state, llmcost::DesignFamily::kMoe, "chinchilla", false);
}
BENCHMARK(BM_DesignSearchMoeChinchilla)->Unit(benchmark::kMillisecond);

void BM_DesignSearchTokens20(benchmark::State& state) {
  RunSearch(state, llmcost::DesignFamily::kLlama, "tokens20", false);
}
BENCHMARK(BM_DesignSearchTokens20)->Unit(benchmark::kMillisecond);

}  // namespace

BENCHMARK_MAIN();
