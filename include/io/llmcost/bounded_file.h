// Reading an input file whole, with a size cap, without ever blocking on a special file.
//
// The io layer: every file llmcost reads (model configs, .py configs, hardware tables,
// safetensors headers and index files, HF cache refs) comes in through ReadFileBounded, so
// a FIFO without a writer, a device such as /dev/zero, a directory or a file that grows
// while read gives one clear error instead of a hang, a GiB allocation or a silent misread.
#ifndef LLMCOST_BOUNDED_FILE_H_
#define LLMCOST_BOUNDED_FILE_H_

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "llmcost/status.h"

namespace llmcost {

// What the caller reads, for messages: "config", "hardware table", "safetensors header".
struct ReadLimits {
  int64_t max_bytes = 0;  // REQUIRES: > 0. The largest accepted file, e.g. 16 MiB.
  std::string_view what;  // e.g. "config", as in "the 16 MiB limit for a config"
};

// The path that means standard input.
inline constexpr std::string_view kStdinPath = "-";

// How standard input is named in messages.
inline constexpr std::string_view kStdinName = "<stdin>";

// Returns the whole contents of `path`, at most `limits.max_bytes` bytes.
// "-" reads standard input (a pipe, a FIFO or a file: whatever the shell gave), up to the
// same cap. Any other path must be a regular file: it is opened with O_NONBLOCK (so a FIFO
// without a writer cannot block the open), checked with fstat before a byte is read, and
// then read to its end.
// Errors (messages start with the escaped path, or "<stdin>"):
//   kNotFound        "<path>: no such file" (also a path through a regular file);
//   kInvalidArgument "<path>: is a directory, expected a <what> file",
//                    "<path>: is a FIFO|character device|block device|socket, expected a
//                    regular <what> file",
//                    "<path>: file is larger than the 16 MiB limit for a <what>, got N bytes";
//   kIoError         "<path>: cannot open for reading: <strerror>",
//                    "<path>: read failed: <strerror>" (EIO, EISDIR from a file system...).
Result<std::string> ReadFileBounded(const std::string& path, const ReadLimits& limits);

// The fast way in for a path that usually names a regular file (one open, one fstat): its
// whole contents, as ReadFileBounded returns them, when `path` opens as a regular file of at
// most `limits.max_bytes` bytes and reads without error; otherwise nullopt and no message
// (standard input, a directory, a missing or special file, a read error ...), and the caller
// takes its general way (e.g. ReadFileBounded, which says what is wrong).
std::optional<std::string> ReadRegularFileBounded(const std::string& path,
                                                  const ReadLimits& limits);

// Returns the first `max_bytes` bytes of the regular file `path` (fewer if it is shorter),
// with the same checks as ReadFileBounded but no size error: for reading a header (e.g. the
// 8-byte length and JSON header of a .safetensors file) without reading the file.
// Errors: those of ReadFileBounded except the size limit.
Result<std::string> ReadFilePrefix(const std::string& path, const ReadLimits& limits);

}  // namespace llmcost

#endif  // LLMCOST_BOUNDED_FILE_H_
