// parse_model: the checks run in the order that keeps every later read safe: magic, version,
// declared size = real size, CRC32, then each count against the bytes left, and each layer's
// stored shapes against the shapes its spec rebuilds. Nothing is allocated from an unchecked size.
#include <cmath>
#include <cstdio>

#include "bprop/io/model_file.h"
#include "bprop/registry.h"
#include "model_bytes.h"
#include "model_check.h"
#include "model_quantization.h"
#include "model_tabular.h"

namespace bprop {

namespace {

using namespace model_file;

std::string hex(std::span<const unsigned char> bytes) {
  std::string text;
  for (unsigned char b : bytes) {
    char h[4];
    std::snprintf(h, sizeof h, "%02x", b);
    text += h;
  }
  return text;
}

// Magic, version, flags, declared size and checksum; throws before the body is touched.
void check_envelope(std::span<const unsigned char> file, const std::string& name) {
  const std::size_t size = file.size();
  const std::size_t magic_seen = std::min(size, sizeof kMagic);
  const bool magic_ok = size > 0 && std::equal(file.begin(), file.begin() + magic_seen, kMagic);
  const std::string minimum = std::to_string(kHeaderBytes + kTrailerBytes);
  if (!magic_ok) {
    throw ModelFileError(name + ": not a bprop model file (magic " + hex(file.first(magic_seen)) +
                         ", expected \"BPROPMDL\"; file is " + std::to_string(size) + " bytes)");
  }
  if (size < 12) {
    throw ModelFileError(name + ": truncated model file: " + std::to_string(size) +
                         " bytes, shorter than the " + minimum + "-byte minimum");
  }
  const uint32_t version = read_le32(file.data() + 8);
  if (version < 1 || version > kModelFormatVersion) {
    throw ModelFileError(name + ": unsupported model format version " + std::to_string(version) +
                         " (this build reads versions 1 to " + std::to_string(kModelFormatVersion) +
                         ")");
  }
  if (size < kHeaderBytes + kTrailerBytes) {
    throw ModelFileError(name + ": truncated model file: " + std::to_string(size) +
                         " bytes, shorter than the " + minimum + "-byte minimum");
  }
  const uint32_t flags = read_le32(file.data() + 12);
  if (flags != 0) {
    throw ModelFileError(name + ": at byte 12: unknown flags " + std::to_string(flags) +
                         " (no version defines any)");
  }
  const uint64_t declared = read_le64(file.data() + 16);
  if (declared != size) {
    throw ModelFileError(name + ": the header declares " + std::to_string(declared) +
                         " bytes but the file has " + std::to_string(size) +
                         (declared > size ? " (truncated)" : " (trailing bytes or corruption)"));
  }
  const uint32_t stored = read_le32(file.data() + size - kTrailerBytes);
  const uint32_t computed = crc32_of(file.first(size - kTrailerBytes));
  if (stored != computed) {
    char text[64];
    std::snprintf(text, sizeof text, "stored %08x, computed %08x", stored, computed);
    throw ModelFileError(name + ": checksum mismatch (" + text + "): the file is corrupted");
  }
}

struct StoredParameter {
  std::string name;
  uint32_t rows = 0, cols = 0;
  std::size_t offset = 0;  // file offset of the values
};

std::string shape(uint32_t rows, uint32_t cols) {
  return std::to_string(rows) + "x" + std::to_string(cols);
}

// What a layer record says it holds: output width, parameter values, and where it says so.
struct StoredLayer {
  uint32_t out = 0;
  std::size_t elements = 0;
  std::size_t out_at = 0;
};

// Builds the layer of `spec` after checking, without building it, that it has the stored output
// width and parameter count: a spec may claim a layer far larger than the file holds
// (dense:100000 allocates from its spec alone).
std::unique_ptr<Layer> build_layer(Reader& r, const std::string& spec, int in,
                                   const StoredLayer& stored, const std::string& what) {
  try {
    const LayerShape expected = layer_shape(spec, in);
    std::size_t needed = 0;
    for (const auto& [rows, cols] : expected.parameters) needed += std::size_t(rows * cols);
    if (expected.output_width != static_cast<int64_t>(stored.out) || needed != stored.elements) {
      r.fail_at(stored.out_at, what + " after a " + std::to_string(in) + "-wide input needs " +
                                   std::to_string(needed) + " parameter values and output width " +
                                   std::to_string(expected.output_width) + "; the file holds " +
                                   std::to_string(stored.elements) + " and width " +
                                   std::to_string(stored.out));
    }
    return make_layer<float>(spec, in);
  } catch (const std::invalid_argument& e) {  // ConfigError, ShapeError; not ModelFileError
    r.fail_at(stored.out_at, what + ": " + e.what());
  }
}

// One layer record: its spec, output width and parameters. The stored shapes are checked against
// the bytes left before the layer is built, and against the built layer's shapes before any
// value is copied, so a spec claiming a huge layer cannot make the loader allocate it.
void read_layer(Reader& r, Network& net, std::size_t index, const ModelLoadOptions& options) {
  const std::string spec = r.string("layer spec", 256);
  const std::string what = "layer " + std::to_string(index) + " (" + spec + ")";
  const int in = net.output_width();
  const std::size_t out_at = r.offset();
  const uint32_t out = r.count("layer output width", 1, kMaxWidth);
  const uint32_t count = r.count("parameter count", 0, kMaxParametersPerLayer);
  std::vector<StoredParameter> stored(count);
  std::size_t elements = 0;
  for (auto& p : stored) {
    p.name = r.string("parameter name", 64);
    p.rows = r.count("parameter rows", 0, kMaxWidth);
    p.cols = r.count("parameter cols", 0, kMaxWidth);
    p.offset = r.offset();
    const std::size_t n = std::size_t{p.rows} * p.cols;  // both < 2^24: no overflow
    r.skip(r.need(n, 4, what + " parameter '" + p.name + "' (" + shape(p.rows, p.cols) + ")"));
    elements += n;
  }
  std::unique_ptr<Layer> layer = build_layer(r, spec, in, {out, elements, out_at}, what);
  const auto params = layer->parameters();
  if (params.size() != stored.size()) {
    r.fail_at(out_at, what + " has " + std::to_string(params.size()) +
                          " parameters, the file stores " + std::to_string(stored.size()));
  }
  for (std::size_t k = 0; k < params.size(); ++k) {
    const StoredParameter& s = stored[k];
    auto& p = params[k];
    if (p.name != s.name || p.value.rows() != static_cast<int>(s.rows) ||
        p.value.cols() != static_cast<int>(s.cols)) {
      r.fail_at(s.offset, what + ": parameter '" + s.name + "' is " + shape(s.rows, s.cols) +
                              " in the file, but the architecture needs '" + p.name + "' " +
                              p.value.shape());
    }
    float* values = p.value.data();
    for (std::size_t e = 0; e < p.value.size(); ++e) {
      values[e] = r.f32_at(s.offset + 4 * e);
      if (!std::isfinite(values[e]) && !options.allow_nonfinite) {
        r.fail_at(s.offset + 4 * e, "non-finite weight (" + std::to_string(values[e]) + ") in " +
                                        what + " parameter '" + s.name + "' at index " +
                                        std::to_string(e));
      }
    }
  }
  net.add(std::move(layer));
}

Preprocessor read_preprocessor(Reader& r, int input_width) {
  const std::size_t at = r.offset();
  const uint8_t scaling = r.u8("preprocessing kind");
  if (scaling > static_cast<uint8_t>(Scaling::kMinMax)) {
    r.fail_at(at, "unknown preprocessing kind " + std::to_string(scaling) +
                      " (known: 0 none, 1 standardize, 2 minmax)");
  }
  const uint32_t width = r.count("preprocessing width", 0, kMaxWidth);
  if (width != 0 && width != static_cast<uint32_t>(input_width)) {
    r.fail_at(at + 1, "preprocessing width " + std::to_string(width) +
                          " differs from the network's input width " + std::to_string(input_width));
  }
  std::vector<float> offset = r.floats(width, "preprocessing offsets");
  std::vector<float> scale = r.floats(width, "preprocessing scales");
  try {
    return Preprocessor::from_parts(static_cast<Scaling>(scaling), std::move(offset),
                                    std::move(scale));
  } catch (const std::invalid_argument& e) {
    r.fail_at(at, e.what());
  }
}

bool marker(Reader& r, const char* what) {
  const std::size_t at = r.offset();
  const uint8_t value = r.u8(what);
  if (value > 1) r.fail_at(at, std::string(what) + " " + std::to_string(value) + " (0 or 1)");
  return value == 1;
}

// What follows the metadata, by version: 2: the tabular encoding; 3: a marker, the optional
// encoding and the int8 section; 4: both behind markers, then the bprop version.
void read_sections(Reader& r, uint32_t version, Model& model) {
  if (version == 2) model.tabular = read_tabular(r);
  if (version < 3) return;
  if (marker(r, "tabular encoding marker")) model.tabular = read_tabular(r);
  if (version == 3 || marker(r, "int8 section marker")) {
    model.quantization = read_quantization(r, model.network);
  }
  if (version < 4) return;
  const std::size_t at = r.offset();
  model.bprop_version = r.string("bprop version", 64);
  if (model.bprop_version.empty()) r.fail_at(at, "an empty bprop version (version 4 records one)");
}

}  // namespace

Model parse_model(std::span<const unsigned char> file, const std::string& name,
                  const ModelLoadOptions& options) {
  check_envelope(file, name);
  Reader r(file, kHeaderBytes, file.size() - kTrailerBytes, name);
  Model model;
  model.loss = r.string("loss name", 64);
  const uint32_t input_width = r.count("input width", 1, kMaxWidth);
  const uint32_t layers = r.count("layer count", 1, kMaxLayers);
  model.network = Network(static_cast<int>(input_width));
  for (uint32_t i = 0; i < layers; ++i) read_layer(r, model.network, i, options);
  model.preprocessor = read_preprocessor(r, static_cast<int>(input_width));
  model.class_names = r.strings("class name count");
  model.feature_names = r.strings("feature name count");
  model.target_names = r.strings("target name count");
  const uint32_t entries = r.count("metadata count", 0, kMaxListEntries);
  r.need(entries, 8, "metadata");
  for (uint32_t i = 0; i < entries; ++i) {
    const std::size_t at = r.offset();
    std::string key = r.string("metadata key");
    std::string value = r.string("metadata value");
    if (!model.metadata.emplace(std::move(key), std::move(value)).second) {
      r.fail_at(at, "duplicate metadata key");
    }
  }
  read_sections(r, read_le32(file.data() + 8), model);
  if (r.left() != 0) {
    r.fail(std::to_string(r.left()) + " unexpected bytes after the " +
           (!model.bprop_version.empty() ? "bprop version"
            : model.quantization         ? "int8 section"
            : model.tabular              ? "tabular encoding"
                                         : "metadata"));
  }
  check_consistency(model, name);
  return model;
}

}  // namespace bprop
