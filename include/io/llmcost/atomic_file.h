// Writing output files all-or-nothing.
//
// Everything llmcost writes (--output, generated configs, charts) goes through here:
// written to a temporary file beside the target, then renamed into place, so a reader
// never sees a half-written file and an error leaves the old file untouched.
#ifndef LLMCOST_ATOMIC_FILE_H_
#define LLMCOST_ATOMIC_FILE_H_

#include <string>
#include <string_view>

#include "llmcost/status.h"

namespace llmcost {

enum class Overwrite { kRefuse, kAllow };

// Writes `contents` to `path` atomically.
// Errors: kInvalidArgument when `path` exists and overwrite is kRefuse ("... exists; pass
// --force to overwrite") or names a directory; kIoError when the write or rename fails.
Status WriteFileAtomically(const std::string& path, std::string_view contents, Overwrite overwrite);

}  // namespace llmcost

#endif  // LLMCOST_ATOMIC_FILE_H_
