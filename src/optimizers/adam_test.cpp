#include "bprop/optimizers/adam.h"

#include <gtest/gtest.h>

#include <cmath>

#include "bprop/errors.h"

namespace bprop {
namespace {

TEST(Adam, FirstStepMovesEachWeightByAboutTheLearningRate) {
  // After one step m̂ = g and v̂ = g², so the update is lr · g/(|g| + ε) ≈ lr · sign(g).
  Adam<double> adam({.learning_rate = 0.01});
  BasicParameter<double> p("w", 1, 2);
  p.value = MatrixD{{1.0, 1.0}};
  p.grad = MatrixD{{4.0, -0.5}};
  adam.update(p);
  EXPECT_NEAR(p.value(0, 0), 0.99, 1e-9);
  EXPECT_NEAR(p.value(0, 1), 1.01, 1e-9);
  EXPECT_EQ(p.slots.step, 1);
}

TEST(Adam, StepCounterAdvancesOncePerStepForEveryParameter) {
  Adam<float> adam;
  BasicParameter<float> weight("weight", 2, 2), bias("bias", 1, 2);
  for (int step = 0; step < 3; ++step) {
    adam.update(weight);
    adam.update(bias);
  }
  EXPECT_EQ(weight.slots.step, 3);
  EXPECT_EQ(bias.slots.step, 3);
}

TEST(Adam, StateTravelsWithTheParameterWhenItIsMoved) {
  Adam<double> adam({.learning_rate = 0.1});
  BasicParameter<double> p("w", 1, 1);
  p.grad(0, 0) = 1.0;
  adam.update(p);
  BasicParameter<double> moved = std::move(p);  // no pointer-keyed state to lose
  adam.update(moved);
  EXPECT_EQ(moved.slots.step, 2);
  EXPECT_NEAR(moved.slots.moment1(0, 0), 0.1 + 0.9 * 0.1, 1e-12);
}

TEST(AdamW, DecaysWeightsIndependentlyOfTheGradient) {
  AdamW<double> adamw({.learning_rate = 0.1, .weight_decay = 0.5});
  BasicParameter<double> p("w", 1, 1);
  p.value(0, 0) = 2.0;
  p.grad(0, 0) = 0.0;  // zero gradient: only the decoupled decay acts
  adamw.update(p);
  EXPECT_DOUBLE_EQ(p.value(0, 0), 2.0 * (1 - 0.1 * 0.5));
  EXPECT_EQ(adamw.name(), "adamw");
}

TEST(Adam, RejectsBadHyperparameters) {
  EXPECT_THROW(Adam<float>({.beta1 = 1.0}), ConfigError);
  EXPECT_THROW(Adam<float>({.epsilon = 0.0}), ConfigError);
}

}  // namespace
}  // namespace bprop
