// libFuzzer target: arbitrary bytes as a hardware table (--hardware-file).
//
// The bytes go through ParseHardwareTable, a merge over the shipped table and a lookup of
// every id, then through the command line as a real file (`hardware --hardware-file F`,
// `serve ... --hardware-file F`). Oracles (fuzz_checks.h) besides the sanitizers: one-line
// errors without control bytes; a parsed table has unique, lowercase names and positive
// finite numbers; every id of a merged table is found again by FindHardware.
//
// Build and run: scripts/fuzz.sh (docs/robustness.md).
#include <cmath>
#include <cstdint>
#include <sstream>
#include <string>
#include <unordered_set>
#include <vector>

#include <sys/mman.h>
#include <unistd.h>

#include "llmcost/cli.h"
#include "llmcost/hardware.h"

#include "fuzz_checks.h"

namespace {

using llmcost::Hardware;
constexpr std::string_view kTarget = "hardware_fuzzer";

const std::vector<Hardware>& ShippedTable() {
  static const std::vector<Hardware> table = *llmcost::LoadShippedHardwareTable();
  return table;
}

void CheckTable(const std::vector<Hardware>& table) {
  std::unordered_set<std::string> names;
  for (const Hardware& h : table) {
    if (!(h.peak_bf16_flops_per_s > 0) || !std::isfinite(h.peak_bf16_flops_per_s) ||
        h.memory_bytes <= 0 || !(h.memory_bandwidth_bytes_per_s > 0) ||
        !std::isfinite(h.memory_bandwidth_bytes_per_s)) {
      llmcost::fuzz::Fail(kTarget, "ParseHardwareTable", "accepted a non-positive number");
    }
    if (!names.insert(h.id).second) {
      llmcost::fuzz::Fail(kTarget, "ParseHardwareTable", "accepted a duplicate id " + h.id);
    }
  }
}

// The bytes as a file: a memfd is a regular file, reachable by path through /proc.
std::string AsFile(const std::string& text) {
  static int fd = -1;
  if (fd < 0) {
    fd = ::memfd_create("hardware.json", 0);
  }
  if (fd < 0 || ::ftruncate(fd, 0) != 0 ||
      ::pwrite(fd, text.data(), text.size(), 0) != static_cast<ssize_t>(text.size())) {
    llmcost::fuzz::Fail(kTarget, "AsFile", "cannot write the memfd");
  }
  return "/proc/self/fd/" + std::to_string(fd);
}

void RunCommand(const std::vector<std::string>& args) {
  std::ostringstream out;
  std::ostringstream err;
  const int status = llmcost::RunCli(args, out, err);
  llmcost::fuzz::CheckRun(kTarget, status, out.str(), err.str());
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const std::string text(reinterpret_cast<const char*>(data), size);
  llmcost::Result<std::vector<Hardware>> table = llmcost::ParseHardwareTable(text, "fuzz.json");
  llmcost::fuzz::CheckError(kTarget, table.status(), "ParseHardwareTable");
  if (table.ok()) {
    CheckTable(*table);
    llmcost::Result<std::vector<Hardware>> merged =
        llmcost::MergeHardwareTables(ShippedTable(), *table);
    llmcost::fuzz::CheckError(kTarget, merged.status(), "MergeHardwareTables");
    if (merged.ok()) {
      CheckTable(*merged);
      for (const Hardware& h : *table) {
        llmcost::Result<const Hardware*> found = llmcost::FindHardware(*merged, h.id);
        if (!found.ok() || (*found)->id != h.id) {
          llmcost::fuzz::Fail(kTarget, "FindHardware", "lost " + h.id);
        }
      }
    }
  }
  // The command line is ~100x slower than the parse: run it on one input in four (and on
  // every accepted table), so the parser gets most of the executions.
  if (!table.ok() && size % 4 != 0) {
    return 0;
  }
  const std::string path = AsFile(text);
  RunCommand({"llmcost", "hardware", "--hardware-file", path, "--format=json"});
  if (table.ok()) {
    RunCommand({"llmcost", "serve", LLMCOST_SOURCE_DIR "/configs/models/llama_7b.json", "--gpu",
                table->front().id, "--hardware-file", path});
  }
  return 0;
}
