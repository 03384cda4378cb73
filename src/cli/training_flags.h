// Workload and parallelism flags shared by `llmcost memory` and `llmcost train`.
//
// Private to src/cli/. The flags mirror TrainingMemoryOptions; the analysis validates the
// values that depend on the model (degrees that must divide heads, layers, experts).
#ifndef LLMCOST_SRC_CLI_TRAINING_FLAGS_H_
#define LLMCOST_SRC_CLI_TRAINING_FLAGS_H_

#include <cstdint>
#include <optional>
#include <string>

#include <CLI/CLI.hpp>

#include "llmcost/analysis/training_memory.h"

namespace llmcost::cli {

struct TrainingFlags {
  int64_t batch = 1;
  int64_t seq_len = 0;
  std::string precision = "bf16";
  std::string optimizer = "adamw";
  int64_t dp = 1;
  int zero = 0;
  int64_t tp = 1;
  bool sp = false;
  int64_t pp = 1;
  int64_t ep = 1;
  std::string recompute = "none";
  bool no_flash = false;
  bool dropout = false;
  // Fine-tuning and offload (docs/formulas.md "Fine-tuning", "Offload").
  std::string finetune = "full";
  int64_t lora_rank = 8;
  std::string lora_targets;     // comma list or "all-linear"; empty: PEFT's default
  std::string modules_to_save;  // comma list
  bool load_in_8bit = false;    // LoRA on an LLM.int8 base
  std::string offload = "none";
  std::string offload_device = "cpu";
  std::optional<double> reserve_gib;  // fit verdicts: GiB kept back per GPU
  std::string framework = "megatron";  // activation convention
};

// Adds --batch, --seq-len, --precision, --optimizer, --dp (unless `with_dp` is false: train
// derives it from --gpus), --zero, --tp, --sp, --pp, --ep, --recompute, --no-flash, --dropout.
enum class DataParallelFlag { kAdd, kDerived };
void AddTrainingFlags(CLI::App* sub, TrainingFlags* flags, DataParallelFlag dp);

// The options the flags name (enum flags were checked by CLI11).
TrainingMemoryOptions ToTrainingMemoryOptions(const TrainingFlags& flags);

// Checks what CLI11 cannot: --lora-rank >= 1, --reserve >= 0 and finite, --load-in-8bit only
// with --finetune lora. Errors: kInvalidArgument naming the flag (a usage error, exit 2).
Status CheckTrainingFlags(const TrainingFlags& flags);

// --reserve in bytes, or nullopt for the default (DefaultReserveBytes).
std::optional<int64_t> ReserveBytes(const TrainingFlags& flags);

}  // namespace llmcost::cli

#endif  // LLMCOST_SRC_CLI_TRAINING_FLAGS_H_
