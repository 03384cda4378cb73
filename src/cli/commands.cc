// The subcommand table (ninja's kTools): name, one-line summary, setup.
#include "cli/command.h"

namespace llmcost::cli {

const std::vector<Command>& Commands() {
  static const std::vector<Command> kCommands = {
      {"analyze", "Parameters and FLOPs per token of model configs (several: side by side)",
       SetupAnalyze},
      {"detailed_cost_analysis", "The original tool's interface: --model_config FILE ...",
       SetupDetailedCostAnalysis},
  };
  return kCommands;
}

}  // namespace llmcost::cli
