// llmcost and detailed_cost_analysis: main() only forwards to the library (llmcost/cli.h).
#include <cstdlib>
#include <iostream>
#include <string>
#include <vector>

#include "llmcost/cli.h"
#include "llmcost/standard_output.h"

int main(int argc, char** argv) {
  // Standard streams are not mixed with C stdio here: let them buffer on their own.
  std::ios::sync_with_stdio(false);
  std::vector<std::string> args(argv, argv + argc);
  const int status = llmcost::RunCli(args, std::cout, std::cerr);
  // The final flush is checked too (help text, anything not written through a checked
  // write): a full disk or a closed pipe is an error with its reason, not exit 0.
  const llmcost::Status flushed = llmcost::FlushAndCheck(std::cout);
  if (!flushed.ok() && status == llmcost::kExitOk) {
    std::cerr << "llmcost: " << flushed.message() << "\n";
    std::cerr.flush();
    std::_Exit(llmcost::kExitInputError);
  }
  std::cerr.flush();
  // Everything is written: skip the teardown of the process's objects (start-up and exit are
  // most of a one-config run).
  std::_Exit(status);
}
