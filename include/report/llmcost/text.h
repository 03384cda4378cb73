// Text: the characters of a report's key, label or phrase, borrowed from a string literal or
// owned.
//
// A report item holds some sixty keys, labels and notes, nearly all string literals; copying
// each into a std::string cost a heap allocation apiece (labels and notes are mostly longer
// than the small-string buffer) and most of building and freeing a report (issue 8). Text
// keeps a pointer to a literal and owns only what a builder computes.
#ifndef LLMCOST_TEXT_H_
#define LLMCOST_TEXT_H_

#include <cstddef>
#include <string>
#include <string_view>
#include <type_traits>
#include <utility>

namespace llmcost {

// True for a `const char*` or `char*` (not an array: arrays bind as literals).
template <typename P>
inline constexpr bool IsCharPointer = std::is_pointer_v<std::remove_reference_t<P>>&&
    std::is_convertible_v<std::remove_reference_t<P>, const char*>;

class Text {
 public:
  Text() = default;
  // A string literal, borrowed (a literal lives as long as the program).
  // REQUIRES: `literal` has static storage duration; pass a computed char array as
  // std::string. NOLINTNEXTLINE(google-explicit-constructor): text is text
  template <size_t N>
  Text(const char (&literal)[N]) : borrowed_(literal), size_(N - 1) {}
  // Computed text, owned. NOLINTNEXTLINE(google-explicit-constructor)
  Text(std::string text) : owned_(std::move(text)) {}
  // Any other character pointer (a choice between literals, a name function's result), copied:
  // only an array binds as a literal. NOLINTNEXTLINE(google-explicit-constructor)
  template <typename P, typename = std::enable_if_t<IsCharPointer<P>>>
  Text(P&& text) : owned_(static_cast<const char*>(text)) {}
  explicit Text(std::string_view text) : owned_(text) {}

  std::string_view view() const {
    return borrowed_ != nullptr ? std::string_view(borrowed_, size_) : std::string_view(owned_);
  }
  // NOLINTNEXTLINE(google-explicit-constructor): read wherever a string_view is
  operator std::string_view() const { return view(); }
  std::string str() const { return std::string(view()); }

  bool empty() const { return view().empty(); }
  size_t size() const { return view().size(); }
  const char* begin() const { return view().data(); }
  const char* end() const { return view().data() + view().size(); }

  // Appends, owning the result from then on.
  Text& operator+=(std::string_view more) {
    if (borrowed_ != nullptr) {
      owned_.reserve(size_ + more.size());
      owned_.assign(borrowed_, size_);
      borrowed_ = nullptr;
      size_ = 0;
    }
    owned_ += more;
    return *this;
  }

  friend bool operator==(const Text& a, std::string_view b) { return a.view() == b; }

 private:
  std::string owned_;               // when borrowed_ is null
  const char* borrowed_ = nullptr;  // a string literal
  size_t size_ = 0;                 // borrowed_'s length
};

}  // namespace llmcost

#endif  // LLMCOST_TEXT_H_
