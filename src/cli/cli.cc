// RunCli: argv -> subcommand -> handler -> exit status. No arithmetic here.
#include "llmcost/cli.h"

#include <algorithm>
#include <filesystem>
#include <sstream>

#include "llmcost/atomic_file.h"
#include "llmcost/config.h"
#include "llmcost/terminal_width.h"
#include "llmcost/spelling.h"

#include "command.h"

namespace llmcost {
namespace cli {

void AddOutputOptions(CLI::App* sub, OutputOptions* options,
                      const std::vector<std::string>& formats) {
  std::string names;
  for (const std::string& f : formats) {
    names += (names.empty() ? "" : "|") + f;
  }
  sub->add_option("--format", options->format, "Output format: " + names + " (default: text)")
      ->check(CLI::IsMember(formats));
  sub->add_option("-o,--output", options->output,
                  "Write the report to FILE (atomically) instead of standard output");
  sub->add_flag("--force", options->force, "Overwrite an existing --output file");
}

Result<CountedModel> LoadAndCount(const std::string& file) {
  LLMCOST_ASSIGN_OR_RETURN(Architecture arch, LoadArchitecture(file, {}));
  Result<ParameterCount> params = CountParameters(arch);
  if (!params.ok()) {
    return WithContext(params.status(), file);
  }
  return CountedModel{std::move(arch), std::move(params).value()};
}

Result<std::vector<CountedModel>> LoadAllAndCount(const std::vector<std::string>& files) {
  std::vector<CountedModel> models;
  models.reserve(files.size());
  for (const std::string& file : files) {
    LLMCOST_ASSIGN_OR_RETURN(CountedModel model, LoadAndCount(file));
    models.push_back(std::move(model));
  }
  return models;
}

std::vector<const Architecture*> Views(const std::vector<CountedModel>& models) {
  std::vector<const Architecture*> views;
  views.reserve(models.size());
  for (const CountedModel& m : models) {
    views.push_back(&m.arch);
  }
  return views;
}

int Fail(Streams& streams, const Status& status) {
  streams.err << "llmcost: " << status.message() << "\n";
  return kExitInputError;
}

int UsageFail(Streams& streams, std::string_view message) {
  streams.err << "llmcost: " << message << "\n";
  return kExitUsageError;
}

int EmitReport(const Report& report, const OutputOptions& options, Streams& streams) {
  std::optional<OutputFormat> format = ParseOutputFormat(options.format);
  if (!format) {
    return UsageFail(streams, "--format: unknown format '" + options.format + "'");
  }
  std::ostringstream buffer;
  RenderOptions render;
  render.width = TerminalWidth();
  Status status = Render(report, *format, buffer, render);
  if (!status.ok()) {
    return Fail(streams, status);
  }
  if (options.output.empty() || options.output == "-") {
    streams.out << buffer.str();
    streams.out.flush();
    return kExitOk;
  }
  status = WriteFileAtomically(options.output, buffer.str(),
                               options.force ? Overwrite::kAllow : Overwrite::kRefuse);
  return status.ok() ? kExitOk : Fail(streams, status);
}

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
    "Exit status: 0 success, 1 bad input file or value, 2 bad command line.";

}  // namespace
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
    err << "usage: llmcost <command> [options]; 'llmcost help' lists the commands\n";
    return kExitUsageError;
  }
  if (rest[0] == "help" && rest.size() == 1) {
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

  CLI::App app{"llmcost: what a transformer costs before you train or serve it"};
  app.require_subcommand(1);
  app.footer(std::string(kExitStatuses));
  app.set_help_all_flag("--help-all", "Help for every command");
  std::vector<std::pair<CLI::App*, Handler>> handlers;
  for (const Command& c : Commands()) {
    CLI::App* sub = app.add_subcommand(std::string(c.name), std::string(c.summary));
    sub->footer(std::string(kExitStatuses));
    handlers.emplace_back(sub, c.setup(sub));
  }
  if (rest[0].empty() || rest[0][0] != '-') {
    bool known = std::any_of(Commands().begin(), Commands().end(),
                             [&](const Command& c) { return c.name == rest[0]; });
    if (!known) {
      std::vector<std::string_view> names;
      for (const Command& c : Commands()) {
        names.push_back(c.name);
      }
      std::optional<std::string> best = ClosestSpelling(rest[0], names);
      return UsageFail(streams, "unknown command '" + rest[0] + "'" +
                                    (best ? ", did you mean '" + *best + "'?" : "") +
                                    " ('llmcost help' lists the commands)");
    }
  }
  std::vector<std::string> reversed(rest.rbegin(), rest.rend());
  try {
    app.parse(reversed);
  } catch (const CLI::ParseError& e) {
    if (e.get_exit_code() == 0) {  // --help, --help-all
      std::ostringstream help_out;
      std::ostringstream help_err;
      app.exit(e, help_out, help_err);
      out << help_out.str();
      return kExitOk;
    }
    std::string message = e.what();
    std::replace(message.begin(), message.end(), '\n', ' ');
    std::string command = app.get_subcommands().empty()
                              ? std::string()
                              : " " + app.get_subcommands().front()->get_name();
    return UsageFail(streams, message + " (see 'llmcost" + command + " --help')");
  }
  for (auto& [sub, handler] : handlers) {
    if (sub->parsed()) {
      return handler(streams);
    }
  }
  return UsageFail(streams, "no command given; 'llmcost help' lists the commands");
}

}  // namespace llmcost
