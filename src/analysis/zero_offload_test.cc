// Tests of EstimateZeroModelStates against the rows DeepSpeed's estimators print
// (docs/code-docs/source/memory.rst, DeepSpeed v0.19.6), for P = 2851e6 (bigscience/T0_3B),
// largest layer 32e6, one node of 8 GPUs. DeepSpeed prints bytes / 2^30 with two decimals.
#include "llmcost/analysis/zero_offload.h"

#include <cmath>

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "testing/status_matchers.h"

namespace llmcost {
namespace {

using ::llmcost::testing::StatusIs;

double GiB2(int64_t bytes) {
  return std::round(static_cast<double>(bytes) / (1 << 30) * 100) / 100;
}

struct Row {
  const char* name;
  int zero;
  Offload offload;
  bool zero_init;
  double host_gib;
  double gpu_gib;
};

TEST(EstimateZeroModelStatesTest, DeepSpeedDocsRows) {
  // estimate_zero3_model_states_mem_needs_all_cold(total_params=2851e6,
  // largest_layer_params=32e6, num_gpus_per_node=8, num_nodes=1):
  //   71.69GB | 0.12GB | offload_param=cpu , offload_optimizer=cpu , zero_init=1
  //  127.45GB | 0.12GB | offload_param=cpu , offload_optimizer=cpu , zero_init=0
  //   63.72GB | 0.78GB | offload_param=none, offload_optimizer=cpu , zero_init=1
  //  127.45GB | 0.78GB | offload_param=none, offload_optimizer=cpu , zero_init=0
  //    1.43GB | 6.09GB | offload_param=none, offload_optimizer=none, zero_init=1
  //  127.45GB | 6.09GB | offload_param=none, offload_optimizer=none, zero_init=0
  // estimate_zero2_model_states_mem_needs_all_cold(total_params=2851e6, 8 GPUs):
  //  127.45GB | 5.31GB | offload_optimizer=cpu
  const Row rows[] = {
      {"z3 both init", 3, Offload::kBoth, true, 71.69, 0.12},
      {"z3 both", 3, Offload::kBoth, false, 127.45, 0.12},
      {"z3 optimizer init", 3, Offload::kOptimizer, true, 63.72, 0.78},
      {"z3 optimizer", 3, Offload::kOptimizer, false, 127.45, 0.78},
      {"z3 none init", 3, Offload::kNone, true, 1.43, 6.09},
      {"z3 none", 3, Offload::kNone, false, 127.45, 6.09},
      {"z2 optimizer", 2, Offload::kOptimizer, true, 127.45, 5.31},
      // The docs print 15.93GB for ZeRO-2 without offload: an older formula, 4P + 16P/N.
      // v0.19.6's code computes 2P + 18P/N = 12,116,750,000 B = 11.28 GiB.
      {"z2 none (v0.19.6 code)", 2, Offload::kNone, true, 127.45, 11.28},
  };
  for (const Row& r : rows) {
    SCOPED_TRACE(r.name);
    ZeroStatesOptions o;
    o.total_params = 2'851'000'000;
    o.largest_layer_params = 32'000'000;
    o.gpus_per_node = 8;
    o.zero = r.zero;
    o.offload = r.offload;
    o.zero_init = r.zero_init;
    Result<ZeroModelStates> s = EstimateZeroModelStates(o);
    ASSERT_TRUE(s.ok()) << s.status().message();
    EXPECT_DOUBLE_EQ(GiB2(s->host_bytes), r.host_gib);
    EXPECT_DOUBLE_EQ(GiB2(s->gpu_bytes), r.gpu_gib);
  }
}

TEST(EstimateZeroModelStatesTest, BadInputs) {
  ZeroStatesOptions o;
  o.total_params = 1000;
  o.zero = 1;
  EXPECT_THAT(EstimateZeroModelStates(o),
              StatusIs(StatusCode::kInvalidArgument,
                       "offload: DeepSpeed offload needs ZeRO stage 2 or 3, got 1"));
  o.zero = 2;
  o.offload = Offload::kParams;
  EXPECT_THAT(EstimateZeroModelStates(o),
              StatusIs(StatusCode::kInvalidArgument,
                       "offload: parameter offload needs ZeRO stage 3, got 2"));
  o.zero = 3;
  o.total_params = int64_t{1} << 62;
  EXPECT_THAT(EstimateZeroModelStates(o), StatusIs(StatusCode::kOutOfRange, ::testing::_));
}

}  // namespace
}  // namespace llmcost
