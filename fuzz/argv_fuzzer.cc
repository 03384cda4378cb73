// libFuzzer target: the command line itself. Structure-aware: the bytes are decoded into
// an argv over every command and every flag that command's --help lists, with values drawn
// from a table of good, bad and edge-case values (and raw bytes), real config and hardware
// files, and --output paths in a scratch directory. RunCli runs in-process.
//
// Oracles (fuzz_checks.h) besides the sanitizers and libFuzzer's timeout: exit 0, 1 or 2;
// a failure prints one "llmcost: " line, no report, and leaves no file in the scratch
// directory; stderr never has control bytes; a success without --output prints a report.
//
// Build and run: scripts/fuzz.sh (docs/robustness.md). New commands and flags are picked
// up from `llmcost help` and `llmcost <command> --help` at start-up: nothing to update here.
#include <algorithm>
#include <cstdint>
#include <filesystem>
#include <regex>
#include <set>
#include <sstream>
#include <string>
#include <vector>

#include <fcntl.h>
#include <sys/mman.h>
#include <unistd.h>

#include "llmcost/cli.h"

#include "fuzz_checks.h"

namespace {

namespace fs = std::filesystem;
constexpr std::string_view kTarget = "argv_fuzzer";

struct Tables {
  std::vector<std::string> commands;            // from `llmcost help`
  std::vector<std::vector<std::string>> flags;  // per command, from its --help
  std::vector<std::string> configs;             // configs/models/*
  std::vector<std::string> values;              // numbers, names, paths
  fs::path scratch;                             // --output files land here
};

std::string Help(const std::vector<std::string>& args) {
  std::ostringstream out;
  std::ostringstream err;
  llmcost::RunCli(args, out, err);
  return out.str();
}

Tables& GetTables() {
  static Tables t = [] {
    Tables tables;
    const std::string help = Help({"llmcost", "help"});
    const std::regex command(R"(^  ([a-z_]+) )");
    std::istringstream lines(help);
    for (std::string line; std::getline(lines, line);) {
      std::smatch m;
      if (std::regex_search(line, m, command)) {
        tables.commands.push_back(m[1]);
      }
    }
    const std::regex flag(R"((--?[A-Za-z][A-Za-z0-9_-]*))");
    for (const std::string& c : tables.commands) {
      const std::string text = Help({"llmcost", c, "--help"});
      std::set<std::string> found;
      for (auto it = std::sregex_iterator(text.begin(), text.end(), flag);
           it != std::sregex_iterator(); ++it) {
        found.insert((*it)[1]);
      }
      tables.flags.emplace_back(found.begin(), found.end());
    }
    for (const fs::directory_entry& e :
         fs::directory_iterator(LLMCOST_SOURCE_DIR "/configs/models")) {
      tables.configs.push_back(e.path().string());
    }
    std::sort(tables.configs.begin(), tables.configs.end());
    tables.scratch =
        fs::temp_directory_path() / ("llmcost_argv_fuzz_" + std::to_string(::getpid()));
    fs::create_directories(tables.scratch);
    // Relative --output names ("-outpu" is "-o utput") land in the scratch directory too:
    // every other path in the tables is absolute.
    fs::current_path(tables.scratch);
    tables.values = {"0",
                     "1",
                     "2",
                     "3",
                     "-1",
                     "-0",
                     "7",
                     "8",
                     "64",
                     "4096",
                     "32768",
                     "1e21",
                     "1.36e21",
                     "2T",
                     "7B",
                     "1.5M",
                     "3K",
                     "0x10",
                     "",
                     " ",
                     "nan",
                     "inf",
                     "-inf",
                     "1e400",
                     "1e-400",
                     "9223372036854775807",
                     "9223372036854775808",
                     "18446744073709551616",
                     "4611686018427387904",
                     "1.5",
                     "0.5",
                     "100",
                     "1e9",
                     "1e12",
                     "h100",
                     "a100",
                     "h100-sxm",
                     "tpu-v5p",
                     "B200",
                     "bf16",
                     "fp16",
                     "fp32",
                     "fp8",
                     "int8",
                     "int4",
                     "full",
                     "causal",
                     "selective",
                     "none",
                     "text",
                     "json",
                     "markdown",
                     "md",
                     "csv",
                     "svg",
                     "xml",
                     "adam",
                     "adamw",
                     "sgd",
                     "chinchilla",
                     "epoch",
                     "kaplan",
                     "llama",
                     "gpt2",
                     "moe",
                     "mixtral",
                     "deepseek_v3",
                     "-",
                     "/dev/null",
                     "/dev/full",
                     "/dev/zero",
                     "/nonexistent/x.json",
                     "\x1b[31m",
                     "a\nb",
                     LLMCOST_SOURCE_DIR "/data/hardware.json",
                     "@out",
                     "@out",
                     "@config"};
    return tables;
  }();
  return t;
}

// Reads the fuzz input one decision at a time; past the end every read is 0.
class Decoder {
 public:
  Decoder(const uint8_t* data, size_t size) : data_(data), size_(size) {}
  bool done() const { return pos_ >= size_; }
  uint8_t Byte() { return pos_ < size_ ? data_[pos_++] : 0; }
  template <typename T>
  const T& Pick(const std::vector<T>& from) {
    return from[Byte() % from.size()];
  }
  std::string Raw() {
    const size_t length = std::min<size_t>(Byte() % 24, size_ - std::min(pos_, size_));
    std::string s(reinterpret_cast<const char*>(data_ + pos_), length);
    pos_ += length;
    return s;
  }

