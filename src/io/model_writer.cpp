// serialize_model: validates the model (finite weights, known loss, consistent shapes) and writes
// the layout of docs/model-format.md (version 1 to 4: the oldest that holds the model), ending
// with the CRC32 of everything before it.
#include <cmath>

#include "bprop/io/model_file.h"
#include "bprop/registry.h"
#include "model_bytes.h"
#include "model_check.h"
#include "model_quantization.h"
#include "model_tabular.h"

namespace bprop {

namespace {

void check_finite(std::span<const float> values, const std::string& what) {
  for (std::size_t i = 0; i < values.size(); ++i) {
    if (!std::isfinite(values[i])) {
      throw ModelFileError("refusing to save a non-finite value (" + std::to_string(values[i]) +
                           ") in " + what + " at index " + std::to_string(i) +
                           "; the training diverged or the weights were corrupted");
    }
  }
}

// What follows the metadata: version 2's tabular encoding; version 3's marker, optional encoding
// and int8 section; version 4's two markers, optional sections and the bprop version.
void write_sections(model_file::Writer& w, const Model& model) {
  if (model_format_version(model) == 4) {
    w.u8(model.tabular ? 1 : 0);
    if (model.tabular) model_file::write_tabular(w, *model.tabular);
    w.u8(model.quantization ? 1 : 0);
    if (model.quantization) model_file::write_quantization(w, *model.quantization);
    w.string(model.bprop_version, "the bprop version");
  } else if (model.quantization) {
    w.u8(model.tabular ? 1 : 0);
    if (model.tabular) model_file::write_tabular(w, *model.tabular);
    model_file::write_quantization(w, *model.quantization);
  } else if (model.tabular) {
    model_file::write_tabular(w, *model.tabular);
  }
}

}  // namespace

std::vector<unsigned char> serialize_model(const Model& model) {
  using namespace model_file;
  const Network& net = model.network;
  check_consistency(model, "the model to save");
  if (model.quantization) {
    try {
      check_quantization_fits(*model.quantization, net);
    } catch (const ConfigError& e) {
      throw ModelFileError(std::string("the model to save: ") + e.what());
    }
  }
  Writer w;
  w.raw(kMagic, sizeof kMagic);
  w.u32(model_format_version(model));
  w.u32(0);  // flags: none defined
  w.u64(0);  // the file size, patched below
  w.string(model.loss, "the loss name");
  w.u32(static_cast<uint32_t>(net.input_width()));
  w.u32(static_cast<uint32_t>(net.size()));
  int width = net.input_width();
  for (std::size_t i = 0; i < net.size(); ++i) {
    const Layer& layer = net.layer(i);
    const std::string what = "layer " + std::to_string(i) + " (" + layer.spec() + ")";
    w.string(layer.spec(), what + " spec");
    width = layer.output_width(width);
    w.u32(static_cast<uint32_t>(width));
    const auto params = layer.parameters();
    w.u32(static_cast<uint32_t>(params.size()));
    for (const auto& p : params) {
      check_finite(p.value.values(), what + " parameter '" + p.name + "'");
      w.string(p.name, what + " parameter name");
      w.u32(static_cast<uint32_t>(p.value.rows()));
      w.u32(static_cast<uint32_t>(p.value.cols()));
      for (float v : p.value.values()) w.f32(v);
    }
  }
  const Preprocessor& pre = model.preprocessor;
  check_finite(pre.offset(), "the preprocessing offsets");
  check_finite(pre.scale(), "the preprocessing scales");
  w.u8(static_cast<uint8_t>(pre.scaling()));
  w.u32(static_cast<uint32_t>(pre.width()));
  for (float v : pre.offset()) w.f32(v);
  for (float v : pre.scale()) w.f32(v);
  w.strings(model.class_names, "the class names");
  w.strings(model.feature_names, "the feature names");
  w.strings(model.target_names, "the target names");
  if (model.metadata.size() > kMaxListEntries) {
    throw ModelFileError("cannot save " + std::to_string(model.metadata.size()) +
                         " metadata entries (limit " + std::to_string(kMaxListEntries) + ")");
  }
  w.u32(static_cast<uint32_t>(model.metadata.size()));
  for (const auto& [key, value] : model.metadata) {
    w.string(key, "metadata key '" + key + "'");
    w.string(value, "metadata value of '" + key + "'");
  }
  write_sections(w, model);
  w.patch_u64(16, w.bytes().size() + kTrailerBytes);
  w.u32(crc32_of(w.bytes()));
  return std::move(w.bytes());
}

}  // namespace bprop
