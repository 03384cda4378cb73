// A program using the installed library: a config in memory -> exact parameters, and the shipped
// hardware table (compiled into the library, so no data file is looked for at run time).
#include <iostream>

#include "llmcost/analysis/parameters.h"
#include "llmcost/config.h"
#include "llmcost/hardware.h"

int main() {
  // LLaMA-7B (Touvron et al. 2023, Table 2): 6,738,415,616 parameters.
  const char* config = R"({"model_type": "llama", "hidden_size": 4096, "num_hidden_layers": 32,
      "num_attention_heads": 32, "intermediate_size": 11008, "vocab_size": 32000,
      "max_position_embeddings": 2048})";
  llmcost::Result<llmcost::Architecture> arch = llmcost::ParseArchitecture(config, "llama", {});
  if (!arch.ok()) {
    std::cerr << arch.status().message() << "\n";
    return 1;
  }
  llmcost::Result<llmcost::ParameterCount> params = llmcost::CountParameters(*arch);
  llmcost::Result<std::vector<llmcost::Hardware>> table = llmcost::LoadShippedHardwareTable();
  if (!params.ok() || !table.ok()) {
    std::cerr << (params.ok() ? table.status() : params.status()).message() << "\n";
    return 1;
  }
  llmcost::Result<const llmcost::Hardware*> h100 = llmcost::FindHardware(*table, "h100");
  if (!h100.ok()) {
    std::cerr << h100.status().message() << "\n";
    return 1;
  }
  std::cout << params->total << " " << (*h100)->id << "\n";
  return 0;
}
