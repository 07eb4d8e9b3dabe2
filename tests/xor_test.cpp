// XOR, the notebook's problem: convergence, determinism and the seed preset's first forward pass.
#include <gtest/gtest.h>

#include <cmath>

#include "bprop/bprop.h"

namespace bprop {
namespace {

// The notebook's network under `bprop train --preset seed`: 2-2-1, sigmoid hidden units, BCE on
// logits, notebook init, per-sample SGD at lr 0.01, samples in the notebook's order.
Network seed_network(uint64_t seed) {
  Network net = build_network<float>(2, "2,sigmoid,1");
  net.initialize(seed, {.scheme = InitScheme::kNotebook});
  return net;
}

TEST(Xor, SeedPresetFirstForwardPassMatchesAHandComputation) {
  Network net = seed_network(3);
  // The weights are the first draws of Rng(3), in layer order, times sqrt(2/fan_in) = 1.
  Rng rng(3);
  double w1[2][2], w2[2];
  for (auto& row : w1) {
    for (double& w : row) w = rng.normal();
  }
  for (double& w : w2) w = rng.normal();
  const Dataset data = xor_dataset();
  const Matrix& out = net.forward(data.inputs);
  for (int s = 0; s < 4; ++s) {
    const double x1 = data.inputs(s, 0), x2 = data.inputs(s, 1);
    double logit = 0.5;  // the notebook's bias
    for (int j = 0; j < 2; ++j) {
      const double h = 1.0 / (1.0 + std::exp(-(w1[j][0] * x1 + w1[j][1] * x2 + 0.5)));
      logit += w2[j] * h;
    }
    EXPECT_NEAR(out(s, 0), logit, 1e-6) << "sample " << s;
  }
}

TEST(Xor, SameSeedGivesBitwiseIdenticalWeights) {
  auto run = [](uint64_t seed) {
    Network net = build_network<float>(2, "8,tanh,1");
    net.initialize(seed, {.scheme = InitScheme::kXavierUniform});
    BinaryCrossEntropy<float> loss;
    Adam<float> adam({.learning_rate = 0.05});
    const Dataset data = xor_dataset();
    train(net, loss, adam, data.inputs, data.targets,
          {.epochs = 50, .batch_size = 2, .seed = seed});
    std::vector<Matrix> weights;
    for (const auto* p : std::as_const(net).parameters()) weights.push_back(p->value);
    return weights;
  };
  EXPECT_EQ(run(11), run(11));
  EXPECT_NE(run(11), run(12));
}

TEST(Xor, EveryOptimizerDrivesTheLossDown) {
  const Dataset data = xor_dataset();
  for (const OptimizerConfig& config :
       {OptimizerConfig{.name = "sgd", .learning_rate = 0.5, .momentum = 0.9},
        OptimizerConfig{.name = "sgd", .learning_rate = 0.5, .momentum = 0.9, .nesterov = true},
        OptimizerConfig{.name = "adam", .learning_rate = 0.05},
        OptimizerConfig{.name = "adamw", .learning_rate = 0.05, .weight_decay = 1e-4}}) {
    Network net = build_network<float>(2, "8,tanh,1");
    net.initialize(4, {.scheme = InitScheme::kXavierUniform});
    BinaryCrossEntropy<float> loss;
    auto optimizer = make_optimizer<float>(config);
    train(net, loss, *optimizer, data.inputs, data.targets, {.epochs = 400, .batch_size = 4});
    EXPECT_LT(evaluate_loss(net, loss, data.inputs, data.targets), 0.05)
        << config.name << (config.nesterov ? " nesterov" : "");
  }
}

TEST(Xor, DivergenceIsReportedWithTheStep) {
  Network net = build_network<float>(2, "8,relu,1");
  net.initialize(1);
  MeanSquaredError<float> loss;
  Sgd<float> sgd({.learning_rate = 1e3});
  const Dataset data = xor_dataset();
  try {
    train(net, loss, sgd, data.inputs, data.targets, {.epochs = 1000, .batch_size = 4});
    FAIL() << "expected DivergenceError";
  } catch (const DivergenceError& e) {
    EXPECT_GT(e.step(), 0);
    EXPECT_NE(std::string(e.what()).find("step " + std::to_string(e.step())), std::string::npos);
  }
}

}  // namespace
}  // namespace bprop
