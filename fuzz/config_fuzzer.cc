// libFuzzer target: arbitrary bytes -> config loader -> every analysis -> every renderer,
// and the same bytes through the command line (RunCli reading standard input).
//
// Oracles, besides the sanitizers (ASan, UBSan, LeakSanitizer) and libFuzzer's timeout:
// - a bad input must come back as a Status with a one-line, non-empty message;
// - breakdowns sum to their totals (parameters exactly, FLOPs within 1e-9 relative);
// - rendering the same report twice gives the same bytes;
// - RunCli exits 0, 1 or 2, writes nothing to stdout on failure and one line to stderr.
//
// Build and run: scripts/fuzz.sh [SECONDS] (docs/robustness.md). To cover a new command
// or analysis, add it to kCliCommands or to FuzzAnalyses below.
#include <cmath>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <sstream>
#include <string>
#include <string_view>
#include <vector>

#include <sys/mman.h>
#include <unistd.h>

#include "llmcost/analysis/flops.h"
#include "llmcost/analysis/parameters.h"
#include "llmcost/cli.h"
#include "llmcost/config.h"
#include "llmcost/model_report.h"
#include "llmcost/render.h"

#include "fuzz_checks.h"

namespace {

using llmcost::Architecture;
using llmcost::Status;

constexpr std::string_view kTarget = "config_fuzzer";

[[noreturn]] void Fail(std::string_view what, std::string_view detail) {
  llmcost::fuzz::Fail(kTarget, what, detail);
}

// A failure must explain itself on one line, without control bytes.
void CheckError(const Status& status, std::string_view stage) {
  llmcost::fuzz::CheckError(kTarget, status, stage);
}

// Command lines run with the fuzz input on standard input. Add new commands here.
const std::vector<std::vector<std::string>> kCliCommands = {
    {"llmcost", "analyze", "-"},
    {"llmcost", "analyze", "-", "--format=json", "--attention=full"},
    {"llmcost", "analyze", "-", "--format=csv", "--seq-len=1"},
    {"llmcost", "memory", "-", "--format=json", "--tp=2", "--pp=2", "--recompute=selective"},
    {"llmcost", "serve", "-", "--gpu=h100", "--context=4096", "--batch=4"},
    {"llmcost", "train", "-", "--gpu=a100", "--gpus=8", "--tokens=1e9", "--format=csv"},
    {"llmcost", "scale", "--model_config", "-", "--compute=1e21"},
};

constexpr llmcost::OutputFormat kFormats[] = {
    llmcost::OutputFormat::kText, llmcost::OutputFormat::kJson, llmcost::OutputFormat::kMarkdown,
    llmcost::OutputFormat::kCsv};

void RenderAll(const llmcost::Report& report) {
  for (llmcost::OutputFormat format : kFormats) {
    std::ostringstream first;
    std::ostringstream second;
    Status a = llmcost::Render(report, format, first);
    Status b = llmcost::Render(report, format, second);
    CheckError(a, "Render");
    if (a.ok() != b.ok() || first.str() != second.str()) {
      Fail("Render", "two renders of one report differ");
    }
    if (!a.ok() && !first.str().empty()) {
      Fail("Render", "failed but wrote output: " + a.message());
    }
  }
}

void CheckParameters(const llmcost::ParameterCount& p) {
  if (llmcost::SumComponents(p.breakdown) != p.total) {
    Fail("CountParameters", "breakdown does not sum to total");
  }
  // The total is the language model (embeddings, positions, layers) plus the vision tower.
  if (p.embedding + p.position + p.transformer + p.vision_encoder + p.vision_projector != p.total ||
      p.active > p.total || p.active <= 0) {
    Fail("CountParameters", "totals are inconsistent");
  }
}

void CheckFlops(const llmcost::FlopsEstimate& f) {
  const double sum = llmcost::SumComponents(f.forward_breakdown);
  if (!std::isfinite(f.forward) || std::fabs(sum - f.forward) > 1e-9 * std::fabs(f.forward)) {
    Fail("EstimateFlops", "breakdown does not sum to forward");
  }
}

// Every analysis on one architecture. Add new analyses here.
void FuzzAnalyses(const Architecture& arch) {
  llmcost::Result<llmcost::ParameterCount> params = llmcost::CountParameters(arch);
  CheckError(params.status(), "CountParameters");
  if (!params.ok()) {
    // Shapes whose exact counts overflow 64 bits are rejected by the analysis, not the loader.
    if (params.status().code() == llmcost::StatusCode::kOutOfRange) {
      return;
    }
    Fail("CountParameters",
         "the loader accepted a config it cannot count: " + params.status().message());
  }
  CheckParameters(*params);
  std::vector<llmcost::ModelAnalysis> models;
  for (int64_t seq_len : {int64_t{0}, int64_t{1}, int64_t{4096}, int64_t{1} << 40}) {
    for (llmcost::AttentionConvention convention :
         {llmcost::AttentionConvention::kCausal, llmcost::AttentionConvention::kFull}) {
      llmcost::FlopsOptions options;
      options.seq_len = seq_len;
      options.attention = convention;
      llmcost::Result<llmcost::FlopsEstimate> flops =
          llmcost::EstimateFlops(arch, *params, options);
      CheckError(flops.status(), "EstimateFlops");
      if (flops.ok()) {
        CheckFlops(*flops);
      }
      llmcost::Workload workload;
      if (seq_len > 0) {
        workload.seq_len = seq_len;
      }
      workload.attention = convention;
      llmcost::Result<llmcost::ModelAnalysis> model = llmcost::AnalyzeModel(arch, workload);
      CheckError(model.status(), "AnalyzeModel");
      if (model.ok() && models.size() < 2) {
        models.push_back(std::move(model).value());
      }
    }
  }
  if (!models.empty()) {
    RenderAll(llmcost::BuildModelReport({models.front()}));
    RenderAll(llmcost::BuildModelReport(models));
  }
}

// One command line per input (chosen by its size), to keep executions fast.
void FuzzCli(const std::string& text) {
  const size_t pick = text.size() % kCliCommands.size();
  {
    const std::vector<std::string>& args = kCliCommands[pick];
    // The loader reads standard input with read(2): put the bytes on fd 0 (an in-memory file).
    const int fd = ::memfd_create("stdin", 0);
    if (fd < 0 || ::write(fd, text.data(), text.size()) != static_cast<ssize_t>(text.size()) ||
        ::lseek(fd, 0, SEEK_SET) != 0 || ::dup2(fd, STDIN_FILENO) != STDIN_FILENO) {
      Fail("FuzzCli", "cannot set up standard input");
    }
    ::close(fd);
    std::ostringstream out;
    std::ostringstream err;
    const int status = llmcost::RunCli(args, out, err);
    llmcost::fuzz::CheckRun(kTarget, status, out.str(), err.str());
    if (status == 0 && out.str().empty()) {
      Fail("RunCli", "success with an empty report");
    }
  }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const std::string text(reinterpret_cast<const char*>(data), size);
  llmcost::Result<Architecture> arch = llmcost::ParseArchitecture(text, "fuzz.json", {});
  CheckError(arch.status(), "ParseArchitecture");
  if (arch.ok()) {
    FuzzAnalyses(*arch);
  }
  // The same bytes read with a forced field map, chosen by the input's size.
  const std::vector<std::string> families = llmcost::SupportedFamilies();
  llmcost::LoadOptions forced;
  forced.family = families[size % families.size()];
  llmcost::Result<Architecture> forced_arch = llmcost::ParseArchitecture(text, "fuzz.json", forced);
  CheckError(forced_arch.status(), "ParseArchitecture --family");
  if (forced_arch.ok()) {
    FuzzAnalyses(*forced_arch);
  }
  // The same bytes as a nanoGPT-style Python config (the loader picks the reader by ".py").
  llmcost::Result<Architecture> python = llmcost::ParseArchitecture(text, "fuzz.py", {});
  CheckError(python.status(), "ParseArchitecture .py");
  if (python.ok()) {
    FuzzAnalyses(*python);
  }
  // The command line is much slower than the loader: run it on one input in four (and on
  // every config the loader accepts), so the readers get most of the executions.
  if (arch.ok() || forced_arch.ok() || python.ok() || size % 4 == 0) {
    FuzzCli(text);
  }
  return 0;
}
