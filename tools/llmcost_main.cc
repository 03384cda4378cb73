// llmcost: main() only forwards to the library (include/llmcost/cli.h).
#include <iostream>
#include <string>
#include <vector>

#include "llmcost/cli.h"
#include "llmcost/standard_output.h"

int main(int argc, char** argv) {
  std::vector<std::string> args(argv, argv + argc);
  const int status = llmcost::RunCli(args, std::cout, std::cerr);
  // The final flush is checked too: help text and anything not written through a checked
  // write still reach a full disk or a closed pipe as an error, not as exit 0.
  if (status == 0) {
    if (const llmcost::Status flushed = llmcost::FlushStandardOutput(); !flushed.ok()) {
      std::cerr << "llmcost: " << flushed.message() << "\n";
      return 1;
    }
  }
  return status;
}
