// The core entry point (model_analysis.h): defaults and bounds owned here, once, for every
// command.
#include "llmcost/analysis/model_analysis.h"

#include <algorithm>
#include <cmath>
#include <string>
#include <utility>

#include <fmt/format.h>

namespace llmcost {
namespace {

Status CheckInteger(const char* field, int64_t value, int64_t min) {
  if (value < min || value > kMaxWorkloadInteger) {
    return FieldError(field,
                      fmt::format("must be in [{}, {}], got {}", min, kMaxWorkloadInteger, value));
  }
  return OkStatus();
}

Status CheckFinite(const char* field, double value, bool ok, const char* expectation) {
  if (!std::isfinite(value) || !ok) {
    return FieldError(field, fmt::format("{}, got {}", expectation, value));
  }
  return OkStatus();
}

}  // namespace

Status ValidateWorkload(const Workload& w) {
  if (w.seq_len) {
    LLMCOST_RETURN_IF_ERROR(CheckInteger("seq_len", *w.seq_len, 1));
  }
  LLMCOST_RETURN_IF_ERROR(CheckInteger("batch", w.batch, 1));
  LLMCOST_RETURN_IF_ERROR(CheckInteger("dp", w.dp, 1));
  LLMCOST_RETURN_IF_ERROR(CheckInteger("tp", w.tp, 1));
  LLMCOST_RETURN_IF_ERROR(CheckInteger("pp", w.pp, 1));
  LLMCOST_RETURN_IF_ERROR(CheckInteger("ep", w.ep, 1));
  if (w.zero < 0 || w.zero > 3) {
    return FieldError("zero", fmt::format("must be 0, 1, 2 or 3, got {}", w.zero));
  }
  if (w.gpus) {
    LLMCOST_RETURN_IF_ERROR(CheckInteger("gpus", *w.gpus, 1));
    // tp, pp <= 2^40 each: the product fits in 64 bits.
    const int64_t model_parallel = w.tp * w.pp;
    if (*w.gpus % model_parallel != 0) {
      return FieldError("gpus", fmt::format("must be a multiple of the tensor- x pipeline-parallel "
                                            "degrees ({}), got {}",
                                            model_parallel, *w.gpus));
    }
  }
  if (w.tokens) {
    LLMCOST_RETURN_IF_ERROR(
        CheckFinite("tokens", *w.tokens, *w.tokens > 0, "must be a positive finite number"));
  }
  LLMCOST_RETURN_IF_ERROR(CheckFinite("mfu", w.mfu, w.mfu > 0 && w.mfu <= 1, "must be in (0, 1]"));
  LLMCOST_RETURN_IF_ERROR(CheckInteger("lora_rank", w.lora.rank, 1));
  if (w.reserve_bytes && *w.reserve_bytes < 0) {
    return FieldError("reserve", fmt::format("must be >= 0, got {} B", *w.reserve_bytes));
  }
  if (w.base_storage != BaseStorage::k16Bit && w.finetune != FineTune::kLora) {
    return FieldError("base_storage", "an 8-bit base needs finetune lora");
  }
  LLMCOST_RETURN_IF_ERROR(CheckFinite("pue", w.pue, w.pue >= 1, "must be >= 1"));
  LLMCOST_RETURN_IF_ERROR(CheckFinite("gpu_memory_utilization", w.gpu_memory_utilization,
                                      w.gpu_memory_utilization > 0 && w.gpu_memory_utilization <= 1,
                                      "must be in (0, 1]"));
  LLMCOST_RETURN_IF_ERROR(CheckFinite("mbu", w.mbu, w.mbu > 0 && w.mbu <= 1, "must be in (0, 1]"));
  LLMCOST_RETURN_IF_ERROR(CheckFinite("mfu", w.serving_mfu, w.serving_mfu > 0 && w.serving_mfu <= 1,
                                      "must be in (0, 1]"));
  if (w.max_model_len) {
    LLMCOST_RETURN_IF_ERROR(CheckInteger("max_model_len", *w.max_model_len, 1));
  }
  LLMCOST_RETURN_IF_ERROR(CheckInteger("max_num_batched_tokens", w.max_num_batched_tokens, 1));
  LLMCOST_RETURN_IF_ERROR(CheckInteger("max_num_seqs", w.max_num_seqs, 1));
  constexpr int64_t kBlockSizes[] = {1, 8, 16, 32, 64, 128};  // vLLM CacheConfig.block_size
  if (std::find(std::begin(kBlockSizes), std::end(kBlockSizes), w.block_size) ==
      std::end(kBlockSizes)) {
    return FieldError("block_size",
                      fmt::format("must be one of 1, 8, 16, 32, 64, 128, got {}", w.block_size));
  }
  if (w.price_usd_per_gpu_hour) {
    LLMCOST_RETURN_IF_ERROR(CheckFinite("price_usd_per_gpu_hour", *w.price_usd_per_gpu_hour,
                                        *w.price_usd_per_gpu_hour >= 0, "must be >= 0"));
  }
  if (w.grid_gco2_per_kwh) {
    LLMCOST_RETURN_IF_ERROR(CheckFinite("grid_gco2_per_kwh", *w.grid_gco2_per_kwh,
                                        *w.grid_gco2_per_kwh >= 0, "must be >= 0"));
  }
  return OkStatus();
}

int64_t DataParallelDegree(const Workload& w) {
  return w.gpus ? *w.gpus / (w.tp * w.pp) : w.dp;
}

Result<int64_t> ResolveSeqLen(const Architecture& arch, const Workload& w) {
  const int64_t s = w.seq_len.value_or(arch.pretraining_context);
  if (s < 1) {
    return FieldError("seq_len", "not given and the config records no pre-training context");
  }
  return s;
}

FlopsOptions FlopsOptionsFor(const Workload& w, int64_t seq_len) {
  FlopsOptions o;
  o.seq_len = seq_len;
  o.attention = w.attention;
  return o;
}

TrainingMemoryOptions TrainingLayoutFor(const Workload& w, int64_t seq_len) {
  TrainingMemoryOptions o;
  o.micro_batch = w.batch;
  o.seq_len = seq_len;
  o.precision = w.precision;
  o.optimizer = w.optimizer;
  o.recompute = w.recompute;
  o.flash = w.flash;
  o.dropout = w.dropout;
  o.dp = DataParallelDegree(w);
  o.zero = w.zero;
  o.tp = w.tp;
  o.sp = w.sp;
  o.pp = w.pp;
  o.ep = w.ep;
  o.framework = w.framework;
  o.finetune = w.finetune;
  o.lora = w.lora;
  o.base_storage = w.base_storage;
  o.offload = w.offload;
  o.offload_device = w.offload_device;
  return o;
}

FitOptions FitOptionsFor(const Workload& w, const Hardware& hardware) {
  FitOptions fit;
  fit.gpus = w.gpus.value_or(DataParallelDegree(w) * w.tp * w.pp);
  fit.memory_bytes = hardware.memory_bytes;
  fit.reserve_bytes = w.reserve_bytes;
  return fit;
}

ServingOptions ServingOptionsFor(const Workload& w, int64_t seq_len) {
  ServingOptions o;
  o.context = seq_len;
  o.batch = w.batch;
  o.weights = w.weights.value_or(WeightFormat{});
  o.kv_cache = w.kv_cache;
  o.tp = w.tp;
  o.pp = w.pp;
  o.gpu_memory_utilization = w.gpu_memory_utilization;
  o.max_model_len = w.max_model_len.value_or(0);
  o.block_size = w.block_size;
  o.max_num_batched_tokens = w.max_num_batched_tokens;
  o.max_num_seqs = w.max_num_seqs;
  o.activation_peak_bytes = w.activation_peak_bytes;
  o.non_torch_bytes = w.non_torch_bytes;
  o.mbu = w.mbu;
  o.mfu = w.serving_mfu;
  return o;
}

TrainingCostOptions TrainingCostOptionsFor(const Workload& w) {
  TrainingCostOptions o;
  o.tokens = w.tokens;
  o.gpus = w.gpus.value_or(0);
  o.mfu = w.mfu;
  o.precision = w.precision;
  o.price_usd_per_gpu_hour = w.price_usd_per_gpu_hour;
  o.pue = w.pue;
  o.grid_gco2_per_kwh = w.grid_gco2_per_kwh;
  return o;
}

Result<ModelAnalysis> AnalyzeModel(Architecture arch, const Workload& w) {
  ModelAnalysis m;
  m.arch = std::move(arch);
  const Architecture& a = m.arch;
  Result<int64_t> s = ResolveSeqLen(a, w);
  if (!s.ok()) {
    return WithContext(s.status(), a.source);
  }
  // A learned position table has no rows beyond its size; RoPE models may extrapolate.
  if (*s > a.max_position_embeddings && a.max_position_embeddings > 0) {
    if (a.position == PositionKind::kLearned) {
      return WithContext(FieldError("seq_len", fmt::format("{} exceeds the model's {} learned "
                                                           "positions",
                                                           *s, a.max_position_embeddings)),
                         a.source);
    }
    m.arch.assumptions.push_back(
        fmt::format("sequence length {} is beyond the config's max_position_embeddings ({})", *s,
                    a.max_position_embeddings));
  }
  Result<ParameterCount> params = CountParameters(a);
  if (!params.ok()) {
    return WithContext(params.status(), a.source);
  }
  m.params = std::move(params).value();
  Result<FlopsEstimate> flops = EstimateFlops(a, m.params, FlopsOptionsFor(w, *s));
  if (!flops.ok()) {
    return WithContext(flops.status(), a.source);
  }
  m.flops = std::move(flops).value();
  return m;
}

Result<TrainingMemoryItem> AnalyzeTrainingMemory(Architecture arch, const Workload& w,
                                                 const Hardware* hardware) {
  LLMCOST_ASSIGN_OR_RETURN(ModelAnalysis m, AnalyzeModel(std::move(arch), w));
  const TrainingMemoryOptions layout = TrainingLayoutFor(w, m.flops.seq_len);
  Result<TrainingMemoryEstimate> memory = EstimateTrainingMemory(m.arch, m.params, layout);
  if (!memory.ok()) {
    return WithContext(memory.status(), m.arch.source);
  }
  std::optional<FitVerdict> verdict;
  if (hardware != nullptr) {
    FitOptions fit = FitOptionsFor(w, *hardware);
    fit.gpus = memory->gpus;
    Result<FitVerdict> judged = JudgeFit(m.arch, m.params, layout, fit);
    if (!judged.ok()) {
      return WithContext(judged.status(), m.arch.source);
    }
    verdict = *std::move(judged);
  }
  return TrainingMemoryItem{std::move(m.arch), std::move(memory).value(), std::move(verdict)};
}

Result<ServingItem> AnalyzeServing(Architecture arch, const Workload& w, const Hardware* hardware) {
  LLMCOST_ASSIGN_OR_RETURN(ModelAnalysis m, AnalyzeModel(std::move(arch), w));
  ServingOptions options = ServingOptionsFor(w, m.flops.seq_len);
  // Weights as the workload says, else as the checkpoint's quantization_config says.
  if (!w.weights && m.arch.checkpoint_format) {
    options.weights = *m.arch.checkpoint_format;
  }
  Result<ServingEstimate> serving = EstimateServing(m.arch, m.params, m.flops, options, hardware);
  if (!serving.ok()) {
    return WithContext(serving.status(), m.arch.source);
  }
  return ServingItem{std::move(m.arch), m.params.total, std::move(serving).value(),
                     std::move(m.params)};
}

Result<TrainingCostItem> AnalyzeTrainingCost(Architecture arch, const Workload& w,
                                             const Hardware& hw) {
  LLMCOST_ASSIGN_OR_RETURN(ModelAnalysis m, AnalyzeModel(std::move(arch), w));
  const std::string& source = m.arch.source;
  const TrainingMemoryOptions layout = TrainingLayoutFor(w, m.flops.seq_len);
  const TrainingCostOptions cost_options = TrainingCostOptionsFor(w);
  TrainingCostItem item;
  item.total_params = m.params.total;
  Result<TrainingCostEstimate> cost = EstimateTrainingCost(m.params, m.flops, hw, cost_options);
  if (!cost.ok()) {
    return WithContext(cost.status(), source);
  }
  item.cost = std::move(cost).value();
  Result<TrainingMemoryEstimate> memory = EstimateTrainingMemory(m.arch, m.params, layout);
  if (!memory.ok()) {
    return WithContext(memory.status(), source);
  }
  item.memory = *memory;
  Result<FitVerdict> fit = JudgeFit(m.arch, m.params, layout, FitOptionsFor(w, hw));
  if (!fit.ok()) {
    return WithContext(fit.status(), source);
  }
  item.fit = *std::move(fit);
  item.arch = std::move(m.arch);
  return item;
}

}  // namespace llmcost
