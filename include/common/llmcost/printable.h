// Printable(): the one escaping function for every value llmcost echoes back.
//
// Common layer. File names, config strings and flag values reach stderr and the text and
// Markdown reports; a newline would split a one-line error in two, and ESC/BEL/CSI bytes
// would drive the user's terminal. Every such value goes through Printable() first.
#ifndef LLMCOST_PRINTABLE_H_
#define LLMCOST_PRINTABLE_H_

#include <string>
#include <string_view>

namespace llmcost {

// Returns `text` with everything that is not printable, valid UTF-8 escaped:
//   \n \r \t                       -> "\n" "\r" "\t" (backslash + letter)
//   other C0 controls and DEL      -> "\xNN"  e.g. ESC -> "\x1B", BEL -> "\x07"
//   bytes that are not valid UTF-8 -> "\xNN"  (overlong forms and surrogates included)
//   C1 controls U+0080..U+009F     -> "\u0080".."\u009F" (U+009B is a CSI in some terminals)
//   invisible or layout-changing code points -> "\uXXXX": zero-width and direction marks
//   U+200B..U+200F, line/paragraph separators U+2028/U+2029, bidirectional overrides and
//   isolates U+202A..U+202E and U+2066..U+2069, the byte-order mark U+FEFF
// A backslash is kept as is, so Printable(Printable(x)) == Printable(x): a message built
// from escaped parts can be escaped again at the point it is printed.
// Example: Printable("gpt\x1b[31m\n") == "gpt\\x1B[31m\\n".
std::string Printable(std::string_view text);

// True when Printable(text) == text (no byte needs escaping); cheap, allocates nothing.
bool IsPrintable(std::string_view text);

}  // namespace llmcost

#endif  // LLMCOST_PRINTABLE_H_
