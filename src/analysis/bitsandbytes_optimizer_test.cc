// Tests of BitsandbytesAdamState against bitsandbytes' allocation rules (commit 95f9af3,
// bitsandbytes/optim/optimizer.py: min_8bit_size 4096, absmax per 256, paged at >= 1e5).
#include "llmcost/analysis/bitsandbytes_optimizer.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "testing/status_matchers.h"

namespace llmcost {
namespace {

using ::llmcost::testing::StatusIs;

BitsandbytesState State(std::vector<TrainableTensor> tensors, int bits, bool paged) {
  Result<BitsandbytesState> s = BitsandbytesAdamState(tensors, {bits, paged});
  EXPECT_TRUE(s.ok()) << s.status().message();
  return s.ok() ? *s : BitsandbytesState{};
}

TEST(BitsandbytesAdamStateTest, ThirtyTwoBitKeepsTwoFp32States) {
  EXPECT_EQ(State({{1000, 3}}, 32, false).state_bytes, 3 * 1000 * 8);
}

TEST(BitsandbytesAdamStateTest, EightBitFromMin8BitSize) {
  // 4096 elements: two uint8 states + two fp32 absmax per 256 + the two 256-entry fp32 maps.
  EXPECT_EQ(State({{4096, 1}}, 8, false).state_bytes, 2 * 4096 + 2 * 4 * 16 + 2048);
  // 4097 elements: 17 blocks.
  EXPECT_EQ(State({{4097, 1}}, 8, false).state_bytes, 2 * 4097 + 2 * 4 * 17 + 2048);
  // Below min_8bit_size the states stay fp32 and no map is needed.
  EXPECT_EQ(State({{4095, 1}}, 8, false).state_bytes, 4095 * 8);
}

TEST(BitsandbytesAdamStateTest, OnlyLargeTensorsArePaged) {
  const BitsandbytesState small = State({{99'999, 2}}, 32, true);
  EXPECT_EQ(small.paged_bytes, 0);
  EXPECT_EQ(small.largest_paged_bytes, 0);
  const BitsandbytesState large = State({{100'000, 2}, {10, 1}}, 32, true);
  EXPECT_EQ(large.state_bytes, 2 * 800'000 + 80);
  EXPECT_EQ(large.paged_bytes, 2 * 800'000);
  EXPECT_EQ(large.largest_paged_bytes, 800'000);
  // 8-bit: the uint8 states are paged, their absmax and the maps are not.
  const BitsandbytesState eight = State({{262'144, 1}}, 8, true);
  EXPECT_EQ(eight.paged_bytes, 2 * 262'144);
  EXPECT_EQ(eight.state_bytes, 2 * 262'144 + 2 * 4 * 1024 + 2048);
  // Not paged: nothing in managed memory.
  EXPECT_EQ(State({{262'144, 1}}, 8, false).paged_bytes, 0);
}

// LoRA on Llama-2-7B's q_proj and v_proj (32 layers): lora_A r x 4096 and lora_B 4096 x r.
// At PEFT's default r 8 every adapter tensor has 32,768 elements, under bitsandbytes' 1e5
// paging threshold: a paged optimizer pages nothing. At QLoRA's r 64 (Dettmers et al. 2023
// §4) each has 262,144 and all the 32-bit state is paged.
TEST(BitsandbytesAdamStateTest, LoraAdaptersOfLlama2) {
  const BitsandbytesState r8 = State({{8 * 4096, 128}}, 32, true);
  EXPECT_EQ(r8.state_bytes, 4'194'304 * 8);
  EXPECT_EQ(r8.paged_bytes, 0);
  EXPECT_EQ(State({{8 * 4096, 128}}, 8, true).state_bytes, 128 * (65'536 + 1'024) + 2048);
  const BitsandbytesState r64 = State({{64 * 4096, 128}}, 32, true);
  EXPECT_EQ(r64.state_bytes, 268'435'456);
  EXPECT_EQ(r64.paged_bytes, 268'435'456);
  EXPECT_EQ(r64.largest_paged_bytes, 2'097'152);
}

TEST(BitsandbytesAdamStateTest, RejectsBadInputs) {
  EXPECT_THAT(BitsandbytesAdamState({{10, 1}}, {16, false}),
              StatusIs(StatusCode::kInvalidArgument, "optim_bits: must be 8 or 32, got 16"));
  EXPECT_THAT(BitsandbytesAdamState({{0, 1}}, {32, false}),
              StatusIs(StatusCode::kInvalidArgument,
                       "trainable tensor: elements and count must be >= 1, got 0 x 1"));
  EXPECT_THAT(BitsandbytesAdamState({{int64_t{1} << 61, 1}}, {32, false}),
              StatusIs(StatusCode::kOutOfRange, ::testing::HasSubstr("optimizer state")));
}

}  // namespace
}  // namespace llmcost
