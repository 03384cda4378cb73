// RunModels and EmitReport (command.h): the one orchestration every command shares.
#include <algorithm>
#include <memory>
#include <optional>
#include <sstream>

#include "llmcost/atomic_file.h"
#include "llmcost/config.h"
#include "llmcost/config_document.h"
#include "llmcost/printable.h"
#include "llmcost/report_writer.h"
#include "llmcost/standard_output.h"
#include "llmcost/terminal_width.h"

#include "command.h"
#include "flag_names.h"
#include "ordered_parallel.h"

namespace llmcost::cli {

// Every report draws charts now, so both lists name every format.
const std::vector<std::string> kTableFormats = {"text", "json", "markdown", "md",
                                                "csv",  "svg",  "html"};
const std::vector<std::string> kChartFormats = kTableFormats;

int Fail(Streams& streams, const Status& status) {
  // Printable again at the sink: no message reaches the terminal with control bytes.
  streams.err << "llmcost: " << Printable(InFlagTerms(status).message()) << "\n";
  return kExitInputError;
}

int UsageFail(Streams& streams, std::string_view message) {
  streams.err << "llmcost: " << Printable(message) << "\n";
  return kExitUsageError;
}

namespace {

// Models loaded or analyzed ahead of the one being written, at most: bounds the memory of a
// run on worker threads (a LLaMA-style model and its item are a few KB).
constexpr size_t kWindow = 64;

// --jobs, validated by ToWorkload before any model runs.
int JobsOf(const SharedFlags& flags) {
  Result<int> jobs = ModelJobs(flags);
  return jobs.ok() ? *jobs : 1;
}

// What a worker makes of one source for the writing thread.
struct BuiltItem {
  Status loaded;                      // the load's error, if any (then nothing else is set)
  std::string source;                 // for the warnings' lines
  std::vector<std::string> warnings;  // Architecture::warnings, printed in order
  Result<Entry> item = Entry();       // build_item's
};

// Where the report goes: standard output as it is written, or a buffer that becomes the
// --output file, atomically, only once the whole report has succeeded.
class OutputSink {
 public:
  OutputSink(const OutputOptions& options, Streams& streams)
      : options_(options), streams_(streams) {}

  std::ostream& stream() { return ToStdout() ? streams_.out : buffer_; }

  // Flushes standard output or writes the file. Errors: kIoError when a write failed.
  Status Commit() {
    if (ToStdout()) {
      return FlushAndCheck(streams_.out);
    }
    return WriteFileAtomically(*options_.output, buffer_.str(),
                               options_.force ? Overwrite::kAllow : Overwrite::kRefuse);
  }

 private:
  bool ToStdout() const { return !options_.output || *options_.output == "-"; }

