#include "ordered_parallel.h"

#include <atomic>
#include <chrono>
#include <cstddef>
#include <stdexcept>
#include <string>
#include <thread>
#include <vector>

#include <gtest/gtest.h>

namespace llmcost::cli {
namespace {

TEST(OrderedParallelTest, NoWorkersBelowEightItemsEach) {
  EXPECT_EQ(WorkersFor(1, 8), 0u);
  EXPECT_EQ(WorkersFor(15, 8), 0u);  // 15 / 8 = 1 worker: the caller alone
  EXPECT_EQ(WorkersFor(16, 8), 2u);
  EXPECT_EQ(WorkersFor(10000, 4), 4u);
  EXPECT_EQ(WorkersFor(10000, 1), 0u);
  EXPECT_EQ(WorkersFor(10000, 0), 0u);
}

// Items finish out of order (later ones faster); they are consumed in order all the same.
TEST(OrderedParallelTest, ConsumesInInputOrder) {
  for (size_t workers : {size_t{0}, size_t{1}, size_t{3}, size_t{8}}) {
    SCOPED_TRACE(workers);
    const size_t n = 200;
    std::vector<size_t> seen;
    OrderedParallel<std::string>(
        n, workers, /*window=*/5,
        [&](size_t i) {
          if (i % 7 == 0) {
            std::this_thread::sleep_for(std::chrono::microseconds(200));
          }
          return std::to_string(i);
        },
        [&](size_t i, std::string made) {
          EXPECT_EQ(made, std::to_string(i));
          seen.push_back(i);
          return true;
        });
    ASSERT_EQ(seen.size(), n);
    for (size_t i = 0; i < n; ++i) {
      EXPECT_EQ(seen[i], i);
    }
  }
}

// At most `window` items are made ahead of the one consumed: memory stays bounded.
TEST(OrderedParallelTest, StaysWithinTheWindow) {
  const size_t window = 4;
  std::atomic<size_t> started{0};
  std::atomic<size_t> consumed{0};
  std::atomic<size_t> worst{0};
  OrderedParallel<int>(
      300, /*workers=*/6, window,
      [&](size_t /*i*/) {
        const size_t ahead = ++started - consumed.load();
        size_t seen = worst.load();
        while (ahead > seen && !worst.compare_exchange_weak(seen, ahead)) {
        }
        return 0;
      },
      [&](size_t /*i*/, int /*made*/) {
        std::this_thread::sleep_for(std::chrono::microseconds(20));
        ++consumed;
        return true;
      });
  EXPECT_EQ(consumed.load(), 300u);
  EXPECT_LE(worst.load(), window + 1);  // +1: the item being consumed
}

// The consumer stops at the first bad item: nothing after it is consumed, and OrderedParallel
// returns (workers joined) without making every item.
TEST(OrderedParallelTest, StopsAtTheFirstItemConsumeRejects) {
  for (size_t workers : {size_t{0}, size_t{4}}) {
    SCOPED_TRACE(workers);
    std::atomic<size_t> made{0};
    std::vector<size_t> seen;
    OrderedParallel<size_t>(
        100000, workers, /*window=*/8,
        [&](size_t i) {
          ++made;
          return i;
        },
        [&](size_t i, size_t /*made*/) {
          seen.push_back(i);
          return i != 10;
        });
    ASSERT_EQ(seen.size(), 11u);
    EXPECT_EQ(seen.back(), 10u);
    EXPECT_LE(made.load(), 11u + 8u + 4u);  // the window and the items in flight, no more
  }
}

// What a worker's produce throws reaches the caller in that item's turn, not before.
TEST(OrderedParallelTest, AnExceptionIsRethrownInItsTurn) {
  for (size_t workers : {size_t{0}, size_t{3}}) {
    SCOPED_TRACE(workers);
    std::vector<size_t> seen;
    EXPECT_THROW(OrderedParallel<size_t>(
                     500, workers, /*window=*/16,
                     [](size_t i) {
                       if (i == 40) {
                         throw std::runtime_error("item 40");
                       }
                       return i;
                     },
                     [&](size_t i, size_t /*made*/) {
                       seen.push_back(i);
                       return true;
                     }),
                 std::runtime_error);
    EXPECT_EQ(seen.size(), 40u);
  }
}

}  // namespace
}  // namespace llmcost::cli
