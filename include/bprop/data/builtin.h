// Built-in datasets, named on the command line by `--data NAME`:
//   xor            the notebook's four XOR samples (dataset.h)
//   spirals        two interleaved spiral arms          (2-D, 2 classes)
//   moons          two interleaving half circles        (2-D, 2 classes; sklearn's make_moons)
//   circles        a small circle inside a large one    (2-D, 2 classes; make_circles, factor 0.5)
//   fashion-mnist  Zalando's Fashion-MNIST (784 pixels in [0, 1], 10 classes), read from the files
//                  of the Debian package dataset-fashion-mnist: 60,000 training and 10,000 test
//                  images.
// The generators are seeded by their own Rng, so a seed gives the same points everywhere; samples
// alternate between the classes, and targets are (N, 1) class indices.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "bprop/data/dataset.h"

namespace bprop {

struct GeneratorOptions {
  int samples = 1000;   // total, split evenly between the classes
  double noise = -1.0;  // Gaussian noise std; < 0 picks the generator's default
  uint64_t seed = 1;
};

// 2-D generators; throw ConfigError for samples < 2 or a non-finite noise.
Dataset spirals_dataset(const GeneratorOptions& options = {});
Dataset moons_dataset(const GeneratorOptions& options = {});
Dataset circles_dataset(const GeneratorOptions& options = {});

// The folder the Debian package installs the four .gz IDX files into.
constexpr std::string_view kFashionMnistDir = "/usr/share/datasets/fashion-mnist";

// A built-in dataset's training data and, when it has one, its own test set.
struct BuiltinData {
  Dataset train;
  std::optional<Dataset> test;
};

// Fashion-MNIST from `dir`; throws DataError naming the missing file and the package to install.
BuiltinData fashion_mnist(const std::string& dir = std::string(kFashionMnistDir));

// True when `name` is a built-in dataset's name.
bool is_builtin_dataset(std::string_view name);
std::vector<std::string> builtin_dataset_names();
// Loads or generates built-in dataset `name`; throws ConfigError for an unknown name.
BuiltinData load_builtin_dataset(std::string_view name, const GeneratorOptions& options = {});

}  // namespace bprop
