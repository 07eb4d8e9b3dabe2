// Name -> object tables for layers, losses and optimizers. Adding a layer type means adding one row
// to kLayers; the CLI, the model file and the round-trip tests pick it up from here.
#include "bprop/registry.h"

#include <charconv>
#include <cmath>
#include <functional>
#include <limits>

#include "bprop/errors.h"
#include "bprop/layers/dense.h"
#include "bprop/layers/dropout.h"
#include "bprop/layers/gelu.h"
#include "bprop/layers/identity.h"
#include "bprop/layers/leaky_relu.h"
#include "bprop/layers/relu.h"
#include "bprop/layers/sigmoid.h"
#include "bprop/layers/tanh.h"
#include "bprop/losses/binary_cross_entropy.h"
#include "bprop/losses/mean_squared_error.h"
#include "bprop/losses/softmax_cross_entropy.h"
#include "bprop/optimizers/adam.h"
#include "bprop/optimizers/sgd.h"

namespace bprop {

namespace {

std::string join(const std::vector<std::string>& names) {
  std::string text;
  for (const auto& n : names) text += (text.empty() ? "" : ", ") + n;
  return text;
}

// Parses the whole of `text` as a number, or throws naming the spec.
template <typename N>
N parse_number(std::string_view text, std::string_view spec) {
  N value{};
  const auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
  if (ec == std::errc::result_out_of_range) {
    throw ConfigError(
        "layer '" + std::string(spec) + "': " + std::string(text) +
        " is out of range (largest: " + std::to_string(std::numeric_limits<N>::max()) + ")");
  }
  if (ec != std::errc() || end != text.data() + text.size() || text.empty()) {
    throw ConfigError("layer '" + std::string(spec) + "': '" + std::string(text) +
                      "' is not a valid number");
  }
  return value;
}

struct LayerArgs {
  std::string_view spec;
  std::string_view arg;  // after the ':' or empty
  bool has_arg;
  int input_width;
};

void no_arg(const LayerArgs& a) {
  if (a.has_arg) {
    throw ConfigError("layer '" + std::string(a.spec) + "' takes no argument (write it bare)");
  }
}

// Dense's width from "dense:N" (or a bare "N"), which must be a positive int.
int dense_width(const LayerArgs& a) {
  if (!a.has_arg) throw ConfigError("layer 'dense' needs a width, e.g. dense:64 (or just 64)");
  const int width = parse_number<int>(a.arg, a.spec);
  if (width <= 0) throw ConfigError("layer '" + std::string(a.spec) + "': width must be > 0");
  return width;
}

// Dense's weight (out x in) and bias (1 x out), as its constructor allocates them.
LayerShape dense_shape(const LayerArgs& a) {
  const int width = dense_width(a);
  return {width, {{{width, a.input_width}}, {{1, width}}}};
}

template <typename T>
using LayerFactory = std::function<std::unique_ptr<BasicLayer<T>>(const LayerArgs&)>;

template <typename T>
struct LayerEntry {
  std::string_view name;
  LayerFactory<T> make;
  // The shapes `make` would allocate, for a layer whose spec sets them (Dense); null for layers
  // that allocate nothing when built, which layer_shape() then builds to ask.
  LayerShape (*shape)(const LayerArgs&) = nullptr;
};

template <typename T, template <typename> class A>
LayerEntry<T> activation(std::string_view name) {
  return {name, [](const LayerArgs& a) -> std::unique_ptr<BasicLayer<T>> {
            no_arg(a);
            return std::make_unique<A<T>>(a.input_width);
          }};
}

template <typename T>
const std::vector<LayerEntry<T>>& layer_table() {
  static const std::vector<LayerEntry<T>> table{
      {"dense",
       [](const LayerArgs& a) -> std::unique_ptr<BasicLayer<T>> {
         return std::make_unique<Dense<T>>(a.input_width, dense_width(a));
       },
       dense_shape},
      activation<T, Sigmoid>("sigmoid"),
      activation<T, Tanh>("tanh"),
      activation<T, ReLU>("relu"),
      {"leaky_relu",
       [](const LayerArgs& a) -> std::unique_ptr<BasicLayer<T>> {
         const double slope = a.has_arg ? parse_number<double>(a.arg, a.spec) : 0.01;
         return std::make_unique<LeakyReLU<T>>(a.input_width, slope);
       }},
      activation<T, Identity>("identity"),
      activation<T, GELU>("gelu"),
      {"dropout",
       [](const LayerArgs& a) -> std::unique_ptr<BasicLayer<T>> {
         const double rate = a.has_arg ? parse_number<double>(a.arg, a.spec) : 0.5;
         return std::make_unique<Dropout<T>>(a.input_width, rate);
       }},
  };
  return table;
}

// The table row and arguments of a spec: a bare number N is a Dense layer of width N ("4,tanh,1").
template <typename T>
std::pair<const LayerEntry<T>*, LayerArgs> find_layer(std::string_view spec, int input_width) {
  const auto colon = spec.find(':');
  LayerArgs args{spec, {}, colon != std::string_view::npos, input_width};
  std::string_view name = spec.substr(0, colon);
  if (args.has_arg) args.arg = spec.substr(colon + 1);
  if (!name.empty() && name.find_first_not_of("0123456789") == std::string_view::npos) {
    if (args.has_arg) {
      throw ConfigError("layer '" + std::string(spec) +
                        "': a bare width takes no argument (write N or dense:N)");
    }
    args.arg = name;
    args.has_arg = true;
    name = "dense";
  }
  for (const auto& entry : layer_table<T>()) {
    if (entry.name == name) return {&entry, args};
  }
  throw ConfigError("unknown layer '" + std::string(spec) + "' (known: " + join(layer_names()) +
                    "; a bare number N means dense:N)");
}

}  // namespace

std::vector<std::string> layer_names() {
  std::vector<std::string> names;
  for (const auto& e : layer_table<float>()) names.emplace_back(e.name);
  return names;
}

template <typename T>
std::unique_ptr<BasicLayer<T>> make_layer(std::string_view spec, int input_width) {
  const auto [entry, args] = find_layer<T>(spec, input_width);
  return entry->make(args);
}

LayerShape layer_shape(std::string_view spec, int input_width) {
  const auto [entry, args] = find_layer<float>(spec, input_width);
  if (entry->shape != nullptr) return entry->shape(args);
  const auto layer = entry->make(args);
  LayerShape shape{layer->output_width(input_width), {}};
  for (const auto& p : layer->parameters())
    shape.parameters.push_back({p.value.rows(), p.value.cols()});
  return shape;
}

std::vector<std::string_view> split_layer_list(std::string_view layers) {
  std::vector<std::string_view> specs;
  std::size_t start = 0;
  while (start <= layers.size()) {
    const std::size_t comma = std::min(layers.find(',', start), layers.size());
    std::string_view spec = layers.substr(start, comma - start);
    while (!spec.empty() && spec.front() == ' ') spec.remove_prefix(1);
    while (!spec.empty() && spec.back() == ' ') spec.remove_suffix(1);
    if (spec.empty()) {
      throw ConfigError("layer list '" + std::string(layers) +
                        "' has an empty entry (hint: --layers 4,tanh,1)");
    }
    specs.push_back(spec);
    start = comma + 1;
  }
  return specs;
}

template <typename T>
BasicNetwork<T> build_network(int input_width, std::string_view layers) {
  BasicNetwork<T> network(input_width);
  for (const std::string_view spec : split_layer_list(layers)) {
    network.add(make_layer<T>(spec, network.output_width()));
  }
  return network;
}

std::vector<std::string> loss_names() { return {"mse", "bce", "softmax-ce"}; }

template <typename T>
std::unique_ptr<BasicLoss<T>> make_loss(std::string_view name) {
  if (name == "mse") return std::make_unique<MeanSquaredError<T>>();
  if (name == "bce") return std::make_unique<BinaryCrossEntropy<T>>();
  if (name == "softmax-ce") return std::make_unique<SoftmaxCrossEntropy<T>>();
  throw ConfigError("unknown loss '" + std::string(name) + "' (known: " + join(loss_names()) + ")");
}

std::vector<std::string> optimizer_names() { return {"sgd", "adam", "adamw"}; }

template <typename T>
std::unique_ptr<BasicOptimizer<T>> make_optimizer(const OptimizerConfig& c) {
  if (c.name == "sgd") {
    return std::make_unique<Sgd<T>>(SgdOptions{.learning_rate = c.learning_rate,
                                               .momentum = c.momentum,
                                               .nesterov = c.nesterov,
                                               .weight_decay = c.weight_decay});
  }
  const AdamOptions adam{.learning_rate = c.learning_rate,
                         .beta1 = c.beta1,
                         .beta2 = c.beta2,
                         .epsilon = c.epsilon,
                         .weight_decay = c.weight_decay};
  if (c.name == "adam") return std::make_unique<Adam<T>>(adam);
  if (c.name == "adamw") return std::make_unique<AdamW<T>>(adam);
  throw ConfigError("unknown optimizer '" + c.name + "' (known: " + join(optimizer_names()) + ")");
}

#define BPROP_INSTANTIATE_REGISTRY(T)                                           \
  template std::unique_ptr<BasicLayer<T>> make_layer<T>(std::string_view, int); \
  template BasicNetwork<T> build_network<T>(int, std::string_view);             \
  template std::unique_ptr<BasicLoss<T>> make_loss<T>(std::string_view);        \
  template std::unique_ptr<BasicOptimizer<T>> make_optimizer<T>(const OptimizerConfig&);
BPROP_INSTANTIATE_REGISTRY(float)
BPROP_INSTANTIATE_REGISTRY(double)
#undef BPROP_INSTANTIATE_REGISTRY

}  // namespace bprop
