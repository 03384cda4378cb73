// ParseStrictJson: checked in one linear SAX pass, then parsed without a callback.
#include "strict_json.h"

#include <set>
#include <vector>

#include "json_document.h"

namespace llmcost::config {
namespace {

using nlohmann::json;

// One SAX pass, linear in the text: strict JSON, bounded nesting, no key twice in one object.
class StrictChecker : public nlohmann::json_sax<json> {
 public:
  static constexpr size_t kMaxDepth = 8;

  bool null() override { return true; }
  bool boolean(bool /*value*/) override { return true; }
  bool number_integer(number_integer_t /*value*/) override { return true; }
  bool number_unsigned(number_unsigned_t /*value*/) override { return true; }
  bool number_float(number_float_t /*value*/, const string_t& /*text*/) override { return true; }
  bool string(string_t& /*value*/) override { return true; }
  bool binary(binary_t& /*value*/) override { return true; }
  bool start_object(std::size_t /*elements*/) override { return Open(); }
  bool end_object() override { return Close(); }
  bool start_array(std::size_t /*elements*/) override { return Open(); }
  bool end_array() override { return Close(); }
  bool key(string_t& value) override {
    if (!open_.back().insert(value).second) {
      problem_ = "key " + config::DescribeJson(json(value)) + " appears twice in one object";
      return false;
    }
    return true;
  }
  bool parse_error(std::size_t position, const std::string& /*last_token*/,
                   const nlohmann::detail::exception& e) override {
    const std::string what = e.what();
    const size_t column = what.find("column ");
    const size_t colon = column == std::string::npos ? what.find("] ") : what.find(": ", column);
    problem_ = "byte " + std::to_string(position) + ": " +
               (colon == std::string::npos ? what : what.substr(colon + 2));
    for (char& c : problem_) {
      const auto byte = static_cast<unsigned char>(c);
      c = (byte < 0x20 || byte >= 0x7F) ? '?' : c;
    }
    return false;
  }
  const std::string& problem() const { return problem_; }

 private:
  bool Open() {
    if (open_.size() >= kMaxDepth) {
      problem_ = "objects and arrays nest deeper than " + std::to_string(kMaxDepth) + " levels";
      return false;
    }
    open_.emplace_back();
    return true;
  }
  bool Close() {
    open_.pop_back();
    return true;
  }
  std::vector<std::set<std::string>> open_;
  std::string problem_;
};

}  // namespace

Result<json> ParseStrictJson(std::string_view text, const std::string& what) {
  StrictChecker checker;
  if (!json::sax_parse(text.begin(), text.end(), &checker, json::input_format_t::json,
                       /*strict=*/true, /*ignore_comments=*/false)) {
    return InvalidArgumentError(what + ": " + checker.problem());
  }
  json document = json::parse(text.begin(), text.end(), nullptr, /*allow_exceptions=*/false,
                              /*ignore_comments=*/false);
  if (!document.is_object()) {
    return InvalidArgumentError(what + ": expected a JSON object, got " + DescribeJson(document));
  }
  return document;
}

}  // namespace llmcost::config
