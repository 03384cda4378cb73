// Display width and word wrapping.
#include "text_layout.h"

#include <algorithm>

namespace llmcost {
namespace {

bool IsContinuationByte(char c) {
  return (static_cast<unsigned char>(c) & 0xC0) == 0x80;
}

// The byte offset where the first `columns` columns of `text` end.
size_t ByteOffsetOfColumn(std::string_view text, size_t columns) {
  size_t seen = 0;
  for (size_t i = 0; i < text.size(); ++i) {
    if (!IsContinuationByte(text[i])) {
      if (seen == columns) {
        return i;
      }
      ++seen;
    }
  }
  return text.size();
}

}  // namespace

size_t DisplayWidth(std::string_view text) {
  size_t n = 0;
  for (char c : text) {
    n += IsContinuationByte(c) ? 0 : 1;
  }
  return n;
}

bool FitsOnOneLine(std::string_view text, size_t width) {
  if (text.empty() || text.back() == ' ') {
    return false;
  }
  const size_t lead = text.find_first_not_of(' ');  // not npos: the last byte is no space
  // One pass (most lines are short): two spaces in a row after the indent, and the width.
  size_t columns = lead;
  for (size_t i = lead; i < text.size(); ++i) {
    const char c = text[i];
    if (c == ' ' && text[i + 1] == ' ') {  // i + 1 < size: the last byte is no space
      return false;
    }
    columns += IsContinuationByte(c) ? 0 : 1;
  }
  return columns <= width;
}

std::vector<std::string> WrapText(std::string_view text, size_t width, size_t hanging) {
  std::vector<std::string> lines;
  // Leading spaces (an indent) stay on the first line.
  const size_t lead = std::min(text.find_first_not_of(' '), text.size());
  std::string line(std::min(lead, width > 0 ? width - 1 : 0), ' ');
  size_t line_width = line.size();
  bool has_word = false;
  const auto flush = [&] {
    lines.push_back(std::move(line));
    line = std::string(hanging, ' ');
    line_width = hanging;
    has_word = false;
  };
  size_t pos = lead;
  while (pos < text.size()) {
    size_t end = text.find(' ', pos);
    if (end == std::string_view::npos) {
      end = text.size();
    }
    std::string_view word = text.substr(pos, end - pos);
    pos = end + 1;
    if (word.empty()) {
      continue;
    }
    size_t w = DisplayWidth(word);
    if (has_word && line_width + 1 + w > width) {
      flush();
    }
    if (has_word) {
      line += ' ';
      ++line_width;
    }
    // A word wider than a whole line is cut.
    while (line_width + w > width) {
      const size_t cut = ByteOffsetOfColumn(word, width - line_width);
      line += word.substr(0, cut);
      word = word.substr(cut);
      w = DisplayWidth(word);
      flush();
    }
    line += word;
    line_width += w;
    has_word = has_word || !word.empty();
  }
  if (lines.empty() || has_word) {
    while (!line.empty() && line.back() == ' ') {
      line.pop_back();
    }
    lines.push_back(std::move(line));
  }
  return lines;
}

std::string PadRight(std::string text, size_t width) {
  const size_t w = DisplayWidth(text);
  if (w < width) {
    text.append(width - w, ' ');
  }
  return text;
}

}  // namespace llmcost
