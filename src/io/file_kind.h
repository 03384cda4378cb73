// What kind of file a stat(2) mode names, as messages say it. Private to the io layer.
#ifndef LLMCOST_SRC_IO_FILE_KIND_H_
#define LLMCOST_SRC_IO_FILE_KIND_H_

#include <sys/stat.h>

namespace llmcost {

// "a FIFO", "a character device", "a block device", "a socket", else "not a regular file"
// (for a directory or a regular file the callers have their own words).
const char* FileKindName(mode_t mode);

}  // namespace llmcost

#endif  // LLMCOST_SRC_IO_FILE_KIND_H_
