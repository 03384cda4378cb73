// Edit distance for did-you-mean suggestions.
#include "llmcost/spelling.h"

#include <algorithm>
#include <vector>

namespace llmcost {

size_t EditDistance(std::string_view a, std::string_view b) {
  std::vector<size_t> row(b.size() + 1);
  for (size_t j = 0; j <= b.size(); ++j) {
    row[j] = j;
  }
  for (size_t i = 1; i <= a.size(); ++i) {
    size_t diagonal = row[0];
    row[0] = i;
    for (size_t j = 1; j <= b.size(); ++j) {
      const size_t above = row[j];
      row[j] = std::min({above + 1, row[j - 1] + 1, diagonal + (a[i - 1] == b[j - 1] ? 0 : 1)});
      diagonal = above;
    }
  }
  return row[b.size()];
}

namespace {

char AsciiLower(char c) {
  return c >= 'A' && c <= 'Z' ? static_cast<char>(c - 'A' + 'a') : c;
}

// How many characters `a` and `b` have in common as multisets (order ignored), case folded,
// counted in 64 buckets: digits, lowercase letters, '_', '-' and '.' each have their own;
// other bytes may share one, which can only enlarge the count.
// REQUIRES: a.size() <= 255 (the counts are bytes: 64 of them clear in two stores).
size_t CommonCharacters(std::string_view a, std::string_view b) {
  const auto bucket = [](char c) {
    const auto byte = static_cast<unsigned char>(AsciiLower(c));
    return (byte & 31u) | ((byte & 64u) >> 1);
  };
  unsigned char counts[64] = {};
  for (char c : a) {
    ++counts[bucket(c)];
  }
  size_t common = 0;
  for (char c : b) {
    unsigned char& count = counts[bucket(c)];
    if (count > 0) {
      --count;
      ++common;
    }
  }
  return common;
}

}  // namespace

size_t EditDistanceIgnoringCaseAtMost(std::string_view a, std::string_view b, size_t bound) {
  const size_t far = bound + 1;  // "more than bound": no cell needs a larger value
  const size_t longer = std::max(a.size(), b.size());
  const size_t shorter = std::min(a.size(), b.size());
  if (longer - shorter > bound) {
    return far;  // at least that many insertions
  }
  // The characters an alignment keeps unchanged are common to both strings, and every other
  // character of the longer one takes an edit of its own: a distance of at least
  // longer - common. Far candidates (most of them) stop here, before the table.
  if (longer <= 255 && longer - CommonCharacters(a, b) > bound) {
    return far;
  }
  // One row of the DP table, restricted to the band |i - j| <= bound (a path leaving it costs
  // more than bound); names are short, so the row lives on the stack.
  constexpr size_t kStackRow = 64;
  size_t stack_row[kStackRow + 1];
  std::vector<size_t> heap_row;
  size_t* row = stack_row;
  if (b.size() > kStackRow) {
    heap_row.resize(b.size() + 1);
    row = heap_row.data();
  }
  for (size_t j = 0; j <= b.size(); ++j) {
    row[j] = std::min(j, far);
  }
  for (size_t i = 1; i <= a.size(); ++i) {
    const size_t lo = i > bound ? i - bound : 1;
    const size_t hi = std::min(b.size(), i + bound);
    size_t diagonal = row[lo - 1];
    row[lo - 1] = lo == 1 ? std::min(i, far) : far;  // the cell left of the band
    size_t row_min = row[lo - 1];
    const char ai = AsciiLower(a[i - 1]);
    for (size_t j = lo; j <= hi; ++j) {
      const size_t above = row[j];
      const size_t cell =
          std::min({above + 1, row[j - 1] + 1, diagonal + (ai == AsciiLower(b[j - 1]) ? 0 : 1)});
      row[j] = std::min(cell, far);
      diagonal = above;
      row_min = std::min(row_min, row[j]);
    }
    if (row_min > bound) {
      return far;  // every later cell is at least this row's minimum
    }
  }
  return row[b.size()];
}

}  // namespace llmcost
