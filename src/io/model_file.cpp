// Saving and loading model files by path.
#include "bprop/io/model_file.h"

#include "bprop/errors.h"
#include "bprop/io/atomic_file.h"
#include "bprop/io/read_file.h"

namespace bprop {

namespace {

// Far above any model this format is meant for (1024 layers of at most 2^24 x 2^24 are capped by
// the checks anyway), and small enough that a wrong path to a huge file fails fast.
constexpr std::size_t kMaxModelFileBytes = std::size_t{4} << 30;

}  // namespace

void save_model(const std::string& path, const Model& model) {
  const std::vector<unsigned char> bytes = serialize_model(model);
  write_file_atomically(path, bytes);
}

Model load_model(const std::string& path, const ModelLoadOptions& options) {
  std::vector<unsigned char> bytes;
  try {
    bytes = read_file(path, kMaxModelFileBytes);
  } catch (const IoError& e) {
    throw ModelFileError(e.what());
  }
  return parse_model(bytes, path == "-" ? "<stdin>" : path, options);
}

void check_input_width(const Model& model, int width, const std::string& data_name) {
  const int expected = model.network.input_width();
  if (width == expected) return;
  std::string names;
  for (std::size_t i = 0; i < model.feature_names.size() && i < 10; ++i) {
    names += (i ? ", " : "") + model.feature_names[i];
  }
  if (model.feature_names.size() > 10) names += ", ...";
  throw ModelFileError("the model takes " + std::to_string(expected) + " input features" +
                       (names.empty() ? "" : " (" + names + ")") + " but " + data_name + " has " +
                       std::to_string(width) + "; the model's first layer is " +
                       model.network.describe());
}

}  // namespace bprop
