// WriteAndFlush / FlushStandardOutput: stdout writes whose failure is reported (standard_output.h).
#include "llmcost/standard_output.h"

#include <cerrno>
#include <cstring>
#include <string>

namespace llmcost {
namespace {

Status WriteFailed(int error) {
  return IoError(std::string("standard output: write failed: ") +
                 (error != 0 ? std::strerror(error) : "the stream reported an error"));
}

}  // namespace

Status WriteAndFlush(std::ostream& out, std::string_view bytes) {
  errno = 0;
  out.write(bytes.data(), static_cast<std::streamsize>(bytes.size()));
  out.flush();
  if (!out) {
    const int error = errno;
    out.clear();  // later writes (none expected) must not inherit the state
    return WriteFailed(error);
  }
  return OkStatus();
}

Status FlushAndCheck(std::ostream& out) {
  const bool failed_before = !out;
  errno = 0;
  out.flush();
  if (!out) {
    const int error = failed_before ? 0 : errno;
    out.clear();
    return WriteFailed(error);
  }
  return OkStatus();
}

}  // namespace llmcost
