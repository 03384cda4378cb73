// ReadFileBounded / ReadFilePrefix: checked, capped, never-blocking file reads (bounded_file.h).
#include "llmcost/bounded_file.h"

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <optional>
#include <utility>

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include "llmcost/printable.h"

#include "file_kind.h"

namespace llmcost {
namespace {

constexpr size_t kChunkBytes = 64 * 1024;

// "a FIFO", "a character device"... for a file that is neither regular nor a directory.
Status NotARegularFile(const std::string& shown, mode_t mode, const ReadLimits& limits) {
  if (S_ISDIR(mode)) {
    return InvalidArgumentError(shown + ": is a directory, expected a " + std::string(limits.what) +
                                " file");
  }
  return InvalidArgumentError(shown + ": is " + FileKindName(mode) + ", expected a regular " +
                              std::string(limits.what) + " file");
}

std::string MiB(int64_t bytes) {
  return bytes % (int64_t{1} << 20) == 0 ? std::to_string(bytes >> 20) + " MiB"
                                         : std::to_string(bytes) + "-byte";
}

Status TooLarge(const std::string& shown, const ReadLimits& limits, const std::string& got) {
  return InvalidArgumentError(shown + ": file is larger than the " + MiB(limits.max_bytes) +
                              " limit for a " + std::string(limits.what) + ", got " + got);
}

// Reads from `fd` until end of file or until `stop_after` bytes are held.
// Returns false (errno set) on a read error.
bool ReadUpTo(int fd, int64_t stop_after, std::string* text) {
  char chunk[kChunkBytes];
  while (static_cast<int64_t>(text->size()) < stop_after) {
    const int64_t want = std::min<int64_t>(static_cast<int64_t>(sizeof(chunk)),
                                           stop_after - static_cast<int64_t>(text->size()));
    const ssize_t n = ::read(fd, chunk, static_cast<size_t>(want));
    if (n < 0) {
      if (errno == EINTR) {
        continue;
      }
      return false;
    }
    if (n == 0) {
      break;
    }
    text->append(chunk, static_cast<size_t>(n));
  }
  return true;
}

// Reads the regular file `fd` (fstat'ed into `info`) until end of file or until `stop_after`
// bytes are held. Returns false (errno set) on a read error.
bool ReadRegular(int fd, const struct stat& info, const ReadLimits& limits, int64_t stop_after,
                 std::string* text) {
  text->reserve(static_cast<size_t>(std::min<int64_t>(info.st_size, limits.max_bytes)) + 1);
  return ReadUpTo(fd, stop_after, text);
}

enum class SizeRule { kLimitIsError, kLimitIsPrefix };

Result<std::string> Read(const std::string& path, const ReadLimits& limits, SizeRule rule) {
  const int64_t stop_after =
      rule == SizeRule::kLimitIsError ? limits.max_bytes + 1 : limits.max_bytes;
  std::string text;
  if (path == kStdinPath) {
    const std::string shown(kStdinName);
    if (!ReadUpTo(STDIN_FILENO, stop_after, &text)) {
      return IoError(shown + ": read failed: " + std::strerror(errno));
    }
    if (rule == SizeRule::kLimitIsError && static_cast<int64_t>(text.size()) > limits.max_bytes) {
      return TooLarge(shown, limits, "more than " + std::to_string(limits.max_bytes) + " bytes");
    }
    return text;
  }
  const std::string shown = Printable(path);
  // O_NONBLOCK: opening a FIFO that has no writer would otherwise block forever. It has
  // no effect on the regular files read below.
  const int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC | O_NONBLOCK | O_NOCTTY);
  if (fd < 0) {
    if (errno == ENOENT || errno == ENOTDIR) {
      return NotFoundError(shown + ": no such file");
    }
    const int error = errno;
    // open(2) fails on some special files (ENXIO for a socket): name what it is.
    struct stat info {};
    if (::stat(path.c_str(), &info) == 0 && !S_ISREG(info.st_mode)) {
      return NotARegularFile(shown, info.st_mode, limits);
    }
    return IoError(shown + ": cannot open for reading: " + std::strerror(error));
  }
  struct stat info {};
  Status status;
  if (::fstat(fd, &info) != 0) {
    status = IoError(shown + ": cannot stat: " + std::strerror(errno));
  } else if (!S_ISREG(info.st_mode)) {
    status = NotARegularFile(shown, info.st_mode, limits);
  } else if (rule == SizeRule::kLimitIsError && info.st_size > limits.max_bytes) {
    status = TooLarge(shown, limits, std::to_string(info.st_size) + " bytes");
  } else {
    if (!ReadRegular(fd, info, limits, stop_after, &text)) {
      status = IoError(shown + ": read failed: " + std::strerror(errno));
    } else if (rule == SizeRule::kLimitIsError &&
               static_cast<int64_t>(text.size()) > limits.max_bytes) {
      // The file grew past the limit while it was read.
      status = TooLarge(shown, limits, "more than " + std::to_string(limits.max_bytes) + " bytes");
    }
  }
  ::close(fd);
  if (!status.ok()) {
    return status;
  }
  return text;
}

}  // namespace

std::optional<std::string> ReadRegularFileBounded(const std::string& path,
                                                  const ReadLimits& limits) {
  if (path == kStdinPath) {
    return std::nullopt;
  }
  const int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC | O_NONBLOCK | O_NOCTTY);
  if (fd < 0) {
    return std::nullopt;
  }
  std::optional<std::string> out;
  struct stat info {};
  if (::fstat(fd, &info) == 0 && S_ISREG(info.st_mode) && info.st_size <= limits.max_bytes) {
    std::string text;
    if (ReadRegular(fd, info, limits, limits.max_bytes + 1, &text) &&
        static_cast<int64_t>(text.size()) <= limits.max_bytes) {
      out = std::move(text);
    }
  }
  ::close(fd);
  return out;
}

Result<std::string> ReadFileBounded(const std::string& path, const ReadLimits& limits) {
  return Read(path, limits, SizeRule::kLimitIsError);
}

Result<std::string> ReadFilePrefix(const std::string& path, const ReadLimits& limits) {
  return Read(path, limits, SizeRule::kLimitIsPrefix);
}

}  // namespace llmcost