 private:
  const uint8_t* data_;
  size_t size_;
  size_t pos_ = 0;
};

std::string Value(Decoder& in, Tables& t, int* outputs) {
  std::string v = (in.Byte() % 5 == 0) ? in.Raw() : in.Pick(t.values);
  if (v == "@out") {
    v = (t.scratch / ("out" + std::to_string((*outputs)++) + (in.Byte() % 2 ? ".json" : ".md")))
            .string();
  } else if (v == "@config") {
    v = in.Pick(t.configs);
  }
  return v;
}

std::vector<std::string> DecodeArgs(Decoder& in, Tables& t) {
  std::vector<std::string> args = {"llmcost"};
  const uint8_t first = in.Byte();
  size_t command = first % (t.commands.size() + 2);
  if (command == t.commands.size()) {
    args.push_back(in.Raw());  // an unknown or misspelled command
    command = 0;
  } else if (command == t.commands.size() + 1) {
    command = 0;  // "llmcost --flag ..." with no command
  } else {
    args.push_back(t.commands[command]);
  }
  const std::vector<std::string>& flags = t.flags[command];
  int outputs = 0;
  for (int i = 0; i < 12 && !in.done(); ++i) {
    switch (in.Byte() % 8) {
      case 0:
      case 1:
      case 2:
        args.push_back(in.Pick(flags));
        args.push_back(Value(in, t, &outputs));
        break;
      case 3:
        args.push_back(in.Pick(flags) + "=" + Value(in, t, &outputs));
        break;
      case 4:
        args.push_back(in.Pick(t.configs));
        break;
      case 5:
        args.push_back(in.Raw());
        break;
      case 6:
        args.push_back(in.Pick(flags));
        break;
      default:
        args.push_back(Value(in, t, &outputs));
        break;
    }
  }
  return args;
}

void ClearScratch(const fs::path& dir) {
  for (const fs::directory_entry& e : fs::directory_iterator(dir)) {
    fs::remove_all(e.path());
  }
}

// Standard input for "-": the same small config every run.
void ResetStdin() {
  static int fd = -1;
  if (fd < 0) {
    fd = ::memfd_create("stdin", 0);
    const std::string config = R"({"model_type": "llama", "hidden_size": 64,
      "intermediate_size": 128, "num_attention_heads": 4, "num_hidden_layers": 2,
      "vocab_size": 100, "max_position_embeddings": 64})";
    if (fd < 0 ||
        ::write(fd, config.data(), config.size()) != static_cast<ssize_t>(config.size())) {
      llmcost::fuzz::Fail(kTarget, "ResetStdin", "cannot write the memfd");
    }
  }
  if (::lseek(fd, 0, SEEK_SET) != 0 || ::dup2(fd, STDIN_FILENO) != STDIN_FILENO) {
    llmcost::fuzz::Fail(kTarget, "ResetStdin", "cannot set up standard input");
  }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  Tables& t = GetTables();
  Decoder in(data, size);
  const std::vector<std::string> args = DecodeArgs(in, t);
  ResetStdin();
  ClearScratch(t.scratch);
  std::ostringstream out;
  std::ostringstream err;
  const int status = llmcost::RunCli(args, out, err);
  llmcost::fuzz::CheckRun(kTarget, status, out.str(), err.str());
  bool wrote_files = false;
  for (const fs::directory_entry& e : fs::directory_iterator(t.scratch)) {
    wrote_files = true;
    if (e.path().filename().string().rfind(".llmcost-", 0) == 0) {
      llmcost::fuzz::Fail(kTarget, "RunCli", "a temporary file was left behind");
    }
  }
  if (status != 0 && wrote_files) {
    llmcost::fuzz::Fail(kTarget, "RunCli", "a failed run left a file behind: " + err.str());
  }
  const bool to_file = std::any_of(args.begin(), args.end(), [](const std::string& a) {
    return a == "-o" || a == "--output" || a.rfind("--output=", 0) == 0 || a.rfind("-o", 0) == 0;
  });
  if (status == 0 && !to_file && out.str().empty()) {
    llmcost::fuzz::Fail(kTarget, "RunCli", "success with an empty report");
  }
  return 0;
}
