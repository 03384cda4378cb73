// `llmcost train`: training FLOPs, time, GPU-hours, price, energy and CO2, and whether the
// model fits the GPUs at the chosen layout (else the smallest layout that does).
#include <memory>
#include <optional>

#include "llmcost/analysis/flops.h"
#include "llmcost/analysis/parameters.h"
#include "llmcost/config.h"
#include "llmcost/cost_report.h"

#include "command.h"
#include "training_flags.h"

namespace llmcost::cli {
namespace {

struct TrainFlags {
  std::vector<std::string> files;
  std::optional<double> tokens;
  std::string gpu;
  int64_t gpus = 0;
  double mfu = kDefaultMfu;
  std::optional<double> price;
  double pue = 1.0;
  std::optional<double> grid;
  std::vector<std::string> hardware_files;
  TrainingFlags training;
  OutputOptions output;
};

Result<TrainingCostItem> AnalyzeOne(const std::string& file, CountedModel model,
                                    const Hardware& hw, const TrainingCostOptions& cost_options,
                                    const TrainingMemoryOptions& layout) {
  Architecture& arch = model.arch;
  const ParameterCount& params = model.params;
  TrainingCostItem item;
  item.total_params = params.total;
  FlopsOptions flops_options;
  flops_options.seq_len = layout.seq_len;
  Result<FlopsEstimate> flops = EstimateFlops(arch, params, flops_options);
  if (!flops.ok()) {
    return WithContext(flops.status(), file);
  }
  LLMCOST_ASSIGN_OR_RETURN(item.cost, EstimateTrainingCost(params, *flops, hw, cost_options));
  Result<TrainingMemoryEstimate> memory = EstimateTrainingMemory(arch, params, layout);
  if (!memory.ok()) {
    return WithContext(memory.status(), file);
  }
  item.memory = *memory;
  if (memory->peak_bytes > hw.memory_bytes) {
    Result<std::optional<TrainingMemoryOptions>> fitting =
        SmallestFittingLayout(arch, params, layout, cost_options.gpus, hw.memory_bytes);
    if (!fitting.ok()) {
      return WithContext(fitting.status(), file);
    }
    item.fitting_layout = *fitting;
    if (item.fitting_layout) {
      LLMCOST_ASSIGN_OR_RETURN(item.fitting_memory,
                               EstimateTrainingMemory(arch, params, *item.fitting_layout));
    }
  }
  item.arch = std::move(arch);
  return item;
}

int RunTrain(const TrainFlags& f, Streams& streams) {
  Result<std::vector<Hardware>> table = LoadHardwareTables(f.hardware_files);
  if (!table.ok()) {
    return Fail(streams, table.status());
  }
  Result<const Hardware*> hw = FindHardware(*table, f.gpu);
  if (!hw.ok()) {
    return Fail(streams, WithContext(hw.status(), "--gpu"));
  }
  TrainingCostOptions cost_options;
  cost_options.tokens = f.tokens;
  cost_options.gpus = f.gpus;
  cost_options.mfu = f.mfu;
  cost_options.price_usd_per_gpu_hour = f.price;
  cost_options.pue = f.pue;
  cost_options.grid_gco2_per_kwh = f.grid;
  TrainingMemoryOptions layout = ToTrainingMemoryOptions(f.training);
  cost_options.precision = layout.precision;
  const int64_t model_parallel = layout.tp * layout.pp;
  if (f.gpus >= 1 && layout.tp >= 1 && layout.pp >= 1) {
    if (f.gpus % model_parallel != 0) {
      return Fail(streams, InvalidArgumentError("--gpus: must be a multiple of --tp x --pp (" +
                                                std::to_string(model_parallel) + "), got " +
                                                std::to_string(f.gpus)));
    }
    layout.dp = f.gpus / model_parallel;
  }
  Result<std::vector<CountedModel>> models = LoadAllAndCount(f.files);
  if (!models.ok()) {
    return Fail(streams, models.status());
  }
  const SequenceLengthChoice sequence = ChooseSequenceLength(layout.seq_len, Views(*models));
  if (sequence.source != SequenceLengthChoice::Source::kOwnContext) {
    layout.seq_len = sequence.tokens;
  }
  std::vector<TrainingCostItem> items;
  for (size_t i = 0; i < models->size(); ++i) {
    Result<TrainingCostItem> item =
        AnalyzeOne(f.files[i], std::move((*models)[i]), **hw, cost_options, layout);
    if (!item.ok()) {
      return Fail(streams, item.status());
    }
    items.push_back(std::move(item).value());
  }
  return EmitReport(BuildTrainingCostReport(items, layout, cost_options, **hw, sequence), f.output,
                    streams);
}

}  // namespace

Handler SetupTrain(CLI::App* sub) {
  auto f = std::make_shared<TrainFlags>();
  sub->add_option("files", f->files, "Model configs (several: side by side); '-' reads stdin")
      ->required();
  sub->add_option("--tokens", f->tokens,
                  "Training tokens D, e.g. 2e12 (default: 20 per parameter, the compute-optimal "
                  "rule of Hoffmann et al. 2022)");
  sub->add_option("--gpu", f->gpu, "Accelerator id or alias ('llmcost hardware' lists them)")
      ->required();
  sub->add_option("--gpus", f->gpus, "Number of accelerators; a multiple of --tp x --pp")
      ->required();
  sub->add_option("--mfu", f->mfu,
                  "Model FLOPs utilization in (0, 1] of the dense peak (default: 0.4)");
  sub->add_option("--price-per-gpu-hour", f->price,
                  "USD per GPU-hour (default: the hardware table's price, if any)");
  sub->add_option("--pue", f->pue,
                  "Power usage effectiveness >= 1 applied to board power (default: 1)");
  sub->add_option("--grid-gco2-per-kwh", f->grid,
                  "Grid carbon intensity in gCO2/kWh; adds a CO2 figure");
  sub->add_option("--hardware-file", f->hardware_files,
                  "Extra accelerator table (JSON, same format as data/hardware.json); repeatable");
  AddTrainingFlags(sub, &f->training, DataParallelFlag::kDerived);
  AddOutputOptions(sub, &f->output);
  return [f](Streams& streams) { return RunTrain(*f, streams); };
}

}  // namespace llmcost::cli
