// A command run in-process for another program (the Python module): RunCli's flags, defaults,
// validation and one-line messages, with the Report handed back instead of rendered.
//
// The cli layer's second entry point beside RunCli (cli.h). What a program reads from it is
// what `--format json` would print: render.h's machine view of the same Report.
#ifndef LLMCOST_COMMAND_REPORT_H_
#define LLMCOST_COMMAND_REPORT_H_

#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json_fwd.hpp>

#include "llmcost/report.h"

namespace llmcost {

// A model config held in memory: a source equal to `name` reads it instead of a file; `name` is
// its origin in the report and in messages, e.g. "<dict>".
struct InMemoryConfig {
  std::string name;
  // JSON or JSONC text, read as ParseArchitecture reads it (config.h); used when `document` is
  // null.
  std::string text;
  // The config as a JSON object built in memory (the Python module's dict), read without text
  // by ReadArchitectureJson (config_document.h); the checks only text has are its builder's.
  std::shared_ptr<const nlohmann::json> document;
};

struct CommandReport {
  int exit_status = 0;  // an ExitStatus (cli.h)
  // The line RunCli prints on stderr after "llmcost: ", when exit_status is not kExitOk.
  std::string error;
  // RunCli's "llmcost: warning: ..." lines, without the "llmcost: warning: " prefix.
  std::vector<std::string> warnings;
  // The report, also when a command fails after building it (`verify` of a mismatching
  // checkpoint); empty (no title) when the command failed before it.
  Report report;
};

// Runs `args` (args[0] is the command, e.g. {"analyze", "--seq-len", "4096", "<dict>"}) as RunCli
// would, except that --format, --output and --force are ignored and nothing is written: the
// report is returned. `configs` are in-memory sources the command line may name. `design
// --write-config FILE` still writes FILE.
// Example:
//   CommandReport r = RunCommandReport({"analyze", "configs/models/llama_7b.json"});
//   // r.exit_status == kExitOk, r.report.items[0] is LLaMA 7B's tree
CommandReport RunCommandReport(const std::vector<std::string>& args,
                               const std::vector<InMemoryConfig>& configs = {});

// One flag of a command as its command line spells it, for programs that map their own argument
// names onto the flags (the Python module's keyword arguments).
struct CommandFlag {
  std::vector<std::string> names;  // long names without "--", e.g. {"seq-len", "seq_len"}
  bool takes_value = true;         // false: a switch such as --sp
  bool repeatable = false;         // may be given several times, e.g. --hardware-file
  bool positional = false;         // the positional operands (model sources)
  bool required = false;
};

// The flags of `command` (a name `llmcost help` lists) in --help order, without --help;
// empty for an unknown command.
std::vector<CommandFlag> CommandFlags(std::string_view command);

}  // namespace llmcost

#endif  // LLMCOST_COMMAND_REPORT_H_
