// Robustness properties that are not one bad input each (those are in bad_input_test.cc):
// byte-identical output across runs, finite numbers only, overflow-checked counts, and
// all-or-nothing --output files that never overwrite without --force.
#include <algorithm>
#include <cmath>
#include <cstdint>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <limits>
#include <sstream>
#include <string>
#include <vector>

#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <unistd.h>

#include "llmcost/checked_arithmetic.h"
#include "llmcost/cli.h"
#include "llmcost/render.h"
#include "llmcost/report.h"

#include "testing/golden_files.h"

namespace llmcost {
namespace {

namespace fs = std::filesystem;
using ::testing::HasSubstr;

const fs::path kSource = LLMCOST_SOURCE_DIR;

using ::llmcost::testing::CliRun;

CliRun RunArgs(std::vector<std::string> args) {
  args.insert(args.begin(), "llmcost");
  return ::llmcost::testing::RunCliCaptured(args);
}

std::string ReadFile(const fs::path& path) {
  std::ifstream in(path, std::ios::binary);
  return {std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
}

// Every shipped and reference config, sorted.
std::vector<std::string> AllConfigs() {
  std::vector<std::string> files;
  for (const fs::path& dir :
       {kSource / "configs" / "models", kSource / "tests" / "reference" / "checkpoints"}) {
    for (const fs::directory_entry& e : fs::directory_iterator(dir)) {
      const std::string ext = e.path().extension().string();
      if (ext == ".json" || ext == ".jsonc") {
        files.push_back(e.path().string());
      }
    }
  }
  std::sort(files.begin(), files.end());
  return files;
}

// ---- Determinism: the same input always gives the same bytes ----

TEST(Determinism, EveryConfigEveryFormatTwiceIsByteIdentical) {
  const std::vector<std::string> files = AllConfigs();
  ASSERT_GE(files.size(), 10U);
  for (const std::string format : {"text", "json", "markdown", "csv"}) {
    for (const std::string& file : files) {
      CliRun first = RunArgs({"analyze", file, "--format=" + format});
      CliRun second = RunArgs({"analyze", file, "--format=" + format});
      ASSERT_EQ(first.exit_status, 0) << file << ": " << first.err;
      EXPECT_FALSE(first.out.empty());
      EXPECT_EQ(first.out, second.out) << file << " --format=" << format;
    }
    // All side by side, in both orders of runs.
    std::vector<std::string> all = {"analyze", "--format=" + format};
    all.insert(all.end(), files.begin(), files.end());
    CliRun first = RunArgs(all);
    CliRun second = RunArgs(all);
    ASSERT_EQ(first.exit_status, 0) << first.err;
    EXPECT_EQ(first.out, second.out) << "--format=" << format;
  }
}

// ---- Numbers: never print a non-finite double ----

Report ReportWith(double value) {
  Report report;
  report.title = "t";
  report.items_key = "items";
  Entry item;
  item.key = "m";
  item.children.push_back(Section("s", "S", {Leaf("x", "X", value, Unit::kFlops)}));
  report.items.push_back(item);
  return report;
}

TEST(FiniteNumbers, RenderRefusesNonFiniteAndWritesNothing) {
  for (double bad :
       {std::numeric_limits<double>::quiet_NaN(), std::numeric_limits<double>::infinity(),
        -std::numeric_limits<double>::infinity()}) {
    for (OutputFormat format :
         {OutputFormat::kText, OutputFormat::kJson, OutputFormat::kMarkdown, OutputFormat::kCsv}) {
      std::ostringstream out;
      Status status = Render(ReportWith(bad), format, out);
      EXPECT_EQ(status.code(), StatusCode::kOutOfRange);
      EXPECT_THAT(status.message(), HasSubstr("s.x: the result is not a finite number"));
      EXPECT_EQ(out.str(), "");
    }
  }
  std::ostringstream out;
  EXPECT_TRUE(Render(ReportWith(1.5e300), OutputFormat::kJson, out).ok());
}

// ---- Counts: 64-bit overflow is a Status, never UB ----

TEST(CheckedArithmetic, OverflowAtTheBoundsIsAnError) {
  constexpr int64_t kMax = std::numeric_limits<int64_t>::max();
  constexpr int64_t kMin = std::numeric_limits<int64_t>::min();
  EXPECT_EQ(*CheckedMul(int64_t{1} << 31, int64_t{1} << 31, "x"), int64_t{1} << 62);
  EXPECT_EQ(CheckedMul(int64_t{1} << 32, int64_t{1} << 31, "x").status().code(),
            StatusCode::kOutOfRange);
  EXPECT_EQ(CheckedMul(kMin, -1, "x").status().code(), StatusCode::kOutOfRange);
  EXPECT_EQ(*CheckedAdd(kMax - 1, 1, "x"), kMax);
  EXPECT_EQ(CheckedAdd(kMax, 1, "x").status().code(), StatusCode::kOutOfRange);
  EXPECT_EQ(CheckedAdd(kMin, -1, "x").status().code(), StatusCode::kOutOfRange);
  Result<int64_t> product = CheckedProduct({3, int64_t{1} << 30, int64_t{1} << 34}, "mlp");
  EXPECT_EQ(product.status().code(), StatusCode::kOutOfRange);
  EXPECT_EQ(product.status().message(),
            "mlp: product overflows 64-bit counts (3 x 1073741824 x 17179869184)");
  EXPECT_EQ(CheckedSum({kMax, 1}, "s").status().code(), StatusCode::kOutOfRange);
  EXPECT_EQ(*CheckedProduct({}, "empty"), 1);
}

// ---- Files: --output is all-or-nothing and never overwrites without --force ----

class OutputFileTest : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = fs::temp_directory_path() /
           ("llmcost_output_" + std::to_string(::getpid()) + "_" +
            ::testing::UnitTest::GetInstance()->current_test_info()->name());
    fs::remove_all(dir_);
    fs::create_directories(dir_);
  }
  void TearDown() override { fs::remove_all(dir_); }

