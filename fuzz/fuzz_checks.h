// Oracles shared by the libFuzzer targets (fuzz/*_fuzzer.cc): what every failure and every
// command run must look like, besides "no crash, no leak, no UB, no timeout".
#ifndef LLMCOST_FUZZ_FUZZ_CHECKS_H_
#define LLMCOST_FUZZ_FUZZ_CHECKS_H_

#include <cstdio>
#include <cstdlib>
#include <string>
#include <string_view>

#include "llmcost/status.h"

namespace llmcost::fuzz {

[[noreturn]] inline void Fail(std::string_view target, std::string_view what,
                              std::string_view detail) {
  std::fprintf(stderr, "%.*s: %.*s: %.*s\n", static_cast<int>(target.size()), target.data(),
               static_cast<int>(what.size()), what.data(), static_cast<int>(detail.size()),
               detail.data());
  std::abort();
}

// True when `text` has a byte below 0x20 or DEL (other than a final newline when allowed).
inline bool HasControlBytes(std::string_view text) {
  for (char c : text) {
    const auto byte = static_cast<unsigned char>(c);
    if ((byte < 0x20 && c != '\n') || byte == 0x7F) {
      return true;
    }
  }
  return false;
}

// A failure explains itself on one non-empty line with no control bytes.
inline void CheckError(std::string_view target, const Status& status, std::string_view stage) {
  if (status.ok()) {
    return;
  }
  const std::string& message = status.message();
  if (message.empty() || message.find('\n') != std::string::npos || HasControlBytes(message)) {
    Fail(target, stage, "error message is empty, spans lines or has control bytes: " + message);
  }
}

// True when `err` is what a failed run prints: any number of "llmcost: warning: " lines
// (a misspelled field, say, that may explain the failure), then exactly one "llmcost: " error
// line, each ending in a newline.
inline bool IsFailureMessage(std::string_view err) {
  constexpr std::string_view kPrefix = "llmcost: ";
  constexpr std::string_view kWarning = "llmcost: warning: ";
  if (err.empty() || err.back() != '\n') {
    return false;
  }
  size_t start = 0;
  while (true) {
    const size_t end = err.find('\n', start);
    const std::string_view line = err.substr(start, end - start);
    const bool last = end + 1 == err.size();
    if (line.substr(0, kPrefix.size()) != kPrefix) {
      return false;
    }
    const bool warning = line.substr(0, kWarning.size()) == kWarning;
    if (last) {
      return !warning && line.size() > kPrefix.size();
    }
    if (!warning) {
      return false;
    }
    start = end + 1;
  }
}

// A command run: exit 0, 1 or 2; a failure prints one "llmcost: " error line (after any
// warnings) and no report; stderr never carries control bytes (every echoed value is escaped).
inline void CheckRun(std::string_view target, int status, const std::string& out,
                     const std::string& err) {
  if (status != 0 && status != 1 && status != 2) {
    Fail(target, "RunCli", "exit status " + std::to_string(status));
  }
  if (HasControlBytes(err)) {
    Fail(target, "RunCli", "stderr has control bytes: " + err);
  }
  if (status != 0 && (!out.empty() || !IsFailureMessage(err))) {
    Fail(target, "RunCli",
         "a failure must print one 'llmcost: ' error line (after any warnings) and no report, "
         "got: " +
             err);
  }
}

}  // namespace llmcost::fuzz

#endif  // LLMCOST_FUZZ_FUZZ_CHECKS_H_
