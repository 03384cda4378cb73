// JSON reports: {"schema_version", "title", "<items_key>": [...]}, exact integers,
// shortest round-trip doubles, keys in report order.
#include <string>

#include <nlohmann/json.hpp>

#include "flatten.h"
#include "humanize.h"
#include "renderers.h"

namespace llmcost {
namespace {

using Json = nlohmann::ordered_json;

Json ToJson(const Value& v) {
  if (const bool* b = std::get_if<bool>(&v)) {
    return *b;
  }
  if (const int64_t* i = std::get_if<int64_t>(&v)) {
    return *i;
  }
  if (const double* d = std::get_if<double>(&v)) {
    return *d;
  }
  if (const std::string* s = std::get_if<std::string>(&v)) {
    return *s;
  }
  if (const auto* list = std::get_if<std::vector<Phrase>>(&v)) {
    Json lines = Json::array();
    for (const Phrase& line : *list) {
      lines.push_back(HumanizePhrase(line));
    }
    return lines;
  }
  return nullptr;
}

// Inserts `e` into `object`, following '/' in its key, merging sections with equal keys.
void Insert(const Entry& e, Json& object) {
  if (!IsVisible(e, Audience::kMachine)) {
    return;
  }
  Json* target = &object;
  std::string key = e.key.str();
  for (size_t slash = key.find('/'); slash != std::string::npos; slash = key.find('/')) {
    Json& next = (*target)[key.substr(0, slash)];
    if (!next.is_object()) {
      next = Json::object();
    }
    target = &next;
    key = key.substr(slash + 1);
  }
  if (e.children.empty() && !std::holds_alternative<std::monostate>(e.value)) {
    (*target)[key] = ToJson(e.value);
    return;
  }
  Json& section = (*target)[key];
  if (!section.is_object()) {
    section = Json::object();
  }
  for (const Entry& child : e.children) {
    Insert(child, section);
  }
}

Json ItemObject(const Entry& item) {
  Json object = Json::object();
  for (const Entry& child : item.children) {
    Insert(child, object);
  }
  return object;
}

}  // namespace

std::string JsonItemText(const Entry& item, int indent) {
  const std::string text = ItemObject(item).dump(2, ' ', false, Json::error_handler_t::replace);
  const std::string pad(static_cast<size_t>(indent), ' ');
  std::string out = pad;
  out.reserve(text.size() + text.size() / 8);
  for (char c : text) {
    out += c;
    if (c == '\n') {
      out += pad;
    }
  }
  return out;
}

std::string JsonStringText(const std::string& text) {
  return Json(text).dump(-1, ' ', false, Json::error_handler_t::replace);
}

void RenderJson(const Report& report, std::ostream& out) {
  Json root = Json::object();
  root["schema_version"] = report.schema_version;
  root["title"] = report.title;
  Json items = Json::array();
  for (const Entry& item : report.items) {
    items.push_back(ItemObject(item));
  }
  root[report.items_key] = std::move(items);
  out << root.dump(2, ' ', false, Json::error_handler_t::replace) << "\n";
}

}  // namespace llmcost
