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

// A command run: exit 0, 1 or 2; a failure prints exactly one "llmcost: " line and no
// report; stderr never carries control bytes (every echoed value is escaped).
inline void CheckRun(std::string_view target, int status, const std::string& out,
                     const std::string& err) {
  if (status != 0 && status != 1 && status != 2) {
    Fail(target, "RunCli", "exit status " + std::to_string(status));
  }
  if (HasControlBytes(err)) {
    Fail(target, "RunCli", "stderr has control bytes: " + err);
  }
  if (status != 0 && (!out.empty() || err.empty() || err.find('\n') + 1 != err.size() ||
                      err.rfind("llmcost: ", 0) != 0)) {
    Fail(target, "RunCli", "a failure must print one 'llmcost: ' line and no report, got: " + err);
  }
}

}  // namespace llmcost::fuzz

#endif  // LLMCOST_FUZZ_FUZZ_CHECKS_H_
