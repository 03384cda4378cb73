// RunCommandReport (command_report.h): RunCli's command path with the report kept in memory.
#include "llmcost/command_report.h"

#include <sstream>
#include <string_view>

#include "command.h"

namespace llmcost {

CommandReport RunCommandReport(const std::vector<std::string>& args,
                               const std::vector<InMemoryConfig>& configs) {
  CommandReport result;
  std::ostringstream out;
  std::ostringstream err;
  cli::Streams streams{out, err, &result.report, &configs};
  if (args.empty()) {
    result.exit_status = kExitUsageError;
    result.error = "no command given";
    return result;
  }
  result.exit_status = cli::RunCommandLine(args, streams, cli::ParserUse::kCached);
  // Split RunCli's diagnostics: warnings, then at most one error line (the last one).
  constexpr std::string_view kPrefix = "llmcost: ";
  constexpr std::string_view kWarning = "llmcost: warning: ";
  std::istringstream lines(err.str());
  for (std::string line; std::getline(lines, line);) {
    if (line.rfind(kWarning, 0) == 0) {
      result.warnings.push_back(line.substr(kWarning.size()));
    } else if (line.rfind(kPrefix, 0) == 0) {
      result.error = line.substr(kPrefix.size());
    }
  }
  if (result.exit_status != kExitOk && result.error.empty()) {
    result.error = "the command failed without a message";  // not reached: every failure says why
  }
  return result;
}

std::vector<CommandFlag> CommandFlags(std::string_view command) {
  std::vector<CommandFlag> flags;
  for (const cli::Command& c : cli::Commands()) {
    if (c.name != command) {
      continue;
    }
    CLI::App app;
    CLI::App* sub = app.add_subcommand(std::string(c.name));
    const cli::Handler handler = c.setup(sub);
    for (const CLI::Option* option : sub->get_options()) {
      if (option == sub->get_help_ptr()) {
        continue;
      }
      CommandFlag flag;
      flag.names = option->get_lnames();
      flag.positional = option->get_positional() && flag.names.empty();
      flag.takes_value = option->get_expected_max() > 0;  // a switch expects none
      flag.repeatable = option->get_items_expected_max() > 1;
      flag.required = option->get_required();
      flags.push_back(std::move(flag));
    }
  }
  return flags;
}

}  // namespace llmcost
