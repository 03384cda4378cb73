// Golden tests: every case under tests/golden/<case>/ runs the CLI in-process and compares
// stdout (expected.<ext>), stderr (expected_stderr) and the exit status (expected_exit)
// byte for byte. Also checks the invariants of every report (bloaty's CheckConsistency)
// and that the command outputs quoted in the READMEs are what the tool prints.
//
// Update: LLMCOST_UPDATE_GOLDENS=1 build/dev/llmcost_tests --gtest_filter='Golden*:Docs*'
#include <algorithm>
#include <filesystem>
#include <sstream>
#include <string>
#include <vector>

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include "testing/golden_files.h"
#include "testing/xml_check.h"

namespace llmcost {
namespace {

namespace fs = std::filesystem;
using ::llmcost::testing::CliRun;
using ::llmcost::testing::DescribeDifference;
using ::llmcost::testing::ReadFileOrNull;
using ::llmcost::testing::RunCliInSourceDir;
using ::llmcost::testing::SourcePath;
using ::llmcost::testing::UpdatingGoldens;
using ::llmcost::testing::WriteFileOrFail;

std::vector<std::string> SplitWords(const std::string& line) {
  std::vector<std::string> words;
  std::istringstream in(line);
  std::string w;
  while (in >> w) {
    words.push_back(w);
  }
  return words;
}

// The argument line of a case: the first line of `args` not starting with '#'.
std::vector<std::string> CaseArguments(const std::string& args_text) {
  std::istringstream in(args_text);
  std::string line;
  while (std::getline(in, line)) {
    if (!line.empty() && line[0] != '#') {
      std::vector<std::string> words = SplitWords(line);
      words.insert(words.begin(), "llmcost");
      return words;
    }
  }
  return {"llmcost"};
}

std::string ExpectedExtension(const std::vector<std::string>& args) {
  for (size_t i = 0; i < args.size(); ++i) {
    std::string format;
    if (args[i] == "--format" && i + 1 < args.size()) {
      format = args[i + 1];
    } else if (args[i].rfind("--format=", 0) == 0) {
      format = args[i].substr(9);
    }
    if (format == "json" || format == "csv" || format == "svg" || format == "html") {
      return format;
    }
    if (format == "markdown" || format == "md") {
      return "md";
    }
  }
  return "txt";
}

std::vector<std::string> DiscoverCases() {
  std::vector<std::string> cases;
  fs::path root = SourcePath("tests/golden");
  if (!fs::exists(root)) {
    return cases;
  }
  for (const fs::directory_entry& entry : fs::directory_iterator(root)) {
    if (entry.is_directory() && fs::exists(entry.path() / "args")) {
      cases.push_back(entry.path().filename().string());
    }
  }
  std::sort(cases.begin(), cases.end());
  return cases;
}

// Compares `actual` to the golden file, or rewrites it in update mode.
void ExpectGolden(const fs::path& path, const std::string& actual) {
  if (UpdatingGoldens()) {
    ASSERT_TRUE(WriteFileOrFail(path.string(), actual)) << path;
    return;
  }
  std::optional<std::string> expected = ReadFileOrNull(path.string());
  ASSERT_TRUE(expected.has_value()) << "missing golden file " << path;
  EXPECT_TRUE(*expected == actual) << path << ": " << DescribeDifference(*expected, actual);
}

// Every parameters/flops breakdown in a JSON report sums to its total.
void CheckJsonInvariants(const std::string& text) {
  nlohmann::json j = nlohmann::json::parse(text);  // throws (fails the test) if malformed
  ASSERT_TRUE(j.contains("schema_version"));
  if (!j.contains("models")) {
    return;
  }
  for (const nlohmann::json& m : j["models"]) {
    // Only the forward-analysis report carries these sections.
    if (!m.contains("parameters") || !m["parameters"].contains("breakdown") ||
        !m.contains("flops_per_token") || !m["flops_per_token"].contains("forward")) {
      continue;
    }
    const nlohmann::json& p = m["parameters"];
    int64_t sum = 0;
    for (const auto& [name, value] : p["breakdown"].items()) {
      sum += value.get<int64_t>();
    }
    EXPECT_EQ(sum, p["total"].get<int64_t>()) << m["name"];
    EXPECT_EQ(p["embedding"].get<int64_t>() + p["position"].get<int64_t>() +
                  p["transformer"].get<int64_t>(),
              p["total"].get<int64_t>());
    const nlohmann::json& f = m["flops_per_token"]["forward"];
    double flops = 0;
    for (const auto& [name, value] : f["breakdown"].items()) {
      flops += value.get<double>();
    }
    EXPECT_NEAR(flops, f["total"].get<double>(), 1e-9 * f["total"].get<double>());
  }
}

void CheckTextInvariants(const std::string& text) {
  std::istringstream in(text);
  std::string line;
  int n = 0;
  while (std::getline(in, line)) {
    ++n;
    EXPECT_TRUE(line.empty() || line.back() != ' ') << "trailing whitespace on line " << n;
  }
}

void CheckCsvInvariants(const std::string& text) {
  std::istringstream in(text);
  std::string line;
  std::getline(in, line);
  ASSERT_FALSE(line.empty()) << "CSV has no header";
}

// A self-contained page: no script, nothing fetched, every chart inline and well-formed.
void CheckHtmlInvariants(const std::string& text) {
  EXPECT_EQ(text.rfind("<!DOCTYPE html>", 0), 0u);
  EXPECT_EQ(text.find("<script"), std::string::npos) << "the page runs no script";
  for (const char* fetch : {"src=", "href=", "url(http", "@import"}) {
    EXPECT_EQ(text.find(fetch), std::string::npos) << "the page fetches nothing: " << fetch;
  }
  for (size_t open = text.find("<svg"); open != std::string::npos;
       open = text.find("<svg", open + 1)) {
    const size_t close = text.find("</svg>", open);
    ASSERT_NE(close, std::string::npos);
    EXPECT_EQ(testing::XmlProblem(text.substr(open, close + 6 - open)), "")
        << "an inline chart is not well-formed XML";
  }
}

class GoldenTest : public ::testing::TestWithParam<std::string> {};

TEST_P(GoldenTest, MatchesExpectedOutput) {
  const fs::path dir = fs::path(SourcePath("tests/golden")) / GetParam();
  std::optional<std::string> args_text = ReadFileOrNull((dir / "args").string());
  ASSERT_TRUE(args_text.has_value());
  std::vector<std::string> args = CaseArguments(*args_text);
  CliRun run = RunCliInSourceDir(args);
  const std::string ext = ExpectedExtension(args);
  ExpectGolden(dir / ("expected." + ext), run.out);
  const bool expects_failure = fs::exists(dir / "expected_exit") || run.exit_status != 0;
  if (expects_failure) {
    ExpectGolden(dir / "expected_stderr", run.err);
    ExpectGolden(dir / "expected_exit", std::to_string(run.exit_status) + "\n");
  } else {
    EXPECT_EQ(run.err, "") << "a successful run writes nothing to stderr";
  }
  if (run.exit_status == 0) {
    if (ext == "json") {
      CheckJsonInvariants(run.out);
    } else if (ext == "txt" || ext == "md") {
      CheckTextInvariants(run.out);
    } else if (ext == "csv") {
      CheckCsvInvariants(run.out);
    } else if (ext == "svg") {
      EXPECT_EQ(testing::XmlProblem(run.out), "") << "the SVG is not well-formed XML";
    } else if (ext == "html") {
      CheckHtmlInvariants(run.out);
    }
  }
}

std::string CaseName(const ::testing::TestParamInfo<std::string>& info) {
  std::string name;
  for (char c : info.param) {
    name += std::isalnum(static_cast<unsigned char>(c)) ? c : '_';
  }
  return name;
}

INSTANTIATE_TEST_SUITE_P(Golden, GoldenTest, ::testing::ValuesIn(DiscoverCases()), CaseName);
GTEST_ALLOW_UNINSTANTIATED_PARAMETERIZED_TEST(GoldenTest);

// Every shipped config appears in at least one golden case.
TEST(GoldenCoverageTest, EveryShippedConfigHasAGoldenCase) {
  std::string all_args;
  for (const std::string& c : DiscoverCases()) {
    all_args += ReadFileOrNull(SourcePath("tests/golden/" + c + "/args")).value_or("");
  }
  for (const fs::directory_entry& e : fs::directory_iterator(SourcePath("configs/models"))) {
    std::string name = e.path().filename().string();
    if (name == "README.md") {
      continue;
    }
    EXPECT_NE(all_args.find("configs/models/" + name), std::string::npos)
        << name << " is in no golden case";
  }
}

// README code blocks that follow a "<!-- llmcost: ARGS -->" marker must be exactly what
// `llmcost ARGS` prints (bloaty's regen-readme.py): examples are produced, not pasted.
void CheckDocument(const std::string& relative) {
  const std::string path = SourcePath(relative);
  std::optional<std::string> text = ReadFileOrNull(path);
  ASSERT_TRUE(text.has_value()) << path;
  std::string updated;
  size_t pos = 0;
  const std::string marker = "<!-- llmcost: ";
  int blocks = 0;
  while (true) {
    size_t m = text->find(marker, pos);
    if (m == std::string::npos) {
      updated += text->substr(pos);
      break;
    }
    size_t m_end = text->find(" -->", m);
    ASSERT_NE(m_end, std::string::npos);
    std::string args_line = text->substr(m + marker.size(), m_end - m - marker.size());
    size_t open = text->find("```", m_end);
    size_t body = text->find('\n', open) + 1;
    size_t close = text->find("\n```", body - 1);
    ASSERT_NE(close, std::string::npos) << relative << ": unclosed block for " << args_line;
    std::vector<std::string> args = SplitWords(args_line);
    args.insert(args.begin(), "llmcost");
    CliRun run = RunCliInSourceDir(args);
    EXPECT_EQ(run.exit_status, 0) << args_line << ": " << run.err;
    std::string expected = text->substr(body, close + 1 - body);
    if (!UpdatingGoldens()) {
      EXPECT_TRUE(expected == run.out) << relative << ", block `llmcost " << args_line
                                       << "`: " << DescribeDifference(expected, run.out);
    }
    updated += text->substr(pos, body - pos) + run.out;
    pos = close + 1;
    ++blocks;
  }
  EXPECT_GT(blocks, 0) << relative << " quotes no command output";
  if (UpdatingGoldens() && updated != *text) {
    ASSERT_TRUE(WriteFileOrFail(path, updated));
  }
}

TEST(DocsTest, ReadmeExamplesAreProducedByTheTool) {
  CheckDocument("README.md");
}
TEST(DocsTest, ConfigsReadmeExamplesAreProducedByTheTool) {
  CheckDocument("configs/models/README.md");
}

}  // namespace
}  // namespace llmcost
