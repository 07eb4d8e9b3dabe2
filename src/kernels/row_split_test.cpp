// bprop's GEMM threads: a product split by rows has the same bits on any number of threads, and
// every part runs exactly once, also when a caller finds the helpers busy.
#include "kernels/row_split.h"

#include <gtest/gtest.h>

#include <atomic>
#include <random>
#include <thread>
#include <utility>
#include <vector>

#include "bprop/kernels.h"
#include "bprop/kernels/matvec.h"
#include "bprop/threads.h"

namespace bprop::kernels {
namespace {

struct Shape {
  Transpose ta, tb;
  int m, n, k;
};

std::vector<float> product(const Shape& s, const std::vector<float>& a,
                           const std::vector<float>& b) {
  std::vector<float> c(static_cast<std::size_t>(s.m) * s.n, 0.5f);
  const int lda = s.ta == Transpose::kNo ? s.k : s.m;
  const int ldb = s.tb == Transpose::kNo ? s.n : s.k;
  gemm(s.ta, s.tb, s.m, s.n, s.k, 1.0f, a.data(), lda, b.data(), ldb, 0.25f, c.data(), s.n);
  return c;
}

// The training shapes (forward, weight and input gradients, batch 128) and odd ones.
TEST(RowSplit, GemmHasTheSameBitsOnOneTwoAndThreeThreads) {
  const std::vector<Shape> shapes = {{Transpose::kNo, Transpose::kYes, 128, 256, 784},
                                     {Transpose::kYes, Transpose::kNo, 256, 784, 128},
                                     {Transpose::kNo, Transpose::kNo, 128, 256, 128},
                                     {Transpose::kNo, Transpose::kYes, 2048, 10, 128},
                                     {Transpose::kYes, Transpose::kYes, 200, 77, 301},
                                     {Transpose::kNo, Transpose::kNo, 97, 513, 65}};
  std::mt19937 rng(3);
  std::uniform_real_distribution<float> uniform(-1.0f, 1.0f);
  for (const Shape& s : shapes) {
    std::vector<float> a(static_cast<std::size_t>(s.m) * s.k),
        b(static_cast<std::size_t>(s.k) * s.n);
    for (float& v : a) v = uniform(rng);
    for (float& v : b) v = uniform(rng);
    set_num_threads(1);
    const std::vector<float> one = product(s, a, b);
    for (const int threads : {2, 3}) {
      set_num_threads(threads);
      EXPECT_EQ(product(s, a, b), one) << s.m << "x" << s.n << "x" << s.k << ", " << threads;
    }
  }
  set_num_threads(0);
}

// One sample's products (the matrix-vector kernels) split their outputs: the same bits too, in the
// dot form over W (Network::predict) and the axpy form over Wᵀ (the Predictor).
TEST(RowSplit, MatrixVectorProductsHaveTheSameBitsOnOneAndTwoThreads) {
  std::mt19937 rng(5);
  std::uniform_real_distribution<float> uniform(-1.0f, 1.0f);
  for (const auto& [n, k] : std::vector<std::pair<int, int>>{{256, 784}, {128, 256}, {300, 250}}) {
    std::vector<float> x(static_cast<std::size_t>(k)), b(static_cast<std::size_t>(n) * k);
    for (float& v : x) v = uniform(rng);
    for (float& v : b) v = uniform(rng);
    for (const Transpose t : {Transpose::kNo, Transpose::kYes}) {
      const int ldb = t == Transpose::kNo ? n : k;
      std::vector<float> one(static_cast<std::size_t>(n)), two(one.size());
      set_num_threads(1);
      matvec::sgemv(t, n, k, 1.0f, x.data(), b.data(), ldb, 0.0f, one.data());
      set_num_threads(2);
      matvec::sgemv(t, n, k, 1.0f, x.data(), b.data(), ldb, 0.0f, two.data());
      EXPECT_EQ(one, two) << n << "x" << k << (t == Transpose::kNo ? " axpy" : " dot");
    }
  }
  set_num_threads(0);
}

TEST(RowSplit, EveryPartRunsOnceAlsoFromConcurrentCallers) {
  std::vector<std::thread> callers;
  std::atomic<int> failures{0};
  for (int t = 0; t < 4; ++t) {
    callers.emplace_back([&] {
      for (int round = 0; round < 200; ++round) {
        std::vector<std::atomic<int>> runs(7);
        detail::run_parts(3, 7, [&](int part) { runs[static_cast<std::size_t>(part)]++; });
        for (const auto& r : runs) failures += r.load() != 1;
      }
    });
  }
  for (auto& c : callers) c.join();
  EXPECT_EQ(failures.load(), 0);
}

}  // namespace
}  // namespace bprop::kernels
