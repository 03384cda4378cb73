// `llmcost serve`: serving memory (weights + KV cache) and decode/prefill speed.
#include <memory>

#include "llmcost/analysis/flops.h"
#include "llmcost/analysis/parameters.h"
#include "llmcost/config.h"
#include "llmcost/cost_report.h"
#include "llmcost/weight_format.h"

#include "command.h"

namespace llmcost::cli {
namespace {

struct ServeFlags {
  std::vector<std::string> files;
  int64_t context = 0;
  int64_t batch = 1;
  std::string weights_dtype;
  std::string weights_format;
  int64_t group_size = 0;
  std::string kv_dtype = "bf16";
  ServingOptions vllm;  // tp, pp and the vLLM engine arguments, set by their flags
  double activation_peak_gib = -1;
  double non_torch_gib = -1;
  std::string gpu;
  std::vector<std::string> hardware_files;
  OutputOptions output;
};

// Serving fields -> the flags that set them. Range errors are usage errors (exit 2); the
// others contradict the config (exit 1).
struct FieldFlag {
  std::string_view field;
  std::string_view flag;
  bool usage;
};
constexpr FieldFlag kServeFields[] = {
    {"context", "--context", false},
    {"batch", "--batch", false},
    {"tp", "--tp", false},
    {"pp", "--pp", false},
    {"gpu_memory_utilization", "--gpu-memory-utilization", true},
    {"max_model_len", "--max-model-len", false},
    {"block_size", "--block-size", true},
    {"max_num_batched_tokens", "--max-num-batched-tokens", true},
    {"max_num_seqs", "--max-num-seqs", true},
    {"mbu", "--mbu", true},
    {"mfu", "--mfu", true},
    {"activation_peak_bytes", "--activation-peak-gib", true},
    {"non_torch_bytes", "--non-torch-gib", true},
    {"weights_format", "--weights-format", true},
    {"group_size", "--group-size", true},
};

int FailServing(Streams& streams, const Status& status, std::string_view file) {
  const std::string& message = status.message();
  for (const FieldFlag& f : kServeFields) {
    if (message.rfind(std::string(f.field) + ": ", 0) == 0) {
      const std::string text = std::string(f.flag) + message.substr(f.field.size());
      return f.usage ? UsageFail(streams, text)
                     : Fail(streams, InvalidArgumentError(std::string(file) + ": " + text));
    }
  }
  return Fail(streams, file.empty() ? status : WithContext(status, file));
}

int RunServe(const ServeFlags& f, Streams& streams) {
  ServingOptions options = f.vllm;
  options.context = f.context;
  options.batch = f.batch;
  options.kv_cache = *ParseDType(f.kv_dtype);  // checked by CLI11
  constexpr double kGiB = 1024.0 * 1024.0 * 1024.0;
  if (f.activation_peak_gib >= 0) {
    options.activation_peak_bytes = static_cast<int64_t>(f.activation_peak_gib * kGiB);
  }
  if (f.non_torch_gib >= 0) {
    options.non_torch_bytes = static_cast<int64_t>(f.non_torch_gib * kGiB);
  }
  if (!f.weights_dtype.empty() && !f.weights_format.empty()) {
    return UsageFail(streams, "--weights-dtype and --weights-format: give one of them");
  }
  // --weights-dtype's int4 is a 4-bit checkpoint as AWQ stores it (group 128).
  std::optional<WeightFormat> flag_format;
  const std::string format_text =
      f.weights_format.empty() ? (f.weights_dtype == "int4" ? "awq" : f.weights_dtype)
                               : f.weights_format;
  if (!format_text.empty() || f.group_size != 0) {
    Result<WeightFormat> parsed =
        ParseWeightFormat(format_text.empty() ? "bf16" : format_text, f.group_size);
    if (!parsed.ok()) {
      return FailServing(streams, parsed.status(), "");
    }
    flag_format = *parsed;
  }
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
  std::vector<ServingItem> items;
  for (const std::string& file : f.files) {
    Result<CountedModel> model = LoadAndCount(file);
    if (!model.ok()) {
      return Fail(streams, model.status());
    }
    FlopsOptions flops_options;
    flops_options.seq_len = f.context;
    Result<FlopsEstimate> flops = EstimateFlops(model->arch, model->params, flops_options);
    if (!flops.ok()) {
      return Fail(streams, WithContext(flops.status(), file));
    }
    // The flag's format, else the checkpoint's quantization_config, else bf16.
    options.weights = flag_format.value_or(model->arch.checkpoint_format.value_or(WeightFormat{}));
    Result<ServingEstimate> serving =
        EstimateServing(model->arch, model->params, *flops, options, hardware);
    if (!serving.ok()) {
      return FailServing(streams, serving.status(), file);
    }
    items.push_back({std::move(model->arch), model->params.total, std::move(serving).value()});
  }
  return EmitReport(BuildServingReport(items, options, hardware), f.output, streams);
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
                  "Weights precision: fp32|bf16|fp16|fp8|int8|int4 (int4 = awq); see "
                  "--weights-format")
      ->check(CLI::IsMember(dtypes));
  sub->add_option("--weights-format", f->weights_format,
                  "Weight storage: bf16|fp16|fp32|fp8|int8|awq|gptq|nf4|mxfp4|gguf:<TYPE> "
                  "(e.g. gguf:Q4_K_M; default: the config's quantization_config, else bf16)");
  sub->add_option("--group-size", f->group_size,
                  "Weights per scale for awq/gptq (default 128; -1 = per channel)");
  sub->add_option("--tp", f->vllm.tp, "Tensor-parallel GPUs (vLLM --tensor-parallel-size)");
  sub->add_option("--pp", f->vllm.pp, "Pipeline stages (vLLM --pipeline-parallel-size)");
  sub->add_option("--gpu-memory-utilization", f->vllm.gpu_memory_utilization,
                  "Fraction of GPU memory vLLM may use, (0, 1] (default: 0.9)");
  sub->add_option("--max-model-len", f->vllm.max_model_len,
                  "Tokens per request for vLLM's concurrency (default: --context)");
  sub->add_option("--block-size", f->vllm.block_size, "Tokens per KV-cache block (default: 16)");
  sub->add_option("--max-num-batched-tokens", f->vllm.max_num_batched_tokens,
                  "Tokens of vLLM's profiling forward pass (default: 8192)");
  sub->add_option("--max-num-seqs", f->vllm.max_num_seqs,
                  "Sequences of vLLM's profiling sampler pass (default: 256)");
  sub->add_option("--activation-peak-gib", f->activation_peak_gib,
                  "Measured 'PyTorch activation peak memory' in GiB (default: estimated)");
  sub->add_option("--non-torch-gib", f->non_torch_gib,
                  "Measured 'non_torch_memory' in GiB (default: 1.79, 3.58 with --tp > 1)");
  sub->add_option("--mbu", f->vllm.mbu, "Achieved fraction of peak bandwidth (default: 1)");
  sub->add_option("--mfu", f->vllm.mfu, "Achieved fraction of peak FLOP/s (default: 1)");
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
