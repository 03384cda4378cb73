// Tests of JudgeFit: verdicts, the reserve, the "needs" search and cheaper alternatives.
#include "llmcost/analysis/fit_verdict.h"

#include <limits>

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "llmcost/config.h"

#include "testing/golden_files.h"
#include "testing/status_matchers.h"

namespace llmcost {
namespace {

using ::llmcost::testing::SourcePath;
using ::llmcost::testing::StatusIs;

struct Model {
  Architecture arch;
  ParameterCount params;
};

Model Load(const std::string& path) {
  Result<Architecture> a = LoadArchitecture(SourcePath(path), {});
  EXPECT_TRUE(a.ok()) << a.status().message();
  Model m{*a, {}};
  m.params = *CountParameters(m.arch);
  return m;
}

constexpr int64_t kGiB = int64_t{1} << 30;

TEST(DefaultReserveBytesTest, FivePercentAtLeastTwoGiB) {
  EXPECT_EQ(DefaultReserveBytes(80 * kGiB), 4 * kGiB);
  EXPECT_EQ(DefaultReserveBytes(24 * kGiB), 2 * kGiB);
}

// Full fine-tuning of Llama-3-70B (70.55B parameters, 16 B/param = 1.03 TiB of states) at
// 4K cannot fit 8 x 80 GiB in any layout; 16 do with ZeRO-3 (66 GiB of states each);
// LoRA and QLoRA fit the 8 GPUs given.
TEST(JudgeFitTest, Llama3_70bFineTuneOnEightH100) {
  const Model m = Load("configs/models/llama_3_70b.json");
  EXPECT_EQ(m.params.total, 70'553'706'496);
  TrainingMemoryOptions o;
  o.seq_len = 4096;
  o.dp = 8;
  o.zero = 3;
  Result<FitVerdict> v = JudgeFit(m.arch, m.params, o, {.gpus = 8, .memory_bytes = 80 * kGiB});
  ASSERT_TRUE(v.ok()) << v.status().message();
  EXPECT_FALSE(v->fits);
  EXPECT_EQ(v->usable_bytes, 76 * kGiB);
  EXPECT_LT(v->headroom_bytes, 0);
  EXPECT_FALSE(v->on_given.has_value());
  ASSERT_TRUE(v->needs.has_value());
  EXPECT_EQ(v->needs->gpus, 16);
  EXPECT_EQ(v->needs->layout.zero, 3);
  EXPECT_LE(v->needs->memory.peak_bytes, v->usable_bytes);
  std::vector<std::string> methods;
  for (const FitLayout& alt : v->alternatives) {
    methods.push_back(alt.method);
    EXPECT_LE(alt.memory.peak_bytes, v->usable_bytes) << alt.method;
    EXPECT_EQ(alt.gpus, 8);
  }
  EXPECT_THAT(methods, ::testing::IsSupersetOf({"lora", "qlora"}));
}

// A 99% fill is not a fit under the default reserve, and is one with --reserve 0.
TEST(JudgeFitTest, ReserveKeepsANearlyFullGpuFromFitting) {
  const Model m = Load("tests/reference/checkpoints/meta-llama__Llama-2-7b-hf.json");
  TrainingMemoryOptions o;
  o.seq_len = 1024;
  o.finetune = FineTune::kLora;
  const int64_t peak = EstimateTrainingMemory(m.arch, m.params, o)->peak_bytes;
  const int64_t memory = peak * 100 / 99;
  Result<FitVerdict> v = JudgeFit(m.arch, m.params, o, {.gpus = 1, .memory_bytes = memory});
  ASSERT_TRUE(v.ok());
  EXPECT_FALSE(v->fits);
  v = JudgeFit(m.arch, m.params, o, {.gpus = 1, .memory_bytes = memory, .reserve_bytes = 0});
  ASSERT_TRUE(v.ok());
  EXPECT_TRUE(v->fits);
  EXPECT_EQ(v->headroom_bytes, memory - peak);
  EXPECT_THAT(
      JudgeFit(m.arch, m.params, o, {.gpus = 1, .memory_bytes = memory, .reserve_bytes = memory}),
      StatusIs(StatusCode::kInvalidArgument, ::testing::HasSubstr("reserve: must be")));
}

// The search for a count that fits stops near 2^63 instead of overflowing.
TEST(JudgeFitTest, SearchIsOverflowSafe) {
  const Model m = Load("tests/reference/checkpoints/meta-llama__Llama-2-7b-hf.json");
  TrainingMemoryOptions o;
  o.seq_len = 1024;
  const int64_t huge = std::numeric_limits<int64_t>::max();
  Result<FitVerdict> v = JudgeFit(
      m.arch, m.params, o, {.gpus = int64_t{1} << 61, .memory_bytes = 3 * kGiB, .max_gpus = huge});
  ASSERT_TRUE(v.ok()) << v.status().message();
  EXPECT_FALSE(v->fits);
}

}  // namespace
}  // namespace llmcost
