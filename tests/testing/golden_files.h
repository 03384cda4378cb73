// Test helpers: files under the source tree, and readable diffs for golden comparisons.
#ifndef LLMCOST_TESTS_TESTING_GOLDEN_FILES_H_
#define LLMCOST_TESTS_TESTING_GOLDEN_FILES_H_

#include <optional>
#include <string>
#include <vector>

namespace llmcost::testing {

// Absolute path of `relative` under the source tree (LLMCOST_SOURCE_DIR).
std::string SourcePath(const std::string& relative);

// The file's bytes, or nullopt when it cannot be read.
std::optional<std::string> ReadFileOrNull(const std::string& path);

// Writes `contents` to `path`; returns false on failure.
bool WriteFileOrFail(const std::string& path, const std::string& contents);

// True when LLMCOST_UPDATE_GOLDENS=1: golden tests rewrite expected files.
bool UpdatingGoldens();

// A short line diff of expected vs actual: the first differing lines with context.
std::string DescribeDifference(const std::string& expected, const std::string& actual);

// Runs the CLI in-process with the working directory at the source root and $COLUMNS set to
// `columns` (the text reports' width).
struct CliRun {
  int exit_status = 0;
  std::string out;
  std::string err;
};
CliRun RunCliInSourceDir(const std::vector<std::string>& args, int columns = 100);

// Runs the CLI in-process in the current directory, as is: RunCli(args) with its output
// captured. args[0] is the program name.
CliRun RunCliCaptured(const std::vector<std::string>& args);

}  // namespace llmcost::testing

#endif  // LLMCOST_TESTS_TESTING_GOLDEN_FILES_H_
