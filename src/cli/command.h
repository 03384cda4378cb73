// Subcommands of the llmcost command line: the table and the helpers they share.
//
// Private to src/cli/ (the only code that includes CLI11). A command registers its options on
// a CLI11 subcommand and returns the handler RunCli calls after parsing. Model commands are
// flags -> Workload -> RunModels (load, analyze, stream the report) -> exit status.
#ifndef LLMCOST_SRC_CLI_COMMAND_H_
#define LLMCOST_SRC_CLI_COMMAND_H_

#include <cstddef>
#include <functional>
#include <memory>
#include <optional>
#include <ostream>
#include <string>
#include <string_view>
#include <type_traits>
#include <vector>

#include <CLI/CLI.hpp>

#include "llmcost/analysis/workload.h"
#include "llmcost/architecture.h"
#include "llmcost/cli.h"
#include "llmcost/command_report.h"
#include "llmcost/hardware.h"
#include "llmcost/render.h"
#include "llmcost/report.h"
#include "llmcost/sequence_length.h"
#include "llmcost/status.h"

#include "preloaded_models.h"
#include "shared_flags.h"

namespace llmcost::cli {

// Where a handler writes: the report to `out`, one-line diagnostics to `err`.
struct Streams {
  std::ostream& out;
  std::ostream& err;
  // RunCommandReport (command_report.h): when set, the report is stored here, not rendered.
  Report* capture = nullptr;
  // In-memory sources the command line may name (RunCommandReport); null for RunCli.
  const std::vector<InMemoryConfig>* configs = nullptr;
};

// RunCli's one-paragraph summary of the exit statuses (`llmcost help`, every command's --help).
inline constexpr std::string_view kExitStatuses =
    "Exit status: 0 success; 2 the command line alone is wrong (unknown command or flag, "
    "malformed or out-of-range value such as --seq-len 0, --zero 4, -o ''); 1 the inputs "
    "together are wrong (a bad or missing file, a name not in the hardware table, a flag that "
    "contradicts the file such as --tp 3 on 32 heads or --seq-len beyond learned positions).";

// Which CLI11 App parses a command line (command_parser.h): a fresh one (RunCli: one command
// line per process), or this thread's cached one for the command (RunCommandReport: many).
enum class ParserUse { kFresh, kCached };

// Runs one command line after the program name (rest[0] is the command), as RunCli does.
// REQUIRES: !rest.empty().
int RunCommandLine(const std::vector<std::string>& rest, Streams& streams,
                   ParserUse use = ParserUse::kFresh);

// Loads one model source: an in-memory config of `streams` by that name, else
// LoadArchitecture(source) with the flags' --family.
Result<Architecture> LoadSource(const std::string& source, const SharedFlags& flags,
                                const Streams& streams);

// Runs the command after a successful parse; returns the exit status.
using Handler = std::function<int(Streams&)>;

// Makes `*flags` (the value `sub`'s options write into) fresh for every parse: the value it
// holds now, at the end of setup, is restored before each parse of `sub`, so an App parsed
// many times (CommandParser's cache) reads each command line as if it were the first. Every
// command's setup calls it last, for every value its options write into.
template <typename Flags>
void FreshFlagsOnEachParse(CLI::App* sub, const std::shared_ptr<Flags>& flags) {
  sub->preparse_callback([flags, initial = *flags](std::size_t) { *flags = initial; });
}

struct Command {
  std::string_view name;
  std::string_view summary;
  // Adds the command's options to `sub` and returns its handler.
  Handler (*setup)(CLI::App* sub);
};

// The command table, in the order `llmcost help` lists it.
const std::vector<Command>& Commands();

// The --format values of report commands, and of commands that also draw charts.
extern const std::vector<std::string> kTableFormats;
extern const std::vector<std::string> kChartFormats;

// The one item of a model command's report built from one loaded model, for the readers of
// the output format (report.h: machines read JSON and CSV).
using ItemBuilder = std::function<Result<Entry>(Architecture&& arch, Readers readers)>;

// The pipeline every model command shares: resolve the output format, then for each source
// load it (LoadArchitecture with --family), build its item and stream it into the report
// (`head` holds the title, header and charts), written to stdout or atomically to --output.
// Returns the exit status (diagnostics printed; errors about a field name its flag).
// `charts` (when not null) is a copy of head.charts that build_item fills as models arrive;
// the writer draws it at the end (SVG, HTML). `preloaded` (when not null) holds the models
// ChooseSequenceLength already loaded: those are taken, not loaded again.
// Many models are loaded and built on up to --jobs worker threads (ordered_parallel.h), so
// build_item must be safe to call from several threads at once, unless `charts` is given
// (then every item is built on the calling thread, in order). The output, the warnings and
// the first error reported are those of one thread.
int RunModels(const SharedFlags& flags, const std::vector<std::string>& formats, Report head,
              const ItemBuilder& build_item, Streams& streams,
              const std::vector<Chart>* charts = nullptr, PreloadedModels* preloaded = nullptr);

// Several models compare at one sequence length: when the workload names none and several
// sources are given, sets workload->seq_len to the smallest pre-training context among them
// (loading each first; not when one is standard input, which cannot be read twice). The
// models it loads are offered to `preloaded` (when not null) for RunModels.
// Returns how the length was chosen, for the report header.
Result<SequenceLengthChoice> ChooseSequenceLength(const SharedFlags& flags, const Streams& streams,
                                                  Workload* workload,
                                                  PreloadedModels* preloaded = nullptr);

// What a model command settles before it loads its models.
struct ModelRun {
  Workload workload;
  SequenceLengthChoice sequence;
  // The GPU named by --gpu / --hardware-file, when the command takes hardware and one is named.
  std::optional<Hardware> hardware;
  // The models ChooseSequenceLength loaded, for RunModels to take instead of loading again.
  PreloadedModels preloaded;

