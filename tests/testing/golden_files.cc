// Golden-file helpers for tests.
#include "testing/golden_files.h"

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>

#include "llmcost/cli.h"

namespace llmcost::testing {

std::string SourcePath(const std::string& relative) {
  return std::string(LLMCOST_SOURCE_DIR) + "/" + relative;
}

std::optional<std::string> ReadFileOrNull(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) {
    return std::nullopt;
  }
  std::ostringstream buffer;
  buffer << in.rdbuf();
  return buffer.str();
}

bool WriteFileOrFail(const std::string& path, const std::string& contents) {
  std::ofstream out(path, std::ios::binary | std::ios::trunc);
  out << contents;
  return static_cast<bool>(out);
}

bool UpdatingGoldens() {
  const char* v = std::getenv("LLMCOST_UPDATE_GOLDENS");
  return v != nullptr && std::string(v) == "1";
}

namespace {
std::vector<std::string> Lines(const std::string& s) {
  std::vector<std::string> lines;
  std::istringstream in(s);
  std::string line;
  while (std::getline(in, line)) {
    lines.push_back(line);
  }
  return lines;
}
}  // namespace

std::string DescribeDifference(const std::string& expected, const std::string& actual) {
  std::vector<std::string> e = Lines(expected);
  std::vector<std::string> a = Lines(actual);
  size_t i = 0;
  while (i < e.size() && i < a.size() && e[i] == a[i]) {
    ++i;
  }
  std::ostringstream out;
  out << "first difference at line " << (i + 1) << " (expected " << e.size() << " lines, got "
      << a.size() << ")\n";
  for (size_t k = i; k < i + 5 && (k < e.size() || k < a.size()); ++k) {
    if (k < e.size()) {
      out << "- " << e[k] << "\n";
    }
    if (k < a.size()) {
      out << "+ " << a[k] << "\n";
    }
  }
  out << "(rerun with LLMCOST_UPDATE_GOLDENS=1 to accept, then review the diff)";
  return out.str();
}

CliRun RunCliCaptured(const std::vector<std::string>& args) {
  std::ostringstream out;
  std::ostringstream err;
  CliRun run;
  run.exit_status = RunCli(args, out, err);
  run.out = out.str();
  run.err = err.str();
  return run;
}

CliRun RunCliInSourceDir(const std::vector<std::string>& args, int columns) {
  // The text layout follows $COLUMNS: pin it, so goldens do not depend on the terminal.
  const std::string width = std::to_string(columns);
  setenv("COLUMNS", width.c_str(), 1);
  std::filesystem::path previous = std::filesystem::current_path();
  std::filesystem::current_path(LLMCOST_SOURCE_DIR);
  CliRun run = RunCliCaptured(args);
  std::filesystem::current_path(previous);
  return run;
}

}  // namespace llmcost::testing
