// The command line: llmcost's whole behaviour, callable in-process.
//
// tools/llmcost_main.cc forwards argv here; tests call RunCli with string streams.
#ifndef LLMCOST_CLI_H_
#define LLMCOST_CLI_H_

#include <ostream>
#include <string>
#include <vector>

namespace llmcost {

// Exit statuses (documented in --help).
enum ExitStatus : int {
  kExitOk = 0,
  kExitInputError = 1,  // a bad input file or value, or an analysis that cannot be done
  kExitUsageError = 2,  // a bad command line
};

// Runs the command line `args` (args[0] is the program name; a program named
// "detailed_cost_analysis" behaves as that subcommand). The report goes to `out`
// (or to --output), diagnostics to `err` as one line "llmcost: ...".
// Returns the exit status.
int RunCli(const std::vector<std::string>& args, std::ostream& out, std::ostream& err);

}  // namespace llmcost

#endif  // LLMCOST_CLI_H_
