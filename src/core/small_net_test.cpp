// SmallNet must be invisible except in speed: the same weights, gradients, velocities, step
// counts, losses and accuracy counts as the layer path, bit for bit, and the layer path for every
// configuration it does not take.
#include "bprop/small_net.h"

#include <gtest/gtest.h>

#include <cmath>
#include <cstring>
#include <stdexcept>

#include "bprop/errors.h"
#include "bprop/registry.h"
#include "bprop/train.h"

namespace bprop {
namespace {

struct Config {
  const char* layers;
  int inputs;
  const char* loss;
  int target_cols;  // softmax-ce: 1 = class indices, else probability rows
  OptimizerConfig optimizer;
};

template <typename T>
void fill(BasicMatrix<T>& x, BasicMatrix<T>& y, const Config& c, uint64_t seed) {
  Rng rng(seed);
  for (T& v : x.values()) v = static_cast<T>(rng.uniform(-2, 2));
  const bool indices = std::string(c.loss) == "softmax-ce" && c.target_cols == 1;
  for (int r = 0; r < y.rows(); ++r) {
    double total = 0;
    for (int k = 0; k < y.cols(); ++k) {
      const double u = rng.uniform();
      y(r, k) = static_cast<T>(indices                        ? (r * 7 + 3) % 3
                               : std::string(c.loss) == "bce" ? u > 0.5
                                                              : u);
      total += u;
    }
    if (std::string(c.loss) == "softmax-ce" && !indices) {
      for (int k = 0; k < y.cols(); ++k) y(r, k) = static_cast<T>(y(r, k) / total);
    }
  }
}

template <typename T>
bool same_bits(const BasicMatrix<T>& a, const BasicMatrix<T>& b) {
  // An empty matrix may have no storage (data() == nullptr), which memcmp must not be given.
  return a.rows() == b.rows() && a.cols() == b.cols() &&
         (a.size() == 0 || std::memcmp(a.data(), b.data(), a.size() * sizeof(T)) == 0);
}

// A sync that changes nothing but is not the identity: the loop then takes the layer path (the
// fast path has no point between backward and update), which the tests compare against.
template <typename T>
struct LayerPath : BasicGradientSync<T> {
  bool is_identity() const override { return false; }
};

struct Run {
  std::vector<double> losses;
  std::vector<double> grad_sums;  // Σ grad seen by after_backward at every step
  AccuracyCounts counts;
  bool used_small_net = false;
};

// The layer path; SmallNet with a hook between backward and update (forward_backward, then
// update); SmallNet in one step (train_step: fused for Dense -> activation -> Dense); and that
// without computing odd epochs' losses.
enum class Mode { kLayers, kTraced, kOneStep, kSomeLosses };

template <typename T>
Run train(BasicNetwork<T>& net, const Config& c, Mode mode) {
  const int samples = 23;
  BasicMatrix<T> x(samples, c.inputs), y(samples, c.target_cols);
  fill(x, y, c, 5);
  net.initialize(11, {.bias = 0.1});
  auto loss = make_loss<T>(c.loss);
  auto optimizer = make_optimizer<T>(c.optimizer);
  Run run;
  // Epochs 1..7 of 8: the last epoch's loss is always computed.
  const TrainOptions options{.epochs = 8, .batch_size = 1, .shuffle = true, .seed = 2};
  BasicTrainObservers<T> observers;
  if (mode == Mode::kLayers || mode == Mode::kTraced) {
    observers.on_step.push_back([&](int, int64_t, int64_t) {
      double sum = 0;
      for (const auto* p : net.parameters()) {
        for (const T v : p->grad.values()) sum += static_cast<double>(v);
      }
      run.grad_sums.push_back(sum);
    });
  }
  observers.loss_wanted.push_back(
      [mode](int e) { return mode != Mode::kSomeLosses || e % 2 == 0; });
  BasicTrainer<T> trainer(net, *loss, *optimizer, options, observers);
  LayerPath<T> layer_path;
  if (mode == Mode::kLayers) trainer.set_gradient_sync(layer_path);
  for (int e = 0; e < 7; ++e) {
    optimizer->set_learning_rate(c.optimizer.learning_rate / (1 + e));  // a schedule
    run.losses.push_back(trainer.run_epoch(x, y).train_loss);
    run.used_small_net = trainer.used_small_net();
  }
  run.counts = trainer.state().accuracy;
  return run;
}

template <typename T>
void expect_bitwise_equal(const Config& c, Mode mode) {
  SCOPED_TRACE(std::string(c.layers) + " " + c.loss + " " + c.optimizer.name + " mode " +
               std::to_string(static_cast<int>(mode)));
  BasicNetwork<T> fast = build_network<T>(c.inputs, c.layers);
  BasicNetwork<T> layers = build_network<T>(c.inputs, c.layers);
  Run a = train(fast, c, mode);
  const Run b = train(layers, c, Mode::kLayers);
  EXPECT_TRUE(a.used_small_net);
  EXPECT_FALSE(b.used_small_net);
  if (mode == Mode::kSomeLosses) {  // epochs 1, 3, ... : bce skips its loss, the others do not
    for (std::size_t e = 0; e < a.losses.size(); e += 2) {
      EXPECT_EQ(std::isnan(a.losses[e]), std::string(c.loss) == "bce") << "epoch " << e + 1;
      a.losses[e] = b.losses[e];
    }
  }
  EXPECT_EQ(a.losses, b.losses);
  if (mode == Mode::kTraced) {
    EXPECT_EQ(a.grad_sums, b.grad_sums);
  }
  EXPECT_EQ(a.counts.correct, b.counts.correct);
  EXPECT_EQ(a.counts.total, b.counts.total);
  const auto pa = fast.parameters();
  const auto pb = layers.parameters();
  ASSERT_EQ(pa.size(), pb.size());
  for (std::size_t i = 0; i < pa.size(); ++i) {
    EXPECT_TRUE(same_bits(pa[i]->value, pb[i]->value)) << "parameter " << i;
    EXPECT_TRUE(same_bits(pa[i]->grad, pb[i]->grad)) << "parameter " << i;
    EXPECT_TRUE(same_bits(pa[i]->slots.moment1, pb[i]->slots.moment1)) << "parameter " << i;
    EXPECT_EQ(pa[i]->slots.step, pb[i]->slots.step);
  }
}

const OptimizerConfig kSgd{.name = "sgd", .learning_rate = 0.05};
const OptimizerConfig kSgdDecay{.name = "sgd", .learning_rate = 0.05, .weight_decay = 1e-2};
const OptimizerConfig kMomentum{.name = "sgd", .learning_rate = 0.02, .momentum = 0.9};
const OptimizerConfig kNesterov{
    .name = "sgd", .learning_rate = 0.01, .momentum = 0.8, .nesterov = true, .weight_decay = 1e-3};

const Config kConfigs[] = {
    {"2,sigmoid,1", 2, "bce", 1, kSgd},  // the notebook's net
    {"4,tanh,3", 3, "softmax-ce", 1, kMomentum},
    {"8,relu,8,leaky_relu:0.1,2", 5, "mse", 2, kNesterov},
    {"16,gelu,identity,3", 9, "softmax-ce", 3, kMomentum},  // probability targets
    {"24,relu,13,sigmoid,2", 11, "bce", 2, kNesterov},      // rows of 8 and more: dot's sums
    {"sigmoid,5,tanh,tanh,1", 4, "mse", 1, kSgd},           // activations first and in a row
    {"64,tanh,64,relu,4", 64, "softmax-ce", 1, kMomentum},  // the widest it takes
    // Dense -> activation -> Dense: the fused step, with fixed widths (2-2-1) or not.
    {"2,sigmoid,1", 2, "bce", 1, kNesterov},
    {"3,relu,1", 2, "bce", 1, kSgdDecay},
    {"8,leaky_relu:0.1,2", 5, "mse", 2, kMomentum},
    {"6,gelu,3", 4, "softmax-ce", 3, kNesterov},
    {"4,identity,2", 3, "mse", 2, kSgd},
    {"40,tanh,9", 30, "softmax-ce", 1, kSgd},  // rows of 8 and more
};

TEST(SmallNet, TrainsBitwiseLikeTheLayerPathInFloat) {
  for (const Mode mode : {Mode::kTraced, Mode::kOneStep, Mode::kSomeLosses}) {
    for (const Config& c : kConfigs) expect_bitwise_equal<float>(c, mode);
  }
}

TEST(SmallNet, TrainsBitwiseLikeTheLayerPathInDouble) {
  for (const Mode mode : {Mode::kTraced, Mode::kOneStep, Mode::kSomeLosses}) {
    for (const Config& c : kConfigs) expect_bitwise_equal<double>(c, mode);
  }
}

bool takes(const char* layers, int inputs, const char* loss, int target_cols,
           const OptimizerConfig& opt, int batch = 1) {
  Network net = build_network<float>(inputs, layers);
  net.initialize(1);
  auto l = make_loss<float>(loss);
  auto o = make_optimizer<float>(opt);
  Matrix x(6, inputs), y(6, target_cols);
  fill(x, y, {layers, inputs, loss, target_cols, opt}, 3);
  Trainer trainer(net, *l, *o, {.epochs = 1, .batch_size = batch});
  const float before = net.parameters().front()->value.data()[0];
  trainer.run_epoch(x, y);
  EXPECT_NE(net.parameters().front()->value.data()[0], before) << layers << ": did not train";
  return trainer.used_small_net();
}

TEST(SmallNet, OtherConfigurationsTrainThroughTheLayers) {
  EXPECT_TRUE(takes("4,tanh,1", 3, "bce", 1, kSgd));      // the control
  EXPECT_FALSE(takes("4,tanh,1", 3, "bce", 1, kSgd, 2));  // batch 2
  EXPECT_FALSE(takes("4,tanh,dropout:0.5,1", 3, "bce", 1, kSgd));
  EXPECT_FALSE(takes("4,tanh,1", 3, "bce", 1, {.name = "adam", .learning_rate = 0.01}));
  EXPECT_FALSE(takes("4,tanh,1", 3, "bce", 1, {.name = "adamw", .learning_rate = 0.01}));
  // 100x100 products reach the GEMM library in the layer path.
  const OptimizerConfig slow{.name = "sgd", .learning_rate = 1e-4};
  EXPECT_FALSE(takes("100,relu,1", 100, "mse", 1, slow));
  EXPECT_TRUE(takes("90,relu,1", 90, "mse", 1, slow));  // 90·90 = 8100 stays built-in
}

TEST(SmallNet, BadTargetsAndDivergenceAreReportedAsByTheLayers) {
  auto message = [](bool small_net, float target, double lr, bool losses = true) -> std::string {
    Network net = build_network<float>(2, "3,relu,1");
    net.initialize(4);
    auto loss = make_loss<float>(std::isnan(target) ? "mse" : "bce");
    auto opt = make_optimizer<float>({.name = "sgd", .learning_rate = lr});
    Matrix x(5, 2, 1.0f), y(5, 1, 0.0f);
    x(2, 0) = 3e3f;
    y(3, 0) = std::isnan(target) ? 1e30f : target;
    TrainObservers observers;
    if (!losses) observers.loss_wanted.push_back([](int) { return false; });
    Trainer trainer(net, *loss, *opt, {.epochs = 50, .batch_size = 1, .shuffle = false}, observers);
    LayerPath<float> layer_path;
    if (!small_net) trainer.set_gradient_sync(layer_path);
    try {
      trainer.run(x, y);
    } catch (const std::exception& e) {
      return e.what();
    }
    return "no error";
  };
  const std::string bad = message(true, 2.0f, 0.01);
  EXPECT_NE(bad.find("outside [0, 1]"), std::string::npos) << bad;
  EXPECT_EQ(bad, message(false, 2.0f, 0.01));
  const std::string diverged = message(true, NAN, 10.0);  // MSE on 1e30: overflows
  EXPECT_NE(diverged.find("training diverged at step"), std::string::npos) << diverged;
  EXPECT_EQ(diverged, message(false, NAN, 10.0));
  // bce without its loss: the logits overflow, which the gradients alone would not show (σ(∞)
  // is 1); it is caught all the same.
  const std::string overflow = message(true, 1.0f, 1e37, false);
  EXPECT_NE(overflow.find("training diverged at step"), std::string::npos) << overflow;
  EXPECT_EQ(overflow, message(false, 1.0f, 1e37, false));
}

TEST(SmallNet, ResumesMidEpochLikeTheLayerPath) {
  const Config c = kConfigs[2];
  auto run = [&](bool small_net) {
    Network net = build_network<float>(c.inputs, c.layers);
    net.initialize(9);
    Matrix x(13, c.inputs), y(13, c.target_cols);
    fill(x, y, c, 8);
    auto loss = make_loss<float>(c.loss);
    auto opt = make_optimizer<float>(c.optimizer);
    TrainOptions options{.epochs = 3, .batch_size = 1, .seed = 4};
    LayerPath<float> layer_path;
    TrainerState state;
    {
      options.stop_after = {.every = 20, .in_steps = true};  // stop mid-epoch 2
      Trainer trainer(net, *loss, *opt, options);
      if (!small_net) trainer.set_gradient_sync(layer_path);
      EXPECT_TRUE(trainer.run(x, y).interrupted);
      state = trainer.state();
      EXPECT_EQ(state.step, 20);
    }
    options.stop_after = {};
    Trainer resumed(net, *loss, *opt, options);
    if (!small_net) resumed.set_gradient_sync(layer_path);
    resumed.restore(state);
    resumed.run(x, y);
    EXPECT_EQ(resumed.used_small_net(), small_net);
    std::vector<Matrix> values;
    for (const auto* p : net.parameters()) values.push_back(p->value);
    return std::make_pair(state, values);
  };
  const auto [state_fast, fast] = run(true);
  const auto [state_layers, layers] = run(false);
  EXPECT_EQ(state_fast, state_layers);
  ASSERT_EQ(fast.size(), layers.size());
  for (std::size_t i = 0; i < fast.size(); ++i) EXPECT_TRUE(same_bits(fast[i], layers[i]));
}

}  // namespace
}  // namespace bprop
