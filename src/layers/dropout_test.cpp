#include "bprop/layers/dropout.h"

#include <gtest/gtest.h>

#include <cmath>
#include <functional>

#include "bprop/errors.h"
#include "bprop/layers/dense.h"
#include "bprop/network.h"
#include "bprop/registry.h"

namespace bprop {
namespace {

MatrixD random_matrix(int rows, int cols, Rng& rng) {
  MatrixD m(rows, cols);
  for (double& v : m.values()) v = rng.normal();
  return m;
}

// max |analytic - central difference of f| over every element of `values`.
double max_gradient_error(MatrixD& values, const MatrixD& analytic,
                          const std::function<double()>& f) {
  const double h = 1e-5;
  double worst = 0.0;
  for (std::size_t i = 0; i < values.size(); ++i) {
    const double saved = values.data()[i];
    values.data()[i] = saved + h;
    const double plus = f();
    values.data()[i] = saved - h;
    const double minus = f();
    values.data()[i] = saved;
    const double error = std::abs(analytic.data()[i] - (plus - minus) / (2 * h));
    worst = std::isnan(error) ? error : std::max(worst, error);
  }
  return worst;
}

double weighted_sum(const MatrixD& y, const MatrixD& r) {
  double s = 0.0;
  for (std::size_t i = 0; i < y.size(); ++i) s += y.data()[i] * r.data()[i];
  return s;
}

TEST(Dropout, InputGradientMatchesCentralDifferencesWithAFixedMask) {
  Dropout<double> layer(6, 0.4);
  Rng rng(3);
  layer.initialize({}, rng);
  MatrixD x = random_matrix(5, 6, rng);
  const MatrixD r = random_matrix(5, 6, rng);
  layer.forward(x);
  layer.hold_mask(true);
  const MatrixD analytic = layer.backward(r);
  auto f = [&] { return weighted_sum(layer.forward(x), r); };
  EXPECT_LE(max_gradient_error(x, analytic, f), 1e-8);
  // The mask really drops something, so the check is not of the identity.
  int zeros = 0;
  for (double m : layer.mask().values()) zeros += m == 0.0;
  EXPECT_GT(zeros, 0);
}

TEST(Dropout, NetworkParameterGradientsMatchWithAFixedMask) {
  NetworkD net(4);
  net.add<Dense>(7).add(make_layer<double>("dropout:0.3", 7)).add<Dense>(2);
  net.initialize(5);
  net.set_training(true);
  Rng rng(9);
  const MatrixD x = random_matrix(6, 4, rng);
  const MatrixD r = random_matrix(6, 2, rng);
  net.forward(x);
  dynamic_cast<Dropout<double>&>(net.layer(1)).hold_mask(true);
  net.backward(r);
  auto f = [&] { return weighted_sum(net.forward(x), r); };
  for (auto* p : net.parameters()) {
    const MatrixD analytic = p->grad;
    EXPECT_LE(max_gradient_error(p->value, analytic, f), 1e-8) << p->name;
  }
}

TEST(Dropout, DeclaresItsGeneratorThroughTheLayerInterface) {
  // Checkpoints save a layer's generator without knowing its type; other layers have none.
  Network net = build_network<float>(3, "4,dropout:0.5,2");
  EXPECT_EQ(net.layer(0).generator(), nullptr);
  Layer& dropout = net.layer(1);
  ASSERT_NE(dropout.generator(), nullptr);
  EXPECT_EQ(dropout.generator(), &static_cast<Dropout<float>&>(dropout).rng());
}

TEST(Dropout, InvertedMaskKeepsTheExpectedValue) {
  Dropout<float> layer(1000, 0.25);
  const Matrix x(20, 1000, 1.0f);
  const Matrix& y = layer.forward(x);
  double sum = 0.0;
  int dropped = 0;
  for (float v : y.values()) {
    EXPECT_TRUE(v == 0.0f || std::abs(v - 1.0f / 0.75f) < 1e-6f) << v;
    sum += v;
    dropped += v == 0.0f;
  }
  EXPECT_NEAR(static_cast<double>(dropped) / 20000.0, 0.25, 0.02);
  EXPECT_NEAR(sum / 20000.0, 1.0, 0.03);
}

TEST(Dropout, InferenceAndEvaluationModeAreTheIdentity) {
  Dropout<float> layer(3, 0.5);
  const Matrix x{{1, 2, 3}, {4, 5, 6}};
  Matrix y;
  layer.infer(x, y);
  EXPECT_EQ(y, x);
  layer.set_training(false);
  EXPECT_EQ(layer.forward(x), x);
  EXPECT_EQ(layer.backward(x), x);
}

TEST(Dropout, SameSeedGivesTheSameMasksAndAnotherSeedDoesNot) {
  auto masks = [](uint64_t seed) {
    Network net(8);
    net.add(make_layer<float>("dropout:0.5", 8));
    net.initialize(seed);
    const Matrix x(16, 8, 1.0f);
    Matrix first = net.forward(x);
    Matrix second = net.forward(x);
    EXPECT_NE(first, second);  // a fresh mask every step
    return std::make_pair(first, second);
  };
  EXPECT_EQ(masks(1), masks(1));
  EXPECT_NE(masks(1).first, masks(2).first);
}

TEST(Dropout, RegistrySpecRoundTripsAndBadRatesAreRefused) {
  const auto layer = make_layer<float>("dropout:0.35", 4);
  EXPECT_EQ(layer->spec(), "dropout:0.35");
  EXPECT_EQ(make_layer<float>(layer->spec(), 4)->spec(), "dropout:0.35");
  EXPECT_EQ(make_layer<float>("dropout", 4)->spec(), "dropout:0.5");
  EXPECT_THROW(make_layer<float>("dropout:1", 4), ConfigError);
  EXPECT_THROW(make_layer<float>("dropout:-0.1", 4), ConfigError);
  EXPECT_THROW(make_layer<float>("dropout:abc", 4), ConfigError);
}

}  // namespace
}  // namespace bprop
