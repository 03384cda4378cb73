// llmcost and detailed_cost_analysis: main() only forwards to the library (llmcost/cli.h).
#include <cstdlib>
#include <iostream>
#include <string>
#include <vector>

#include "llmcost/cli.h"

int main(int argc, char** argv) {
  // Standard streams are not mixed with C stdio here: let them buffer on their own.
  std::ios::sync_with_stdio(false);
  std::vector<std::string> args(argv, argv + argc);
  const int status = llmcost::RunCli(args, std::cout, std::cerr);
  std::cout.flush();
  std::cerr.flush();
  if (!std::cout && status == llmcost::kExitOk) {
    std::cerr << "llmcost: standard output: write failed\n";
    std::_Exit(llmcost::kExitInputError);
  }
  // Everything is written: skip the teardown of the process's objects (start-up and exit are
  // most of a one-config run).
  std::_Exit(status);
}
