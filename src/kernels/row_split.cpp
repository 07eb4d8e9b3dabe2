// The helper threads behind run_parts: created on first use, never joined (they sleep in a futex
// wait when idle and end with the process).
//
// One 64-bit word hands out the parts: the generation (which call) in the high 32 bits, the part
// count and the next part index in 16 bits each. A part is taken by a compare-and-swap of the whole
// word, so a helper that wakes late for an old call can never take a part of a newer one.
#include "kernels/row_split.h"

#include <pthread.h>

#include <algorithm>
#include <atomic>
#include <csignal>
#include <cstdint>
#include <mutex>
#include <thread>

#include "bprop/threads.h"

namespace bprop::kernels::detail {

namespace {

// Helpers poll this many times (a pause instruction each) for the next call before they sleep: the
// next product of a training step comes within microseconds, and waking a sleeping thread costs
// about as much.
constexpr int kSpins = 4000;

inline void pause() {
#if defined(__x86_64__)
  __builtin_ia32_pause();
#endif
}

thread_local bool in_helper = false;

constexpr uint64_t pack(uint64_t generation, uint64_t parts, uint64_t next) {
  return generation << 32 | parts << 16 | next;
}

class Helpers {
 public:
  // Serialises callers; a caller that finds it taken runs its parts alone.
  std::mutex busy;

  void grow(int count) {
    for (; started_ < count; ++started_) std::thread([this] { loop(); }).detach();
  }

  void run(int parts, const TaskRef<int>& task) {
    task_ = &task;
    done_.store(0, std::memory_order_relaxed);
    generation_ = (generation_ + 1) & 0xffffffffu;
    const uint64_t word = pack(generation_, static_cast<uint64_t>(parts), 0);
    word_.store(word, std::memory_order_release);
    word_.notify_all();
    work(word);
    for (int spin = 0; done_.load(std::memory_order_acquire) < parts; ++spin) {
      if (spin > kSpins) std::this_thread::yield();
      pause();
    }
  }

 private:
  // Takes and runs parts of the call that `seen` belongs to, until none is left.
  void work(uint64_t seen) {
    const uint64_t generation = seen >> 32;
    uint64_t word = word_.load(std::memory_order_acquire);
    for (;;) {
      const uint64_t parts = word >> 16 & 0xffff, next = word & 0xffff;
      if (word >> 32 != generation || next >= parts) return;
      if (word_.compare_exchange_weak(word, word + 1, std::memory_order_acq_rel,
                                      std::memory_order_acquire)) {
        (*task_)(static_cast<int>(next));
        done_.fetch_add(1, std::memory_order_release);
        word = word_.load(std::memory_order_acquire);
      }
    }
  }

  void loop() {
    in_helper = true;
    // Asynchronous signals (Ctrl-C, SIGTERM, Python's handlers) go to the application's threads,
    // never to a helper: its parts run library GEMMs, during which a handler must not run.
    sigset_t held;
    sigfillset(&held);
    for (const int fault : {SIGSEGV, SIGBUS, SIGFPE, SIGILL, SIGTRAP, SIGSYS})
      sigdelset(&held, fault);
    pthread_sigmask(SIG_BLOCK, &held, nullptr);
    uint64_t seen = word_.load(std::memory_order_acquire);
    for (;;) {
      uint64_t word = word_.load(std::memory_order_acquire);
      for (int spin = 0; word >> 32 == seen >> 32; ++spin) {
        if (spin > kSpins) word_.wait(word, std::memory_order_acquire);
        pause();
        word = word_.load(std::memory_order_acquire);
      }
      seen = word;
      work(seen);
    }
  }

  int started_ = 0;
  uint64_t generation_ = 0;  // the caller's, under `busy`
  std::atomic<uint64_t> word_{0};
  std::atomic<int> done_{0};
  // Written by the caller before word_ announces the call (release); read by a helper only after
  // it took a part of that call (acquire), and the caller waits for every part before the next.
  const TaskRef<int>* task_ = nullptr;
};

Helpers& helpers() {
  static Helpers* const pool = new Helpers;  // never destroyed: its threads outlive main()
  return *pool;
}

}  // namespace

void run_parts(int threads, int parts, TaskRef<int> task) {
  if (threads > 1 && parts > 1 && parts <= 0xffff && !in_helper) {
    Helpers& pool = helpers();
    std::unique_lock lock(pool.busy, std::try_to_lock);
    if (lock.owns_lock()) {
      pool.grow(threads - 1);
      pool.run(parts, task);
      return;
    }
  }
  for (int i = 0; i < parts; ++i) task(i);
}

void run_chunks(std::size_t n, std::size_t min_chunk, TaskRef<std::size_t, std::size_t> task) {
  constexpr std::size_t kLine = 16;  // elements of 4 bytes per 64-byte line
  const int threads = num_threads();
  const std::size_t parts = std::min<std::size_t>(static_cast<std::size_t>(threads),
                                                  n / std::max<std::size_t>(min_chunk, 1));
  if (parts < 2) {
    task(0, n);
    return;
  }
  const std::size_t chunk = n / parts / kLine * kLine;
  run_parts(threads, static_cast<int>(parts), [&](int part) {
    const std::size_t first = static_cast<std::size_t>(part) * chunk;
    task(first, static_cast<std::size_t>(part) + 1 < parts ? chunk : n - first);
  });
}

}  // namespace bprop::kernels::detail
