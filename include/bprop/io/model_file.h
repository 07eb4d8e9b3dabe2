// The model file (.bprop): a trained network with everything needed to use it on new data: the
// loss (which says how outputs are read), the preprocessing fitted on the training data, the class
// names, the feature and target column names, and training metadata. docs/model-format.md has the
// byte layout.
//
// Loading never trusts the file: magic and version first, then the declared size against the real
// size, then a CRC32 over the whole file, then every count and length against the bytes left
// (overflow-checked) before anything is allocated. Layers are stored by their registry spec and
// rebuilt with make_layer, so every registered layer type round-trips. Non-finite weights are
// refused on save and on load. Every problem is a ModelFileError naming the file and, where it
// applies, the byte offset, the layer and the shapes.
#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <span>
#include <string>
#include <vector>

#include "bprop/data/preprocess.h"
#include "bprop/data/tabular.h"
#include "bprop/int8/quantization.h"
#include "bprop/network.h"

namespace bprop {

struct Model {
  Network network{1};  // a placeholder until built or loaded (a network needs a width)
  std::string loss;    // a registry loss name: "mse", "bce", "softmax-ce"
  Preprocessor preprocessor;
  std::vector<std::string> class_names;    // classification: index -> label
  std::vector<std::string> feature_names;  // may be empty
  std::vector<std::string> target_names;   // the training data's target columns, may be empty
  // Training metadata, free-form text: command, epochs, seed, date, final_loss, accuracy, ...
  std::map<std::string, std::string> metadata;
  // The encoding of missing values and text columns fitted on the training file (version 2).
  std::optional<TabularEncoding> tabular;
  // The int8 network `bprop quantize` fitted (version 3); the float network stays beside it.
  std::optional<int8::Quantization> quantization;
  // The version of bprop that trained or quantized the model ("0.1.0"; version 4). Empty: not
  // recorded (files of versions 1 to 3, models built by the library or the Python module).
  std::string bprop_version;
};

struct ModelLoadOptions {
  bool allow_nonfinite = false;  // forensics only: load weights that are NaN or infinite
};

// The newest format version this build writes and reads. A model without a tabular encoding is
// still written as version 1 (byte for byte as before); version 2 appends the encoding; version 3
// (int8 models only) marks whether the encoding is there and appends the quantization; version 4
// marks both and ends with the bprop version that wrote the model.
inline constexpr uint32_t kModelFormatVersion = 4;
// The version `model` is written as: the oldest that holds it, so older readers load what they can.
inline uint32_t model_format_version(const Model& model) {
  if (!model.bprop_version.empty()) return 4;
  return model.quantization ? 3 : model.tabular ? 2 : 1;
}

// Throws ModelFileError for non-finite weights or preprocessing, an unknown loss, or a value
// too large for the format.
std::vector<unsigned char> serialize_model(const Model& model);
// `name` is used in error messages (usually the path).
Model parse_model(std::span<const unsigned char> bytes, const std::string& name,
                  const ModelLoadOptions& options = {});

// Saves through write_file_atomically: the previous file survives any failure. Throws
// ModelFileError (invalid model) or IoError (the disk refused).
void save_model(const std::string& path, const Model& model);
// Throws ModelFileError, also when the file cannot be read.
Model load_model(const std::string& path, const ModelLoadOptions& options = {});

// Checks that the model can take data of `width` features; throws ModelFileError naming both
// widths and the data's name otherwise.
void check_input_width(const Model& model, int width, const std::string& data_name);

}  // namespace bprop
