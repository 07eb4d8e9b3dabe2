// B30 (docs/reliability.md): many threads calling predict() on one const network at once get
// exactly the serial results. Part of bprop_tests, and built alone under ThreadSanitizer by the
// `tsan` preset (target bprop_predict_threads_test), where any shared scratch memory would be a
// reported race.
#include <gtest/gtest.h>

#include <barrier>
#include <cstring>
#include <thread>
#include <vector>

#include "bprop/registry.h"

namespace bprop {
namespace {

constexpr int kThreads = 16;

Matrix random_input(int rows, int cols, uint64_t seed) {
  Rng rng(seed);
  Matrix m(rows, cols);
  for (std::size_t i = 0; i < m.size(); ++i) m.data()[i] = static_cast<float>(rng.normal());
  return m;
}

bool bitwise_equal(const Matrix& a, const Matrix& b) {
  return a.rows() == b.rows() && a.cols() == b.cols() &&
         std::memcmp(a.data(), b.data(), a.size() * sizeof(float)) == 0;
}

TEST(PredictThreads, SixteenThreadsOnOneNetworkMatchSerialBitwise) {
  Network network = build_network<float>(24, "48,tanh,32,relu,16,gelu,10");
  network.initialize(7);
  const Network& shared = network;
  std::vector<Matrix> inputs, expected;
  for (int t = 0; t < kThreads; ++t) {
    inputs.push_back(random_input(8 + t, 24, 100 + static_cast<uint64_t>(t)));
    expected.push_back(shared.predict(inputs.back()));
  }
  std::vector<int> mismatches(kThreads, 0);
  std::barrier start(kThreads);
  std::vector<std::thread> threads;
  for (int t = 0; t < kThreads; ++t) {
    threads.emplace_back([&, t] {
      start.arrive_and_wait();  // all threads inside predict() together
      for (int round = 0; round < 20; ++round) {
        // Alternate between this thread's input and a neighbour's, so threads share inputs too.
        const int which = round % 2 == 0 ? t : (t + 1) % kThreads;
        mismatches[static_cast<std::size_t>(t)] +=
            !bitwise_equal(shared.predict(inputs[static_cast<std::size_t>(which)]),
                           expected[static_cast<std::size_t>(which)]);
      }
    });
  }
  for (auto& thread : threads) thread.join();
  for (int t = 0; t < kThreads; ++t) EXPECT_EQ(mismatches[static_cast<std::size_t>(t)], 0) << t;
}

}  // namespace
}  // namespace bprop
