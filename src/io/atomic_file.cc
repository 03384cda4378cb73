// All-or-nothing file writes: temporary files beside the targets, then link/rename (atomic_file.h).
#include "llmcost/atomic_file.h"

#include <cerrno>
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <string>
#include <utility>

#include <sys/stat.h>
#include <unistd.h>

#include "llmcost/printable.h"

#include "file_kind.h"

namespace llmcost {
namespace {

namespace fs = std::filesystem;

// Short on purpose: "<dir>/.llmcost-XXXXXX" fits NAME_MAX whatever the target is called.
constexpr std::string_view kTemporaryName = ".llmcost-XXXXXX";

std::string Reason(int error) {
  return std::strerror(error);
}

// One target on its way into place.
struct Pending {
  std::string path;   // the target
  std::string shown;  // Printable(path), for messages
  std::string_view contents;
  Overwrite overwrite = Overwrite::kRefuse;
  std::string temporary;  // written, not yet moved; empty once moved or removed
  std::string backup;     // hard link to the file it replaces (kAllow), if one existed
  bool placed = false;
};

Status WriteAll(int fd, std::string_view contents) {
  const char* data = contents.data();
  size_t left = contents.size();
  while (left > 0) {
    const ssize_t written = ::write(fd, data, left);
    if (written < 0) {
      if (errno == EINTR) {
        continue;
      }
      return IoError(Reason(errno));
    }
    data += written;
    left -= static_cast<size_t>(written);
  }
  return OkStatus();
}

// Writes `p.contents` to a new temporary file in the target's directory.
Status WriteTemporary(Pending& p) {
  const fs::path target(p.path);
  const fs::path dir = target.parent_path().empty() ? fs::path(".") : target.parent_path();
  std::string name = (dir / std::string(kTemporaryName)).string();
  const int fd = ::mkstemp(name.data());
  if (fd < 0) {
    return IoError(p.shown + ": cannot create a temporary file beside it: " + Reason(errno));
  }
  p.temporary = name;
  Status written = WriteAll(fd, p.contents);
  // mkstemp creates 0600; give the file the permissions a new file usually gets.
  const mode_t mask = ::umask(0);
  ::umask(mask);
  ::fchmod(fd, 0666 & ~mask);
  if (::close(fd) != 0 && written.ok()) {
    written = IoError(Reason(errno));
  }
  if (!written.ok()) {
    return IoError(p.shown + ": write failed: " + written.message());
  }
  return OkStatus();
}

// Moves one temporary file into place.
Status Place(Pending& p) {
  if (p.overwrite == Overwrite::kRefuse) {
    // link(2) fails with EEXIST if the target appeared since it was checked, so a file
    // created meanwhile is never replaced; rename(2) would silently overwrite it.
    if (::link(p.temporary.c_str(), p.path.c_str()) == 0) {
      ::unlink(p.temporary.c_str());
      p.temporary.clear();
      p.placed = true;
      return OkStatus();
    }
    const int error = errno;
    if (error == EEXIST) {
      return InvalidArgumentError(p.shown + ": already exists; pass --force to overwrite it");
    }
    // File systems without hard links fall back to rename.
    if (error != EPERM && error != EOPNOTSUPP && error != ENOSYS && error != EMLINK) {
      return IoError(p.shown + ": cannot move the new file into place: " + Reason(error));
    }
  } else {
    // Keep the old file reachable until every target is in place, for the undo.
    std::string backup = p.temporary + ".old";
    if (::link(p.path.c_str(), backup.c_str()) == 0) {
      p.backup = std::move(backup);
    }
  }
  if (std::rename(p.temporary.c_str(), p.path.c_str()) != 0) {
    const int error = errno;
    if (!p.backup.empty()) {
      ::unlink(p.backup.c_str());
      p.backup.clear();
    }
    return IoError(p.shown + ": cannot move the new file into place: " + Reason(error));
  }
  p.temporary.clear();
  p.placed = true;
  return OkStatus();
}

// Undoes Place() for a target already moved: the old file back, or the new one removed.
void Undo(Pending& p) {
  if (!p.placed) {
    return;
  }
  if (!p.backup.empty()) {
    std::rename(p.backup.c_str(), p.path.c_str());
    p.backup.clear();
  } else {
    ::unlink(p.path.c_str());
  }
  p.placed = false;
}

void RemoveLeftovers(Pending& p) {
  if (!p.temporary.empty()) {
    ::unlink(p.temporary.c_str());
    p.temporary.clear();
  }
  if (!p.backup.empty()) {
    ::unlink(p.backup.c_str());
    p.backup.clear();
  }
}

// The same file under two spellings ("a.json", "./a.json", "dir/../a.json").
std::string Identity(const std::string& path) {
  std::error_code error;
  const fs::path canonical = fs::weakly_canonical(fs::absolute(path, error), error);
  return error ? path : canonical.string();
}

Status CheckTarget(const Pending& p) {
  if (p.path.empty()) {
    return InvalidArgumentError("output file name is empty");
  }
  std::error_code error;
  const fs::file_status status = fs::status(p.path, error);
  if (fs::is_directory(status)) {
    return InvalidArgumentError(p.shown + ": is a directory, expected a file to write");
  }
  // A device, FIFO or socket would be replaced by the rename (as root, /dev/null itself).
  struct stat info {};
  if (fs::exists(status) && !fs::is_regular_file(status) && ::stat(p.path.c_str(), &info) == 0) {
    return InvalidArgumentError(p.shown + ": is " + FileKindName(info.st_mode) +
                                ", expected a regular file to write");
  }
  if (fs::exists(status) && p.overwrite == Overwrite::kRefuse) {
    return InvalidArgumentError(p.shown + ": already exists; pass --force to overwrite it");
  }
  return OkStatus();
}

}  // namespace

void FileTransaction::Add(std::string path, std::string contents, Overwrite overwrite) {
  files_.push_back({std::move(path), std::move(contents), overwrite});
}

Status FileTransaction::Commit() {
  std::vector<Pending> pending;
  pending.reserve(files_.size());
  for (const File& f : files_) {
    pending.push_back({f.path, Printable(f.path), f.contents, f.overwrite, {}, {}, false});
  }
  // 1. Check every target before writing anything.
  std::vector<std::string> identities;
  for (const Pending& p : pending) {
    LLMCOST_RETURN_IF_ERROR(CheckTarget(p));
    const std::string identity = Identity(p.path);
    for (size_t k = 0; k < identities.size(); ++k) {
      if (identities[k] == identity) {
        return InvalidArgumentError(pending[k].shown + " and " + p.shown +
                                    " name the same file; give two different files");
      }
    }
    identities.push_back(identity);
  }
  Status status;
  // 2. Every temporary file, then 3. every move; undo on the first failure.
  for (Pending& p : pending) {
    status = WriteTemporary(p);
    if (!status.ok()) {
      break;
    }
  }
  if (status.ok()) {
    for (Pending& p : pending) {
      status = Place(p);
      if (!status.ok()) {
        break;
      }
    }
  }
  if (!status.ok()) {
    for (auto it = pending.rbegin(); it != pending.rend(); ++it) {
      Undo(*it);
    }
  }
  for (Pending& p : pending) {
    RemoveLeftovers(p);
  }
  files_.clear();
  return status;
}

Status WriteFileAtomically(const std::string& path, std::string_view contents,
                           Overwrite overwrite) {
  FileTransaction transaction;
  transaction.Add(path, std::string(contents), overwrite);
  return transaction.Commit();
}

}  // namespace llmcost
