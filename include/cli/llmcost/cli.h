// The command line: llmcost's whole behaviour, callable in-process.
//
// tools/llmcost_main.cc forwards argv here; tests call RunCli with string streams.
#ifndef LLMCOST_CLI_H_
#define LLMCOST_CLI_H_

#include <ostream>
#include <string>
#include <vector>

namespace llmcost {

// Exit statuses (documented in --help and the README).
enum ExitStatus : int {
  kExitOk = 0,
  // The inputs together are wrong: a bad or missing file, a name not in the hardware table, a
  // flag that contradicts the file (--tp 3 on 32 heads), a failed write.
  kExitInputError = 1,
  // The command line alone is wrong: an unknown command or flag, a malformed or out-of-range
  // value (--seq-len 0, --zero 4, -o ''), flags that exclude each other.
  kExitUsageError = 2,
};

// Runs the command line `args` (args[0] is the program name; a program named
// "detailed_cost_analysis" behaves as that subcommand). The report goes to `out`
// (or to --output), diagnostics to `err` as one line "llmcost: ...".
// Returns the exit status.
int RunCli(const std::vector<std::string>& args, std::ostream& out, std::ostream& err);

}  // namespace llmcost

#endif  // LLMCOST_CLI_H_
