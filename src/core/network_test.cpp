#include "bprop/network.h"

#include <gtest/gtest.h>

#include <cstdint>
#include <thread>
#include <vector>

#include "bprop/errors.h"
#include "bprop/gradient_check.h"
#include "bprop/layers/dense.h"
#include "bprop/layers/tanh.h"
#include "bprop/losses/softmax_cross_entropy.h"
#include "bprop/registry.h"

namespace bprop {
namespace {

TEST(Network, AddInfersEachLayersInputWidth) {
  Network net(3);
  net.add<Dense>(4).add<Tanh>().add<Dense>(2);
  EXPECT_EQ(net.output_width(), 2);
  EXPECT_EQ(net.parameter_count(), 3u * 4 + 4 + 4 * 2 + 2);
  EXPECT_EQ(net.describe(), "3 -> dense:4 -> tanh -> dense:2");
}

TEST(Network, MismatchedInputWidthIsAClearErrorNotACrash) {
  Network net = build_network<float>(2, "4,tanh,1");
  const Matrix wrong(5, 3);
  try {
    net.forward(wrong);
    FAIL() << "expected ShapeError";
  } catch (const ShapeError& e) {
    const std::string what = e.what();
    EXPECT_NE(what.find("3 columns"), std::string::npos) << what;
    EXPECT_NE(what.find("expects 2"), std::string::npos) << what;
  }
  EXPECT_THROW(net.predict(wrong), ShapeError);
  EXPECT_THROW(net.add(std::make_unique<Dense<float>>(7, 2)), ShapeError);
}

TEST(Network, WholeNetworkGradientsMatchCentralDifferences) {
  NetworkD net = build_network<double>(3, "5,tanh,4,gelu,3");
  net.initialize(2);
  SoftmaxCrossEntropy<double> loss;
  const MatrixD x{{0.1, -0.4, 1.2}, {0.7, 0.3, -0.9}};
  const MatrixD y{{2}, {0}};
  for (const auto& e : check_network(net, loss, x, y)) {
    EXPECT_TRUE(e.fully_written) << e.name;
    EXPECT_LE(e.max_abs, 1e-8) << e.name;
  }
}

Matrix normal_inputs(int rows, int cols, uint64_t seed) {
  Matrix x(rows, cols);
  Rng rng(seed);
  for (float& v : x.values()) v = static_cast<float>(rng.normal());
  return x;
}

TEST(Network, PredictEqualsForwardAndIsSafeFromManyThreads) {
  Network net = build_network<float>(4, "16,tanh,8,relu,3");
  net.initialize(9);
  const Matrix x = normal_inputs(32, 4, 1);
  const Matrix expected = net.forward(x);
  EXPECT_EQ(net.predict(x), expected);
  const Network& shared = net;
  std::vector<Matrix> results(8);
  std::vector<std::thread> threads;
  for (auto& r : results) threads.emplace_back([&] { r = shared.predict(x); });
  for (auto& t : threads) t.join();
  for (const auto& r : results) EXPECT_EQ(r, expected);
}

// Inputs larger than one block run block by block. With layers this wide every block's products
// go to the GEMM library, as the whole input's would, and each row has the same bits as in one
// call over all rows (forward()), in the last, partial block too.
TEST(Network, PredictOfManyRowsRunsInBlocksWithTheSameRows) {
  Network net = build_network<float>(40, "64,relu,32,tanh,2");
  net.initialize(5);
  Matrix x = normal_inputs(5000, 40, 2);
  const Matrix all = net.predict(x);
  ASSERT_EQ(all.rows(), 5000);
  ASSERT_EQ(all.cols(), 2);
  // Batch-invariant: a row alone has the bits it has among 5,000.
  for (const int r : {0, 2047, 2048, 4999}) {
    const Matrix one = net.predict(Matrix::view(x.row(r), 1, 40));
    EXPECT_EQ(Matrix::view(const_cast<float*>(all.row(r)), 1, 2), one) << r;
  }
  for (const int first : {0, 1500, 4500}) {
    const Matrix part = Matrix::view(x.row(first), 500, 40);
    const Matrix got = net.predict(part);
    EXPECT_EQ(Matrix::view(const_cast<float*>(all.row(first)), 500, 2), got) << first;
  }
}

TEST(Network, FirstLayerSkipsTheUnneededInputGradient) {
  Network net = build_network<float>(2, "3,tanh,1");
  EXPECT_FALSE(net.layer(0).needs_input_grad());
  EXPECT_TRUE(net.layer(1).needs_input_grad());
}

TEST(Network, ParametersAndGradientsLiveInOneArenaEachInParameterOrder) {
  Network net = build_network<float>(3, "5,tanh");
  net.initialize(4);
  const Matrix first_weight = net.parameters()[0]->value;
  net.add<Dense>(2);  // the arenas are laid out again; the values move with them
  EXPECT_EQ(net.parameters()[0]->value, first_weight);
  const float* values = net.parameter_arena().data();
  const float* grads = net.gradient_arena().data();
  std::size_t offset = 0;
  for (auto* p : net.parameters()) {
    EXPECT_EQ(p->value.data(), values + offset) << p->name;
    EXPECT_EQ(p->grad.data(), grads + offset) << p->name;
    EXPECT_EQ(reinterpret_cast<std::uintptr_t>(p->value.data()) % 64, 0u);
    offset += (p->value.size() + 15) / 16 * 16;
  }
  EXPECT_EQ(offset, net.gradient_arena().size());
  Network moved = std::move(net);  // a moved network's layers still view its arenas
  EXPECT_EQ(moved.parameters()[0]->value.data(), values);
  Matrix x(4, 3, 0.5f);
  moved.forward(x);
  moved.backward(Matrix(4, 2, 1.0f));
  EXPECT_EQ(moved.gradient_arena()[0], moved.parameters()[0]->grad(0, 0));
}

TEST(Registry, UnknownLayerNamesTheSpecAndTheKnownLayers) {
  try {
    build_network<float>(2, "4,swish,1");
    FAIL() << "expected ConfigError";
  } catch (const ConfigError& e) {
    const std::string what = e.what();
    EXPECT_NE(what.find("'swish'"), std::string::npos) << what;
    EXPECT_NE(what.find("tanh"), std::string::npos) << what;
  }
  EXPECT_THROW(build_network<float>(2, "4,,1"), ConfigError);
  EXPECT_THROW(build_network<float>(2, "dense"), ConfigError);
  EXPECT_THROW(build_network<float>(2, "0"), ConfigError);
  EXPECT_THROW(build_network<float>(2, "tanh:3"), ConfigError);
  EXPECT_THROW(make_loss<float>("hinge"), ConfigError);
  EXPECT_THROW(make_optimizer<float>({.name = "lbfgs"}), ConfigError);
}

TEST(Registry, EveryLayerSpecRebuildsTheSameLayer) {
  for (const auto& name : layer_names()) {
    const std::string spec = name == "dense" ? "dense:3" : name;
    auto layer = make_layer<float>(spec, 3);
    auto again = make_layer<float>(layer->spec(), 3);
    EXPECT_EQ(again->spec(), layer->spec()) << name;
    EXPECT_EQ(layer->type(), name);
  }
}

}  // namespace
}  // namespace bprop
