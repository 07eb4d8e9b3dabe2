#include "bprop/optimizers/sgd.h"

#include <gtest/gtest.h>

#include "bprop/errors.h"

namespace bprop {
namespace {

BasicParameter<double> parameter(double value, double grad) {
  BasicParameter<double> p("w", 1, 1);
  p.value(0, 0) = value;
  p.grad(0, 0) = grad;
  return p;
}

TEST(Sgd, PlainStepIsTheNotebooksUpdate) {
  Sgd<double> sgd({.learning_rate = 0.1});
  auto p = parameter(1.0, 2.0);
  sgd.update(p);
  EXPECT_DOUBLE_EQ(p.value(0, 0), 1.0 - 0.1 * 2.0);
  EXPECT_EQ(p.slots.step, 1);
  EXPECT_TRUE(p.slots.moment1.empty());  // no state without momentum
}

TEST(Sgd, MomentumAndNesterovFollowPyTorch) {
  Sgd<double> heavy({.learning_rate = 0.1, .momentum = 0.9});
  Sgd<double> nesterov({.learning_rate = 0.1, .momentum = 0.9, .nesterov = true});
  auto a = parameter(1.0, 1.0);
  auto b = parameter(1.0, 1.0);
  heavy.update(a);     // v = 1, w = 1 - 0.1
  nesterov.update(b);  // v = 1, d = 1 + 0.9, w = 1 - 0.19
  EXPECT_DOUBLE_EQ(a.value(0, 0), 0.9);
  EXPECT_DOUBLE_EQ(b.value(0, 0), 0.81);
  heavy.update(a);  // v = 0.9 + 1 = 1.9
  EXPECT_DOUBLE_EQ(a.value(0, 0), 0.9 - 0.19);
  EXPECT_DOUBLE_EQ(a.slots.moment1(0, 0), 1.9);
}

TEST(Sgd, WeightDecayAddsL2Gradient) {
  Sgd<double> sgd({.learning_rate = 0.5, .weight_decay = 0.1});
  auto p = parameter(2.0, 0.0);
  sgd.update(p);
  EXPECT_DOUBLE_EQ(p.value(0, 0), 2.0 - 0.5 * 0.1 * 2.0);
}

TEST(Sgd, RejectsNesterovWithoutMomentumAndNegativeRates) {
  EXPECT_THROW(Sgd<float>({.nesterov = true}), ConfigError);
  EXPECT_THROW(Sgd<float>({.learning_rate = -1}), ConfigError);
}

}  // namespace
}  // namespace bprop
