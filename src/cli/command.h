// Subcommands of the llmcost command line: the table and the helpers they share.
//
// Private to src/cli/ (the only code that includes CLI11). A command registers its
// options on a CLI11 subcommand and returns the handler RunCli calls after parsing.
#ifndef LLMCOST_SRC_CLI_COMMAND_H_
#define LLMCOST_SRC_CLI_COMMAND_H_

#include <functional>
#include <ostream>
#include <string>
#include <string_view>
#include <vector>

#include <CLI/CLI.hpp>

#include "llmcost/analysis/parameters.h"
#include "llmcost/architecture.h"
#include "llmcost/cli.h"
#include "llmcost/render.h"
#include "llmcost/report.h"
#include "llmcost/status.h"

namespace llmcost::cli {

// Where a handler writes: the report to `out`, one-line diagnostics to `err`.
struct Streams {
  std::ostream& out;
  std::ostream& err;
};

// Runs the command after a successful parse; returns the exit status.
using Handler = std::function<int(Streams&)>;

struct Command {
  std::string_view name;
  std::string_view summary;
  // Adds the command's options to `sub` and returns its handler.
  Handler (*setup)(CLI::App* sub);
};

// The command table, in the order `llmcost help` lists it.
const std::vector<Command>& Commands();

// --format, --output and --force, shared by every report-writing command.
struct OutputOptions {
  std::string format = "text";
  std::string output;  // empty: standard output
  bool force = false;
};
void AddOutputOptions(CLI::App* sub, OutputOptions* options,
                      const std::vector<std::string>& formats = {"text", "json", "markdown", "md",
                                                                 "csv", "svg", "html"});

// Renders `report` and writes it to stdout or, atomically, to --output.
// Returns the exit status (diagnostics already printed).
int EmitReport(const Report& report, const OutputOptions& options, Streams& streams);

// A config loaded (default field map) and its parameters counted.
struct CountedModel {
  Architecture arch;
  ParameterCount params;
};
// Errors: those of LoadArchitecture; CountParameters' prefixed with `file`.
Result<CountedModel> LoadAndCount(const std::string& file);
// Every file loaded and counted, in order. Errors: the first file's that fails.
Result<std::vector<CountedModel>> LoadAllAndCount(const std::vector<std::string>& files);
// The models' architectures, for ChooseSequenceLength.
std::vector<const Architecture*> Views(const std::vector<CountedModel>& models);

// Prints "llmcost: <message>" and returns kExitInputError.
int Fail(Streams& streams, const Status& status);
// Prints "llmcost: <message>" and returns kExitUsageError.
int UsageFail(Streams& streams, std::string_view message);

// The command handlers' setup functions (one file each).
Handler SetupAnalyze(CLI::App* sub);
Handler SetupDetailedCostAnalysis(CLI::App* sub);
Handler SetupMemory(CLI::App* sub);
Handler SetupServe(CLI::App* sub);
Handler SetupTrain(CLI::App* sub);
Handler SetupHardware(CLI::App* sub);
Handler SetupScale(CLI::App* sub);
Handler SetupDesign(CLI::App* sub);

}  // namespace llmcost::cli

#endif  // LLMCOST_SRC_CLI_COMMAND_H_
