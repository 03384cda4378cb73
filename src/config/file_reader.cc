// The loader's file access beyond whole-file reads (ReadFileBounded, in the io layer):
// positioned reads of safetensors headers and path tests.
#include "file_reader.h"

#include <cerrno>
#include <cstring>
#include <utility>

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

namespace llmcost::config {
namespace {

bool StatPath(const std::string& path, struct stat* info) {
  return ::stat(path.c_str(), info) == 0;
}

}  // namespace

Result<RegularFile> RegularFile::Open(const std::string& path) {
  const int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC | O_NONBLOCK);
  if (fd < 0) {
    if (errno == ENOENT || errno == ENOTDIR) {
      return NotFoundError(path + ": no such file");
    }
    return IoError(path + ": cannot open for reading: " + std::strerror(errno));
  }
  struct stat info {};
  if (::fstat(fd, &info) != 0) {
    const int saved = errno;
    ::close(fd);
    return IoError(path + ": cannot stat: " + std::strerror(saved));
  }
  if (!S_ISREG(info.st_mode)) {
    ::close(fd);
    return InvalidArgumentError(path + ": is not a regular file");
  }
  return RegularFile(path, fd, static_cast<int64_t>(info.st_size));
}

RegularFile::RegularFile(RegularFile&& other) noexcept
    : path_(std::move(other.path_)), fd_(std::exchange(other.fd_, -1)), size_(other.size_) {}

RegularFile::~RegularFile() {
  if (fd_ >= 0) {
    ::close(fd_);
  }
}

Status RegularFile::ReadAt(int64_t offset, int64_t length, std::string* out) const {
  out->assign(static_cast<size_t>(length), '\0');
  int64_t done = 0;
  while (done < length) {
    const ssize_t n = ::pread(fd_, out->data() + done, static_cast<size_t>(length - done),
                              static_cast<off_t>(offset + done));
    if (n < 0) {
      if (errno == EINTR) {
        continue;
      }
      return IoError(path_ + ": read failed: " + std::strerror(errno));
    }
    if (n == 0) {
      break;
    }
    done += n;
  }
  out->resize(static_cast<size_t>(done));
  return OkStatus();
}

PathKind KindOfPath(const std::string& path) {
  struct stat info {};
  if (!StatPath(path, &info)) {
    return PathKind::kMissing;
  }
  return S_ISDIR(info.st_mode)   ? PathKind::kDirectory
         : S_ISREG(info.st_mode) ? PathKind::kRegularFile
                                 : PathKind::kOther;
}

bool PathExists(const std::string& path) {
  struct stat info {};
  return StatPath(path, &info);
}

bool IsDirectory(const std::string& path) {
  struct stat info {};
  return StatPath(path, &info) && S_ISDIR(info.st_mode);
}

bool IsRegularFile(const std::string& path) {
  struct stat info {};
  return StatPath(path, &info) && S_ISREG(info.st_mode);
}

}  // namespace llmcost::config
