// JsonDocument / Fields: strict, located access to a parsed JSON or JSONC config.
//
// Private to src/config/: the only place that includes nlohmann-json for reading.
// Every accessor returns a Status whose message names the origin file, the field as
// a JSON pointer, what was expected and what was found.
#ifndef LLMCOST_SRC_CONFIG_JSON_DOCUMENT_H_
#define LLMCOST_SRC_CONFIG_JSON_DOCUMENT_H_

#include <cstdint>
#include <initializer_list>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json.hpp>

#include "llmcost/status.h"

#include "file_reader.h"

namespace llmcost::config {

// Largest accepted integer field (2^40): larger widths are never real, and the cap
// keeps sums of two widths from overflowing; products are checked where they are formed.
inline constexpr int64_t kMaxFieldValue = int64_t{1} << 40;

// Parses JSON text; // and /* */ comments are skipped, a UTF-8 byte-order mark is
// accepted. Errors: kInvalidArgument "<origin>:<line>:<column>: <problem>" for syntax
// errors, "<origin>: /<pointer>: duplicate key" for a key given twice in one object,
// "<origin>: the top level must be a JSON object" otherwise.
Result<nlohmann::json> ParseJsonText(std::string_view text, std::string_view origin);

// The reader every JSON input of llmcost goes through (configs, hardware tables): parses
// `text` as JSON with // and /* */ comments and an optional UTF-8 byte-order mark, and
// rejects, each with a located one-line message that starts with `origin`:
//   more than `limits.max_bytes` bytes, a NUL byte, arrays and objects nested deeper than 100
//   levels (found before parsing: no deep recursion anywhere after), syntax errors
//   ("<origin>:<line>:<column>: <problem>"), numbers beyond a double, and a key given
//   twice in one object ("<origin>: /a/0/b: key appears twice in one object; keep one").
// Any top-level value is returned; callers check its type. JsonT is nlohmann::json or
// nlohmann::ordered_json (explicitly instantiated for both).
// The duplicate-key check allocates no set per object: it hashes (object, key) pairs into
// one vector and looks for equal neighbours after sorting; only when two hashes are equal
// does a second, exact pass find the duplicate (or clear a hash collision).
template <typename JsonT>
Result<JsonT> ParseJsonValue(std::string_view text, std::string_view origin,
                             const ReadLimits& limits);

// Read-only view of one JSON object with typed, validated field access.
// Field lookups take a list of accepted names (aliases), first present wins.
// A lookup that succeeds builds no string and no error: messages are formed only on failure.
class Fields {
 public:
  // REQUIRES: object.is_object(); `object` and the text `origin` views outlive this view and
  // its copies.
  Fields(const nlohmann::json& object, std::string_view origin, std::string pointer);

  std::string_view origin() const { return origin_; }
  const nlohmann::json& node() const { return object_; }

  // True when one of `names` is present and not null.
  bool Has(std::initializer_list<std::string_view> names) const;
  // The first of `names` present and not null, or nullopt.
  std::optional<std::string_view> Find(std::initializer_list<std::string_view> names) const;

  // A JSON integer in [min, kMaxFieldValue]. Absent or null: `fallback` if given, else an error.
  Result<int64_t> Integer(std::initializer_list<std::string_view> names, int64_t min,
                          std::optional<int64_t> fallback = std::nullopt) const;
  // A JSON integer in [min, kMaxFieldValue], or nullopt when absent or null.
  Result<std::optional<int64_t>> OptionalInteger(std::initializer_list<std::string_view> names,
                                                 int64_t min) const;
  // A JSON number > 0 (integer or real, finite), e.g. a soft-capping constant. Absent:
  // `fallback`; null: nullopt (a config's None: the feature is off).
  Result<std::optional<double>> PositiveNumberOrNull(std::string_view name,
                                                     std::optional<double> fallback) const;
  // A JSON boolean. Absent or null: `fallback`.
  Result<bool> Boolean(std::initializer_list<std::string_view> names, bool fallback) const;
  // A JSON string, or nullopt when absent or null.
  Result<std::optional<std::string>> OptionalString(
      std::initializer_list<std::string_view> names) const;
  // A JSON array of integers in [min, max], or {} when absent or null.
  Result<std::vector<int64_t>> IntegerList(std::string_view name, int64_t min, int64_t max) const;
  // A JSON array of strings, or {} when absent or null.
  Result<std::vector<std::string>> StringList(std::string_view name) const;
  // A nested object, or nullopt when absent or null.
  Result<std::optional<Fields>> OptionalObject(std::string_view name) const;

  // The value of field `name` (null included) without marking it as looked up, or nullptr
  // when absent: for checks that must not hide the field from ForEachUnread.
  const nlohmann::json* Peek(std::string_view name) const;

  // Calls visit(key, value) for each key of this object (not null) that no accessor above has
  // looked up, in document order: what the field map ignored. Copies of a Fields share one
  // record of looked-up names.
  template <typename Visit>
  void ForEachUnread(Visit visit) const {
    for (size_t i = 0; i < size_; ++i) {
      const Entry& e = entries_[i];
      if (!e.read && !e.value->is_null()) {
        visit(e.key, *e.value);
      }
    }
  }

  // Returns "<origin>: <pointer>/<name>: <expectation>, got <found>" as kInvalidArgument.
  Status Error(std::string_view name, std::string_view expectation) const;
  // The JSON pointer of field `name`, e.g. "/text_config/hidden_size".
  std::string Pointer(std::string_view name) const;
  // The JSON pointer of this object: "" for the top level, e.g. "/text_config".
  const std::string& pointer() const { return pointer_; }

 private:
  // One key of the object (nlohmann::json keeps them sorted), its value, and whether an
  // accessor has looked it up. All of an object's entries live in one shared allocation.
  struct Entry {
    std::string_view key;
    uint64_t prefix = 0;  // KeyPrefix(key): decides most comparisons of the binary search
    const nlohmann::json* value = nullptr;
    bool read = false;
  };

  // The entry of field `name`, or nullptr when absent.
  Entry* FindEntry(std::string_view name) const;
  // The value of field `name` (null included) marked as read, or nullptr when absent.
  const nlohmann::json* Lookup(std::string_view name) const;
  // The value of field `name` when present and not null (marked as read), else nullptr.
  const nlohmann::json* Present(std::string_view name) const;
  // Looks up every one of `names` (so none is reported as ignored); returns the value of the
  // first present and not null, its name in *found, or nullptr.
  const nlohmann::json* FirstPresent(std::initializer_list<std::string_view> names,
                                     std::string_view* found) const;
  // The checks of OptionalInteger on `value`, the value of `name` (one of `names`).
  Status CheckInteger(std::initializer_list<std::string_view> names, std::string_view name,
                      const nlohmann::json& value, int64_t min, int64_t* out) const;

  const nlohmann::json& object_;
  std::string_view origin_;
  std::string pointer_;
  std::shared_ptr<Entry[]> entries_;
  size_t size_ = 0;
};

// A short rendering of a JSON value for messages, e.g. "-5", "\"abc\"", "null", "an array".
std::string DescribeJson(const nlohmann::json& value);

}  // namespace llmcost::config

#endif  // LLMCOST_SRC_CONFIG_JSON_DOCUMENT_H_
