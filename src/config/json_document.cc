// Strict JSON/JSONC parsing and located field access for config readers.
#include "json_document.h"

#include <algorithm>
#include <cstdint>
#include <cstring>
#include <functional>
#include <limits>
#include <set>
#include <string_view>
#include <utility>
#include <vector>

#include "llmcost/printable.h"

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
      return Printable(json(s).dump(-1, ' ', false, json::error_handler_t::replace));
    }
    default:
      return value.dump();
  }
}

namespace {

// The JSON pointer of the first key given twice in one object, or "" if there is none.
// The exact (slow) pass: one set of keys per open object. Runs only after the hashed
// check below saw two equal hashes.
class DuplicateKeyFinder {
 public:
  using number_integer_t = json::number_integer_t;
  using number_unsigned_t = json::number_unsigned_t;
  using number_float_t = json::number_float_t;
  using string_t = json::string_t;
  using binary_t = json::binary_t;

  const std::string& duplicate() const { return duplicate_; }

  bool null() { return Value(); }
  bool boolean(bool /*value*/) { return Value(); }
  bool number_integer(number_integer_t /*value*/) { return Value(); }
  bool number_unsigned(number_unsigned_t /*value*/) { return Value(); }
  bool number_float(number_float_t /*value*/, const string_t& /*text*/) { return Value(); }
  bool string(string_t& /*value*/) { return Value(); }
  bool binary(binary_t& /*value*/) { return Value(); }
  bool start_object(std::size_t /*size*/) { return Open(/*is_object=*/true); }
  bool start_array(std::size_t /*size*/) { return Open(/*is_object=*/false); }
  bool end_object() { return Close(); }
  bool end_array() { return Close(); }
  bool key(string_t& key) {
    Container& top = open_.back();
    top.token = EscapePointerToken(key);
    if (!top.keys.insert(key).second) {
      for (const Container& c : open_) {
        duplicate_ += "/" + c.token;
      }
      return false;  // stop: the first duplicate is the one reported
    }
    return true;
  }
  template <class Exception>
  bool parse_error(std::size_t /*position*/, const std::string& /*token*/,
                   const Exception& /*error*/) {
    return false;
  }

 private:
  struct Container {
    bool is_object = false;
    std::set<std::string> keys;
    std::string token;  // the current key (object) or element index (array)
    int64_t elements = 0;
  };
  bool Open(bool is_object) {
    open_.push_back({is_object, {}, "0", 0});
    return true;
  }
  bool Close() {
    open_.pop_back();
    return Value();
  }
  bool Value() {
    if (!open_.empty() && !open_.back().is_object) {
      open_.back().token = std::to_string(++open_.back().elements);
    }
    return true;
  }
  std::vector<Container> open_;
  std::string duplicate_;
};

// nlohmann's DOM builder, plus one 64-bit hash of (object number, key) per key, so that a
// key given twice in one object shows as two equal hashes. nlohmann itself keeps the last
// value of a duplicate key silently.
template <typename JsonT>
class HashingDomBuilder {
 public:
  using number_integer_t = typename JsonT::number_integer_t;
  using number_unsigned_t = typename JsonT::number_unsigned_t;
  using number_float_t = typename JsonT::number_float_t;
  using string_t = typename JsonT::string_t;
  using binary_t = typename JsonT::binary_t;

  explicit HashingDomBuilder(JsonT* root) : dom_(*root, /*allow_exceptions_=*/true) {}

  // True when two keys hashed alike (a duplicate key, or very rarely a collision).
  bool MaybeDuplicate() {
    std::sort(key_hashes_.begin(), key_hashes_.end());
    return std::adjacent_find(key_hashes_.begin(), key_hashes_.end()) != key_hashes_.end();
  }

