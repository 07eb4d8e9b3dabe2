// bprop_bandwidth: this core's read bandwidth by block size, from L1 to memory.
//   bprop_bandwidth [--reps-bytes N]
// For each size, reads one block over and over (bench/read_floor.h: aligned AVX-512 loads into
// four independent sums) and prints the median time per pass, GB/s and bytes per cycle, with the
// clock estimated in the same run by a chain of dependent integer adds (one per cycle on x86
// cores; the fastest of many short chains). A matrix-vector product reads each weight once, so at
// its weights' size this is the floor of single-sample inference (docs/benchmarks.md, "Latency").
#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <vector>

#include "read_floor.h"

namespace {

using Clock = std::chrono::steady_clock;

// Cycles per second, from chains of 2^20 dependent adds: each needs the previous result, so a
// chain runs at one add per cycle whatever the core's width. The fastest of 51 chains, since on a
// shared machine a chain may be preempted (that only makes it slower).
double clock_hz() {
  double best = 0;
  for (int t = 0; t < 51; ++t) {
    constexpr long kAdds = 1L << 20;
    long v = 0;
    const auto t0 = Clock::now();
    for (long i = 0; i < kAdds / 8; ++i) {
#if defined(__x86_64__)
      asm volatile(
          "add $1, %0\n\tadd $1, %0\n\tadd $1, %0\n\tadd $1, %0\n\t"
          "add $1, %0\n\tadd $1, %0\n\tadd $1, %0\n\tadd $1, %0"
          : "+r"(v));
#else
      v += 8;
#endif
    }
    const double s = std::chrono::duration<double>(Clock::now() - t0).count();
    best = std::max(best, static_cast<double>(v) / s);
  }
  return best;
}

}  // namespace

int main(int argc, char** argv) {
  double reps_bytes = 256e6;  // bytes read per size (at least 20 passes)
  for (int i = 1; i + 1 < argc; i += 2) {
    if (!std::strcmp(argv[i], "--reps-bytes")) {
      reps_bytes = std::atof(argv[i + 1]);
    } else {
      std::fprintf(stderr, "usage: bprop_bandwidth [--reps-bytes N]\n");
      return 1;
    }
  }
  const double hz = clock_hz();
  std::printf("clock estimate (dependent adds): %.2f GHz\n", hz / 1e9);
  const std::size_t kb_sizes[] = {16, 32, 64, 256, 512, 768, 918, 1024, 1536, 4096, 65536};
  float* block = bench::read_buffer(std::size_t{65536} * 1024 / sizeof(float));
  float sink = 0;
  for (const std::size_t kb : kb_sizes) {
    const std::size_t count = kb * 1024 / sizeof(float);
    const int reps = std::max(20, static_cast<int>(reps_bytes / static_cast<double>(kb * 1024)));
    std::vector<double> us;
    for (int r = 0; r < reps; ++r) {
      const auto t0 = Clock::now();
      sink += bench::read_all(block, count);
      us.push_back(std::chrono::duration<double, std::micro>(Clock::now() - t0).count());
    }
    std::sort(us.begin(), us.end());
    const double med = us[us.size() / 2];
    const double bytes = static_cast<double>(kb * 1024);
    std::printf("%6zu KB: median %9.2f us (p10 %9.2f)  %6.1f GB/s  %5.1f bytes/cycle\n", kb, med,
                us[us.size() / 10], bytes / med / 1e3, bytes / (med * 1e-6 * hz));
  }
  std::printf("(checksum %g)\n", static_cast<double>(sink) * 0);
  std::free(block);
  return 0;
}
