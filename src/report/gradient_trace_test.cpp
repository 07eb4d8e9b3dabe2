#include "bprop/report/gradient_trace.h"

#include <gtest/gtest.h>

#include <cmath>

#include "bprop/data/dataset.h"
#include "bprop/optimizers/sgd.h"
#include "bprop/registry.h"
#include "bprop/train.h"

namespace bprop {
namespace {

double norm(const Network& net, std::size_t layer, bool grad) {
  double s = 0;
  for (const auto& p : net.layer(layer).parameters()) {
    for (float v : (grad ? p.grad : p.value).values()) s += double(v) * v;
  }
  return std::sqrt(s);
}

TEST(GradientTrace, MeasuresNormsAndUpdateRatiosOfEachStep) {
  const Dataset data = xor_dataset();
  Network net = build_network<float>(2, "3,tanh,1");
  net.initialize(7);
  auto loss = make_loss<float>("bce");
  Sgd<float> sgd({.learning_rate = 0.5});
  GradientTrace trace(net);

  // Two full-batch steps by hand, with the expected numbers computed independently.
  double expected_norm[2] = {0, 0}, expected_ratio[2] = {0, 0};
  for (int step = 0; step < 2; ++step) {
    loss->forward(net.forward(data.inputs), data.targets);
    net.backward(loss->backward());
    trace.after_backward();
    const std::size_t layers[2] = {0, 2};
    for (int k = 0; k < 2; ++k) {
      expected_norm[k] += norm(net, layers[k], true) / 2;
      // Plain SGD: Δθ = −lr·g, so ‖Δθ‖/‖θ‖ = lr·‖g‖/‖θ‖.
      expected_ratio[k] += 0.5 * norm(net, layers[k], true) / norm(net, layers[k], false) / 2;
    }
    net.step(sgd);
  }
  const std::vector<LayerTrace> t = trace.end_epoch();
  ASSERT_EQ(t.size(), 2u);  // tanh has no parameters
  EXPECT_EQ(t[0].layer, "0:dense:3");
  EXPECT_EQ(t[1].layer, "2:dense:1");
  for (int k = 0; k < 2; ++k) {
    EXPECT_NEAR(t[k].grad_norm, expected_norm[k], 1e-6 * expected_norm[k]);
    EXPECT_NEAR(t[k].update_ratio, expected_ratio[k], 1e-4 * expected_ratio[k]);
    EXPECT_GT(t[k].grad_norm, 0);
  }
  // A new epoch starts from zero.
  const std::vector<LayerTrace> empty = trace.end_epoch();
  EXPECT_EQ(empty[0].grad_norm, 0);
  EXPECT_EQ(empty[0].update_ratio, 0);
}

TEST(GradientTrace, HooksIntoTheTrainer) {
  const Dataset data = xor_dataset();
  Network net = build_network<float>(2, "4,sigmoid,1");
  net.initialize(1);
  auto loss = make_loss<float>("bce");
  Sgd<float> sgd({.learning_rate = 0.1});
  GradientTrace trace(net);
  std::vector<std::vector<LayerTrace>> epochs;
  TrainObservers observers;
  observers.on_epoch.push_back([&](const EpochReport&) { epochs.push_back(trace.end_epoch()); });
  observers.on_step.push_back([&](int, int64_t, int64_t) { trace.after_backward(); });
  train(net, *loss, sgd, data.inputs, data.targets, {.epochs = 3, .batch_size = 1}, observers);
  ASSERT_EQ(epochs.size(), 3u);
  for (const auto& e : epochs) {
    ASSERT_EQ(e.size(), 2u);
    for (const LayerTrace& l : e) {
      EXPECT_TRUE(std::isfinite(l.grad_norm) && l.grad_norm > 0);
      EXPECT_TRUE(std::isfinite(l.update_ratio) && l.update_ratio > 0);
    }
  }
  const std::string text = format_trace({.epoch = 3, .train_loss = 0.5, .layers = epochs[2]});
  EXPECT_EQ(text.rfind("    3", 0), 0u) << text;
  const std::string header = format_trace_header({.layers = epochs[2]});
  // Output layer first: the order in which backpropagation visits the layers.
  EXPECT_LT(header.find("2:dense:1"), header.find("0:dense:4"));
}

}  // namespace
}  // namespace bprop
