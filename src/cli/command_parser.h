// One command's CLI11 App: its option table built once, then any number of command lines
// parsed and run with it.
//
// Private to src/cli/. RunCli builds one per run; RunCommandReport, which a program may call
// thousands of times (the Python module), keeps one per command and thread
// (CachedCommandParser), so only the first call pays for building the options (most of a
// small command's cost). Reuse changes nothing a command line sees: every command's setup
// restores its flags before each parse (FreshFlagsOnEachParse, command.h), CLI11's App::parse
// clears its own parse state, and the parse record CLI11 keeps growing (App::parse_order) is
// emptied before each parse.
#ifndef LLMCOST_SRC_CLI_COMMAND_PARSER_H_
#define LLMCOST_SRC_CLI_COMMAND_PARSER_H_

#include <string>
#include <vector>

#include <CLI/CLI.hpp>

#include "command.h"

namespace llmcost::cli {

class CommandParser {
 public:
  explicit CommandParser(const Command& command);
  CommandParser(const CommandParser&) = delete;
  CommandParser& operator=(const CommandParser&) = delete;

  // Parses `rest` (rest[0] is the command's name) and runs the command's handler, with
  // RunCli's messages and exit statuses: a CLI11 parse error is one usage line naming the
  // closest flag to an unknown one, --help prints the help on streams.out.
  // REQUIRES: !rest.empty() and rest[0] names this parser's command.
  int Run(const std::vector<std::string>& rest, Streams& streams);

  // How many entries CLI11's parse record holds (tests: it does not grow with reuse).
  size_t ParseRecordSize() const;

 private:
  // A subcommand App whose parse record can be emptied (App::parse_order_ is protected and
  // App::clear leaves it).
  class ReusableApp : public CLI::App {
   public:
    ReusableApp(std::string description, std::string name, CLI::App* parent)
        : CLI::App(std::move(description), std::move(name), parent) {}
    void ForgetParseOrder() { parse_order_.clear(); }
  };

  const Command& command_;
  CLI::App app_;
  ReusableApp* sub_ = nullptr;
  Handler handler_;
};

// This thread's parser for `command`, built at its first use and kept until the thread ends
// (one per thread: a parse writes into the command's flags, and the Python module releases
// the GIL around a run).
CommandParser& CachedCommandParser(const Command& command);

}  // namespace llmcost::cli

#endif  // LLMCOST_SRC_CLI_COMMAND_PARSER_H_
