// RunCli: argv -> subcommand -> handler -> exit status. No arithmetic here.
#include "llmcost/cli.h"

#include <algorithm>
#include <filesystem>
#include <sstream>

#include "llmcost/spelling.h"

#include "command.h"

namespace llmcost {
namespace cli {
namespace {

std::string CommandList() {
  std::string out = "Commands:\n";
  for (const Command& c : Commands()) {
    std::string name(c.name);
    name.resize(std::max<size_t>(name.size() + 2, 26), ' ');
    out += "  " + name + std::string(c.summary) + "\n";
  }
  return out;
}

constexpr std::string_view kExitStatuses =
    "Exit status: 0 success; 2 the command line alone is wrong (unknown command or flag, "
    "malformed or out-of-range value such as --seq-len 0, --zero 4, -o ''); 1 the inputs "
    "together are wrong (a bad or missing file, a name not in the hardware table, a flag that "
    "contradicts the file such as --tp 3 on 32 heads or --seq-len beyond learned positions).";

const Command* FindCommand(std::string_view name) {
  for (const Command& c : Commands()) {
    if (c.name == name) {
      return &c;
    }
  }
  return nullptr;
}

// "did you mean '--seq-len'?" for the first unexpected "--flag" CLI11 reports, if any is close.
std::string FlagSuggestion(const CLI::App& sub, const std::vector<std::string>& args) {
  std::vector<std::string> names;
  for (const CLI::Option* option : sub.get_options()) {
    for (const std::string& name : option->get_lnames()) {
      names.push_back("--" + name);
    }
  }
  std::vector<std::string_view> views(names.begin(), names.end());
  for (const std::string& arg : args) {
    if (arg == "--") {  // the operands follow
      break;
    }
    if (arg.rfind("--", 0) != 0) {
      continue;
    }
    const std::string flag = arg.substr(0, arg.find('='));
    if (std::find(names.begin(), names.end(), flag) != names.end()) {
      continue;
    }
    std::optional<std::string> best = ClosestSpelling(flag, views);
    return "unknown flag '" + flag + "'" + (best ? ", did you mean '" + *best + "'?" : "");
  }
  return "";
}

}  // namespace

int RunCommandLine(const std::vector<std::string>& rest, Streams& streams) {
  const Command* command = FindCommand(rest[0]);
  if (command == nullptr) {
    if (rest[0].empty() || rest[0][0] != '-') {
      std::vector<std::string_view> names;
      for (const Command& c : Commands()) {
        names.push_back(c.name);
      }
      std::optional<std::string> best = ClosestSpelling(rest[0], names);
      return UsageFail(streams, "unknown command '" + rest[0] + "'" +
                                    (best ? ", did you mean '" + *best + "'?" : "") +
                                    " ('llmcost help' lists the commands)");
    }
    return UsageFail(
        streams, "expected a command before '" + rest[0] + "' ('llmcost help' lists the commands)");
  }

  // Only the invoked command's options are built: start-up is most of a one-config run.
  CLI::App app{"llmcost: what a transformer costs before you train or serve it"};
  app.require_subcommand(1);
  app.footer(std::string(kExitStatuses));
  CLI::App* sub = app.add_subcommand(std::string(command->name), std::string(command->summary));
  sub->footer(std::string(kExitStatuses));
  Handler handler = command->setup(sub);
  std::vector<std::string> reversed(rest.rbegin(), rest.rend());
  try {
    app.parse(reversed);
  } catch (const CLI::ParseError& e) {
    if (e.get_exit_code() == 0) {  // --help
      std::ostringstream help_out;
      std::ostringstream help_err;
      app.exit(e, help_out, help_err);
      streams.out << help_out.str();
      return kExitOk;
    }
    std::string message = FlagSuggestion(*sub, rest);
    if (message.empty()) {
      message = e.what();
      std::replace(message.begin(), message.end(), '\n', ' ');
    }
    return UsageFail(streams,
                     message + " (see 'llmcost " + std::string(command->name) + " --help')");
  }
  return handler(streams);
}

}  // namespace cli

int RunCli(const std::vector<std::string>& args, std::ostream& out, std::ostream& err) {
  using namespace cli;  // NOLINT(google-build-using-namespace): one function's scope
  Streams streams{out, err};
  std::vector<std::string> rest(args.begin() + (args.empty() ? 0 : 1), args.end());
  // The original tool's name runs its interface directly.
  if (!args.empty()) {
    std::string program = std::filesystem::path(args[0]).filename().string();
    if (program == "detailed_cost_analysis" || program == "detailed_cost_analysis.py") {
      rest.insert(rest.begin(), "detailed_cost_analysis");
    }
  }
  if (rest.empty()) {
    err << "llmcost: no command given; usage: llmcost <command> [options] ('llmcost help' lists "
           "the commands)\n";
    return kExitUsageError;
  }
  if ((rest[0] == "help" || rest[0] == "--help" || rest[0] == "-h") && rest.size() == 1) {
    out << "llmcost: what a transformer costs before you train or serve it\n\n"
        << "usage: llmcost <command> [options]   (llmcost <command> --help for details)\n\n"
        << CommandList() << "\n"
        << kExitStatuses << "\n";
    return kExitOk;
  }
  if (rest[0] == "help") {
    rest = {rest[1], "--help"};
  }
  if (rest[0] == "--version") {
    out << "llmcost 0.1.0\n";
    return kExitOk;
  }
  return RunCommandLine(rest, streams);
}

}  // namespace llmcost
