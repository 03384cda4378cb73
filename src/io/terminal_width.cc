// $COLUMNS, else the terminal's width, else 100.
#include "llmcost/terminal_width.h"

#include <algorithm>
#include <charconv>
#include <cstdlib>
#include <cstring>

#include <sys/ioctl.h>
#include <unistd.h>

namespace llmcost {

constexpr size_t kDefaultWidth = 100;
constexpr size_t kMaxWidth = 10000;

size_t ChooseTerminalWidth(const char* columns_env, size_t tty_columns) {
  if (columns_env != nullptr) {
    size_t columns = 0;
    const char* end = columns_env + std::strlen(columns_env);
    auto [ptr, ec] = std::from_chars(columns_env, end, columns);
    if (ec == std::errc() && ptr == end && columns > 0) {
      return std::min(columns, kMaxWidth);
    }
  }
  if (tty_columns > 0) {
    return std::min(tty_columns, kMaxWidth);
  }
  return kDefaultWidth;
}

size_t TerminalWidth() {
  size_t tty_columns = 0;
  winsize size{};
  if (isatty(STDOUT_FILENO) == 1 && ioctl(STDOUT_FILENO, TIOCGWINSZ, &size) == 0) {
    tty_columns = size.ws_col;
  }
  return ChooseTerminalWidth(std::getenv("COLUMNS"), tty_columns);
}

}  // namespace llmcost
