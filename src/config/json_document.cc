// Strict JSON/JSONC parsing and located field access for config readers.
#include "json_document.h"

#include <limits>
#include <set>
#include <utility>

namespace llmcost::config {

using nlohmann::json;

namespace {

// Escapes a key for a JSON pointer (RFC 6901).
std::string EscapePointerToken(std::string_view token) {
  std::string out;
  for (char c : token) {
    if (c == '~') {
      out += "~0";
    } else if (c == '/') {
      out += "~1";
    } else {
      out += c;
    }
  }
  return out;
}

// Finds line and column (1-based) of byte offset `byte` in `text`.
std::pair<int64_t, int64_t> LineColumn(std::string_view text, size_t byte) {
  int64_t line = 1;
  int64_t column = 1;
  for (size_t i = 0; i < byte && i < text.size(); ++i) {
    if (text[i] == '\n') {
      ++line;
      column = 1;
    } else {
      ++column;
    }
  }
  return {line, column};
}

// Strips nlohmann's "[json.exception.parse_error.101] parse error at line 1, column 2: ".
std::string ParseProblem(const std::string& what) {
  size_t column = what.find("column ");
  size_t colon = column == std::string::npos ? std::string::npos : what.find(": ", column);
  std::string problem = colon == std::string::npos ? what : what.substr(colon + 2);
  // Keep messages on one line.
  for (char& c : problem) {
    if (c == '\n' || c == '\r') {
      c = ' ';
    }
  }
  return problem;
}

// Deepest nesting of arrays and objects accepted; real configs nest a few levels. The
// parser itself is iterative, but a 16 MiB file of brackets costs a GiB and minutes.
constexpr int kMaxNestingDepth = 100;

// Returns the offset of the first '[' or '{' nested deeper than kMaxNestingDepth, or npos.
// Skips strings and comments the way the parser does; exact for valid JSON.
size_t FindExcessiveNesting(std::string_view text) {
  int depth = 0;
  for (size_t i = 0; i < text.size(); ++i) {
    const char c = text[i];
    const char next = i + 1 < text.size() ? text[i + 1] : '\0';
    if (c == '"') {
      for (++i; i < text.size() && text[i] != '"'; ++i) {
        i += text[i] == '\\' ? 1 : 0;
      }
    } else if (c == '/' && next == '/') {
      i = text.find('\n', i);
    } else if (c == '/' && next == '*') {
      i = text.find("*/", i + 2);
      i = i == std::string_view::npos ? i : i + 1;
    } else if (c == '[' || c == '{') {
      if (++depth > kMaxNestingDepth) {
        return i;
      }
    } else if (c == ']' || c == '}') {
      --depth;
    }
    if (i == std::string_view::npos) {
      break;
    }
  }
  return std::string_view::npos;
}

// Makes a parser message printable: bytes outside ASCII (invalid UTF-8 the parser echoes
// back) become \xNN, so stderr stays one line of valid text.
std::string Printable(std::string_view message) {
  static constexpr char kHex[] = "0123456789ABCDEF";
  std::string out;
  for (char c : message) {
    const auto byte = static_cast<unsigned char>(c);
    if (byte >= 0x80 || byte < 0x20) {
      out += "\\x";
      out += kHex[byte >> 4];
      out += kHex[byte & 0xF];
    } else {
      out += c;
    }
  }
  return out;
}

// "<origin>:<line>:<column>: " for byte offset `byte`.
std::string Location(std::string_view origin, std::string_view text, size_t byte) {
  auto [line, column] = LineColumn(text, byte);
  return std::string(origin) + ":" + std::to_string(line) + ":" + std::to_string(column) + ": ";
}

}  // namespace

std::string DescribeJson(const json& value) {
  switch (value.type()) {
    case json::value_t::null:
      return "null";
    case json::value_t::object:
      return "an object";
    case json::value_t::array:
      return "an array";
    case json::value_t::string: {
      std::string s = value.get<std::string>();
      if (s.size() > 40) {
        s = s.substr(0, 40) + "...";
      }
      return json(s).dump(-1, ' ', false, json::error_handler_t::replace);
    }
    default:
      return value.dump();
  }
}

Result<json> ParseJsonText(std::string_view text, std::string_view origin) {
  if (static_cast<int64_t>(text.size()) > kMaxConfigBytes) {
    return InvalidArgumentError(
        std::string(origin) + ": file is larger than the " + std::to_string(kMaxConfigBytes >> 20) +
        " MiB limit for a config, got " + std::to_string(text.size()) + " bytes");
  }
  // The parser takes a NUL byte for the end of the input: "{}\0junk" would pass.
  if (size_t nul = text.find('\0'); nul != std::string_view::npos) {
    return InvalidArgumentError(Location(origin, text, nul) +
                                "expected JSON text, got a NUL byte (is this a binary file?)");
  }
  if (size_t deep = FindExcessiveNesting(text); deep != std::string_view::npos) {
    return InvalidArgumentError(Location(origin, text, deep) + "arrays and objects nest deeper " +
                                "than " + std::to_string(kMaxNestingDepth) + " levels");
  }
  // Detect duplicate keys: nlohmann keeps the last silently, which would make the
  // answer depend on an ambiguity. Track the keys of each open object and the JSON
  // pointer of every open container (its key in an object, its index in an array).
  struct Open {
    bool is_object = false;
    std::set<std::string> keys;
    std::string token;  // the current key (object) or element index (array)
    int64_t elements = 0;
  };
  std::vector<Open> open;
  std::string duplicate;
  auto element_done = [&] {
    if (!open.empty() && !open.back().is_object) {
      open.back().token = std::to_string(++open.back().elements);
    }
  };
  json::parser_callback_t callback = [&](int /*depth*/, json::parse_event_t event, json& parsed) {
    switch (event) {
      case json::parse_event_t::object_start:
      case json::parse_event_t::array_start:
        open.push_back({event == json::parse_event_t::object_start, {}, "0", 0});
        break;
      case json::parse_event_t::key:
        if (!open.empty()) {
          const std::string key = parsed.get<std::string>();
          open.back().token = EscapePointerToken(key);
          if (!open.back().keys.insert(key).second && duplicate.empty()) {
            for (const Open& o : open) {
              duplicate += "/" + o.token;
            }
          }
        }
        break;
      case json::parse_event_t::object_end:
      case json::parse_event_t::array_end:
        if (!open.empty()) {
          open.pop_back();
        }
        element_done();
        break;
      case json::parse_event_t::value:
        element_done();
        break;
    }
    return true;
  };
  json parsed;
  try {
    parsed = json::parse(text.begin(), text.end(), callback, /*allow_exceptions=*/true,
                         /*ignore_comments=*/true);
  } catch (const json::parse_error& e) {
    return InvalidArgumentError(Location(origin, text, e.byte == 0 ? 0 : e.byte - 1) +
                                Printable(ParseProblem(e.what())));
  } catch (const json::out_of_range& e) {
    // 406: a number beyond the range of a double, e.g. 1e400; the message quotes it.
    std::string what = e.what();
    size_t open_quote = what.find('\'');
    size_t close_quote = what.rfind('\'');
    if (e.id == 406 && open_quote != std::string::npos && close_quote > open_quote) {
      std::string number = what.substr(open_quote + 1, close_quote - open_quote - 1);
      size_t at = text.find(number);
      return InvalidArgumentError(
          (at == std::string_view::npos ? std::string(origin) + ": " : Location(origin, text, at)) +
          "number is beyond the range of a double, got " + Printable(number));
    }
    return InvalidArgumentError(std::string(origin) + ": " + Printable(ParseProblem(what)));
  } catch (const json::exception& e) {
    return InvalidArgumentError(std::string(origin) + ": " + Printable(ParseProblem(e.what())));
  }
  if (!duplicate.empty()) {
    return InvalidArgumentError(std::string(origin) + ": " + duplicate +
                                ": key appears twice in one object; keep one");
  }
  if (!parsed.is_object()) {
    return InvalidArgumentError(
        std::string(origin) + ": the top level must be a JSON object, got " + DescribeJson(parsed));
  }
  return parsed;
}

Fields::Fields(const json& object, std::string origin, std::string pointer)
    : object_(object), origin_(std::move(origin)), pointer_(std::move(pointer)) {}

std::string Fields::Pointer(std::string_view name) const {
  return pointer_ + "/" + EscapePointerToken(name);
}

Status Fields::Error(std::string_view name, std::string_view expectation) const {
  std::string found = "nothing";
  auto it = object_.find(std::string(name));
  if (it != object_.end()) {
    found = DescribeJson(*it);
  }
  return InvalidArgumentError(origin_ + ": " + Pointer(name) + ": " + std::string(expectation) +
                              ", got " + found);
}

std::optional<std::string_view> Fields::Find(std::initializer_list<std::string_view> names) const {
  for (std::string_view name : names) {
    auto it = object_.find(std::string(name));
    if (it != object_.end() && !it->is_null()) {
      return name;
    }
  }
  return std::nullopt;
}

bool Fields::Has(std::initializer_list<std::string_view> names) const {
  return Find(names).has_value();
}

Result<std::optional<int64_t>> Fields::OptionalInteger(
    std::initializer_list<std::string_view> names, int64_t min) const {
  std::optional<std::string_view> name = Find(names);
  if (!name) {
    return std::optional<int64_t>();
  }
  const json& value = object_.at(std::string(*name));
  std::string expectation = min == 1   ? "must be a positive integer"
                            : min == 0 ? "must be a non-negative integer"
                                       : "must be an integer >= " + std::to_string(min);
  if (value.is_number_unsigned()) {
    if (value.get<uint64_t>() > static_cast<uint64_t>(std::numeric_limits<int64_t>::max())) {
      return Error(*name, expectation + " below 2^63");
    }
  } else if (!value.is_number_integer()) {
    return Error(*name, expectation);
  }
  int64_t v = value.get<int64_t>();
  // Two accepted spellings of one field (n_embd and hidden_size) must agree.
  for (std::string_view other : names) {
    auto it = object_.find(std::string(other));
    if (other != *name && it != object_.end() && !it->is_null() && *it != value) {
      return Error(*name, "conflicts with " + Pointer(other) + " (" + DescribeJson(*it) +
                              "); give one of them");
    }
  }
  if (v < min) {
    return Error(*name, expectation);
  }
  if (v > kMaxFieldValue) {
    return Error(*name, expectation + " at most 2^40 (" + std::to_string(kMaxFieldValue) + ")");
  }
  return std::optional<int64_t>(v);
}

Result<int64_t> Fields::Integer(std::initializer_list<std::string_view> names, int64_t min,
                                std::optional<int64_t> fallback) const {
  LLMCOST_ASSIGN_OR_RETURN(std::optional<int64_t> v, OptionalInteger(names, min));
  if (v) {
    return *v;
  }
  if (fallback) {
    return *fallback;
  }
  std::string accepted;
  for (std::string_view n : names) {
    if (n != *names.begin()) {
      accepted += accepted.empty() ? " (also accepted: " : ", ";
      accepted += n;
    }
  }
  if (!accepted.empty()) {
    accepted += ")";
  }
  std::string_view first = *names.begin();
  std::string found = object_.contains(std::string(first)) ? "null" : "nothing";
  return InvalidArgumentError(origin_ + ": " + Pointer(first) + ": required" + accepted + ", got " +
                              found);
}

Result<bool> Fields::Boolean(std::initializer_list<std::string_view> names, bool fallback) const {
  std::optional<std::string_view> name = Find(names);
  if (!name) {
    return fallback;
  }
  const json& value = object_.at(std::string(*name));
  if (!value.is_boolean()) {
    return Error(*name, "must be true or false");
  }
  return value.get<bool>();
}

Result<std::optional<std::string>> Fields::OptionalString(
    std::initializer_list<std::string_view> names) const {
  std::optional<std::string_view> name = Find(names);
  if (!name) {
    return std::optional<std::string>();
  }
  const json& value = object_.at(std::string(*name));
  if (!value.is_string()) {
    return Error(*name, "must be a string");
  }
  return std::optional<std::string>(value.get<std::string>());
}

Result<std::vector<int64_t>> Fields::IntegerList(std::string_view name, int64_t min,
                                                 int64_t max) const {
  std::vector<int64_t> out;
  auto it = object_.find(std::string(name));
  if (it == object_.end() || it->is_null()) {
    return out;
  }
  if (!it->is_array()) {
    return Error(name, "must be an array of integers in [" + std::to_string(min) + ", " +
                           std::to_string(max) + "]");
  }
  for (size_t i = 0; i < it->size(); ++i) {
    const json& v = (*it)[i];
    if (!v.is_number_integer() || v.get<int64_t>() < min || v.get<int64_t>() > max ||
        (v.is_number_unsigned() &&
         v.get<uint64_t>() > static_cast<uint64_t>(std::numeric_limits<int64_t>::max()))) {
      return InvalidArgumentError(origin_ + ": " + Pointer(name) + "/" + std::to_string(i) +
                                  ": must be an integer in [" + std::to_string(min) + ", " +
                                  std::to_string(max) + "], got " + DescribeJson(v));
    }
    out.push_back(v.get<int64_t>());
  }
  return out;
}

Result<std::optional<Fields>> Fields::OptionalObject(std::string_view name) const {
  auto it = object_.find(std::string(name));
  if (it == object_.end() || it->is_null()) {
    return std::optional<Fields>();
  }
  if (!it->is_object()) {
    return Error(name, "must be an object");
  }
  return std::optional<Fields>(Fields(*it, origin_, Pointer(name)));
}

}  // namespace llmcost::config
