// bprop_floor: the GEMM floor of one training epoch, alone, against the machine's peak.
//   bprop_floor [--threads T] [--epochs N] [--batch B] [--samples N] [--layers 784,256,128,10]
// Runs exactly the GEMMs of one epoch (bench/gemm_floor.h: same shapes, same library, same thread
// count as `bprop train`) N times and prints the median, their GFLOP/s and the share of the
// machine's FP32 peak, measured in the same run by register-only fused multiply-adds on T threads.
// Epoch figures in docs/benchmarks.md are quoted as ratios to this floor.
#include <immintrin.h>
#include <time.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <string>
#include <thread>
#include <vector>

#include "bprop/kernels.h"
#include "bprop/threads.h"
#include "gemm_floor.h"

namespace {

struct Args {
  int threads = 0, epochs = 5, batch = 128, samples = 60000;
  std::vector<int> widths = {784, 256, 128, 10};
};

std::vector<int> parse_widths(const char* text) {
  std::vector<int> widths;
  for (const char* p = text; *p != '\0';) {
    char* end = nullptr;
    widths.push_back(static_cast<int>(std::strtol(p, &end, 10)));
    p = *end == ',' ? end + 1 : end;
    if (end == p && *p != '\0') break;
  }
  return widths;
}

Args parse(int argc, char** argv) {
  Args a;
  for (int i = 1; i + 1 < argc; i += 2) {
    const char* v = argv[i + 1];
    if (!std::strcmp(argv[i], "--threads")) {
      a.threads = std::atoi(v);
    } else if (!std::strcmp(argv[i], "--epochs")) {
      a.epochs = std::max(1, std::atoi(v));
    } else if (!std::strcmp(argv[i], "--batch")) {
      a.batch = std::max(1, std::atoi(v));
    } else if (!std::strcmp(argv[i], "--samples")) {
      a.samples = std::max(1, std::atoi(v));
    } else if (!std::strcmp(argv[i], "--layers")) {
      a.widths = parse_widths(v);
    } else {
      std::fprintf(stderr,
                   "usage: bprop_floor [--threads T] [--epochs N] [--batch B] "
                   "[--samples N] [--layers 784,256,128,10]\n");
      std::exit(1);
    }
  }
  if (a.widths.size() < 2) {
    std::fprintf(stderr, "bprop_floor: --layers needs at least two widths\n");
    std::exit(1);
  }
  return a;
}

double cpu_seconds(clockid_t clock) {
  timespec ts{};
  clock_gettime(clock, &ts);
  return static_cast<double>(ts.tv_sec) + 1e-9 * static_cast<double>(ts.tv_nsec);
}

// FLOP per CPU second of one thread running only independent AVX-512 fused multiply-adds (12
// accumulators hide the FMA latency). CPU time, not wall time: the peak is the core's, whatever
// share of it this shared machine gives the thread meanwhile.
__attribute__((target("avx512f"))) double fma_rate_avx512(double seconds) {
  __m512 acc[12];
  for (int i = 0; i < 12; ++i) acc[i] = _mm512_set1_ps(static_cast<float>(i));
  const __m512 a = _mm512_set1_ps(0.999999f), b = _mm512_set1_ps(1e-7f);
  long long rounds = 0;
  const double start = cpu_seconds(CLOCK_THREAD_CPUTIME_ID);
  double elapsed = 0.0;
  do {
    for (int r = 0; r < 4096; ++r) {
      for (int i = 0; i < 12; ++i) acc[i] = _mm512_fmadd_ps(acc[i], a, b);
    }
    rounds += 4096;
    elapsed = cpu_seconds(CLOCK_THREAD_CPUTIME_ID) - start;
  } while (elapsed < seconds);
  alignas(64) float lanes[16];
  for (int i = 1; i < 12; ++i) acc[0] = _mm512_add_ps(acc[0], acc[i]);
  _mm512_store_ps(lanes, acc[0]);
  if (lanes[0] == 12345.0f) std::puts("");  // keeps the loop
  return static_cast<double>(rounds) * 12 * 16 * 2 / elapsed;
}

// The machine's measured FP32 peak on `threads` threads (GFLOP/s, the sum over threads); 0 on a
// CPU without AVX-512 (not measured there).
double measured_peak(int threads) {
  if (!__builtin_cpu_supports("avx512f")) return 0.0;
  std::vector<double> rates(static_cast<std::size_t>(threads));
  std::vector<std::thread> pool;
  for (int t = 0; t < threads; ++t) {
    pool.emplace_back([&, t] { rates[static_cast<std::size_t>(t)] = fma_rate_avx512(0.2); });
  }
  for (auto& t : pool) t.join();
  double sum = 0.0;
  for (double r : rates) sum += r;
  return sum / 1e9;
}

}  // namespace

int main(int argc, char** argv) {
  const Args a = parse(argc, argv);
  bprop::set_num_threads(a.threads);
  const int threads = bprop::num_threads();
  bench::gemm_floor_epoch(a.samples, a.batch, a.widths);  // warm-up: library start, caches
  std::vector<double> floors, cpu;
  for (int e = 0; e < a.epochs; ++e) {
    const double start = cpu_seconds(CLOCK_PROCESS_CPUTIME_ID);
    floors.push_back(bench::gemm_floor_epoch(a.samples, a.batch, a.widths));
    cpu.push_back(cpu_seconds(CLOCK_PROCESS_CPUTIME_ID) - start);
  }
  std::sort(floors.begin(), floors.end());
  std::sort(cpu.begin(), cpu.end());
  const double floor = floors[floors.size() / 2];
  const double gflop = bench::epoch_gemm_flop(a.samples, a.widths) / 1e9;
  const double peak = measured_peak(threads);
  std::printf(
      "bprop floor: %d samples, batch %d, %d thread%s: GEMM floor %.4f s per epoch (median of %d; "
      "min %.4f, max %.4f; process CPU %.4f s), %.2f GFLOP = %.1f GFLOP/s (%.1f per CPU second); "
      "FP32 peak (FMA per CPU second) %.1f GFLOP/s: %.0f %% of peak, physical limit %.4f s; "
      "backend %s\n",
      a.samples, a.batch, threads, threads == 1 ? "" : "s", floor, a.epochs, floors.front(),
      floors.back(), cpu[cpu.size() / 2], gflop, gflop / floor, gflop / cpu[cpu.size() / 2], peak,
      100.0 * gflop / floor / peak, gflop / peak, bprop::kernels::gemm_backend().c_str());
  return 0;
}
