// RunCli: argv -> subcommand -> handler -> exit status. No arithmetic here.
#include "llmcost/cli.h"

#include <algorithm>
#include <filesystem>
#include <sstream>

#include "llmcost/spelling.h"

#include "command.h"
#include "command_parser.h"

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

const Command* FindCommand(std::string_view name) {
  for (const Command& c : Commands()) {
    if (c.name == name) {
      return &c;
    }
  }
  return nullptr;
}

}  // namespace

int RunCommandLine(const std::vector<std::string>& rest, Streams& streams, ParserUse use) {
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
  if (use == ParserUse::kCached) {
    return CachedCommandParser(*command).Run(rest, streams);
  }
  CommandParser parser(*command);
  return parser.Run(rest, streams);
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
