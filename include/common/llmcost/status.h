// Status and Result<T>: errors as values across the whole library.
//
// Modeled on abseil's Status/StatusOr surface so it could later be swapped for
// absl::StatusOr or std::expected. No function in the library throws; the JSON
// reader catches the parser's exceptions and turns them into a Status.
#ifndef LLMCOST_STATUS_H_
#define LLMCOST_STATUS_H_

#include <cassert>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <utility>

namespace llmcost {

// The codes, most specific first. Pick the one that tells the caller what to do.
enum class StatusCode {
  kOk = 0,
  kInvalidArgument,  // a bad value in a config file or a flag
  kNotFound,         // a missing file, model family or hardware id
  kIoError,          // the file system refused a read or a write
  kOutOfRange,       // numeric overflow, or a value beyond what a formula supports
  kUnimplemented,    // a recognized architecture feature llmcost does not model yet
  kInternal,         // a broken invariant: a bug in llmcost
};

// Returns the code's name, e.g. "invalid argument".
std::string_view StatusCodeName(StatusCode code);

// An OK status is one null pointer: building, moving and destroying one (the arithmetic of
// every analysis returns one per checked operation) costs a few instructions; an error owns
// its code, message and field on the heap.
class [[nodiscard]] Status {
 public:
  Status() = default;
  Status(StatusCode code, std::string message)
      : error_(code == StatusCode::kOk && message.empty()
                   ? nullptr
                   : std::make_unique<Error>(Error{code, std::move(message), {}})) {}
  Status(const Status& other)
      : error_(other.error_ != nullptr ? std::make_unique<Error>(*other.error_) : nullptr) {}
  Status& operator=(const Status& other) {
    if (this != &other) {
      error_ = other.error_ != nullptr ? std::make_unique<Error>(*other.error_) : nullptr;
    }
    return *this;
  }
  Status(Status&&) noexcept = default;
  Status& operator=(Status&&) noexcept = default;
  ~Status() = default;

  bool ok() const { return code() == StatusCode::kOk; }
  StatusCode code() const { return error_ != nullptr ? error_->code : StatusCode::kOk; }
  // The one-line message, lowercase, no trailing period, e.g.
  // "configs/x.json: /num_attention_heads: must divide hidden_size (4096), got 30".
  const std::string& message() const { return error_ != nullptr ? error_->message : Empty(); }
  // The input field the error is about, when one is ("seq_len", "tp", ...): the message then
  // contains "<field>: " and a front end may name its own spelling of the field instead
  // (the CLI names the flag). Empty otherwise.
  const std::string& field() const { return error_ != nullptr ? error_->field : Empty(); }
  Status WithField(std::string field) const {
    Status s = *this;
    if (s.error_ == nullptr) {
      if (field.empty()) {
        return s;
      }
      s.error_ = std::make_unique<Error>(Error{StatusCode::kOk, {}, {}});
    }
    s.error_->field = std::move(field);
    return s;
  }

  friend bool operator==(const Status& a, const Status& b) {
    return a.code() == b.code() && a.message() == b.message() && a.field() == b.field();
  }

 private:
  struct Error {
    StatusCode code = StatusCode::kOk;
    std::string message;
    std::string field;
  };
  static const std::string& Empty() {
    static const std::string empty;
    return empty;
  }

  std::unique_ptr<Error> error_;  // null: OK
};

inline Status OkStatus() {
  return Status();
}
inline Status InvalidArgumentError(std::string message) {
  return {StatusCode::kInvalidArgument, std::move(message)};
}
inline Status NotFoundError(std::string message) {
  return {StatusCode::kNotFound, std::move(message)};
}
inline Status IoError(std::string message) {
  return {StatusCode::kIoError, std::move(message)};
}
inline Status OutOfRangeError(std::string message) {
  return {StatusCode::kOutOfRange, std::move(message)};
}
inline Status UnimplementedError(std::string message) {
  return {StatusCode::kUnimplemented, std::move(message)};
}
inline Status InternalError(std::string message) {
  return {StatusCode::kInternal, std::move(message)};
}

// An error about one input field: the message is "<field>: <what>", and field() names it.
// Example: FieldError("seq_len", "must be >= 1, got 0").
inline Status FieldError(std::string field, std::string what,
                         StatusCode code = StatusCode::kInvalidArgument) {
  std::string message = field + ": " + what;
  return Status(code, std::move(message)).WithField(std::move(field));
}

// Returns `status` with "<context>: " prepended to its message; OK stays OK.
// Example: WithContext(status, "configs/x.json").
inline Status WithContext(const Status& status, std::string_view context) {
  if (status.ok()) {
    return status;
  }
  return Status(status.code(), std::string(context) + ": " + status.message())
      .WithField(status.field());
}

// A value or the Status that explains why there is none.
template <typename T>
class [[nodiscard]] Result {
 public:
  // REQUIRES: !status.ok()
  Result(Status status) : status_(std::move(status)) {  // NOLINT(google-explicit-constructor)
    assert(!status_.ok() && "a Result built from a Status must carry an error");
    if (status_.ok()) {
      status_ = InternalError("Result built from an OK status");
    }
  }
  Result(T value) : value_(std::move(value)) {}  // NOLINT(google-explicit-constructor)

  bool ok() const { return status_.ok(); }
  const Status& status() const { return status_; }

  // REQUIRES: ok()
  const T& value() const& { return *value_; }
  T& value() & { return *value_; }
  T&& value() && { return std::move(*value_); }
  const T& operator*() const& { return *value_; }
  T& operator*() & { return *value_; }
  T&& operator*() && { return std::move(*value_); }
  const T* operator->() const { return &*value_; }
  T* operator->() { return &*value_; }

 private:
  Status status_;
  std::optional<T> value_;
};

}  // namespace llmcost

#define LLMCOST_STATUS_CONCAT_INNER_(a, b) a##b
#define LLMCOST_STATUS_CONCAT_(a, b) LLMCOST_STATUS_CONCAT_INNER_(a, b)

// Returns from the enclosing function if `expr` (a Status) is not OK.
#define LLMCOST_RETURN_IF_ERROR(expr)           \
  do {                                          \
    ::llmcost::Status llmcost_status_ = (expr); \
    if (!llmcost_status_.ok())                  \
      return llmcost_status_;                   \
  } while (false)

// Evaluates `rexpr` (a Result<T>); on error returns its Status, else moves the
// value into `lhs` (which may be a declaration such as `auto x`).
#define LLMCOST_ASSIGN_OR_RETURN(lhs, rexpr) \
  LLMCOST_ASSIGN_OR_RETURN_IMPL_(LLMCOST_STATUS_CONCAT_(llmcost_result_, __LINE__), lhs, rexpr)
#define LLMCOST_ASSIGN_OR_RETURN_IMPL_(result, lhs, rexpr) \
  auto result = (rexpr);                                   \
  if (!result.ok())                                        \
    return result.status();                                \
  lhs = std::move(result).value()

#endif  // LLMCOST_STATUS_H_
