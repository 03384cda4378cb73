// The loader's file access beyond whole-file reads: a safetensors header read at its offsets,
// and path tests. Whole files (configs, index files, Hub cache refs) are read by the io
// layer's ReadFileBounded with config::kConfigLimits.
//
// Private to src/config/. A safetensors header is read by its declared length only, never
// the tensor data.
#ifndef LLMCOST_SRC_CONFIG_FILE_READER_H_
#define LLMCOST_SRC_CONFIG_FILE_READER_H_

#include <cstdint>
#include <string>

#include "llmcost/bounded_file.h"
#include "llmcost/status.h"

namespace llmcost::config {

// Largest accepted config file, in bytes (real configs are a few KiB).
inline constexpr int64_t kMaxConfigBytes = int64_t{16} << 20;
inline constexpr ReadLimits kConfigLimits{kMaxConfigBytes, "config"};

// A regular file opened for reading (non-blocking, so a FIFO cannot hang the open), with
// its size. Closes the descriptor when destroyed.
class RegularFile {
 public:
  // Errors: kNotFound "<path>: no such file"; kInvalidArgument "<path>: is not a regular
  // file"; kIoError when it cannot be opened or stat'ed.
  static Result<RegularFile> Open(const std::string& path);

  RegularFile(RegularFile&& other) noexcept;
  RegularFile& operator=(RegularFile&&) = delete;
  RegularFile(const RegularFile&) = delete;
  ~RegularFile();

  int64_t size() const { return size_; }
  const std::string& path() const { return path_; }

  // Reads `length` bytes at `offset` into *out (replacing it); a short file gives fewer.
  // REQUIRES: 0 <= offset, 0 <= length. Errors: kIoError on a read error.
  Status ReadAt(int64_t offset, int64_t length, std::string* out) const;

 private:
  RegularFile(std::string path, int fd, int64_t size)
      : path_(std::move(path)), fd_(fd), size_(size) {}
  std::string path_;
  int fd_ = -1;
  int64_t size_ = 0;
};

// What `path` names (following symbolic links), from one stat(2).
enum class PathKind { kMissing, kDirectory, kRegularFile, kOther };
PathKind KindOfPath(const std::string& path);

// True when `path` names an existing file system object (following symbolic links).
bool PathExists(const std::string& path);
// True when `path` is a directory (following symbolic links).
bool IsDirectory(const std::string& path);
// True when `path` is a regular file (following symbolic links).
bool IsRegularFile(const std::string& path);

}  // namespace llmcost::config

#endif  // LLMCOST_SRC_CONFIG_FILE_READER_H_
