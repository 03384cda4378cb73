// nanoGPT-style `name = value` configs: a strict, line-based reader (python_config.h).
#include "python_config.h"

#include <charconv>
#include <cmath>
#include <cstdint>
#include <optional>
#include <string>
#include <unordered_map>

#include "llmcost/checked_arithmetic.h"
#include "llmcost/printable.h"

namespace llmcost::config {
namespace {

// Longest piece of a line echoed in a message.
constexpr size_t kMaxShownChars = 40;

bool IsDigit(char c) {
  return c >= '0' && c <= '9';
}
bool IsIdentifierStart(char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_';
}
bool IsIdentifierChar(char c) {
  return IsIdentifierStart(c) || IsDigit(c);
}
bool IsSpace(char c) {
  return c == ' ' || c == '\t' || c == '\f';
}

// Python's reserved words can never be assigned to.
bool IsKeyword(std::string_view name) {
  static constexpr std::string_view kKeywords[] = {
      "False", "None",     "True",  "and",    "as",   "assert", "async",  "await",    "break",
      "class", "continue", "def",   "del",    "elif", "else",   "except", "finally",  "for",
      "from",  "global",   "if",    "import", "in",   "is",     "lambda", "nonlocal", "not",
      "or",    "pass",     "raise", "return", "try",  "while",  "with",   "yield"};
  for (std::string_view keyword : kKeywords) {
    if (name == keyword) {
      return true;
    }
  }
  return false;
}

// One line being read, with the position of the next character.
class LineReader {
 public:
  LineReader(std::string_view origin, int64_t number, std::string_view line)
      : origin_(origin), number_(number), line_(line) {}

  size_t pos() const { return pos_; }
  size_t size() const { return line_.size(); }
  bool AtEnd() const { return pos_ >= line_.size(); }
  char Peek(size_t ahead = 0) const {
    return pos_ + ahead < line_.size() ? line_[pos_ + ahead] : '\0';
  }
  void Advance(size_t n = 1) { pos_ += n; }
  void SkipSpaces() {
    while (!AtEnd() && IsSpace(Peek())) {
      Advance();
    }
  }
  std::string_view Slice(size_t from, size_t to) const { return line_.substr(from, to - from); }

  // The rest of the line from `from` up to a comment, trimmed and shortened, quoted.
  std::string Found(size_t from) const {
    std::string_view rest = line_.substr(std::min(from, line_.size()));
    while (!rest.empty() && IsSpace(rest.back())) {
      rest.remove_suffix(1);
    }
    if (rest.empty()) {
      return "the end of the line";
    }
    std::string shown(rest.substr(0, kMaxShownChars));
    if (rest.size() > kMaxShownChars) {
      shown += "...";
    }
    return std::string("'").append(Printable(shown)).append("'");
  }

  // "<origin>:<line>:<column>: <message>" at byte `at` of the line (columns are 1-based).
  Status ErrorAt(size_t at, std::string_view message) const {
    return InvalidArgumentError(std::string(origin_) + ":" + std::to_string(number_) + ":" +
                                std::to_string(at + 1) + ": " + std::string(message));
  }
  Status Expected(size_t at, std::string_view what) const {
    return ErrorAt(at, "expected " + std::string(what) + ", got " + Found(at));
  }

