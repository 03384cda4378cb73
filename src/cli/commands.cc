// The subcommand table (ninja's kTools): name, one-line summary, setup.
#include "command.h"

namespace llmcost::cli {

const std::vector<Command>& Commands() {
  static const std::vector<Command> kCommands = {
      {"analyze", "Parameters and FLOPs per token of model configs (several: side by side)",
       SetupAnalyze},
      {"detailed_cost_analysis", "The original tool's interface: --model_config FILE ...",
       SetupDetailedCostAnalysis},
      {"memory", "Training memory per GPU: weights, gradients, optimizer, activations, peak",
       SetupMemory},
      {"serve", "Serving: weights + KV cache, concurrent sequences, decode/prefill time",
       SetupServe},
      {"train", "Training FLOPs, time, GPU-hours, price, energy, CO2; does it fit", SetupTrain},
      {"hardware", "The accelerator table (peak FLOP/s, memory, bandwidth, power, sources)",
       SetupHardware},
      {"scale", "Compute-optimal N and D under scaling laws; budget check; IsoFLOP view",
       SetupScale},
      {"design", "Search model shapes for a compute budget and write the best config", SetupDesign},
  };
  return kCommands;
}

}  // namespace llmcost::cli