  // Names in dir_, sorted: shows any temporary file left behind.
  std::vector<std::string> Listing() const {
    std::vector<std::string> names;
    for (const fs::directory_entry& e : fs::directory_iterator(dir_)) {
      names.push_back(e.path().filename().string());
    }
    std::sort(names.begin(), names.end());
    return names;
  }

  fs::path dir_;
  const std::string good_ = (kSource / "configs" / "models" / "llama_7b.json").string();
  const std::string bad_ = (kSource / "tests" / "bad_inputs" / "zero_vocab.json").string();
};

TEST_F(OutputFileTest, WritesTheSameBytesAsStdoutAndNothingElse) {
  const std::string target = (dir_ / "report.json").string();
  CliRun to_file = RunArgs({"analyze", good_, "--format=json", "--output", target});
  ASSERT_EQ(to_file.exit_status, 0) << to_file.err;
  EXPECT_EQ(to_file.out, "");
  EXPECT_EQ(to_file.err, "");
  CliRun to_stdout = RunArgs({"analyze", good_, "--format=json"});
  EXPECT_EQ(ReadFile(target), to_stdout.out);
  EXPECT_EQ(Listing(), std::vector<std::string>{"report.json"});  // no temporary left
}

TEST_F(OutputFileTest, RefusesToOverwriteWithoutForce) {
  const fs::path target = dir_ / "report.txt";
  std::ofstream(target) << "precious\n";
  CliRun r = RunArgs({"analyze", good_, "-o", target.string()});
  EXPECT_EQ(r.exit_status, 1);
  EXPECT_EQ(r.out, "");
  EXPECT_EQ(r.err,
            "llmcost: " + target.string() + ": already exists; pass --force to overwrite it\n");
  EXPECT_EQ(ReadFile(target), "precious\n");
  EXPECT_EQ(Listing(), std::vector<std::string>{"report.txt"});

  CliRun forced = RunArgs({"analyze", good_, "-o", target.string(), "--force"});
  EXPECT_EQ(forced.exit_status, 0) << forced.err;
  EXPECT_EQ(ReadFile(target), RunArgs({"analyze", good_}).out);
  EXPECT_EQ(Listing(), std::vector<std::string>{"report.txt"});
}

TEST_F(OutputFileTest, FailingRunLeavesNoFileAndKeepsTheOldOne) {
  const fs::path target = dir_ / "report.csv";
  CliRun r = RunArgs({"analyze", good_, bad_, "--format=csv", "-o", target.string()});
  EXPECT_EQ(r.exit_status, 1);
  EXPECT_THAT(r.err, HasSubstr("/vocab_size: must be a positive integer, got 0"));
  EXPECT_EQ(r.out, "");
  EXPECT_TRUE(Listing().empty());

  std::ofstream(target) << "old\n";
  CliRun forced = RunArgs({"analyze", bad_, "--format=csv", "-o", target.string(), "--force"});
  EXPECT_EQ(forced.exit_status, 1);
  EXPECT_EQ(ReadFile(target), "old\n");
  EXPECT_EQ(Listing(), std::vector<std::string>{"report.csv"});
}

TEST_F(OutputFileTest, UnwritablePlacesFailCleanly) {
  CliRun into_missing_dir = RunArgs({"analyze", good_, "-o", (dir_ / "no" / "r.txt").string()});
  EXPECT_EQ(into_missing_dir.exit_status, 1);
  EXPECT_THAT(into_missing_dir.err, HasSubstr("cannot create a temporary file beside it"));
  CliRun onto_dir = RunArgs({"analyze", good_, "-o", dir_.string(), "--force"});
  EXPECT_EQ(onto_dir.exit_status, 1);
  EXPECT_EQ(onto_dir.err,
            "llmcost: " + dir_.string() + ": is a directory, expected a file to write\n");
  EXPECT_TRUE(Listing().empty());
}

// NAME_MAX is 255: a legal 250-byte output name works (the temporary name used to be the
// target's name plus 7 bytes, over the limit).
TEST_F(OutputFileTest, LongestLegalNameWorks) {
  const fs::path target = dir_ / std::string(250, 'r');
  CliRun r = RunArgs({"analyze", good_, "-o", target.string()});
  EXPECT_EQ(r.exit_status, 0) << r.err;
  EXPECT_EQ(ReadFile(target), RunArgs({"analyze", good_}).out);
  EXPECT_EQ(Listing(), std::vector<std::string>{target.filename().string()});
}

// ---- Messages and reports: no value echoed from a file reaches the terminal raw ----

bool HasControlBytes(const std::string& text) {
  return std::any_of(text.begin(), text.end(), [](char c) {
    const auto byte = static_cast<unsigned char>(c);
    return (byte < 0x20 && c != '\n') || byte == 0x7F;
  });
}

TEST(MessageHygiene, ModelNameWithControlBytesIsEscapedInTextAndMarkdown) {
  const std::string config =
      (kSource / "tests" / "bad_inputs" / "accept_name_with_escape_sequences.json").string();
  for (const std::string format : {"text", "markdown"}) {
    CliRun r = RunArgs({"analyze", config, "--format=" + format});
    ASSERT_EQ(r.exit_status, 0) << r.err;
    EXPECT_FALSE(HasControlBytes(r.out)) << format;
    EXPECT_THAT(r.out, HasSubstr("evil\\x1B]0;pwned\\x07\\x1B[2J\\nsecond line\\u009B31m"))
        << format;
    EXPECT_EQ(r.out.find("\xC2\x9B"), std::string::npos) << format << ": raw C1 CSI";
  }
  // JSON keeps the exact string (escaped the JSON way), so nothing is lost.
  CliRun json = RunArgs({"analyze", config, "--format=json"});
  EXPECT_THAT(json.out, HasSubstr(R"("evil\u001b]0;pwned\u0007\u001b[2J\nsecond line)"));
}

TEST(MessageHygiene, FlagValuesWithControlBytesAreEscapedInErrors) {
  CliRun r = RunArgs({"analyze", "configs/\x1b[2Jmissing\n.json"});
  EXPECT_EQ(r.exit_status, 1);
  EXPECT_EQ(r.err, "llmcost: configs/\\x1B[2Jmissing\\n.json: no such file\n");
  CliRun usage = RunArgs({"analyze", "--no-such-flag\x07"});
  EXPECT_EQ(usage.exit_status, 2);
  EXPECT_FALSE(HasControlBytes(usage.err)) << usage.err;
  EXPECT_EQ(std::count(usage.err.begin(), usage.err.end(), '\n'), 1);
}

}  // namespace
}  // namespace llmcost
