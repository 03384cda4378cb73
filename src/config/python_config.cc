// nanoGPT-style `name = value` configs (e.g. config/train_gpt2.py).
#include "python_config.h"

#include <cctype>
#include <charconv>
#include <string>

namespace llmcost::config {
namespace {

std::string_view Trim(std::string_view s) {
  while (!s.empty() && std::isspace(static_cast<unsigned char>(s.front()))) {
    s.remove_prefix(1);
  }
  while (!s.empty() && std::isspace(static_cast<unsigned char>(s.back()))) {
    s.remove_suffix(1);
  }
  return s;
}

// Drops a trailing `# comment` outside quotes.
std::string_view StripComment(std::string_view s) {
  char quote = 0;
  for (size_t i = 0; i < s.size(); ++i) {
    char c = s[i];
    if (quote != 0) {
      if (c == quote) {
        quote = 0;
      }
    } else if (c == '\'' || c == '"') {
      quote = c;
    } else if (c == '#') {
      return s.substr(0, i);
    }
  }
  return s;
}

bool IsIdentifier(std::string_view s) {
  if (s.empty() || std::isdigit(static_cast<unsigned char>(s[0]))) {
    return false;
  }
  for (char c : s) {
    if (!std::isalnum(static_cast<unsigned char>(c)) && c != '_') {
      return false;
    }
  }
  return true;
}

// A Python literal as JSON; anything else as its text.
nlohmann::json Literal(std::string_view v) {
  if (v == "True") {
    return true;
  }
  if (v == "False") {
    return false;
  }
  if (v == "None") {
    return nullptr;
  }
  if (v.size() >= 2 && (v.front() == '\'' || v.front() == '"') && v.back() == v.front()) {
    return std::string(v.substr(1, v.size() - 2));
  }
  std::string digits;
  for (char c : v) {
    if (c != '_') {
      digits += c;
    }
  }
  int64_t i = 0;
  auto [end_i, ec_i] = std::from_chars(digits.data(), digits.data() + digits.size(), i);
  if (ec_i == std::errc() && end_i == digits.data() + digits.size() && !digits.empty()) {
    return i;
  }
  double d = 0;
  auto [end_d, ec_d] = std::from_chars(digits.data(), digits.data() + digits.size(), d);
  if (ec_d == std::errc() && end_d == digits.data() + digits.size() && !digits.empty()) {
    return d;
  }
  return std::string(v);
}

}  // namespace

Result<nlohmann::json> ParsePythonAssignments(std::string_view text, std::string_view origin) {
  nlohmann::json object = nlohmann::json::object();
  int64_t line_number = 0;
  while (!text.empty()) {
    size_t newline = text.find('\n');
    std::string_view line = text.substr(0, newline);
    text = newline == std::string_view::npos ? std::string_view() : text.substr(newline + 1);
    ++line_number;
    if (line.empty() || std::isspace(static_cast<unsigned char>(line[0]))) {
      continue;  // blank or indented (inside a block)
    }
    std::string_view code = Trim(StripComment(line));
    size_t eq = code.find('=');
    if (eq == std::string_view::npos || eq + 1 >= code.size() || code[eq + 1] == '=') {
      continue;
    }
    std::string_view name = Trim(code.substr(0, eq));
    if (!IsIdentifier(name)) {
      continue;
    }
    const std::string key(name);
    if (object.contains(key)) {
      return InvalidArgumentError(std::string(origin) + ":" + std::to_string(line_number) + ": " +
                                  key + " is assigned twice; keep one");
    }
    object[key] = Literal(Trim(code.substr(eq + 1)));
  }
  return object;
}

}  // namespace llmcost::config
