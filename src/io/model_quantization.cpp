// The int8 section of a version-3 model file: calibration, input params, then per stage its
// layer, shapes, kind, int8 weights, per-channel scales, int32 biases, output params and table.
#include "model_quantization.h"

#include <cstring>

#include "bprop/errors.h"
#include "bprop/int8/int8_predictor.h"
#include "bprop/int8/quantize.h"

namespace bprop::model_file {

namespace {

using int8::QuantParams;

constexpr uint32_t kNoLayer = 0xFFFFFFFFu;

void write_params(Writer& w, const QuantParams& p) {
  w.f32(p.scale);
  w.u32(static_cast<uint32_t>(p.zero_point));
}

QuantParams read_params(Reader& r, const std::string& what) {
  float scale = 0.0f;
  r.f32s(std::span(&scale, 1), what + " scale");
  return {scale, static_cast<int32_t>(r.u32(what + " zero point"))};
}

int8::DenseStage read_stage(Reader& r, const std::string& what) {
  int8::DenseStage s;
  s.layer = static_cast<int>(r.count(what + " layer", 0, kMaxLayers));
  s.in = static_cast<int>(r.count(what + " input width", 1, kMaxWidth));
  s.out = static_cast<int>(r.count(what + " output width", 1, kMaxWidth));
  s.output_kind = static_cast<int8::StageOutput>(r.count(what + " kind", 0, 3));
  const uint32_t activation = r.u32(what + " activation layer");
  s.activation_layer =
      activation == kNoLayer ? -1 : static_cast<int>(std::min(activation, kMaxLayers));
  const std::size_t n = std::size_t{static_cast<uint32_t>(s.in)} * static_cast<uint32_t>(s.out);
  r.need(n, 1, what + " weights");
  const std::string bytes = r.text(n, what + " weights");
  s.weight.resize(n);
  std::memcpy(s.weight.data(), bytes.data(), n);
  s.weight_scale = r.floats(static_cast<std::size_t>(s.out), what + " weight scales");
  r.need(static_cast<std::size_t>(s.out), 4, what + " biases");
  for (int o = 0; o < s.out; ++o) s.bias.push_back(static_cast<int32_t>(r.u32(what + " bias")));
  s.output = read_params(r, what + " output");
  const std::string table = r.text(256, what + " table");
  std::memcpy(s.table.data(), table.data(), 256);
  s.table_output = read_params(r, what + " activation");
  return s;
}

}  // namespace

void check_quantization_fits(const int8::Quantization& q, const Network& network) {
  const std::vector<int8::StageLayout> layout = int8::stage_layout(network);
  if (layout.size() != q.stages.size()) {
    throw ConfigError("int8: " + std::to_string(q.stages.size()) + " stages for a network with " +
                      std::to_string(layout.size()) + " dense layers");
  }
  for (std::size_t k = 0; k < layout.size(); ++k) {
    const int8::StageLayout& l = layout[k];
    const int8::DenseStage& s = q.stages[k];
    if (l.dense != s.layer || l.in != s.in || l.out != s.out || l.kind != s.output_kind ||
        l.activation != s.activation_layer) {
      throw ConfigError("int8: stage " + std::to_string(k) + " (layer " + std::to_string(s.layer) +
                        ", " + std::to_string(s.in) + " -> " + std::to_string(s.out) +
                        ") is not the network's layer " + std::to_string(l.dense) + " (" +
                        std::to_string(l.in) + " -> " + std::to_string(l.out) +
                        ") with its activation");
    }
  }
  int8::check_quantization(q);
}

void write_quantization(Writer& w, const int8::Quantization& q) {
  w.u32(static_cast<uint32_t>(q.calibration_rows));
  w.u64(q.seed);
  write_params(w, q.input);
  w.u32(static_cast<uint32_t>(q.stages.size()));
  for (const int8::DenseStage& s : q.stages) {
    w.u32(static_cast<uint32_t>(s.layer));
    w.u32(static_cast<uint32_t>(s.in));
    w.u32(static_cast<uint32_t>(s.out));
    w.u32(static_cast<uint32_t>(s.output_kind));
    w.u32(s.activation_layer < 0 ? kNoLayer : static_cast<uint32_t>(s.activation_layer));
    w.raw(s.weight.data(), s.weight.size());
    for (float v : s.weight_scale) w.f32(v);
    for (int32_t v : s.bias) w.u32(static_cast<uint32_t>(v));
    write_params(w, s.output);
    w.raw(s.table.data(), s.table.size());
    write_params(w, s.table_output);
  }
}

int8::Quantization read_quantization(Reader& r, const Network& network) {
  const std::size_t at = r.offset();
  int8::Quantization q;
  q.calibration_rows = static_cast<int>(r.count("calibration rows", 1, kMaxListEntries));
  q.seed = r.u64("calibration seed");
  q.input = read_params(r, "input");
  const uint32_t stages = r.count("int8 stage count", 1, kMaxLayers);
  r.need(stages, 4 * 7 + 256, "int8 stages");
  for (uint32_t k = 0; k < stages; ++k)
    q.stages.push_back(read_stage(r, "int8 stage " + std::to_string(k)));
  try {
    check_quantization_fits(q, network);
  } catch (const ConfigError& e) {
    r.fail_at(at, e.what());
  }
  return q;
}

}  // namespace bprop::model_file
