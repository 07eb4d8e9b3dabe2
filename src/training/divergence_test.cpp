// B24 (docs/reliability.md): divergence stops training at the step where it appears, names the
// step, batch and layer, and never applies the non-finite step.
#include "bprop/training/divergence.h"

#include <gtest/gtest.h>

#include <limits>

#include "bprop/errors.h"
#include "bprop/registry.h"
#include "bprop/train.h"

namespace bprop {
namespace {

constexpr float kNan = std::numeric_limits<float>::quiet_NaN();
constexpr float kInf = std::numeric_limits<float>::infinity();

TEST(Divergence, AllFiniteSeesNanAndBothInfinities) {
  EXPECT_TRUE(all_finite<float>(std::vector<float>{0, -1, 3e38f}));
  EXPECT_FALSE(all_finite<float>(std::vector<float>{0, kNan, 1}));
  EXPECT_FALSE(all_finite<float>(std::vector<float>{kInf, 1}));
  EXPECT_FALSE(all_finite<float>(std::vector<float>{1, -kInf}));
  EXPECT_TRUE(all_finite<float>(std::vector<float>{}));
}

TEST(Divergence, LocatesFirstNonFiniteActivationGradientAndParameter) {
  Network network = build_network<float>(2, "4,tanh,1");
  network.initialize(3);
  const Matrix input{{1, 2}, {3, 4}};
  EXPECT_EQ(locate_nonfinite_activation(network, input), "");
  EXPECT_EQ(locate_nonfinite_activation(network, Matrix{{1, kNan}}), "the input batch");
  network.layer(2).parameters()[0].value(0, 1) = kInf;
  EXPECT_EQ(locate_nonfinite_activation(network, input), "layer 3 (dense:1) output");
  EXPECT_EQ(locate_nonfinite_parameter(network), "layer 3 (dense:1) weight");
  network.layer(0).parameters()[1].grad(0, 2) = kNan;
  EXPECT_EQ(locate_nonfinite_gradient(network), "layer 1 (dense:4) bias gradient");
}

// A linear model under SGD with lr 1e30 multiplies its weights by ~1e30 per step: float overflows
// at step 2 or 3, deterministically.
TEST(Divergence, HugeLearningRateStopsAtTheStepAndKeepsLastFiniteWeights) {
  Network network = build_network<float>(2, "8,1");
  network.initialize(1);
  const auto loss = make_loss<float>("mse");
  const auto sgd = make_optimizer<float>({.name = "sgd", .learning_rate = 1e30});
  const Matrix inputs{{0, 1}, {1, 0}, {1, 1}, {0, 0}};
  const Matrix targets{{1}, {1}, {0}, {0}};
  Trainer trainer(network, *loss, *sgd, {.epochs = 100, .batch_size = 2, .seed = 5});
  try {
    trainer.run(inputs, targets);
    FAIL() << "training with lr 1e30 did not diverge";
  } catch (const DivergenceError& e) {
    const std::string what = e.what();
    EXPECT_GE(e.step(), 2);
    EXPECT_LE(e.step(), 6);
    EXPECT_EQ(trainer.step(), e.step() - 1) << "the trainer's state is the last good step";
    EXPECT_GE(e.batch(), 1);
    EXPECT_LE(e.batch(), 2);
    EXPECT_NE(e.location().find("layer "), std::string::npos) << what;
    EXPECT_NE(what.find("step " + std::to_string(e.step())), std::string::npos) << what;
    EXPECT_NE(what.find("batch " + std::to_string(e.batch())), std::string::npos) << what;
    EXPECT_NE(what.find(e.location()), std::string::npos) << what;
  }
  EXPECT_EQ(locate_nonfinite_parameter(network), "") << "the diverging step must not be applied";
}

TEST(Divergence, NonFiniteInputIsNamedAsTheInput) {
  Network network = build_network<float>(2, "4,tanh,1");
  network.initialize(1);
  const auto loss = make_loss<float>("mse");
  const auto sgd = make_optimizer<float>({.name = "sgd", .learning_rate = 0.1});
  const Matrix inputs{{0, 1}, {1, 0}, {kNan, 1}, {0, 0}};
  const Matrix targets{{1}, {1}, {0}, {0}};
  try {
    train(network, *loss, *sgd, inputs, targets, {.epochs = 1, .batch_size = 2, .shuffle = false});
    FAIL() << "NaN input did not stop training";
  } catch (const DivergenceError& e) {
    EXPECT_EQ(e.step(), 2);
    EXPECT_EQ(e.batch(), 2);
    EXPECT_EQ(e.location(), "the input batch");
  }
}

}  // namespace
}  // namespace bprop
