// The registry: builds layers, networks, losses and optimizers from their names. The CLI's
// --layers/--loss/--optimizer and the model-file loader both come through here, so anything that
// can be trained from the command line can be saved and loaded, and the other way round.
#pragma once

#include <array>
#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "bprop/layer.h"
#include "bprop/loss.h"
#include "bprop/network.h"
#include "bprop/optimizer.h"

namespace bprop {

// One layer from its spec: "dense:4" (or just "4"), "tanh", "leaky_relu:0.2", ... input_width is
// the width the layer will receive. Throws ConfigError naming the spec and the known layers.
template <typename T>
std::unique_ptr<BasicLayer<T>> make_layer(std::string_view spec, int input_width);

// What make_layer(spec, input_width) would build, found without building it: a spec may ask for
// more memory than there is (dense:100000 after 100000 inputs), and the memory estimate and the
// file readers must refuse it before anything is allocated. Throws ConfigError for every spec
// make_layer refuses on its name or argument.
struct LayerShape {
  int output_width = 0;
  std::vector<std::array<int64_t, 2>> parameters;  // rows, cols of each, in parameters() order
};
LayerShape layer_shape(std::string_view spec, int input_width);

// The specs of a comma-separated layer list, trimmed of spaces: "4, tanh,1" -> "4", "tanh", "1".
// Throws ConfigError on an empty entry.
std::vector<std::string_view> split_layer_list(std::string_view layers);

// A network from a comma-separated list: "4,tanh,1" = Dense to 4, Tanh, Dense to 1.
template <typename T>
BasicNetwork<T> build_network(int input_width, std::string_view layers);

// The registered layer names, for help texts and error hints.
std::vector<std::string> layer_names();

// "mse", "bce", "softmax-ce".
template <typename T>
std::unique_ptr<BasicLoss<T>> make_loss(std::string_view name);
std::vector<std::string> loss_names();

// Every optimizer hyperparameter in one place; each optimizer reads the fields it uses.
struct OptimizerConfig {
  std::string name = "adam";  // "sgd", "adam", "adamw"
  double learning_rate = 1e-3;
  double momentum = 0.0;  // sgd
  bool nesterov = false;  // sgd
  double weight_decay = 0.0;
  double beta1 = 0.9;  // adam, adamw
  double beta2 = 0.999;
  double epsilon = 1e-8;
};

template <typename T>
std::unique_ptr<BasicOptimizer<T>> make_optimizer(const OptimizerConfig& config);
std::vector<std::string> optimizer_names();

}  // namespace bprop
