// Work on worker threads, results taken in input order: the many-models pipeline's engine.
//
// Private to src/cli/. RunModels and ChooseSequenceLength (command.h) load and analyze the
// models of one call on a few threads, while one thread (the caller) writes what they made in
// the order the sources were given, so the output bytes, the warnings on stderr and the first
// error reported are those of a run on one thread (docs/architecture.md "Streaming").
#ifndef LLMCOST_SRC_CLI_ORDERED_PARALLEL_H_
#define LLMCOST_SRC_CLI_ORDERED_PARALLEL_H_

#include <algorithm>
#include <condition_variable>
#include <cstddef>
#include <exception>
#include <mutex>
#include <optional>
#include <thread>
#include <utility>
#include <vector>

namespace llmcost::cli {

// How many worker threads `items` items get from `jobs` allowed (>= 1): none below
// kItemsPerWorker items per worker (a thread costs more to start than a small model to
// analyze), so one model, or a handful, never starts a thread. 0 or 1: the caller does all.
inline constexpr size_t kItemsPerWorker = 8;
inline size_t WorkersFor(size_t items, int jobs) {
  const size_t allowed = jobs > 0 ? static_cast<size_t>(jobs) : 1;
  const size_t useful = items / kItemsPerWorker;
  const size_t workers = allowed < useful ? allowed : useful;
  return workers > 1 ? workers : 0;
}

// Runs `produce(i)` for every i in [0, n) and `consume(i, result)` for each in order of i,
// on the calling thread. With `workers` > 0, produce runs on that many threads, at most
// `window` (>= 1) results ahead of the one being consumed, so memory is bounded by the window,
// not by n; with 0 everything runs on the caller, one item at a time (produce(i), then
// consume(i)). consume returns false to stop: no later result is consumed, no later item is
// started, and the workers are joined before OrderedParallel returns (items already started
// finish and are dropped). produce must be safe to call from several threads at once; consume
// is only ever called on the caller's thread. What produce(i) throws is rethrown from
// OrderedParallel when item i's turn comes (after the workers are joined).
template <typename Result, typename Produce, typename Consume>
void OrderedParallel(size_t n, size_t workers, size_t window, Produce&& produce,
                     Consume&& consume) {
  if (workers == 0) {
    for (size_t i = 0; i < n; ++i) {
      if (!consume(i, produce(i))) {
        return;
      }
    }
    return;
  }
  window = window > 0 ? window : 1;
  // A worker that found the window full sleeps until a quarter of it is free again, and a
  // consumer that found its next item missing sleeps until that item and the quarter window
  // after it are made (or the last item, if sooner): a wake-up (a system call) per batch, not
  // per item, whichever side is faster.
  const size_t refill = window / 4 > 0 ? window / 4 : 1;
  std::mutex mutex;
  std::condition_variable made;   // the item the consumer waits for is there
  std::condition_variable taken;  // the window has room again (or the consumer stopped)
  // Item i's result, or what its produce threw (rethrown on the caller's thread in its turn).
  struct Slot {
    std::optional<Result> result;
    std::exception_ptr thrown;
    bool full() const { return result.has_value() || thrown != nullptr; }
  };
  std::vector<Slot> slots(window);
  size_t next = 0;      // the next item a worker starts
  size_t consumed = 0;  // items consumed so far; item i may start once i < consumed + window
  size_t sleeping = 0;  // workers waiting on `taken`
  bool consumer_waits = false;
  size_t wanted_last = 0;  // while the consumer waits: it wakes once [consumed, this] are made
  // True when items [consumed, wanted_last] are all made. Under `mutex`.
  auto batch_made = [&] {
    for (size_t k = consumed; k <= wanted_last; ++k) {
      if (!slots[k % window].full()) {
        return false;
      }
    }
    return true;
  };
  bool stop = false;
  auto work = [&] {
    for (;;) {
      size_t i = 0;
      {
        std::unique_lock<std::mutex> lock(mutex);
        while (!stop && next < n && next >= consumed + window) {
          ++sleeping;
          taken.wait(lock);
          --sleeping;
        }
        if (stop || next >= n) {
          return;
        }
        i = next++;
      }
      Slot made_here;
      try {
        made_here.result.emplace(produce(i));
      } catch (...) {
        made_here.thrown = std::current_exception();
      }
      bool wake = false;
      {
        std::lock_guard<std::mutex> lock(mutex);
        slots[i % window] = std::move(made_here);
        wake = consumer_waits && i >= consumed && i <= wanted_last && batch_made();
      }
      if (wake) {
        made.notify_one();
      }
    }
  };
  // Joins on every way out of this function, the workers told to stop first.
  struct Crew {
    std::mutex& mutex;
    std::condition_variable& taken;
    bool& stop;
    std::vector<std::thread> threads;
    ~Crew() {
      {
        std::lock_guard<std::mutex> lock(mutex);
        stop = true;
      }
      taken.notify_all();
      for (std::thread& t : threads) {
        t.join();
      }
    }
  } crew{mutex, taken, stop, {}};
  crew.threads.reserve(workers);
  for (size_t w = 0; w < workers; ++w) {
    crew.threads.emplace_back(work);
  }
  for (size_t i = 0; i < n; ++i) {
    Slot slot;
    bool wake = false;
    {
      std::unique_lock<std::mutex> lock(mutex);
      if (!slots[i % window].full()) {
        // Items i .. wanted_last are all started or startable within the window, so they
        // will all be made.
        wanted_last = std::min(i + refill, n) - 1;
        consumer_waits = true;
        while (!batch_made()) {
          made.wait(lock);
        }
        consumer_waits = false;
      }
      slot = std::move(slots[i % window]);
      slots[i % window] = Slot();
      consumed = i + 1;
      wake = sleeping > 0 && next + refill <= consumed + window;
    }
    if (wake) {
      taken.notify_all();
    }
    if (slot.thrown != nullptr) {
      std::rethrow_exception(slot.thrown);  // as one thread would have thrown it, in order
    }
    if (!consume(i, std::move(*slot.result))) {
      return;
    }
  }
}

}  // namespace llmcost::cli

#endif  // LLMCOST_SRC_CLI_ORDERED_PARALLEL_H_