  const OutputOptions& options_;
  Streams& streams_;
  std::ostringstream buffer_;
};

}  // namespace

Result<Architecture> LoadSource(const std::string& source, const SharedFlags& flags,
                                const Streams& streams) {
  if (streams.configs != nullptr) {
    for (const InMemoryConfig& config : *streams.configs) {
      if (config.name == source) {
        return config.document != nullptr
                   ? ReadArchitectureJson(*config.document, config.name, LoadOptionsOf(flags))
                   : ParseArchitecture(config.text, config.name, LoadOptionsOf(flags));
      }
    }
  }
  return LoadArchitecture(source, LoadOptionsOf(flags));
}

Result<SequenceLengthChoice> ChooseSequenceLength(const SharedFlags& flags, const Streams& streams,
                                                  Workload* workload, PreloadedModels* preloaded) {
  if (workload->seq_len) {
    return llmcost::ChooseSequenceLength(*workload->seq_len, {});
  }
  const std::vector<std::string> sources = Sources(flags);
  // One model is costed at its own context; standard input cannot be read twice.
  if (sources.size() < 2 || std::find(sources.begin(), sources.end(), "-") != sources.end()) {
    return llmcost::ChooseSequenceLength(0, {});
  }
  // The first of two passes: each model is loaded and its context kept; the model itself is
  // kept for RunModels within `preloaded`'s budget, else dropped, so memory stays flat in the
  // number of configs. Loads run on worker threads (ordered_parallel.h); their results are
  // taken in order, so the first failing source is the one reported.
  std::vector<ModelContext> contexts;
  contexts.reserve(sources.size());
  Status failed;
  OrderedParallel<Result<Architecture>>(
      sources.size(), WorkersFor(sources.size(), JobsOf(flags)), kWindow,
      [&](size_t i) { return LoadSource(sources[i], flags, streams); },
      [&](size_t /*i*/, Result<Architecture> arch) {
        if (!arch.ok()) {
          failed = arch.status();
          return false;
        }
        contexts.push_back({arch->name, arch->pretraining_context});
        if (preloaded != nullptr) {
          preloaded->Offer(std::move(arch).value());
        }
        return true;
      });
  LLMCOST_RETURN_IF_ERROR(failed);
  SequenceLengthChoice choice = llmcost::ChooseSequenceLength(0, contexts);
  if (choice.source == SequenceLengthChoice::Source::kSmallestOfModels && choice.tokens > 0) {
    workload->seq_len = choice.tokens;
  }
  return choice;
}

int PrepareModelRun(const SharedFlags& flags, Streams& streams, bool takes_hardware,
                    ModelRun* run) {
  Result<Workload> workload = ToWorkload(flags);
  if (!workload.ok()) {
    return UsageFail(streams, workload.status().message());
  }
  Result<SequenceLengthChoice> sequence =
      ChooseSequenceLength(flags, streams, &*workload, &run->preloaded);
  if (!sequence.ok()) {
    return Fail(streams, sequence.status());
  }
  run->workload = *std::move(workload);
  run->sequence = *std::move(sequence);
  if (takes_hardware) {
    Result<std::optional<Hardware>> hardware = ResolveHardware(flags);
    if (!hardware.ok()) {
      return Fail(streams, hardware.status());
    }
    run->hardware = *std::move(hardware);
  }
  return kExitOk;
}

int RunModels(const SharedFlags& flags, const std::vector<std::string>& formats, Report head,
              const ItemBuilder& build_item, Streams& streams, const std::vector<Chart>* charts,
              PreloadedModels* preloaded) {
  Result<OutputFormat> format = ResolveFormat(flags.output, formats);
  if (!format.ok()) {
    return UsageFail(streams, format.status().message());
  }
  const std::vector<std::string> sources = Sources(flags);
  if (sources.empty()) {
    return UsageFail(streams, "no model given; pass a config FILE, a directory or a model id");
  }
  // RunCommandReport keeps the report in memory; RunCli streams it to stdout or --output.
  Report* capture = streams.capture;
  std::optional<OutputSink> sink;
  std::unique_ptr<ReportWriter> writer;
  if (capture != nullptr) {
    *capture = std::move(head);
  } else {
    sink.emplace(flags.output, streams);
    RenderOptions render;
    render.width = TerminalWidth();
    writer = MakeReportWriter(std::move(head), *format, sink->stream(), render);
  }
  // Workers load each model and build its item; this thread prints its warnings and writes
  // it, in input order (ordered_parallel.h). One thread when build_item fills `charts`, or
  // when a source is standard input (read only in its turn).
  const Readers readers = *format == OutputFormat::kJson || *format == OutputFormat::kCsv
                              ? Readers::kMachines
                              : Readers::kPeople;
  const bool ordered_only =
      charts != nullptr || std::find(sources.begin(), sources.end(), "-") != sources.end();
  const size_t workers = ordered_only ? 0 : WorkersFor(sources.size(), JobsOf(flags));
  int exit_status = kExitOk;
  OrderedParallel<BuiltItem>(
      sources.size(), workers, kWindow,
      [&](size_t i) {
        std::optional<Architecture> kept =
            preloaded != nullptr ? preloaded->Take(i) : std::optional<Architecture>();
        Result<Architecture> arch =
            kept ? Result<Architecture>(std::move(*kept)) : LoadSource(sources[i], flags, streams);
        if (!arch.ok()) {
          return BuiltItem{arch.status(), {}, {}};
        }
        BuiltItem built;
        if (!arch->warnings.empty()) {
          built.source = arch->source;
          built.warnings = arch->warnings;
        }
        built.item = build_item(std::move(arch).value(), readers);
        return built;
      },
      [&](size_t /*i*/, BuiltItem built) {
        if (!built.loaded.ok()) {
          exit_status = Fail(streams, built.loaded);
          return false;
        }
        // Fields the field map ignored and likely typos: on stderr too, not only in the report.
        for (const std::string& warning : built.warnings) {
          streams.err << "llmcost: warning: " << built.source << ": " << warning << "\n";
        }
        if (!built.item.ok()) {
          exit_status = Fail(streams, built.item.status());
          return false;
        }
        if (capture != nullptr) {
          capture->items.push_back(std::move(built.item).value());
          return true;
        }
        Status added = writer->Add(std::move(built.item).value());
        if (!added.ok()) {
          exit_status = Fail(streams, added);
          return false;
        }
        return true;
      });
  if (exit_status != kExitOk) {
    return exit_status;
  }
  if (capture != nullptr) {
    if (charts != nullptr) {
      capture->charts = *charts;
    }
    return kExitOk;
  }
  if (charts != nullptr) {
    writer->SetCharts(*charts);
  }
  Status done = writer->Finish();
  if (done.ok()) {
    done = sink->Commit();
  }
  return done.ok() ? kExitOk : Fail(streams, done);
}

int EmitReport(const Report& report, const OutputOptions& options,
               const std::vector<std::string>& formats, Streams& streams) {
  Result<OutputFormat> format = ResolveFormat(options, formats);
  if (!format.ok()) {
    return UsageFail(streams, format.status().message());
  }
  if (streams.capture != nullptr) {
    *streams.capture = report;
    return kExitOk;
  }
  OutputSink sink(options, streams);
  RenderOptions render;
  render.width = TerminalWidth();
  Status status = Render(report, *format, sink.stream(), render);
  if (status.ok()) {
    status = sink.Commit();
  }
  return status.ok() ? kExitOk : Fail(streams, status);
}

}  // namespace llmcost::cli
