// Fashion-MNIST from the Debian package's gzip'd IDX files, through the IDX reader.
#include <filesystem>

#include "bprop/data/builtin.h"
#include "bprop/data/idx.h"
#include "bprop/errors.h"

namespace bprop {

namespace {

std::string require_file(const std::string& dir, const char* name) {
  const std::string path = dir + "/" + name;
  std::error_code ec;
  if (!std::filesystem::is_regular_file(path, ec)) {
    throw DataError("fashion-mnist: " + path +
                    " is missing; install the Debian package dataset-fashion-mnist "
                    "(apt-get install dataset-fashion-mnist, or scripts/setup)");
  }
  return path;
}

// Zalando's label names, in label order.
const std::vector<std::string> kClassNames = {"T-shirt/top", "Trouser",   "Pullover", "Dress",
                                              "Coat",        "Sandal",    "Shirt",    "Sneaker",
                                              "Bag",         "Ankle boot"};

Dataset load_split(const std::string& dir, const char* images, const char* labels,
                   const std::string& name) {
  Dataset d = load_idx_dataset(require_file(dir, images), require_file(dir, labels));
  if (d.inputs.cols() != 784 || d.class_names.size() > kClassNames.size()) {
    throw DataError("fashion-mnist: " + dir + "/" + images + " holds " + d.inputs.shape() +
                    " images with " + std::to_string(d.class_names.size()) +
                    " classes; expected 28x28 pixels and 10 classes");
  }
  d.name = name;
  d.class_names = kClassNames;
  d.feature_names.clear();
  return d;
}

}  // namespace

BuiltinData fashion_mnist(const std::string& dir) {
  BuiltinData data;
  data.train =
      load_split(dir, "train-images-idx3-ubyte.gz", "train-labels-idx1-ubyte.gz", "fashion-mnist");
  data.test =
      load_split(dir, "t10k-images-idx3-ubyte.gz", "t10k-labels-idx1-ubyte.gz", "fashion-mnist");
  return data;
}

}  // namespace bprop
