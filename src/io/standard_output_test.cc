// WriteAndFlush: a stream that fails is an error with a reason, never a silent success.
// (The real /dev/full and closed-pipe runs of the binary are in tests/e2e/run_e2e.sh.)
#include "llmcost/standard_output.h"

#include <sstream>
#include <streambuf>
#include <string>

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "testing/status_matchers.h"

namespace llmcost {
namespace {

using ::llmcost::testing::IsOk;
using ::llmcost::testing::StatusIs;

// A stream buffer that takes `capacity` bytes, then fails like a full disk.
class FullBuffer : public std::streambuf {
 public:
  explicit FullBuffer(size_t capacity) : capacity_(capacity) {}
  std::string written;

 protected:
  int_type overflow(int_type c) override {
    if (traits_type::eq_int_type(c, traits_type::eof())) {
      return traits_type::not_eof(c);
    }
    if (written.size() >= capacity_) {
      errno = ENOSPC;
      return traits_type::eof();
    }
    written += traits_type::to_char_type(c);
    return c;
  }

 private:
  size_t capacity_;
};

TEST(StandardOutputTest, WritesAndFlushes) {
  std::ostringstream out;
  ASSERT_THAT(WriteAndFlush(out, "report\n"), IsOk());
  EXPECT_EQ(out.str(), "report\n");
}

TEST(StandardOutputTest, FullStreamIsAnError) {
  FullBuffer buffer(4);
  std::ostream out(&buffer);
  EXPECT_THAT(
      WriteAndFlush(out, "report\n"),
      StatusIs(StatusCode::kIoError, "standard output: write failed: No space left on device"));
}

TEST(StandardOutputTest, AlreadyFailedStreamIsAnError) {
  std::ostringstream out;
  out.setstate(std::ios::badbit);
  errno = 0;
  EXPECT_THAT(WriteAndFlush(out, "x"),
              StatusIs(StatusCode::kIoError, ::testing::StartsWith("standard output: write "
                                                                   "failed: ")));
}

}  // namespace
}  // namespace llmcost
