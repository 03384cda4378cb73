// Laying text out in a fixed number of terminal columns: display width and word wrapping.
#ifndef LLMCOST_SRC_RENDER_TEXT_LAYOUT_H_
#define LLMCOST_SRC_RENDER_TEXT_LAYOUT_H_

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

namespace llmcost {

// Columns `text` takes on a terminal: one per UTF-8 code point (the report's text has no
// wide or combining characters).
size_t DisplayWidth(std::string_view text);

// `text` broken at spaces into lines of at most `width` columns; a word longer than `width` is
// cut. The first line gets `width`, later lines `width - hanging` and start with `hanging`
// spaces. Never returns an empty vector (an empty text is one empty line).
// REQUIRES: width > hanging.
std::vector<std::string> WrapText(std::string_view text, size_t width, size_t hanging = 0);

// True when `text` is already one wrapped line of at most `width` columns: WrapText(text,
// width, hanging) is {text} for every `hanging`. Then it can be written as it is, without
// building the lines (most lines of a report). False for an empty text, one that ends in a
// space or has two spaces in a row after its indent (WrapText folds those).
bool FitsOnOneLine(std::string_view text, size_t width);

// `text` padded with spaces to `width` columns (unchanged when already as wide).
std::string PadRight(std::string text, size_t width);

}  // namespace llmcost

#endif  // LLMCOST_SRC_RENDER_TEXT_LAYOUT_H_
