// `llmcost serve`: serving memory (weights + KV cache) and decode/prefill speed.
#include <memory>

#include "llmcost/analysis/flops.h"
#include "llmcost/analysis/parameters.h"
#include "llmcost/config.h"
#include "llmcost/cost_report.h"

#include "command.h"

namespace llmcost::cli {
namespace {

struct ServeFlags {
  std::vector<std::string> files;
  int64_t context = 0;
  int64_t batch = 1;
  std::string weights_dtype = "bf16";
  std::string kv_dtype = "bf16";
  std::string gpu;
  std::vector<std::string> hardware_files;
  OutputOptions output;
};

int RunServe(const ServeFlags& f, Streams& streams) {
  ServingOptions options;
  options.context = f.context;
  options.batch = f.batch;
  options.weights = *ParseDType(f.weights_dtype);  // checked by CLI11
  options.kv_cache = *ParseDType(f.kv_dtype);
  if (f.context < 0) {
    return Fail(streams,
                InvalidArgumentError("--context: must be >= 1, got " + std::to_string(f.context)));
  }
  std::vector<Hardware> table;
  const Hardware* hardware = nullptr;
  if (!f.gpu.empty()) {
    Result<std::vector<Hardware>> loaded = LoadHardwareTables(f.hardware_files);
    if (!loaded.ok()) {
      return Fail(streams, loaded.status());
    }
    table = std::move(loaded).value();
    Result<const Hardware*> found = FindHardware(table, f.gpu);
    if (!found.ok()) {
      return Fail(streams, WithContext(found.status(), "--gpu"));
    }
    hardware = *found;
  }
  Result<std::vector<CountedModel>> models = LoadAllAndCount(f.files);
  if (!models.ok()) {
    return Fail(streams, models.status());
  }
  const SequenceLengthChoice sequence = ChooseSequenceLength(options.context, Views(*models));
  if (sequence.source != SequenceLengthChoice::Source::kOwnContext) {
    options.context = sequence.tokens;
  }
  std::vector<ServingItem> items;
  for (size_t i = 0; i < models->size(); ++i) {
    CountedModel& model = (*models)[i];
    const std::string& file = f.files[i];
    FlopsOptions flops_options;
    flops_options.seq_len = options.context;
    Result<FlopsEstimate> flops = EstimateFlops(model.arch, model.params, flops_options);
    if (!flops.ok()) {
      return Fail(streams, WithContext(flops.status(), file));
    }
    Result<ServingEstimate> serving =
        EstimateServing(model.arch, model.params, *flops, options, hardware);
    if (!serving.ok()) {
      return Fail(streams, WithContext(serving.status(), file));
    }
    items.push_back(
        {std::move(model.arch), model.params.total, std::move(serving).value(), model.params});
  }
  return EmitReport(BuildServingReport(items, options, hardware, sequence), f.output, streams);
}

}  // namespace

Handler SetupServe(CLI::App* sub) {
  auto f = std::make_shared<ServeFlags>();
  sub->add_option("files", f->files, "Model configs (several: side by side); '-' reads stdin")
      ->required();
  sub->add_option("--context", f->context,
                  "Tokens per sequence, prompt + output (default: the config's pre-training "
                  "context)");
  sub->add_option("--batch", f->batch, "Concurrent sequences (default: 1)");
  const std::vector<std::string> dtypes = {"fp32", "bf16", "fp16", "fp8", "int8", "int4"};
  sub->add_option("--weights-dtype", f->weights_dtype,
                  "Weights precision: fp32|bf16|fp16|fp8|int8|int4 (default: bf16)")
      ->check(CLI::IsMember(dtypes));
  sub->add_option("--kv-dtype", f->kv_dtype,
                  "KV cache precision: fp32|bf16|fp16|fp8|int8|int4 (default: bf16)")
      ->check(CLI::IsMember(dtypes));
  sub->add_option("--gpu", f->gpu,
                  "Accelerator id or alias ('llmcost hardware' lists them): adds fit, max "
                  "concurrent sequences, decode and prefill times");
  sub->add_option("--hardware-file", f->hardware_files,
                  "Extra accelerator table (JSON, same format as data/hardware.json); repeatable");
  AddOutputOptions(sub, &f->output);
  return [f](Streams& streams) { return RunServe(*f, streams); };
}

}  // namespace llmcost::cli
