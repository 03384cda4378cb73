// CommandParser (command_parser.h): one command's App, built once, parsed many times.
#include "command_parser.h"

#include <algorithm>
#include <map>
#include <memory>
#include <optional>
#include <sstream>
#include <string_view>

#include "llmcost/spelling.h"

namespace llmcost::cli {
namespace {

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

CommandParser::CommandParser(const Command& command)
    : command_(command), app_("llmcost: what a transformer costs before you train or serve it") {
  app_.require_subcommand(1);
  app_.footer(std::string(kExitStatuses));
  auto sub =
      std::make_shared<ReusableApp>(std::string(command.summary), std::string(command.name), &app_);
  sub_ = sub.get();
  app_.add_subcommand(std::move(sub));
  sub_->footer(std::string(kExitStatuses));
  handler_ = command.setup(sub_);
}

int CommandParser::Run(const std::vector<std::string>& rest, Streams& streams) {
  sub_->ForgetParseOrder();
  std::vector<std::string> reversed(rest.rbegin(), rest.rend());
  try {
    app_.parse(reversed);
  } catch (const CLI::ParseError& e) {
    if (e.get_exit_code() == 0) {  // --help
      std::ostringstream help_out;
      std::ostringstream help_err;
      app_.exit(e, help_out, help_err);
      streams.out << help_out.str();
      return kExitOk;
    }
    std::string message = FlagSuggestion(*sub_, rest);
    if (message.empty()) {
      message = e.what();
      std::replace(message.begin(), message.end(), '\n', ' ');
    }
    return UsageFail(streams,
                     message + " (see 'llmcost " + std::string(command_.name) + " --help')");
  }
  return handler_(streams);
}

size_t CommandParser::ParseRecordSize() const {
  return app_.parse_order().size() + sub_->parse_order().size();
}

CommandParser& CachedCommandParser(const Command& command) {
  thread_local std::map<const Command*, std::unique_ptr<CommandParser>> parsers;
  std::unique_ptr<CommandParser>& parser = parsers[&command];
  if (parser == nullptr) {
    parser = std::make_unique<CommandParser>(command);
  }
  return *parser;
}

}  // namespace llmcost::cli
