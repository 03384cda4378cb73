// Checked writes to standard output: a full disk or a closed pipe is an error, not exit 0.
//
// The io layer. A report written to stdout is only delivered once the write and the final
// flush have succeeded; `llmcost analyze x.json > /dev/full` must fail, with one line on
// stderr. (With SIGPIPE at its default, a closed pipe ends the process as for any tool;
// with SIGPIPE ignored, the EPIPE write error comes back here.)
#ifndef LLMCOST_STANDARD_OUTPUT_H_
#define LLMCOST_STANDARD_OUTPUT_H_

#include <ostream>
#include <string_view>

#include "llmcost/status.h"

namespace llmcost {

// Writes `bytes` to `out` and flushes it.
// Errors: kIoError "standard output: write failed: <reason>" when the stream reports a
// failure (badbit/failbit) after the write or the flush; <reason> is strerror(errno) when
// the C library set errno (ENOSPC, EPIPE, EBADF...), else "the stream reported an error".
Status WriteAndFlush(std::ostream& out, std::string_view bytes);

// Flushes `out` (a report already streamed into it) and checks every write to it so far.
// Errors: kIoError "standard output: write failed: <reason>"; <reason> is strerror(errno)
// when the flush itself failed, else "the stream reported an error" (an earlier write
// failed, and the C library's errno from then is gone).
Status FlushAndCheck(std::ostream& out);

}  // namespace llmcost

#endif  // LLMCOST_STANDARD_OUTPUT_H_
