// GoogleTest matchers for Status and Result<T> (abseil status_matchers style).
#ifndef LLMCOST_TESTS_TESTING_STATUS_MATCHERS_H_
#define LLMCOST_TESTS_TESTING_STATUS_MATCHERS_H_

#include <string>

#include <gmock/gmock.h>

#include "llmcost/status.h"

namespace llmcost::testing {

inline const Status& GetStatus(const Status& s) {
  return s;
}
template <typename T>
const Status& GetStatus(const Result<T>& r) {
  return r.status();
}

// Matches a Status or Result whose code is `code` and whose message matches `message`.
MATCHER_P2(StatusIs, code, message_matcher,
           std::string("has code ") + std::string(StatusCodeName(code))) {
  const Status& s = GetStatus(arg);
  *result_listener << "code " << StatusCodeName(s.code()) << ", message \"" << s.message() << "\"";
  return s.code() == code &&
         ::testing::ExplainMatchResult(message_matcher, s.message(), result_listener);
}

// Matches an OK Status or Result.
MATCHER(IsOk, "is OK") {
  const Status& s = GetStatus(arg);
  *result_listener << "message \"" << s.message() << "\"";
  return s.ok();
}

}  // namespace llmcost::testing

#endif  // LLMCOST_TESTS_TESTING_STATUS_MATCHERS_H_