 private:
  std::string_view origin_;
  int64_t number_;
  std::string_view line_;
  size_t pos_ = 0;
};

constexpr std::string_view kLiteral = "a literal (number, string, True, False or None)";

// Digits of base `base` with single underscores between them (Python's digitpart);
// appends the digits without underscores to *digits. False if there is no digit.
bool ReadDigits(LineReader& in, int base, std::string* digits) {
  auto is_digit = [base](char c) {
    if (base == 16) {
      return IsDigit(c) || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');
    }
    return c >= '0' && c < static_cast<char>('0' + base);
  };
  if (!is_digit(in.Peek())) {
    return false;
  }
  while (true) {
    if (is_digit(in.Peek())) {
      *digits += in.Peek();
      in.Advance();
    } else if (in.Peek() == '_' && is_digit(in.Peek(1))) {
      in.Advance();
    } else {
      return true;
    }
  }
}

// A number literal at the reader's position (after an optional sign).
Result<nlohmann::json> ReadNumber(LineReader& in) {
  const size_t start = in.pos();
  bool negative = false;
  if (in.Peek() == '-' || in.Peek() == '+') {
    negative = in.Peek() == '-';
    in.Advance();
    in.SkipSpaces();
  }
  const size_t number_start = in.pos();
  std::string digits;
  // 0x / 0o / 0b integers.
  if (in.Peek() == '0' && (in.Peek(1) == 'x' || in.Peek(1) == 'X' || in.Peek(1) == 'o' ||
                           in.Peek(1) == 'O' || in.Peek(1) == 'b' || in.Peek(1) == 'B')) {
    const char kind = static_cast<char>(in.Peek(1) | 0x20);
    const int base = kind == 'x' ? 16 : kind == 'o' ? 8 : 2;
    in.Advance(2);
    if (in.Peek() == '_') {
      in.Advance();
    }
    if (!ReadDigits(in, base, &digits) || IsIdentifierChar(in.Peek())) {
      return in.Expected(start, kLiteral);
    }
    uint64_t value = 0;
    const auto [end, ec] =
        std::from_chars(digits.data(), digits.data() + digits.size(), value, base);
    if (ec != std::errc() || value > static_cast<uint64_t>(INT64_MAX)) {
      return in.ErrorAt(start, "integer does not fit in 64 bits, got " + in.Found(start));
    }
    (void)end;
    const auto signed_value = static_cast<int64_t>(value);
    return nlohmann::json(negative ? -signed_value : signed_value);
  }
  bool is_float = false;
  const bool has_integer_part = ReadDigits(in, 10, &digits);
  if (in.Peek() == '.') {
    if (!has_integer_part && !IsDigit(in.Peek(1))) {
      return in.Expected(start, kLiteral);
    }
    is_float = true;
    digits += '.';
    in.Advance();
    if (IsDigit(in.Peek())) {
      ReadDigits(in, 10, &digits);
    }
  } else if (!has_integer_part) {
    return in.Expected(start, kLiteral);
  }
  if (in.Peek() == 'e' || in.Peek() == 'E') {
    is_float = true;
    digits += 'e';
    in.Advance();
    if (in.Peek() == '+' || in.Peek() == '-') {
      digits += in.Peek();
      in.Advance();
    }
    if (!ReadDigits(in, 10, &digits)) {
      return in.Expected(start, kLiteral);
    }
  }
  // 3j (imaginary), 12abc, 1.5.2: not a literal llmcost reads.
  if (IsIdentifierChar(in.Peek()) || in.Peek() == '.') {
    return in.Expected(start, kLiteral);
  }
  if (is_float) {
    double value = 0;
    const auto [end, ec] = std::from_chars(digits.data(), digits.data() + digits.size(), value);
    if (ec != std::errc() || !std::isfinite(value)) {
      return in.ErrorAt(number_start,
                        "number " + in.Found(number_start) + " is beyond the range of a double");
    }
    (void)end;
    return nlohmann::json(negative ? -value : value);
  }
  // Python rejects 007 (leading zeros) but accepts 000.
  if (digits.size() > 1 && digits[0] == '0' && digits.find_first_not_of('0') != std::string::npos) {
    return in.ErrorAt(number_start, "expected a decimal integer without leading zeros, got " +
                                        in.Found(number_start));
  }
  int64_t value = 0;
  const auto [end, ec] = std::from_chars(digits.data(), digits.data() + digits.size(), value);
  if (ec != std::errc()) {
    return in.ErrorAt(number_start,
                      "integer does not fit in 64 bits, got " + in.Found(number_start));
  }
  (void)end;
  return nlohmann::json(negative ? -value : value);
}

// A one-line '...' or "..." string at the reader's position.
Result<nlohmann::json> ReadString(LineReader& in) {
  const size_t start = in.pos();
  const char quote = in.Peek();
  if (in.Peek(1) == quote && in.Peek(2) == quote) {
    return in.ErrorAt(start, "expected a one-line string, got a triple-quoted string");
  }
  in.Advance();
  std::string value;
  while (true) {
    if (in.AtEnd()) {
      return in.ErrorAt(start, "expected a closing " + std::string(1, quote) +
                                   " on the same line, got " + in.Found(start));
    }
    const char c = in.Peek();
    if (c == quote) {
      in.Advance();
      return nlohmann::json(value);
    }
    if (c == '\\') {
      const char escaped = in.Peek(1);
      const size_t at = in.pos();
      char decoded = 0;
      switch (escaped) {
        case '\\':
        case '\'':
        case '"':
          decoded = escaped;
          break;
        case 'n':
          decoded = '\n';
          break;
        case 'r':
          decoded = '\r';
          break;
        case 't':
          decoded = '\t';
          break;
        case '0':
          decoded = '\0';
          break;
        default:
          return in.ErrorAt(at, "expected one of the escapes \\\\ \\' \\\" \\n \\r \\t \\0, got '" +
                                    Printable(in.Slice(at, std::min(at + 2, in.size()))) + "'");
      }
      value += decoded;
      in.Advance(2);
      continue;
    }
    value += c;
    in.Advance();
  }
}

// One value: a literal, or integer literals joined by '*'.
Result<nlohmann::json> ReadValue(LineReader& in) {
  const size_t start = in.pos();
  const char c = in.Peek();
  if (c == '\'' || c == '"') {
    return ReadString(in);
  }
  if (IsIdentifierStart(c)) {
    size_t length = 0;
    while (IsIdentifierChar(in.Peek(length))) {
      ++length;
    }
    const std::string_view word = in.Slice(start, start + length);
    if (word == "True" || word == "False" || word == "None") {
      in.Advance(word.size());
      if (IsIdentifierChar(in.Peek()) || in.Peek() == '(' || in.Peek() == '.') {
        return in.Expected(start, kLiteral);
      }
      return word == "None" ? nlohmann::json(nullptr) : nlohmann::json(word == "True");
    }
    return in.Expected(start, kLiteral);
  }
  LLMCOST_ASSIGN_OR_RETURN(nlohmann::json value, ReadNumber(in));
  while (true) {
    in.SkipSpaces();
    if (in.Peek() != '*' || in.Peek(1) == '*' || in.Peek(1) == '=') {
      return value;  // the caller checks what follows
    }
    const size_t operator_at = in.pos();
    in.Advance();
    in.SkipSpaces();
    const size_t factor_at = in.pos();
    LLMCOST_ASSIGN_OR_RETURN(nlohmann::json factor, ReadNumber(in));
    if (!value.is_number_integer() || !factor.is_number_integer()) {
      return in.ErrorAt(operator_at,
                        "expected integers on both sides of '*', got " + in.Found(start));
    }
    const Result<int64_t> product =
        CheckedMul(value.get<int64_t>(), factor.get<int64_t>(), "product");
    if (!product.ok()) {
      return in.ErrorAt(factor_at, "product does not fit in 64 bits, got " + in.Found(start));
    }
    value = *product;
  }
}

}  // namespace

Result<nlohmann::json> ParsePythonAssignments(std::string_view text, std::string_view origin) {
  nlohmann::json object = nlohmann::json::object();
  std::unordered_map<std::string, int64_t> first_line;
  if (text.substr(0, 3) == "\xEF\xBB\xBF") {
    text.remove_prefix(3);
  }
  int64_t number = 0;
  while (!text.empty()) {
    const size_t newline = text.find('\n');
    std::string_view line = text.substr(0, newline);
    text = newline == std::string_view::npos ? std::string_view() : text.substr(newline + 1);
    ++number;
    if (!line.empty() && line.back() == '\r') {
      line.remove_suffix(1);
    }
    LineReader in(origin, number, line);
    if (const size_t nul = line.find('\0'); nul != std::string_view::npos) {
      return in.ErrorAt(nul, "expected text, got a NUL byte (is this a binary file?)");
    }
    in.SkipSpaces();
    if (in.AtEnd() || in.Peek() == '#') {
      continue;  // blank or comment-only
    }
    if (in.pos() > 0) {
      return in.ErrorAt(0, "expected a top-level `name = value` line, got an indented line (" +
                               in.Found(in.pos()) + ")");
    }
    if (!IsIdentifierStart(in.Peek())) {
      return in.Expected(0, "a `name = value` line");
    }
    while (IsIdentifierChar(in.Peek())) {
      in.Advance();
    }
    const std::string name(line.substr(0, in.pos()));
    if (IsKeyword(name)) {
      return in.Expected(0, "a `name = value` line (llmcost never runs a .py config)");
    }
    in.SkipSpaces();
    const size_t operator_at = in.pos();
    if (in.Peek() != '=' || in.Peek(1) == '=') {
      size_t end = operator_at;
      while (end < line.size() && !IsSpace(line[end]) && !IsIdentifierChar(line[end]) &&
             line[end] != '\'' && line[end] != '"') {
        ++end;
      }
      const std::string op(line.substr(operator_at, std::max(end, operator_at + 1) - operator_at));
      std::string message = "expected '=' after the name, got ";
      if (in.AtEnd()) {
        message += "the end of the line";
      } else {
        message.append("'").append(Printable(op)).append("'");
      }
      return in.ErrorAt(operator_at, message + " (only `name = value` lines are read)");
    }
    in.Advance();
    in.SkipSpaces();
    if (in.AtEnd() || in.Peek() == '#') {
      return in.Expected(in.pos(), kLiteral);
    }
    LLMCOST_ASSIGN_OR_RETURN(nlohmann::json value, ReadValue(in));
    in.SkipSpaces();
    if (!in.AtEnd() && in.Peek() != '#') {
      return in.Expected(in.pos(), "the end of the line or a # comment after the value");
    }
    const auto [previous, inserted] = first_line.emplace(name, number);
    if (!inserted) {
      return in.ErrorAt(0, name + " is assigned twice (first at line " +
                               std::to_string(previous->second) + "); keep one");
    }
    object[name] = std::move(value);
  }
  return object;
}

}  // namespace llmcost::config
