// Golden values from PyTorch (testing/golden/make_golden.py writes testing/golden/golden_data.h):
// forward outputs, losses and every gradient for small networks covering each activation and
// loss, and 10-step parameter trajectories for each optimizer. Each case runs in double (tight
// tolerance) and in float (looser); see testing/golden/README.md for the tolerances.
#include <gtest/gtest.h>

#include <cmath>
#include <cstdio>
#include <set>
#include <string>
#include <vector>

#include "bprop/registry.h"
#include "testing/golden/golden_check.h"
#include "testing/golden/golden_data.h"

namespace bprop {
namespace {

using golden::Error;
using golden::expect_close;
using golden::ForwardCase;
using golden::OptimizerCase;
using golden::to_matrix;

template <typename T>
const char* type_name() {
  return sizeof(T) == sizeof(double) ? "double" : "float";
}

// Copies PyTorch's initial parameters into the network (same order, same (out, in) layout) and
// fills every gradient with NaN, so a backward that skips an entry cannot pass.
template <typename T>
void load_parameters(BasicNetwork<T>& net, std::span<const golden::Tensor> golden) {
  const auto params = net.parameters();
  ASSERT_EQ(params.size(), golden.size()) << net.describe();
  for (std::size_t i = 0; i < params.size(); ++i) {
    ASSERT_EQ(params[i]->value.rows(), golden[i].rows) << "parameter " << i;
    ASSERT_EQ(params[i]->value.cols(), golden[i].cols) << "parameter " << i;
    params[i]->value = to_matrix<T>(golden[i]);
    params[i]->grad.fill(std::nan(""));
  }
}

template <typename T>
void check_forward_case(const ForwardCase& c) {
  BasicNetwork<T> net = build_network<T>(c.input_width, c.layers);
  ASSERT_NO_FATAL_FAILURE(load_parameters(net, c.parameters));
  const auto loss = make_loss<T>(c.loss);
  const BasicMatrix<T> input = to_matrix<T>(c.input);
  const BasicMatrix<T> target = to_matrix<T>(c.target);

  Error output = expect_close("output", net.forward(input), c.output);
  output.merge(expect_close("predict", net.predict(input), c.output));
  const T value = loss->forward(net.forward(input), target);
  const Error loss_error =
      expect_close<T>("loss", std::span(&value, 1), std::span(&c.loss_value, 1));

  // A copy: the loss's buffer is only valid until its next call.
  const BasicMatrix<T> grad_output = loss->backward();
  net.backward(grad_output);
  // backward() reads the last forward(): asking again must not rescale the gradient.
  EXPECT_EQ(loss->backward(), grad_output) << "a second loss backward() differs";
  const auto params = net.parameters();
  Error grads;
  for (std::size_t i = 0; i < params.size(); ++i) {
    grads.merge(expect_close(
        "network gradient of parameter " + std::to_string(i) + " (" + params[i]->name + ")",
        params[i]->grad, c.gradients[i]));
  }

  // Network never computes dLoss/dinput (its first layer skips it), so ask the first layer for it
  // and run the backward pass layer by layer; the parameter gradients must come out the same.
  net.layer(0).set_needs_input_grad(true);
  const BasicMatrix<T>* grad = &grad_output;
  for (std::size_t i = net.size(); i-- > 0;) grad = &net.layer(i).backward(*grad);
  const Error input_grad = expect_close("input gradient", *grad, c.input_grad);
  for (std::size_t i = 0; i < params.size(); ++i) {
    grads.merge(expect_close("layer-by-layer gradient of parameter " + std::to_string(i),
                             params[i]->grad, c.gradients[i]));
  }
  std::printf("golden %-34s %-6s output %s | loss %s | grads %s | input grad %s\n", c.name,
              type_name<T>(), describe(output).c_str(), describe(loss_error).c_str(),
              describe(grads).c_str(), describe(input_grad).c_str());
}

template <typename T>
void check_optimizer_case(const OptimizerCase& c) {
  BasicNetwork<T> net = build_network<T>(golden::kOptimizerInput.cols, golden::kOptimizerLayers);
  const auto params = net.parameters();
  const std::size_t width = c.states.size() / (golden::kOptimizerSteps + 1);
  ASSERT_EQ(net.parameter_count(), width) << net.describe();
  // Row s of c.states: every parameter flattened in network order, after s steps.
  const auto load_state = [&](std::size_t s) {
    const double* row = c.states.data() + s * width;
    for (auto* p : params) {
      for (T& v : p->value.values()) v = static_cast<T>(*row++);
    }
  };
  const auto state = [&] {
    std::vector<T> flat;
    for (const auto* p : params)
      flat.insert(flat.end(), p->value.data(), p->value.data() + p->value.size());
    return flat;
  };
  load_state(0);
  const auto optimizer = make_optimizer<T>({.name = c.optimizer,
                                            .learning_rate = c.learning_rate,
                                            .momentum = c.momentum,
                                            .nesterov = c.nesterov,
                                            .weight_decay = c.weight_decay});
  const auto loss = make_loss<T>("mse");
  const BasicMatrix<T> input = to_matrix<T>(golden::kOptimizerInput);
  const BasicMatrix<T> target = to_matrix<T>(golden::kOptimizerTarget);

  Error losses, states;
  for (int s = 0; s < golden::kOptimizerSteps; ++s) {
    const std::string at = "step " + std::to_string(s + 1);
    const T value = loss->forward(net.forward(input), target);
    losses.merge(expect_close<T>("loss before " + at, std::span(&value, 1), c.losses.subspan(s, 1),
                                 golden::kFloatTrajectoryTolerance));
    net.backward(loss->backward());
    net.step(*optimizer);
    const std::vector<T> got = state();
    states.merge(expect_close<T>("parameters after " + at, got,
                                 c.states.subspan((s + 1) * width, width),
                                 golden::kFloatTrajectoryTolerance));
    // Adam's bias correction uses this counter: it must advance once per step, not per call.
    for (const auto* p : params) EXPECT_EQ(p->slots.step, s + 1) << p->name << " at " << at;
  }
  std::printf("golden %-34s %-6s losses %s | parameters %s\n", c.name, type_name<T>(),
              describe(losses).c_str(), describe(states).c_str());
}

class GoldenForward : public ::testing::TestWithParam<ForwardCase> {};

TEST_P(GoldenForward, MatchesPyTorchInDouble) { check_forward_case<double>(GetParam()); }
TEST_P(GoldenForward, MatchesPyTorchInFloat) { check_forward_case<float>(GetParam()); }

INSTANTIATE_TEST_SUITE_P(PyTorch, GoldenForward, ::testing::ValuesIn(golden::kForwardCases),
                         [](const auto& info) { return std::string(info.param.name); });

class GoldenOptimizer : public ::testing::TestWithParam<OptimizerCase> {};

TEST_P(GoldenOptimizer, TrajectoryMatchesPyTorchInDouble) {
  check_optimizer_case<double>(GetParam());
}
TEST_P(GoldenOptimizer, TrajectoryMatchesPyTorchInFloat) {
  check_optimizer_case<float>(GetParam());
}

INSTANTIATE_TEST_SUITE_P(PyTorch, GoldenOptimizer, ::testing::ValuesIn(golden::kOptimizerCases),
                         [](const auto& info) { return std::string(info.param.name); });

// The golden data must keep up with the registry: a new activation or loss without a PyTorch case
// fails here until make_golden.py covers it.
TEST(GoldenCoverage, EveryLayerLossAndOptimizerHasACase) {
  std::set<std::string> layers, losses, optimizers;
  bool index_targets = false, probability_targets = false;
  for (const ForwardCase& c : golden::kForwardCases) {
    const std::string spec = c.layers;
    for (std::size_t start = 0; start <= spec.size();) {
      const std::size_t end = std::min(spec.find(',', start), spec.size());
      const std::string item = spec.substr(start, end - start);
      const bool number = item.find_first_not_of("0123456789") == std::string::npos;
      layers.insert(number ? "dense" : item.substr(0, item.find(':')));
      start = end + 1;
    }
    losses.insert(c.loss);
    if (std::string(c.loss) == "softmax-ce") {
      (c.target.cols == 1 ? index_targets : probability_targets) = true;
    }
  }
  for (const OptimizerCase& c : golden::kOptimizerCases) optimizers.insert(c.optimizer);
  // Dropout draws its masks from bprop's own Rng, which PyTorch cannot reproduce; its gradient is
  // checked with a fixed mask in src/layers/dropout_test.cpp instead.
  for (const auto& name : layer_names()) {
    if (name == "dropout") continue;
    EXPECT_TRUE(layers.count(name)) << name;
  }
  for (const auto& name : loss_names()) EXPECT_TRUE(losses.count(name)) << name;
  for (const auto& name : optimizer_names()) EXPECT_TRUE(optimizers.count(name)) << name;
  EXPECT_TRUE(index_targets) << "softmax-ce with class-index targets";
  EXPECT_TRUE(probability_targets) << "softmax-ce with probability targets";
}

}  // namespace
}  // namespace bprop
