// The shared element-wise formulas: the one-exp sigmoid equals the textbook two-branch form bit for
// bit, each derivative matches central differences, and the loss and optimizer pieces keep the
// values their callers' contracts state.
#include "kernels/elementwise.h"

#include <gtest/gtest.h>

#include <bit>
#include <cmath>
#include <cstdint>
#include <limits>
#include <vector>

namespace bprop::kernels::elementwise {
namespace {

template <typename T>
T two_branch_sigmoid(T x) {
  if (x >= T(0)) return T(1) / (T(1) + std::exp(-x));
  const T e = std::exp(x);
  return e / (T(1) + e);
}

TEST(Elementwise, SigmoidEqualsTheTwoBranchFormBitForBit) {
  const float inf = std::numeric_limits<float>::infinity();
  std::vector<float> xs = {0.0f, -0.0f, inf, -inf, 1e-40f, -1e-40f, 88.7f, -88.7f, 1e4f, -1e4f};
  for (float x = -30.0f; x <= 30.0f; x += 0.37f) xs.push_back(x);
  for (const float x : xs) {
    EXPECT_EQ(std::bit_cast<uint32_t>(sigmoid(x)), std::bit_cast<uint32_t>(two_branch_sigmoid(x)))
        << x;
  }
  EXPECT_EQ(sigmoid(-1e4f), 0.0f);  // no overflow: exp() never sees a positive argument
  EXPECT_EQ(sigmoid(1e4f), 1.0f);
}

// A NaN stays NaN (a NaN feature must give NaN outputs, as the exports do); every other value,
// -0 included, gets the bits of x > 0 ? x : 0.
TEST(Elementwise, ReluKeepsNanAndTheBitsOfEveryOtherValue) {
  const float inf = std::numeric_limits<float>::infinity();
  EXPECT_TRUE(std::isnan(relu(std::numeric_limits<float>::quiet_NaN())));
  EXPECT_TRUE(std::isnan(relu(-std::numeric_limits<double>::quiet_NaN())));
  for (const float x : {0.0f, -0.0f, 1e-40f, -1e-40f, 2.5f, -2.5f, inf, -inf}) {
    const float expected = x > 0.0f ? x : 0.0f;
    EXPECT_EQ(std::bit_cast<uint32_t>(relu(x)), std::bit_cast<uint32_t>(expected)) << x;
  }
}

// Each derivative against (f(x+h) - f(x-h)) / 2h in double, with dy = 1.7 to check the chain rule.
TEST(Elementwise, DerivativesMatchCentralDifferences) {
  const double h = 1e-6, dy = 1.7, slope = 0.2;
  for (double x = -3.1; x <= 3.1; x += 0.4) {
    auto numeric = [&](auto f) { return dy * (f(x + h) - f(x - h)) / (2 * h); };
    EXPECT_NEAR(relu_backward(x, dy), numeric([](double v) { return relu(v); }), 1e-6) << x;
    EXPECT_NEAR(sigmoid_backward(sigmoid(x), dy), numeric([](double v) { return sigmoid(v); }),
                1e-6)
        << x;
    EXPECT_NEAR(tanh_backward(std::tanh(x), dy), numeric([](double v) { return std::tanh(v); }),
                1e-6)
        << x;
    EXPECT_NEAR(leaky_relu_backward(x, dy, slope),
                numeric([&](double v) { return leaky_relu(v, slope); }), 1e-6)
        << x;
    EXPECT_NEAR(gelu_backward(x, dy), numeric([](double v) { return gelu(v); }), 1e-6) << x;
  }
}

TEST(Elementwise, BinaryCrossEntropyIsFiniteForHugeLogits) {
  for (const double x : {-1e4, -3.0, 0.0, 2.5, 1e4}) {
    for (const double y : {0.0, 0.3, 1.0}) {
      const double p = 1 / (1 + std::exp(-x));
      const double textbook = -(y * std::log(p) + (1 - y) * std::log(1 - p));
      const double stable = binary_cross_entropy(x, y, std::exp(-std::abs(x)));
      EXPECT_TRUE(std::isfinite(stable)) << x << " " << y;
      if (std::isfinite(textbook)) {
        EXPECT_NEAR(stable, textbook, 1e-12) << x << " " << y;
      }
    }
  }
}

TEST(Elementwise, SoftmaxRowsAndTheirCrossEntropy) {
  const double z[3] = {1000.0, 1001.0, 999.0};  // shifted by the max: no overflow
  double p[3], g[3];
  const double lse = softmax_row(z, p, 3);
  EXPECT_NEAR(p[0] + p[1] + p[2], 1.0, 1e-15);
  EXPECT_NEAR(lse, 1001.0 + std::log(1 + std::exp(-1.0) + std::exp(-2.0)), 1e-12);
  const double label[1] = {2};
  const double loss = softmax_cross_entropy_row(z, label, true, 3, 0.5, g);
  EXPECT_NEAR(loss, lse - 999.0, 1e-12);
  const double expected[3] = {p[0] * 0.5, p[1] * 0.5, (p[2] - 1) * 0.5};  // (p - y)·scale
  for (int c = 0; c < 3; ++c) EXPECT_NEAR(g[c], expected[c], 1e-15) << c;
  const double probabilities[3] = {0.25, 0.25, 0.5};
  EXPECT_NEAR(softmax_cross_entropy_row(z, probabilities, false, 3, 1.0, g),
              lse - (0.25 * 1000 + 0.25 * 1001 + 0.5 * 999), 1e-9);
}

TEST(Elementwise, SquaredErrorSumWritesTheScaledGradient) {
  const float z[2] = {1.0f, -2.0f}, y[2] = {0.5f, 1.0f};
  float g[2];
  EXPECT_DOUBLE_EQ(squared_error_sum(z, y, 2, 2.0f / 2, g), 0.25 + 9.0);
  EXPECT_FLOAT_EQ(g[0], 0.5f);
  EXPECT_FLOAT_EQ(g[1], -3.0f);
}

// PyTorch's conventions, worked by hand for one weight.
TEST(Elementwise, OptimizerStepsFollowPyTorch) {
  double w = 1.0, v = 0.5;
  sgd_step(w, 0.2, 0.1, 0.01);  // w -= 0.1·(0.2 + 0.01·1)
  EXPECT_DOUBLE_EQ(w, 1.0 - 0.1 * 0.21);
  w = 1.0;
  sgd_momentum_step(w, v, 0.2, 0.1, 0.9, 0.0);  // v = 0.45 + 0.2
  EXPECT_DOUBLE_EQ(v, 0.65);
  EXPECT_DOUBLE_EQ(w, 1.0 - 0.1 * 0.65);
  w = 1.0, v = 0.5;
  sgd_nesterov_step(w, v, 0.2, 0.1, 0.9, 0.0);  // w -= lr·(g + mu·v)
  EXPECT_DOUBLE_EQ(w, 1.0 - 0.1 * (0.2 + 0.9 * 0.65));
  double m = 0.0, s = 0.0;
  w = 1.0;
  const AdamCoefficients<double> c{0.9, 0.999, 0.1, 0.001, 0.01 / 0.1, std::sqrt(0.001), 1e-8};
  adam_step(w, m, s, 0.5, c);  // first step: m̂ = g, v̂ = g², so w moves by lr·g/|g| ≈ lr
  EXPECT_NEAR(w, 1.0 - 0.01, 1e-9);
}

}  // namespace
}  // namespace bprop::kernels::elementwise
