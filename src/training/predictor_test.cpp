// The Predictor against Network::predict (float, through the fast kernels) and against the double
// network (through the plain loops), on the benchmark's network, odd widths, widths across the
// kernel's 256-output panels, every activation kind, batches of one and many; and that it is a
// snapshot that rejects wrong shapes.
#include "bprop/training/predictor.h"

#include <gtest/gtest.h>

#include <cmath>
#include <string>
#include <thread>
#include <vector>

#include "bprop/errors.h"
#include "bprop/random.h"
#include "bprop/registry.h"

namespace bprop {
namespace {

template <typename T>
BasicMatrix<T> random_inputs(int rows, int cols, uint64_t seed) {
  Rng rng(seed);
  BasicMatrix<T> x(rows, cols);
  for (int r = 0; r < rows; ++r) {
    for (int c = 0; c < cols; ++c) x(r, c) = static_cast<T>(rng.uniform() * 2.0 - 1.0);
  }
  return x;
}

// A double copy of a float network: the same layers, the float weights widened exactly.
NetworkD widened(const Network& net, const std::string& layers) {
  NetworkD wide = build_network<double>(net.input_width(), layers);
  const auto from = net.parameters();
  const auto to = wide.parameters();
  for (std::size_t p = 0; p < from.size(); ++p) {
    for (int r = 0; r < from[p]->value.rows(); ++r) {
      for (int c = 0; c < from[p]->value.cols(); ++c) to[p]->value(r, c) = from[p]->value(r, c);
    }
  }
  return wide;
}

void expect_close(const Matrix& got, const Matrix& want, float tol, const std::string& what) {
  ASSERT_EQ(got.rows(), want.rows()) << what;
  ASSERT_EQ(got.cols(), want.cols()) << what;
  for (int r = 0; r < got.rows(); ++r) {
    for (int c = 0; c < got.cols(); ++c) {
      ASSERT_NEAR(got(r, c), want(r, c), tol * (1.0f + std::fabs(want(r, c))))
          << what << " at (" << r << ", " << c << ")";
    }
  }
}

struct Case {
  int inputs;
  const char* layers;
};
const Case kCases[] = {
    {784, "256,relu,128,relu,10"},  // the benchmark's network
    {2, "2,sigmoid,1"},
    {3, "7,tanh,5,leaky_relu:0.1,2"},
    {17, "300,gelu,33,identity,1"},  // 300 outputs: a full 256-wide panel and a 44-wide one
    {65, "600,dropout:0.5,257,relu,16,sigmoid,3"},
};

TEST(Predictor, MatchesNetworkPredictAndTheDoubleReference) {
  for (const Case& c : kCases) {
    Network net = build_network<float>(c.inputs, c.layers);
    net.initialize(11);
    const NetworkD wide = widened(net, c.layers);
    const Predictor predictor(net);
    EXPECT_EQ(predictor.input_width(), net.input_width());
    EXPECT_EQ(predictor.output_width(), net.output_width());
    for (int rows : {1, 2, 37}) {
      const Matrix x = random_inputs<float>(rows, c.inputs, static_cast<uint64_t>(rows));
      const Matrix got = predictor.predict(x);
      const std::string what = std::string(c.layers) + ", " + std::to_string(rows) + " rows";
      expect_close(got, net.predict(x), 1e-4f, what + " vs Network::predict");
      MatrixD xd(rows, c.inputs);
      for (int r = 0; r < rows; ++r) {
        for (int k = 0; k < c.inputs; ++k) xd(r, k) = x(r, k);
      }
      const MatrixD want = wide.predict(xd);
      Matrix want_f(want.rows(), want.cols());
      for (int r = 0; r < want.rows(); ++r) {
        for (int k = 0; k < want.cols(); ++k) want_f(r, k) = static_cast<float>(want(r, k));
      }
      expect_close(got, want_f, 1e-4f, what + " vs double");
    }
  }
}

TEST(Predictor, DoublePredictorMatchesDoubleNetwork) {
  NetworkD net = build_network<double>(9, "12,tanh,4");
  net.initialize(5);
  const PredictorD predictor(net);
  const MatrixD x = random_inputs<double>(3, 9, 2);
  const MatrixD got = predictor.predict(x), want = net.predict(x);
  for (int r = 0; r < 3; ++r) {
    for (int c = 0; c < 4; ++c) EXPECT_NEAR(got(r, c), want(r, c), 1e-14);
  }
}

// Single rows use per-thread scratch: threads sharing one Predictor get the serial answers, bit
// for bit, also when a batch call comes between. (Suite PredictThreads: scripts/test-sanitizers
// runs it without leak checks, since the batches reach the GEMM library from extra threads.)
TEST(PredictThreads, OnePredictorSharedByThreadsMatchesSerialBitwise) {
  Network net = build_network<float>(30, "40,relu,7");
  net.initialize(4);
  const Predictor predictor(net);
  const Matrix rows = random_inputs<float>(64, 30, 9);
  std::vector<Matrix> want;
  for (int r = 0; r < rows.rows(); ++r) {
    Matrix x(1, 30);
    for (int c = 0; c < 30; ++c) x(0, c) = rows(r, c);
    want.push_back(predictor.predict(x));
  }
  std::vector<int> mismatches(4, 0);
  std::vector<std::thread> threads;
  for (int t = 0; t < 4; ++t) {
    threads.emplace_back([&, t] {
      for (int rep = 0; rep < 20; ++rep) {
        for (int r = 0; r < rows.rows(); ++r) {
          Matrix x(1, 30);
          for (int c = 0; c < 30; ++c) x(0, c) = rows((r + t) % rows.rows(), c);
          mismatches[t] += !(predictor.predict(x) == want[(r + t) % rows.rows()]);
          if (r == t) (void)predictor.predict(rows);  // a batch in between
        }
      }
    });
  }
  for (auto& th : threads) th.join();
  for (int t = 0; t < 4; ++t) EXPECT_EQ(mismatches[t], 0) << "thread " << t;
}

TEST(Predictor, IsASnapshotOfTheNetwork) {
  Network net = build_network<float>(4, "3,relu,2");
  net.initialize(1);
  const Predictor predictor(net);
  const Matrix x = random_inputs<float>(2, 4, 3);
  const Matrix before = predictor.predict(x);
  for (auto* p : net.parameters()) p->value.fill(7.0f);
  const Matrix after = predictor.predict(x);
  for (int r = 0; r < 2; ++r) {
    for (int c = 0; c < 2; ++c) EXPECT_EQ(after(r, c), before(r, c));
  }
}

TEST(Predictor, RejectsWrongInputWidthAndEmptyNetworks) {
  Network net = build_network<float>(4, "3");
  net.initialize(1);
  const Predictor predictor(net);
  try {
    (void)predictor.predict(Matrix(1, 5));
    FAIL() << "no ShapeError";
  } catch (const ShapeError& e) {
    EXPECT_NE(std::string(e.what()).find("Predictor: input has 5 columns"), std::string::npos)
        << e.what();
  }
  EXPECT_THROW(Predictor{Network(3)}, ShapeError);
}

}  // namespace
}  // namespace bprop