  const Hardware* gpu() const { return hardware ? &*hardware : nullptr; }
};

// flags -> Workload (a bad value is a command-line error, exit 2), then the comparison's
// sequence length (ChooseSequenceLength) and, when `takes_hardware`, ResolveHardware.
// Returns kExitOk with *run filled, or prints the one-line diagnostic and returns its status.
int PrepareModelRun(const SharedFlags& flags, Streams& streams, bool takes_hardware, ModelRun* run);

// RunModels for a command whose per-model result is an item of type T:
// `analyze(Architecture) -> Result<T>`, `to_entry(const T&) -> Entry` (or
// `to_entry(const T&, Readers) -> Entry`, told who reads the output), and, when the output
// draws charts, `add_to_charts(const T&, Report*)` fills a copy of head's charts. `analyze`
// and `to_entry` run on worker threads (RunModels), add_to_charts in order on the caller's.
// `preloaded`: as for RunModels (ModelRun::preloaded).
template <typename Analyze, typename AddToCharts, typename ToEntry>
int RunModelCommand(const SharedFlags& flags, Report head, Analyze analyze,
                    AddToCharts add_to_charts, ToEntry to_entry, Streams& streams,
                    PreloadedModels* preloaded = nullptr) {
  Report charts;
  charts.charts = head.charts;
  const bool draws_charts = DrawsCharts(flags.output);
  return RunModels(
      flags, kTableFormats, std::move(head),
      [&](Architecture&& arch, Readers readers) -> Result<Entry> {
        LLMCOST_ASSIGN_OR_RETURN(auto item, analyze(std::move(arch)));
        if (draws_charts) {
          add_to_charts(item, &charts);
        }
        if constexpr (std::is_invocable_v<ToEntry, const decltype(item)&, Readers>) {
          return to_entry(item, readers);
        } else {
          return to_entry(item);
        }
      },
      streams, draws_charts ? &charts.charts : nullptr, preloaded);
}

// Writes a whole report (commands without models: hardware, scale, design).
int EmitReport(const Report& report, const OutputOptions& options,
               const std::vector<std::string>& formats, Streams& streams);

// Prints "llmcost: <message>" (the field named by its flag) and returns kExitInputError.
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
Handler SetupVerify(CLI::App* sub);

}  // namespace llmcost::cli

#endif  // LLMCOST_SRC_CLI_COMMAND_H_
