// The one flag set every model command takes, and its mapping to a Workload.
//
// Private to src/cli/. Every command that takes a model takes the model flags (positional
// sources, --model_config, --family, --seq-len, --batch, --attention) and the output flags;
// hardware, training, serving and cost flags are added where they matter. Values are kept as
// typed and parsed by one number parser (number_parser.h), so every flag reports a bad value
// the same way, with exit status 2.
#ifndef LLMCOST_SRC_CLI_SHARED_FLAGS_H_
#define LLMCOST_SRC_CLI_SHARED_FLAGS_H_

#include <optional>
#include <string>
#include <vector>

#include <CLI/CLI.hpp>

#include "llmcost/analysis/workload.h"
#include "llmcost/config.h"
#include "llmcost/hardware.h"
#include "llmcost/render.h"
#include "llmcost/status.h"

namespace llmcost::cli {

// Which groups of flags a command takes (a bit set).
enum FlagGroup : unsigned {
  kModelFlags = 1u << 0,     // sources, --model_config, --family, --seq-len, --batch, --attention,
                             // --jobs
  kHardwareFlags = 1u << 1,  // --gpu, --gpus, --hardware-file
  kTrainingFlags = 1u << 2,  // --precision, --optimizer, --dp, --zero, --tp, --sp, --pp, ...,
                             // --framework, --finetune, --lora-*, --offload*, --reserve
  kServingFlags = 1u << 3,   // --weights-format/-dtype, --kv-dtype, vLLM's engine arguments,
                             // --tp/--pp, --mbu/--mfu; --context as an alias of --seq-len
  kCostFlags = 1u << 4,      // --tokens, --mfu, --price-per-gpu-hour, --pue, --grid-gco2-per-kwh
  kOutputFlags = 1u << 5,    // --format, -o/--output, --force
};

// --format, --output and --force.
struct OutputOptions {
  std::string format;                 // empty: from the --output extension, else text
  std::optional<std::string> output;  // unset: standard output
  bool force = false;
};

struct SharedFlags {
  unsigned groups = 0;
  // Model
  std::vector<std::string> sources;
  std::vector<std::string> model_configs;  // --model_config, the original tool's flag
  std::string family;
  std::optional<std::string> seq_len;
  std::optional<std::string> batch;
  std::string attention = "causal";
  std::optional<std::string> jobs;  // --jobs: threads for many models (ModelJobs)
  // Hardware
  std::string gpu;
  std::optional<std::string> gpus;
  std::vector<std::string> hardware_files;
  // Training
  std::string precision = "bf16";
  std::string optimizer = "adamw";
  std::optional<std::string> dp;
  std::optional<std::string> zero;
  std::optional<std::string> tp;
  bool sp = false;
  std::optional<std::string> pp;
  std::optional<std::string> ep;
  std::string recompute = "none";
  bool no_flash = false;
  bool dropout = false;
  std::string framework = "megatron";
  // Fine-tuning, offload, fit verdicts (with the training flags)
  std::string finetune = "full";
  std::optional<std::string> lora_rank;
  std::string lora_targets;     // comma list or all-linear
  std::string modules_to_save;  // comma list
  bool load_in_8bit = false;
  std::string offload = "none";
  std::string offload_device = "cpu";
  std::optional<std::string> reserve;  // GiB
  // Serving
  std::string weights_dtype;  // empty: not given
  std::string weights_format;
  std::optional<std::string> group_size;
  std::string kv_dtype = "bf16";
  std::optional<std::string> gpu_memory_utilization;
  std::optional<std::string> max_model_len;
  std::optional<std::string> block_size;
  std::optional<std::string> max_num_batched_tokens;
  std::optional<std::string> max_num_seqs;
  std::optional<std::string> activation_peak_gib;
  std::optional<std::string> non_torch_gib;
  std::optional<std::string> mbu;
  std::optional<std::string> serving_mfu;
  // Cost
  std::optional<std::string> tokens;
  std::optional<std::string> mfu;
  std::optional<std::string> price;
  std::optional<std::string> pue;
  std::optional<std::string> grid;
  // Output
  OutputOptions output;
};

// Adds the flags of `groups` to `sub`, storing into `flags` (which must outlive parsing).
// `output_formats` are the --format values the command accepts.
void AddSharedFlags(CLI::App* sub, SharedFlags* flags, unsigned groups,
                    const std::vector<std::string>& output_formats = {"text", "json", "markdown",
                                                                      "md", "csv", "svg", "html"});

// The Workload the flags name, its command-line-only bounds checked (ValidateWorkload).
// Errors: kInvalidArgument naming the flag: "--seq-len: expected a whole number such as 4096
// or 32K, got '0x10'", "--seq-len: must be in [1, 1099511627776], got 0" (exit status 2).
Result<Workload> ToWorkload(const SharedFlags& flags);

// The most threads to load and analyze many models on (--jobs N), by default the hardware
// threads, at most kDefaultJobsCap (RunModels starts none for one model or a few:
// ordered_parallel.h). Errors: kInvalidArgument "--jobs: must be in [1, 256], got '0'"
// (checked by ToWorkload: exit status 2).
// 4: the writing thread does about a quarter of a small model's work (its CSV row or JSON
// item, and freeing it), so more workers would wait; each also keeps a malloc arena resident.
inline constexpr int kDefaultJobsCap = 4;
inline constexpr int kMaxJobs = 256;
Result<int> ModelJobs(const SharedFlags& flags);

// The model sources: --model_config values first, then the positional ones.
std::vector<std::string> Sources(const SharedFlags& flags);
LoadOptions LoadOptionsOf(const SharedFlags& flags);

// The accelerator --gpu names, looked up in the shipped table and every --hardware-file;
// nullopt without --gpu. Errors: those of LoadHardwareTables; kNotFound "--gpu: unknown
// accelerator ..." (exit status 1: the name is checked against data files).
Result<std::optional<Hardware>> ResolveHardware(const SharedFlags& flags);

// The output format: --format, else the --output file's extension (.json, .csv, .md, .svg,
// .txt), else text. Errors: kInvalidArgument for an empty --output, an extension that names no
// format the command writes (pass --format) (exit status 2).
Result<OutputFormat> ResolveFormat(const OutputOptions& output,
                                   const std::vector<std::string>& allowed);

// A parsed numeric flag value, for the commands' own numeric flags (scale, design).
// Errors: kInvalidArgument "<flag>: expected a number such as 1e21 or 2T, got 'x'" or "<flag>:
// must be > 0, got -1".
// True when the output format draws charts (SVG, HTML): only then do commands gather chart
// data per model, so that machine formats stay flat in memory.
bool DrawsCharts(const OutputOptions& output);

Result<double> ParsePositiveFlag(std::string_view flag, const std::string& text);
Result<int64_t> ParsePositiveIntegerFlag(std::string_view flag, const std::string& text);

}  // namespace llmcost::cli

#endif  // LLMCOST_SRC_CLI_SHARED_FLAGS_H_
