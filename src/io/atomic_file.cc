// All-or-nothing file writes: temp file in the target's directory, fsync-free rename.
#include "llmcost/atomic_file.h"

#include <cerrno>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <string>

#include <sys/stat.h>
#include <unistd.h>

namespace llmcost {

Status WriteFileAtomically(const std::string& path, std::string_view contents,
                           Overwrite overwrite) {
  namespace fs = std::filesystem;
  std::error_code ec;
  fs::file_status status = fs::status(path, ec);
  if (fs::is_directory(status)) {
    return InvalidArgumentError(path + ": is a directory, expected a file to write");
  }
  if (fs::exists(status) && overwrite == Overwrite::kRefuse) {
    return InvalidArgumentError(path + ": already exists; pass --force to overwrite it");
  }
  fs::path target(path);
  fs::path dir = target.parent_path();
  std::string pattern =
      (dir.empty() ? fs::path(".") : dir).string() + "/." + target.filename().string() + ".XXXXXX";
  int fd = mkstemp(pattern.data());
  if (fd < 0) {
    return IoError(path + ": cannot create a temporary file beside it: " + std::strerror(errno));
  }
  const char* data = contents.data();
  size_t left = contents.size();
  while (left > 0) {
    ssize_t written = ::write(fd, data, left);
    if (written < 0) {
      if (errno == EINTR) {
        continue;
      }
      std::string reason = std::strerror(errno);
      ::close(fd);
      std::remove(pattern.c_str());
      return IoError(path + ": write failed: " + reason);
    }
    data += written;
    left -= static_cast<size_t>(written);
  }
  // mkstemp creates 0600; give the file the usual permissions.
  ::fchmod(fd, 0644);
  if (::close(fd) != 0) {
    std::string reason = std::strerror(errno);
    std::remove(pattern.c_str());
    return IoError(path + ": write failed: " + reason);
  }
  if (overwrite == Overwrite::kRefuse) {
    // link(2) fails with EEXIST if the target appeared since the check above, so a file
    // created meanwhile is never replaced; rename(2) would silently overwrite it. File
    // systems without hard links fall back to rename.
    if (::link(pattern.c_str(), path.c_str()) == 0) {
      std::remove(pattern.c_str());
      return OkStatus();
    }
    const int link_errno = errno;
    if (link_errno == EEXIST) {
      std::remove(pattern.c_str());
      return InvalidArgumentError(path + ": already exists; pass --force to overwrite it");
    }
    if (link_errno != EPERM && link_errno != EOPNOTSUPP && link_errno != ENOSYS &&
        link_errno != EMLINK) {
      std::remove(pattern.c_str());
      return IoError(path + ": cannot move the new file into place: " + std::strerror(link_errno));
    }
  }
  if (std::rename(pattern.c_str(), path.c_str()) != 0) {
    std::string reason = std::strerror(errno);
    std::remove(pattern.c_str());
    return IoError(path + ": cannot move the new file into place: " + reason);
  }
  return OkStatus();
}

}  // namespace llmcost
