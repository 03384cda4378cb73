#include "llmcost/status.h"

#include <utility>

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "testing/status_matchers.h"

namespace llmcost {
namespace {

using ::llmcost::testing::StatusIs;
using ::testing::HasSubstr;

Result<int> Half(int x) {
  if (x % 2 != 0) {
    return InvalidArgumentError("odd: " + std::to_string(x));
  }
  return x / 2;
}

Result<int> Quarter(int x) {
  LLMCOST_ASSIGN_OR_RETURN(int half, Half(x));
  LLMCOST_ASSIGN_OR_RETURN(int quarter, Half(half));
  return quarter;
}

Status CheckEven(int x) {
  LLMCOST_RETURN_IF_ERROR(Half(x).status());
  return OkStatus();
}

TEST(StatusTest, OkByDefault) {
  Status s;
  EXPECT_TRUE(s.ok());
  EXPECT_EQ(s.code(), StatusCode::kOk);
  EXPECT_EQ(StatusCodeName(s.code()), "ok");
}

TEST(StatusTest, WithContextPrependsOnlyToErrors) {
  EXPECT_TRUE(WithContext(OkStatus(), "x.json").ok());
  Status s = WithContext(NotFoundError("no such file"), "x.json");
  EXPECT_EQ(s.message(), "x.json: no such file");
  EXPECT_EQ(s.code(), StatusCode::kNotFound);
}

TEST(StatusTest, AssignOrReturnPropagates) {
  EXPECT_EQ(*Quarter(8), 2);
  EXPECT_THAT(Quarter(6).status(), StatusIs(StatusCode::kInvalidArgument, HasSubstr("odd: 3")));
  EXPECT_THAT(CheckEven(3), StatusIs(StatusCode::kInvalidArgument, HasSubstr("odd: 3")));
  EXPECT_TRUE(CheckEven(4).ok());
}

TEST(StatusTest, CopiesAreDeepAndFieldsSurviveMoves) {
  const Status error = FieldError("seq_len", "must be >= 1, got 0");
  Status copy = error;
  EXPECT_EQ(copy, error);
  Status moved = std::move(copy);
  EXPECT_EQ(moved.code(), StatusCode::kInvalidArgument);
  EXPECT_EQ(moved.message(), "seq_len: must be >= 1, got 0");
  EXPECT_EQ(moved.field(), "seq_len");
  EXPECT_TRUE(OkStatus().message().empty());
  EXPECT_TRUE(OkStatus().WithField("").ok());
  EXPECT_EQ(OkStatus().WithField("tp").field(), "tp");
  EXPECT_NE(error, OkStatus());
}

}  // namespace
}  // namespace llmcost
