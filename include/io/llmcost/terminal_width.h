// How many columns the text report may use.
#ifndef LLMCOST_TERMINAL_WIDTH_H_
#define LLMCOST_TERMINAL_WIDTH_H_

#include <cstddef>

namespace llmcost {

// Columns of the terminal a text report goes to: $COLUMNS when it holds a positive integer,
// else the width of standard output when that is a terminal (ioctl TIOCGWINSZ), else 100.
size_t TerminalWidth();

// The same from explicit inputs (for tests): `columns_env` is $COLUMNS or nullptr,
// `tty_columns` the terminal's width or 0 when standard output is not a terminal.
size_t ChooseTerminalWidth(const char* columns_env, size_t tty_columns);

}  // namespace llmcost

#endif  // LLMCOST_TERMINAL_WIDTH_H_