  bool null() { return dom_.null(); }
  bool boolean(bool value) { return dom_.boolean(value); }
  bool number_integer(number_integer_t value) { return dom_.number_integer(value); }
  bool number_unsigned(number_unsigned_t value) { return dom_.number_unsigned(value); }
  bool number_float(number_float_t value, const string_t& text) {
    return dom_.number_float(value, text);
  }
  bool string(string_t& value) { return dom_.string(value); }
  bool binary(binary_t& value) { return dom_.binary(value); }
  bool start_object(std::size_t size) {
    objects_.push_back(next_object_++);
    return dom_.start_object(size);
  }
  bool key(string_t& key) {
    // splitmix64 finalizer over (object number, string hash): objects differ in all bits.
    uint64_t h = std::hash<std::string_view>()(key) ^ (objects_.back() * 0x9E3779B97F4A7C15u);
    h = (h ^ (h >> 30)) * 0xBF58476D1CE4E5B9u;
    h = (h ^ (h >> 27)) * 0x94D049BB133111EBu;
    key_hashes_.push_back(h ^ (h >> 31));
    return dom_.key(key);
  }
  bool end_object() {
    objects_.pop_back();
    return dom_.end_object();
  }
  bool start_array(std::size_t size) { return dom_.start_array(size); }
  bool end_array() { return dom_.end_array(); }
  template <class Exception>
  bool parse_error(std::size_t position, const std::string& token, const Exception& error) {
    return dom_.parse_error(position, token, error);  // throws `error`
  }

 private:
  nlohmann::detail::json_sax_dom_parser<JsonT> dom_;
  std::vector<uint64_t> objects_;  // number of each open object, outermost first
  uint64_t next_object_ = 0;
  std::vector<uint64_t> key_hashes_;
};

}  // namespace

template <typename JsonT>
Result<JsonT> ParseJsonValue(std::string_view text, std::string_view origin_text,
                             const ReadLimits& limits) {
  const std::string origin = Printable(origin_text);
  if (static_cast<int64_t>(text.size()) > limits.max_bytes) {
    return InvalidArgumentError(origin + ": file is larger than the " +
                                std::to_string(limits.max_bytes >> 20) + " MiB limit for a " +
                                std::string(limits.what) + ", got " + std::to_string(text.size()) +
                                " bytes");
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
  JsonT parsed;
  bool maybe_duplicate = false;
  try {
    HashingDomBuilder<JsonT> builder(&parsed);
    JsonT::sax_parse(text.begin(), text.end(), &builder, nlohmann::json::input_format_t::json,
                     /*strict=*/true, /*ignore_comments=*/true);
    maybe_duplicate = builder.MaybeDuplicate();
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
          (at == std::string_view::npos ? origin + ": " : Location(origin, text, at)) +
          "number is beyond the range of a double, got " + Printable(number));
    }
    return InvalidArgumentError(origin + ": " + Printable(ParseProblem(what)));
  } catch (const json::exception& e) {
    return InvalidArgumentError(origin + ": " + Printable(ParseProblem(e.what())));
  }
  if (maybe_duplicate) {
    DuplicateKeyFinder finder;
    json::sax_parse(text.begin(), text.end(), &finder, json::input_format_t::json,
                    /*strict=*/true, /*ignore_comments=*/true);
    if (!finder.duplicate().empty()) {
      return InvalidArgumentError(origin + ": " + Printable(finder.duplicate()) +
                                  ": key appears twice in one object; keep one");
    }
  }
  return parsed;
}

template Result<json> ParseJsonValue<json>(std::string_view, std::string_view, const ReadLimits&);
template Result<nlohmann::ordered_json> ParseJsonValue<nlohmann::ordered_json>(std::string_view,
                                                                               std::string_view,
                                                                               const ReadLimits&);

Result<json> ParseJsonText(std::string_view text, std::string_view origin) {
  LLMCOST_ASSIGN_OR_RETURN(json parsed, ParseJsonValue<json>(text, origin, kConfigLimits));
  if (!parsed.is_object()) {
    return InvalidArgumentError(Printable(origin) + ": the top level must be a JSON object, got " +
                                DescribeJson(parsed));
  }
  return parsed;
}

namespace {

// The first 8 bytes of `key`, big-endian, zero-padded: when two prefixes differ they order the
// keys as std::string_view does (unsigned bytes); when equal, the keys must be compared.
uint64_t KeyPrefix(std::string_view key) {
  unsigned char bytes[8] = {};
  std::memcpy(bytes, key.data(), std::min<size_t>(key.size(), sizeof(bytes)));
  uint64_t prefix = 0;
  for (unsigned char b : bytes) {
    prefix = prefix << 8 | b;
  }
  return prefix;
}

}  // namespace

