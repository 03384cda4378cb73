// The bad-input corpus (tests/bad_inputs/, described in its README.md): every case runs
// in-process through RunCli and must give its exact one-line stderr, its exit status and
// an empty stdout (docs/robustness.md#error-policy: never a crash, never a silent default,
// never a half report).
#include <algorithm>
#include <cctype>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <set>
#include <sstream>
#include <string>
#include <vector>

#include <fcntl.h>
#include <gtest/gtest.h>
#include <sys/stat.h>
#include <unistd.h>

#include "llmcost/cli.h"
#include "llmcost/config.h"

namespace llmcost {
namespace {

namespace fs = std::filesystem;

const fs::path kDir = fs::path(LLMCOST_SOURCE_DIR) / "tests" / "bad_inputs";
constexpr size_t kMaxConfigBytes = size_t{16} << 20;  // src/config/file_reader.h

struct Case {
  std::string name;
  std::string args;  // space-separated; default "analyze {input}"
  int exit_status = 0;
  std::string stderr_line;  // without the newline; {input}, {tmp}, {dir} substituted
  int line = 0;             // in cases.txt
};

std::string Trim(std::string s) {
  auto space = [](unsigned char c) { return std::isspace(c) != 0; };
  s.erase(s.begin(), std::find_if_not(s.begin(), s.end(), space));
  s.erase(std::find_if_not(s.rbegin(), s.rend(), space).base(), s.end());
  return s;
}

// Names the case in gtest's output instead of dumping its bytes.
void PrintTo(const Case& c, std::ostream* os) {
  *os << "cases.txt:" << c.line << " " << c.name;
}

std::vector<Case> LoadCases() {
  std::vector<Case> cases;
  std::ifstream in(kDir / "cases.txt");
  std::string line;
  int number = 0;
  while (std::getline(in, line)) {
    ++number;
    if (Trim(line).empty() || Trim(line)[0] == '#') {
      continue;
    }
    // name | args | exit | stderr  (stderr may itself contain '|')
    std::vector<std::string> fields;
    size_t start = 0;
    for (int i = 0; i < 3; ++i) {
      size_t bar = line.find('|', start);
      if (bar == std::string::npos) {
        break;
      }
      fields.push_back(line.substr(start, bar - start));
      start = bar + 1;
    }
    fields.push_back(line.substr(start));
    Case c;
    c.line = number;
    if (fields.size() == 4) {
      c.name = Trim(fields[0]);
      c.args = Trim(fields[1]).empty() ? "analyze {input}" : Trim(fields[1]);
      c.exit_status = std::atoi(Trim(fields[2]).c_str());
      c.stderr_line = Trim(fields[3]);
    } else {
      c.name = "malformed_line_" + std::to_string(number);
      c.exit_status = -1;  // reported by the test
    }
    cases.push_back(c);
  }
  return cases;
}

std::string ReadFile(const fs::path& path) {
  std::ifstream in(path, std::ios::binary);
  return {std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
}

void WriteFile(const fs::path& path, const std::string& contents) {
  std::ofstream out(path, std::ios::binary);
  out << contents;
}

std::string Repeat(std::string_view s, size_t n) {
  std::string out;
  out.reserve(s.size() * n);
  for (size_t i = 0; i < n; ++i) {
    out += s;
  }
  return out;
}

void ReplaceAll(std::string* s, std::string_view from, std::string_view to) {
  if (from.empty()) {
    return;
  }
  for (size_t at = s->find(from); at != std::string::npos; at = s->find(from, at + to.size())) {
    s->replace(at, from.size(), to);
  }
}

class BadInputCaseTest : public testing::TestWithParam<Case> {
 protected:
  void SetUp() override {
    tmp_ = fs::temp_directory_path() /
           ("llmcost_bad_inputs_" + std::to_string(::getpid()) + "_" + GetParam().name);
    fs::remove_all(tmp_);
    fs::create_directories(tmp_);
  }
  void TearDown() override {
    std::error_code ec;
    fs::permissions(tmp_ / "unreadable.json", fs::perms::owner_all, ec);
    fs::remove_all(tmp_, ec);
  }

  // Creates the input of a generated case ('@name'); returns its path.
  fs::path Generate(const std::string& full_name) {
    const std::string name = full_name.substr(0, full_name.find('#'));
    const fs::path file = tmp_ / (name.substr(1) + ".json");
    if (name == "@too_large" || name == "@too_large_stdin") {
      // Valid JSON, one byte over the limit: the size check, not the parser, must stop it.
      WriteFile(file, "{" + std::string(kMaxConfigBytes - 1, ' ') + "}");
    } else if (name == "@deep_arrays") {
      WriteFile(file, Repeat("[", 100000) + Repeat("]", 100000));
    } else if (name == "@deep_objects") {
      WriteFile(file, Repeat("{\"a\":", 100000) + "1" + Repeat("}", 100000));
    } else if (name == "@deep_in_field") {
      WriteFile(file, "{\"hidden_size\": " + Repeat("[", 100000) + Repeat("]", 100000) + "}");
    } else if (name == "@fifo") {
      // No writer ever opens these: reading them must not block.
      for (const char* fifo : {"fifo.json", "fifo.py"}) {
        EXPECT_EQ(::mkfifo((tmp_ / fifo).c_str(), 0600), 0);
      }
      return tmp_ / "fifo.json";
    } else if (name == "@sparse_64_gib") {
      // Sparse: 64 GiB on stat, no disk used; refused before a byte is read.
      WriteFile(file, "{");
      fs::resize_file(file, uintmax_t{64} << 30);
    } else if (name == "@control_bytes_in_name") {
      // A file name with ESC, BEL, DEL and a C1 CSI: echoed escaped. (Newlines in echoed
      // values: name_with_escape_sequences.json and src/printable_test.cc.)
      const fs::path evil = tmp_ / "evil\x1b]0;title\x07\x7f\xc2\x9bname.json";
      WriteFile(evil, ReadFile(kDir / "zero_vocab.json"));
      return evil;
    } else if (name == "@missing") {
      return tmp_ / "does-not-exist.json";
    } else if (name == "@directory") {
      return tmp_;
    } else if (name == "@not_a_directory") {
      WriteFile(tmp_ / "file.json", "{}");
      return tmp_ / "file.json" / "config.json";
    } else if (name == "@unreadable") {
      WriteFile(file, ReadFile(kDir / "missing_vocab_size.json"));
      fs::permissions(file, fs::perms::none);
    } else {
      ADD_FAILURE() << "unknown generated case " << name;
    }
    return file;
  }

  fs::path tmp_;
};

TEST_P(BadInputCaseTest, ExactErrorAndExitStatus) {
  const Case& c = GetParam();
  ASSERT_NE(c.exit_status, -1) << "cases.txt:" << c.line
                               << ": expected 'name | args | exit | "
                                  "stderr'";
  fs::path input;
  if (c.name[0] == '@') {
    if (c.name == "@unreadable" && ::geteuid() == 0) {
      GTEST_SKIP() << "root reads files without read permission";
    }
    input = Generate(c.name);

  } else if (const std::string file = c.name.substr(0, c.name.find('#')); fs::exists(kDir / file)) {
    input = kDir / file;
  }
  std::string families;  // "{families}": the supported model families, as errors list them
  for (const std::string& f : SupportedFamilies()) {
    families += (families.empty() ? "" : ", ") + f;
  }
  auto substitute = [&](std::string s) {
    ReplaceAll(&s, "{families}", families);
    ReplaceAll(&s, "{input}", input.string());
    ReplaceAll(&s, "{tmp}", tmp_.string());
    ReplaceAll(&s, "{dir}", kDir.string());
    return s;
  };
  std::vector<std::string> args = {"llmcost"};
  std::istringstream split(substitute(c.args));
  bool reads_stdin = false;
  for (std::string arg; split >> arg;) {
    reads_stdin = reads_stdin || arg == "-";
    args.push_back(arg);
  }
  // The loader reads standard input with read(2): put the input (or nothing) on fd 0.
  const fs::path stdin_file = tmp_ / "stdin";
  WriteFile(stdin_file, reads_stdin ? ReadFile(input) : std::string());
  const int saved_stdin = ::dup(STDIN_FILENO);
  const int stdin_fd = ::open(stdin_file.c_str(), O_RDONLY);
  ASSERT_GE(stdin_fd, 0);
  ASSERT_EQ(::dup2(stdin_fd, STDIN_FILENO), STDIN_FILENO);
  ::close(stdin_fd);
  std::ostringstream out;
  std::ostringstream err;
  const int status = RunCli(args, out, err);
  ::dup2(saved_stdin, STDIN_FILENO);
  ::close(saved_stdin);

  std::string actual_line = err.str();
  if (!actual_line.empty() && actual_line.back() == '\n') {
    actual_line.pop_back();
  }
  std::string as_case = actual_line;  // the cases.txt line that would match, for updating
  ReplaceAll(&as_case, input.string(), "{input}");
  ReplaceAll(&as_case, tmp_.string(), "{tmp}");
  ReplaceAll(&as_case, kDir.string(), "{dir}");
  ReplaceAll(&as_case, families, "{families}");
  SCOPED_TRACE("cases.txt:" + std::to_string(c.line) + "; actual: " + c.name + " | " + c.args +
               " | " + std::to_string(status) + " | " + as_case);
  EXPECT_EQ(status, c.exit_status);
  if (c.exit_status == 0) {
    EXPECT_EQ(err.str(), "");
    EXPECT_NE(out.str(), "");
  } else {
    EXPECT_EQ(err.str(), substitute(c.stderr_line) + "\n");
    EXPECT_EQ(out.str(), "") << "a failing run must print no report";
  }
}

std::string CaseName(const testing::TestParamInfo<Case>& info) {
  std::string name = info.param.name;
  for (char& ch : name) {
    if (std::isalnum(static_cast<unsigned char>(ch)) == 0) {
      ch = '_';
    }
  }
  return name;
}

INSTANTIATE_TEST_SUITE_P(Corpus, BadInputCaseTest, testing::ValuesIn(LoadCases()), CaseName);

// The corpus and its manifest stay in step: every input file has a case, no case is a
// duplicate, and the corpus keeps its promised size.
TEST(BadInputCorpus, EveryFileHasOneCase) {
  std::vector<Case> cases = LoadCases();
  EXPECT_GE(cases.size(), 60U);
  std::set<std::string> names;
  std::set<std::string> inputs;
  for (const Case& c : cases) {
    EXPECT_TRUE(names.insert(c.name).second) << "duplicate case " << c.name;
    inputs.insert(c.name.substr(0, c.name.find('#')));
  }
  for (const fs::directory_entry& entry : fs::directory_iterator(kDir)) {
    const std::string file = entry.path().filename().string();
    if (file != "README.md" && file != "cases.txt") {
      EXPECT_TRUE(inputs.count(file) == 1) << file << " has no line in cases.txt";
    }
  }
}

}  // namespace
}  // namespace llmcost
