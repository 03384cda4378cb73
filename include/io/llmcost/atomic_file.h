// Writing output files all-or-nothing, one file or several.
//
// The io layer. Everything llmcost writes to files (--output, generated configs, charts)
// goes through here: each file is written to a temporary file beside its target, then
// moved into place, so a reader never sees a half-written file and an error leaves the
// old file untouched. Temporary names are short (".llmcost-XXXXXX" in the target's
// directory), so any target name that fits NAME_MAX works.
#ifndef LLMCOST_ATOMIC_FILE_H_
#define LLMCOST_ATOMIC_FILE_H_

#include <string>
#include <string_view>
#include <vector>

#include "llmcost/status.h"

namespace llmcost {

enum class Overwrite { kRefuse, kAllow };

// Writes `contents` to `path` atomically (a one-file FileTransaction).
// Errors: kInvalidArgument when `path` is empty, names a directory, names an existing file
// that is not a regular file, which the move would replace ("/dev/null: is a character
// device, expected a regular file to write"), or exists and overwrite is kRefuse
// ("<path>: already exists; pass --force to overwrite it"); kIoError when the
// write or the move into place fails ("<path>: write failed: No space left on device").
Status WriteFileAtomically(const std::string& path, std::string_view contents, Overwrite overwrite);

// Several output files that appear together or not at all: a command builds every
// file's contents first, Adds them, then Commits once.
//
// Example:
//   FileTransaction files;
//   files.Add("best.json", config_json, Overwrite::kRefuse);
//   files.Add("report.md", report_md, Overwrite::kRefuse);
//   LLMCOST_RETURN_IF_ERROR(files.Commit());
class FileTransaction {
 public:
  // Queues one file. Nothing touches the disk before Commit().
  void Add(std::string path, std::string contents, Overwrite overwrite);

  // Writes every queued file, in three steps:
  //  1. checks every target: none empty, none a directory, device, FIFO or socket, no two
  //     naming the same file,
  //     none existing when its overwrite is kRefuse;
  //  2. writes each file's contents to a temporary file beside its target;
  //  3. moves each into place (link(2) for kRefuse, so a file that appeared since step 1
  //     is never replaced; rename(2) for kAllow, keeping a hard link to the old file).
  // A failure in steps 1-2 changes nothing on disk. A failure in step 3 (rare: the
  // directory was changed meanwhile) undoes the files already moved: new ones are removed
  // and replaced ones get their old contents back (where the file system has hard links).
  // Errors: those of WriteFileAtomically, plus kInvalidArgument "<a> and <b> name the same
  // file" for two targets that are one file.
  // REQUIRES: called at most once.
  Status Commit();

 private:
  struct File {
    std::string path;
    std::string contents;
    Overwrite overwrite;
  };
  std::vector<File> files_;
};

}  // namespace llmcost

#endif  // LLMCOST_ATOMIC_FILE_H_