Fields::Fields(const json& object, std::string_view origin, std::string pointer)
    : object_(object),
      origin_(origin),
      pointer_(std::move(pointer)),
      entries_(std::make_shared<Entry[]>(object.size())),
      size_(object.size()) {
  size_t i = 0;
  for (const auto& [key, value] : object.get_ref<const json::object_t&>()) {
    entries_[i].key = key;
    entries_[i].prefix = KeyPrefix(key);
    entries_[i].value = &value;
    ++i;
  }
}

Fields::Entry* Fields::FindEntry(std::string_view name) const {
  Entry* const begin = entries_.get();
  Entry* const end = begin + size_;
  const uint64_t prefix = KeyPrefix(name);
  // e.key < name, mostly decided by the prefixes.
  Entry* const it =
      std::lower_bound(begin, end, name, [prefix](const Entry& e, std::string_view n) {
        return e.prefix != prefix ? e.prefix < prefix : e.key < n;
      });
  // Equal prefixes and lengths: keys of at most 8 bytes are equal, longer ones from byte 8 on.
  const bool found = it != end && it->prefix == prefix && it->key.size() == name.size() &&
                     (name.size() <= 8 || it->key.substr(8) == name.substr(8));
  return found ? it : nullptr;
}

const json* Fields::Peek(std::string_view name) const {
  const Entry* e = FindEntry(name);
  return e == nullptr ? nullptr : e->value;
}

const json* Fields::Lookup(std::string_view name) const {
  Entry* e = FindEntry(name);
  if (e == nullptr) {
    return nullptr;
  }
  e->read = true;
  return e->value;
}

const json* Fields::Present(std::string_view name) const {
  const json* value = Lookup(name);
  return value != nullptr && !value->is_null() ? value : nullptr;
}

const json* Fields::FirstPresent(std::initializer_list<std::string_view> names,
                                 std::string_view* found) const {
  // Every alias is looked up (so none of them is reported as ignored); the first present wins.
  const json* first = nullptr;
  for (std::string_view name : names) {
    const json* value = Present(name);
    if (value != nullptr && first == nullptr) {
      first = value;
      *found = name;
    }
  }
  return first;
}

Result<std::vector<std::string>> Fields::StringList(std::string_view name) const {
  std::vector<std::string> out;
  const json* it = Present(name);
  if (it == nullptr) {
    return out;
  }
  if (!it->is_array()) {
    return Error(name, "must be an array of strings");
  }
  for (size_t i = 0; i < it->size(); ++i) {
    const json& v = (*it)[i];
    if (!v.is_string()) {
      return InvalidArgumentError(std::string(origin_) + ": " + Pointer(name) + "/" +
                                  std::to_string(i) + ": must be a string, got " + DescribeJson(v));
    }
    out.push_back(v.get<std::string>());
  }
  return out;
}

std::string Fields::Pointer(std::string_view name) const {
  return pointer_ + "/" + EscapePointerToken(name);
}

Status Fields::Error(std::string_view name, std::string_view expectation) const {
  std::string found = "nothing";
  const auto it = object_.find(name);
  if (it != object_.end()) {
    found = DescribeJson(*it);
  }
  return InvalidArgumentError(std::string(origin_) + ": " + Pointer(name) + ": " +
                              std::string(expectation) + ", got " + found);
}

std::optional<std::string_view> Fields::Find(std::initializer_list<std::string_view> names) const {
  std::string_view name;
  if (FirstPresent(names, &name) == nullptr) {
    return std::nullopt;
  }
  return name;
}

bool Fields::Has(std::initializer_list<std::string_view> names) const {
  std::string_view name;
  return FirstPresent(names, &name) != nullptr;
}

namespace {

// The value of `value` when it is an integer in [min, kMaxFieldValue], else nullopt: the
// success path of CheckInteger for a field with one name, with no Status.
std::optional<int64_t> IntegerInRange(const json& value, int64_t min) {
  if (value.is_number_unsigned()) {
    const auto u = value.get<uint64_t>();
    if (u > static_cast<uint64_t>(kMaxFieldValue)) {
      return std::nullopt;
    }
    const auto v = static_cast<int64_t>(u);
    return v >= min ? std::optional<int64_t>(v) : std::nullopt;
  }
  if (!value.is_number_integer()) {
    return std::nullopt;
  }
  const auto v = value.get<int64_t>();
  return v >= min && v <= kMaxFieldValue ? std::optional<int64_t>(v) : std::nullopt;
}

}  // namespace

