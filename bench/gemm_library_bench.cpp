// Measures one GEMM library at bprop's shapes, so the library is chosen by numbers on this CPU.
// Built three times (OpenBLAS, BLIS, oneDNN), since OpenBLAS and BLIS export the same cblas
// symbols. Threads come from each library's environment variable (OPENBLAS_NUM_THREADS,
// BLIS_NUM_THREADS, OMP_NUM_THREADS), so one binary measures every thread count.
#include <benchmark/benchmark.h>

#include <cstdint>
#include <random>
#include <vector>

#if defined(BPROP_BENCH_DNNL)
#include <oneapi/dnnl/dnnl.h>
#else
#include <cblas.h>
#endif

namespace {

// C (m x n) = op(A) · op(B), row-major, with the transposes a trainer uses.
void sgemm(bool ta, bool tb, int m, int n, int k, const float* a, const float* b, float* c) {
  const int lda = ta ? m : k;
  const int ldb = tb ? k : n;
#if defined(BPROP_BENCH_DNNL)
  dnnl_sgemm(ta ? 'T' : 'N', tb ? 'T' : 'N', m, n, k, 1.0f, a, lda, b, ldb, 0.0f, c, n);
#else
  cblas_sgemm(CblasRowMajor, ta ? CblasTrans : CblasNoTrans, tb ? CblasTrans : CblasNoTrans, m, n,
              k, 1.0f, a, lda, b, ldb, 0.0f, c, n);
#endif
}

void BM_sgemm(benchmark::State& state) {
  const int m = static_cast<int>(state.range(0));
  const int n = static_cast<int>(state.range(1));
  const int k = static_cast<int>(state.range(2));
  const bool ta = state.range(3) != 0;
  const bool tb = state.range(4) != 0;
  std::mt19937 gen(1);
  std::uniform_real_distribution<float> dist(-1.0f, 1.0f);
  std::vector<float> a(static_cast<std::size_t>(m) * k), b(static_cast<std::size_t>(k) * n),
      c(static_cast<std::size_t>(m) * n);
  for (float& v : a) v = dist(gen);
  for (float& v : b) v = dist(gen);
  for (auto _ : state) {
    sgemm(ta, tb, m, n, k, a.data(), b.data(), c.data());
    benchmark::DoNotOptimize(c.data());
    benchmark::ClobberMemory();
  }
  const double flop = 2.0 * m * n * k;
  state.counters["GFLOP/s"] =
      benchmark::Counter(flop * 1e-9, benchmark::Counter::kIsIterationInvariantRate);
}

// {m, n, k, transA, transB}. The 784-256-128-10 step at batch 128: forward y = x·Wᵀ, dW = dyᵀ·x,
// dx = dy·W, then batch-1 inference and a tiny per-sample net.
BENCHMARK(BM_sgemm)
    ->ArgNames({"m", "n", "k", "tA", "tB"})
    ->Args({128, 256, 784, 0, 1})
    ->Args({256, 784, 128, 1, 0})
    ->Args({128, 128, 256, 0, 1})
    ->Args({128, 256, 128, 1, 0})
    ->Args({128, 256, 128, 0, 0})
    ->Args({128, 10, 128, 0, 1})
    ->Args({10, 128, 128, 1, 0})
    ->Args({128, 128, 10, 0, 0})
    ->Args({1, 256, 784, 0, 1})
    ->Args({1, 64, 64, 0, 1})
    ->Args({1, 2, 2, 0, 1})
    ->Args({2048, 2048, 2048, 0, 0})
    // Small-tabular training: iris 4-100-3 at batch 112, digits 64-100-10 at 200 (bprop_bench's
    // BM_gemm runs its own small-product kernel at the same shapes).
    ->Args({112, 100, 4, 0, 1})
    ->Args({112, 3, 100, 0, 1})
    ->Args({3, 100, 112, 1, 0})
    ->Args({112, 100, 3, 0, 0})
    ->Args({100, 4, 112, 1, 0})
    ->Args({200, 100, 64, 0, 1})
    ->Args({200, 10, 100, 0, 1})
    ->Args({100, 64, 200, 1, 0});

}  // namespace

BENCHMARK_MAIN();
