// Reads hardware tables (data/hardware.json and --hardware-file) into Hardware.
//
// The only code that knows the file's field names. nlohmann-json stays inside this
// file; its exceptions never leave it (docs/robustness.md#error-policy).
#include <algorithm>
#include <cctype>
#include <cmath>
#include <cstddef>
#include <cstdint>
#include <limits>
#include <optional>
#include <string>
#include <string_view>
#include <system_error>
#include <unordered_map>
#include <utility>
#include <vector>

#include <nlohmann/json.hpp>

#include "llmcost/bounded_file.h"
#include "llmcost/hardware.h"
#include "llmcost/printable.h"
#include "llmcost/spelling.h"
#include "llmcost/status.h"

#include "json_document.h"
#include "shipped_hardware.h"

namespace llmcost {
namespace {

// ordered_json keeps "sources" in file order, so output that lists them is stable.
using Json = nlohmann::ordered_json;

constexpr std::string_view kFieldId = "id";
constexpr std::string_view kFieldAliases = "aliases";
constexpr std::string_view kFieldName = "name";
constexpr std::string_view kFieldVendor = "vendor";
constexpr std::string_view kFieldPeakBf16 = "peak_bf16_flops_per_s";
constexpr std::string_view kFieldPeakFp8 = "peak_fp8_flops_per_s";
constexpr std::string_view kFieldMemoryBytes = "memory_bytes";
constexpr std::string_view kFieldUsableMemory = "usable_memory_bytes";
constexpr std::string_view kFieldBandwidth = "memory_bandwidth_bytes_per_s";
constexpr std::string_view kFieldPower = "power_watts";
constexpr std::string_view kFieldPrice = "price_usd_per_gpu_hour";
constexpr std::string_view kFieldSources = "sources";
constexpr std::string_view kFieldAsOf = "as_of";
constexpr std::string_view kFieldNotes = "notes";

// Every field an entry may have, in the order the docs list them.
constexpr std::string_view kKnownFields[] = {
    kFieldId,      kFieldAliases,     kFieldName,         kFieldVendor,    kFieldPeakBf16,
    kFieldPeakFp8, kFieldMemoryBytes, kFieldUsableMemory, kFieldBandwidth, kFieldPower,
    kFieldPrice,   kFieldSources,     kFieldAsOf,         kFieldNotes,
};

// The numeric fields; each one present (and not null) needs a citation in "sources".
constexpr std::string_view kNumericFields[] = {
    kFieldPeakBf16,  kFieldPeakFp8, kFieldMemoryBytes, kFieldUsableMemory,
    kFieldBandwidth, kFieldPower,   kFieldPrice,
};

// Largest accepted hardware table (the shipped one is about 30 KiB).
constexpr ReadLimits kHardwareLimits{int64_t{16} << 20, "hardware table"};

// Longest rendering of a bad value in a message; longer ones end in "...".
constexpr std::size_t kMaxShownValueChars = 60;

std::string ToLower(std::string_view text) {
  std::string lower(text);
  for (char& c : lower) {
    c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  }
  return lower;
}

// Renders a JSON value for "got <value>": strings quoted, long values shortened.
std::string Shown(const Json& value) {
  std::string text = value.dump(-1, ' ', false, Json::error_handler_t::replace);
  if (text.size() > kMaxShownValueChars) {
    // Cut at a character boundary: never in the middle of a UTF-8 sequence.
    std::size_t cut = kMaxShownValueChars - 3;
    while (cut > 0 && (static_cast<unsigned char>(text[cut]) & 0xC0u) == 0x80u) {
      --cut;
    }
    text.resize(cut);
    text += "...";
  }
  return Printable(text);
}

// Escapes one JSON pointer reference token (RFC 6901): '~' -> "~0", '/' -> "~1"; then, as
// the token is echoed in a one-line message, whatever Printable() escapes.
std::string PointerToken(std::string_view token) {
  std::string escaped;
  for (char c : token) {
    if (c == '~') {
      escaped += "~0";
    } else if (c == '/') {
      escaped += "~1";
    } else {
      escaped += c;
    }
  }
  return Printable(escaped);
}

bool IsValidName(std::string_view name) {
  if (name.empty()) {
    return false;
  }
  for (std::size_t i = 0; i < name.size(); ++i) {
    const char c = name[i];
    const bool alnum = (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9');
    const bool punct = c == '-' || c == '.' || c == '_';
    if (!alnum && !(i > 0 && punct)) {
      return false;
    }
  }
  return true;
}

// Accepts "YYYY-MM-DD" naming a real calendar day (no February 30, no April 31).
bool IsValidDate(std::string_view date) {
  if (date.size() != 10 || date[4] != '-' || date[7] != '-') {
    return false;
  }
  for (std::size_t i : {0, 1, 2, 3, 5, 6, 8, 9}) {
    if (date[i] < '0' || date[i] > '9') {
      return false;
    }
  }
  const int year =
      (date[0] - '0') * 1000 + (date[1] - '0') * 100 + (date[2] - '0') * 10 + (date[3] - '0');
  const int month = (date[5] - '0') * 10 + (date[6] - '0');
  const int day = (date[8] - '0') * 10 + (date[9] - '0');
  if (month < 1 || month > 12 || day < 1) {
    return false;
  }
  // Gregorian calendar: February has 29 days in years divisible by 4, except centuries
  // not divisible by 400.
  constexpr int kDaysInMonth[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  const bool leap = (year % 4 == 0 && year % 100 != 0) || year % 400 == 0;
  return day <= kDaysInMonth[month - 1] + (month == 2 && leap ? 1 : 0);
}

// Reads one entry, producing messages that point at "/<index>/<field>".
class EntryReader {
 public:
  EntryReader(std::string_view origin, std::size_t index, const Json& entry)
      : origin_(origin), index_(index), entry_(entry) {}

  Result<Hardware> Read() {
    if (!entry_.is_object()) {
      return Error("", "must be an object", entry_);
    }
    for (const auto& [key, value] : entry_.items()) {
      if (std::find(std::begin(kKnownFields), std::end(kKnownFields), key) ==
          std::end(kKnownFields)) {
        return UnknownField(PointerToken(key), key, kKnownFields);
      }
    }
    Hardware hardware;
    hardware.origin = std::string(origin_);
    LLMCOST_ASSIGN_OR_RETURN(hardware.id, RequiredName(kFieldId));
    LLMCOST_ASSIGN_OR_RETURN(hardware.aliases, Aliases());
    LLMCOST_ASSIGN_OR_RETURN(hardware.name, RequiredString(kFieldName));
    LLMCOST_ASSIGN_OR_RETURN(hardware.vendor, RequiredString(kFieldVendor));
    LLMCOST_ASSIGN_OR_RETURN(hardware.peak_bf16_flops_per_s, RequiredPositive(kFieldPeakBf16));
    LLMCOST_ASSIGN_OR_RETURN(hardware.peak_fp8_flops_per_s, OptionalPositive(kFieldPeakFp8));
    LLMCOST_ASSIGN_OR_RETURN(hardware.memory_bytes, MemoryBytes(kFieldMemoryBytes));
    if (const Json* usable = Find(kFieldUsableMemory); usable != nullptr && !usable->is_null()) {
      LLMCOST_ASSIGN_OR_RETURN(int64_t bytes, MemoryBytes(kFieldUsableMemory));
      if (bytes > hardware.memory_bytes) {
        return Error(kFieldUsableMemory, "must be at most memory_bytes", *usable);
      }
      hardware.usable_memory_bytes = bytes;
    }
    LLMCOST_ASSIGN_OR_RETURN(hardware.memory_bandwidth_bytes_per_s,
                             RequiredPositive(kFieldBandwidth));
    LLMCOST_ASSIGN_OR_RETURN(hardware.power_watts, OptionalPositive(kFieldPower));
    LLMCOST_ASSIGN_OR_RETURN(hardware.price_usd_per_gpu_hour, OptionalPositive(kFieldPrice));
    LLMCOST_ASSIGN_OR_RETURN(hardware.sources, Sources());
    LLMCOST_ASSIGN_OR_RETURN(hardware.as_of, AsOf());
    if (const Json* notes = Find(kFieldNotes); notes != nullptr) {
      if (!notes->is_string()) {
        return Error(kFieldNotes, "must be a string", *notes);
      }
      hardware.notes = notes->get<std::string>();
    }
    return hardware;
  }

 private:
  // "<origin>: /<index>[/<path>]: <expectation>, got <value>".
  Status Error(std::string_view path, std::string_view expectation, const Json& got) const {
    return InvalidArgumentError(Prefix(path) + std::string(expectation) + ", got " + Shown(got));
  }

  std::string Prefix(std::string_view path) const {
    std::string prefix = std::string(origin_) + ": /" + std::to_string(index_);
    if (!path.empty()) {
      prefix += "/";
      prefix += path;
    }
    return prefix + ": ";
  }

  template <typename Range>
  Status UnknownField(std::string_view path, std::string_view key, const Range& known) const {
    std::string message = Prefix(path) + "unknown field";
    if (const auto suggestion = ClosestSpelling(key, known)) {
      message += ", did you mean '" + *suggestion + "'?";
    }
    return InvalidArgumentError(std::move(message));
  }

  const Json* Find(std::string_view field) const {
    const auto it = entry_.find(std::string(field));
    return it == entry_.end() ? nullptr : &*it;
  }

  Result<const Json*> Required(std::string_view field) const {
    const Json* value = Find(field);
    if (value == nullptr) {
      return InvalidArgumentError(Prefix("") + "missing required field '" + std::string(field) +
                                  "'");
    }
    return value;
  }

  Result<std::string> RequiredString(std::string_view field) const {
    LLMCOST_ASSIGN_OR_RETURN(const Json* value, Required(field));
    if (!value->is_string() || value->get_ref<const std::string&>().empty()) {
      return Error(field, "must be a non-empty string", *value);
    }
    return value->get<std::string>();
  }

  Result<std::string> NameAt(std::string_view path, const Json& value) const {
    if (!value.is_string() || !IsValidName(value.get_ref<const std::string&>())) {
      return Error(path, "must be a lowercase name of [a-z0-9] then [a-z0-9._-]", value);
    }
    return value.get<std::string>();
  }

  Result<std::string> RequiredName(std::string_view field) const {
    LLMCOST_ASSIGN_OR_RETURN(const Json* value, Required(field));
    return NameAt(field, *value);
  }

  Result<std::vector<std::string>> Aliases() const {
    std::vector<std::string> aliases;
    const Json* value = Find(kFieldAliases);
    if (value == nullptr) {
      return aliases;
    }
    if (!value->is_array()) {
      return Error(kFieldAliases, "must be an array of names", *value);
    }
    for (std::size_t i = 0; i < value->size(); ++i) {
      const std::string path = std::string(kFieldAliases) + "/" + std::to_string(i);
      LLMCOST_ASSIGN_OR_RETURN(std::string alias, NameAt(path, (*value)[i]));
      aliases.push_back(std::move(alias));
    }
    return aliases;
  }

  Result<double> PositiveAt(std::string_view field, const Json& value,
                            std::string_view expectation) const {
    if (!value.is_number()) {
      return Error(field, expectation, value);
    }
    const double number = value.get<double>();
    if (!std::isfinite(number) || number <= 0) {
      return Error(field, expectation, value);
    }
    return number;
  }

  Result<double> RequiredPositive(std::string_view field) const {
    LLMCOST_ASSIGN_OR_RETURN(const Json* value, Required(field));
    return PositiveAt(field, *value, "must be a positive number");
  }

  Result<std::optional<double>> OptionalPositive(std::string_view field) const {
    const Json* value = Find(field);
    if (value == nullptr || value->is_null()) {
      return std::optional<double>();
    }
    LLMCOST_ASSIGN_OR_RETURN(const double number,
                             PositiveAt(field, *value, "must be a positive number or null"));
    return std::optional<double>(number);
  }

  Result<int64_t> MemoryBytes(std::string_view field) const {
    LLMCOST_ASSIGN_OR_RETURN(const Json* value, Required(field));
    if (value->is_number_unsigned()) {
      const uint64_t bytes = value->get<uint64_t>();
      if (bytes > static_cast<uint64_t>(std::numeric_limits<int64_t>::max())) {
        return OutOfRangeError(Prefix(field) + "must be at most " +
                               std::to_string(std::numeric_limits<int64_t>::max()) + ", got " +
                               Shown(*value));
      }
      if (bytes > 0) {
        return static_cast<int64_t>(bytes);
      }
    } else if (value->is_number_integer() && value->get<int64_t>() > 0) {
      return value->get<int64_t>();
    }
    return Error(field, "must be a positive integer", *value);
  }

  Result<std::vector<HardwareSource>> Sources() const {
    LLMCOST_ASSIGN_OR_RETURN(const Json* value, Required(kFieldSources));
    if (!value->is_object()) {
      return Error(kFieldSources, "must be an object mapping field names to citations", *value);
    }
    std::vector<HardwareSource> sources;
    for (const auto& [key, citation] : value->items()) {
      const std::string path = std::string(kFieldSources) + "/" + PointerToken(key);
      if (std::find(std::begin(kNumericFields), std::end(kNumericFields), key) ==
          std::end(kNumericFields)) {
        return UnknownField(path, key, kNumericFields);
      }
      if (!citation.is_string() || citation.get_ref<const std::string&>().empty()) {
        return Error(path, "must be a non-empty citation string", citation);
      }
      sources.push_back({key, citation.get<std::string>()});
    }
    for (std::string_view field : kNumericFields) {
      const Json* number = Find(field);
      if (number == nullptr || number->is_null()) {
        continue;
      }
      if (!value->contains(std::string(field))) {
        return InvalidArgumentError(Prefix(kFieldSources) + "missing a citation for '" +
                                    std::string(field) + "'");
      }
    }
    return sources;
  }

  Result<std::string> AsOf() const {
    LLMCOST_ASSIGN_OR_RETURN(const Json* value, Required(kFieldAsOf));
    if (!value->is_string() || !IsValidDate(value->get_ref<const std::string&>())) {
      return Error(kFieldAsOf, "must be a calendar date YYYY-MM-DD", *value);
    }
    return value->get<std::string>();
  }

  std::string_view origin_;
  std::size_t index_;
  const Json& entry_;
};

// Every name an entry answers to, with its pointer relative to the entry.
std::vector<std::pair<std::string, std::string>> NamesOf(const Hardware& hardware) {
  std::vector<std::pair<std::string, std::string>> names;
  names.emplace_back(ToLower(hardware.id), std::string(kFieldId));
  for (std::size_t i = 0; i < hardware.aliases.size(); ++i) {
    names.emplace_back(ToLower(hardware.aliases[i]),
                       std::string(kFieldAliases) + "/" + std::to_string(i));
  }
  return names;
}

bool AnswersTo(const Hardware& hardware, std::string_view lower_name) {
  if (ToLower(hardware.id) == lower_name) {
    return true;
  }
  return std::any_of(hardware.aliases.begin(), hardware.aliases.end(),
                     [&](const std::string& alias) { return ToLower(alias) == lower_name; });
}

Status NotUniqueError(std::string_view origin, std::size_t index, std::string_view path,
                      std::string_view name, const Hardware& owner, std::string_view where) {
  return InvalidArgumentError(std::string(origin) + ": /" + std::to_string(index) + "/" +
                              std::string(path) + ": must be unique, got \"" + std::string(name) +
                              "\" (already names '" + owner.id + "' " + std::string(where) + ")");
}

// Checks that no name (id or alias) is used twice within one parsed file: one hash map
// of lowercase name -> entry index, so a file with many entries is checked in linear time.
Status CheckUniqueNames(std::string_view origin, const std::vector<Hardware>& table) {
  std::unordered_map<std::string, std::size_t> seen;
  for (std::size_t i = 0; i < table.size(); ++i) {
    for (const auto& [name, path] : NamesOf(table[i])) {
      const auto [previous, inserted] = seen.emplace(name, i);
      if (!inserted) {
        const std::size_t k = previous->second;
        return NotUniqueError(origin, i, path, name, table[k],
                              k == i ? std::string("in this entry") : "at /" + std::to_string(k));
      }
    }
  }
  return OkStatus();
}

}  // namespace

Result<std::vector<Hardware>> ParseHardwareTable(std::string_view text,
                                                 std::string_view origin_text) {
  const std::string origin = Printable(origin_text);
  try {
    // The config reader's JSON reader: size cap, nesting cap, duplicate keys rejected.
    LLMCOST_ASSIGN_OR_RETURN(const Json document,
                             config::ParseJsonValue<Json>(text, origin, kHardwareLimits));
    if (!document.is_array()) {
      return InvalidArgumentError(origin + ": must be an array of accelerator objects, got " +
                                  Shown(document));
    }
    if (document.empty()) {
      return InvalidArgumentError(origin + ": must list at least one accelerator, got []");
    }
    std::vector<Hardware> table;
    table.reserve(document.size());
    for (std::size_t i = 0; i < document.size(); ++i) {
      LLMCOST_ASSIGN_OR_RETURN(Hardware hardware, EntryReader(origin, i, document[i]).Read());
      table.push_back(std::move(hardware));
    }
    LLMCOST_RETURN_IF_ERROR(CheckUniqueNames(origin, table));
    return table;
  } catch (const nlohmann::json::exception& error) {
    // Every access above checks the type first, so reaching this is a bug.
    return InternalError(origin + ": unexpected JSON error: " + Printable(error.what()));
  }
}

Result<std::vector<Hardware>> LoadHardwareTable(const std::string& path) {
  LLMCOST_ASSIGN_OR_RETURN(const std::string text, ReadFileBounded(path, kHardwareLimits));
  return ParseHardwareTable(text, path == kStdinPath ? kStdinName : std::string_view(path));
}

Result<std::vector<Hardware>> MergeHardwareTables(std::vector<Hardware> base,
                                                  const std::vector<Hardware>& overrides) {
  // Lowercase name (id or alias) -> slot in `base`, kept in step as overrides land, so
  // merging is linear in the number of names however many entries the files hold.
  std::unordered_map<std::string, std::size_t> slot_of_name;
  for (std::size_t k = 0; k < base.size(); ++k) {
    for (auto& [name, path] : NamesOf(base[k])) {
      slot_of_name.emplace(std::move(name), k);
    }
  }
  for (std::size_t i = 0; i < overrides.size(); ++i) {
    const Hardware& entry = overrides[i];
    const auto same_id = slot_of_name.find(ToLower(entry.id));
    std::size_t slot = base.size();
    if (same_id != slot_of_name.end() && ToLower(base[same_id->second].id) == ToLower(entry.id)) {
      slot = same_id->second;
      for (const auto& [name, path] : NamesOf(base[slot])) {
        if (const auto it = slot_of_name.find(name);
            it != slot_of_name.end() && it->second == slot) {
          slot_of_name.erase(it);
        }
      }
      base[slot] = entry;
    } else {
      base.push_back(entry);
    }
    for (auto& [name, path] : NamesOf(entry)) {
      const auto [it, inserted] = slot_of_name.emplace(name, slot);
      if (!inserted && it->second != slot) {
        const Hardware& owner = base[it->second];
        return NotUniqueError(entry.origin, i, path, name, owner, "from " + owner.origin);
      }
    }
  }
  return base;
}

Result<std::vector<Hardware>> LoadShippedHardwareTable() {
  return ParseHardwareTable(config::ShippedHardwareJson(), config::kShippedHardwareOrigin);
}

Result<std::vector<Hardware>> LoadHardwareTables(const std::vector<std::string>& user_paths) {
  LLMCOST_ASSIGN_OR_RETURN(std::vector<Hardware> table, LoadShippedHardwareTable());
  for (const std::string& path : user_paths) {
    LLMCOST_ASSIGN_OR_RETURN(const std::vector<Hardware> overrides, LoadHardwareTable(path));
    LLMCOST_ASSIGN_OR_RETURN(table, MergeHardwareTables(std::move(table), overrides));
  }
  return table;
}

namespace {

// The family a name belongs to: its leading letters ("l" for l4 and l40s, "h" for h100,
// "tpu" for tpu-v5e, "mi" for mi300x, "rtx" for rtx-4090).
std::string FamilyOf(std::string_view name) {
  std::string family;
  for (char c : name) {
    if (c < 'a' || c > 'z') {
      break;
    }
    family += c;
  }
  return family;
}

// Did-you-mean for accelerators: a name of the same family (same leading letters, e.g.
// "l4" -> "l40s", never the TPU "v4"), nearest by edit distance and then table order; only
// when no entry shares the family, the nearest plausible typo among all names.
std::optional<std::string> SuggestHardware(const std::vector<Hardware>& table,
                                           const std::string& lower_name) {
  const std::string family = FamilyOf(lower_name);
  std::optional<std::string> best;
  size_t best_distance = 0;
  if (!family.empty()) {
    for (const Hardware& hardware : table) {
      std::vector<std::string> names = {hardware.id};
      names.insert(names.end(), hardware.aliases.begin(), hardware.aliases.end());
      for (const std::string& name : names) {
        const std::string other = FamilyOf(name);
        const bool same =
            !other.empty() && (other.rfind(family, 0) == 0 || family.rfind(other, 0) == 0);
        const size_t distance = EditDistance(lower_name, name);
        if (same && (!best || distance < best_distance)) {
          best = name;
          best_distance = distance;
        }
      }
    }
    if (best && best_distance <= std::max<size_t>(3, lower_name.size())) {
      return best;
    }
  }
  std::vector<std::string> names;
  for (const Hardware& hardware : table) {
    names.push_back(hardware.id);
    names.insert(names.end(), hardware.aliases.begin(), hardware.aliases.end());
  }
  return ClosestSpelling(lower_name, names);
}

}  // namespace

Result<const Hardware*> FindHardware(const std::vector<Hardware>& table,
                                     std::string_view id_or_alias) {
  const std::string lower_name = ToLower(id_or_alias);
  for (const Hardware& hardware : table) {
    if (AnswersTo(hardware, lower_name)) {
      return &hardware;
    }
  }
  std::string message = "unknown accelerator '" + std::string(id_or_alias) + "'";
  if (const auto suggestion = SuggestHardware(table, lower_name)) {
    return NotFoundError(message + ", did you mean '" + *suggestion + "'?");
  }
  if (table.empty()) {
    return NotFoundError(message + "; the hardware table is empty");
  }
  message += "; known:";
  for (std::size_t i = 0; i < table.size(); ++i) {
    message += (i == 0 ? " " : ", ") + table[i].id;
  }
  return NotFoundError(std::move(message));
}

}  // namespace llmcost