Status Fields::CheckInteger(std::initializer_list<std::string_view> names, std::string_view name,
                            const json& value, int64_t min, int64_t* out) const {
  const auto expectation = [min] {
    return min == 1   ? std::string("must be a positive integer")
           : min == 0 ? std::string("must be a non-negative integer")
                      : "must be an integer >= " + std::to_string(min);
  };
  if (value.is_number_unsigned()) {
    if (value.get<uint64_t>() > static_cast<uint64_t>(std::numeric_limits<int64_t>::max())) {
      return Error(name, expectation() + " below 2^63");
    }
  } else if (!value.is_number_integer()) {
    return Error(name, expectation());
  }
  const int64_t v = value.get<int64_t>();
  // Two accepted spellings of one field (n_embd and hidden_size) must agree.
  if (names.size() > 1) {
    for (std::string_view other : names) {
      const json* it = other != name ? Present(other) : nullptr;
      if (it != nullptr && *it != value) {
        return Error(name, "conflicts with " + Pointer(other) + " (" + DescribeJson(*it) +
                               "); give one of them");
      }
    }
  }
  if (v < min) {
    return Error(name, expectation());
  }
  if (v > kMaxFieldValue) {
    return Error(name, expectation() + " at most 2^40 (" + std::to_string(kMaxFieldValue) + ")");
  }
  *out = v;
  return OkStatus();
}

Result<std::optional<int64_t>> Fields::OptionalInteger(
    std::initializer_list<std::string_view> names, int64_t min) const {
  std::string_view name;
  const json* value = FirstPresent(names, &name);
  if (value == nullptr) {
    return std::optional<int64_t>();
  }
  if (names.size() == 1) {
    if (std::optional<int64_t> v = IntegerInRange(*value, min)) {
      return v;
    }
  }
  int64_t v = 0;
  LLMCOST_RETURN_IF_ERROR(CheckInteger(names, name, *value, min, &v));
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
  std::string found = Lookup(first) != nullptr ? "null" : "nothing";
  return InvalidArgumentError(std::string(origin_) + ": " + Pointer(first) + ": required" +
                              accepted + ", got " + found);
}

Result<std::optional<double>> Fields::PositiveNumberOrNull(std::string_view name,
                                                           std::optional<double> fallback) const {
  const json* value = Lookup(name);
  if (value == nullptr) {
    return fallback;
  }
  if (value->is_null()) {
    return std::optional<double>();
  }
  // Parsing rejects numbers beyond a double, so a number here is finite.
  if (!value->is_number() || !(value->get<double>() > 0)) {
    return Error(name, "must be a positive number or null");
  }
  return std::optional<double>(value->get<double>());
}

Result<bool> Fields::Boolean(std::initializer_list<std::string_view> names, bool fallback) const {
  std::string_view name;
  const json* value = FirstPresent(names, &name);
  if (value == nullptr) {
    return fallback;
  }
  if (!value->is_boolean()) {
    return Error(name, "must be true or false");
  }
  return value->get<bool>();
}

Result<std::optional<std::string>> Fields::OptionalString(
    std::initializer_list<std::string_view> names) const {
  std::string_view name;
  const json* value = FirstPresent(names, &name);
  if (value == nullptr) {
    return std::optional<std::string>();
  }
  if (!value->is_string()) {
    return Error(name, "must be a string");
  }
  return std::optional<std::string>(value->get_ref<const std::string&>());
}

Result<std::vector<int64_t>> Fields::IntegerList(std::string_view name, int64_t min,
                                                 int64_t max) const {
  std::vector<int64_t> out;
  const json* it = Present(name);
  if (it == nullptr) {
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
      return InvalidArgumentError(std::string(origin_) + ": " + Pointer(name) + "/" +
                                  std::to_string(i) + ": must be an integer in [" +
                                  std::to_string(min) + ", " + std::to_string(max) + "], got " +
                                  DescribeJson(v));
    }
    out.push_back(v.get<int64_t>());
  }
  return out;
}

Result<std::optional<Fields>> Fields::OptionalObject(std::string_view name) const {
  const json* it = Present(name);
  if (it == nullptr) {
    return std::optional<Fields>();
  }
  if (!it->is_object()) {
    return Error(name, "must be an object");
  }
  return std::optional<Fields>(Fields(*it, origin_, Pointer(name)));
}

}  // namespace llmcost::config
