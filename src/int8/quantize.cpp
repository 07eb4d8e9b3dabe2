// quantize: calibration (the float network on up to N seeded rows, min/max of every tensor an int8
// stage reads or writes), then the per-channel weights, int32 biases and activation tables.
#include "bprop/int8/quantize.h"

#include <algorithm>
#include <cmath>
#include <numeric>

#include "bprop/errors.h"
#include "bprop/random.h"

namespace bprop::int8 {

namespace {

// Up to `count` rows of `inputs`, chosen without repetition by `seed` (all, in order, if fewer).
Matrix calibration_rows(const Matrix& inputs, int count, uint64_t seed) {
  std::vector<int> order(static_cast<std::size_t>(inputs.rows()));
  std::iota(order.begin(), order.end(), 0);
  const int n = std::min(count, inputs.rows());
  if (n < inputs.rows()) {
    Rng rng(seed);
    for (int i = 0; i < n; ++i) {
      std::swap(order[i], order[i + rng.below(static_cast<uint64_t>(inputs.rows() - i))]);
    }
  }
  Matrix rows(n, inputs.cols());
  for (int r = 0; r < n; ++r) std::copy_n(inputs.row(order[r]), inputs.cols(), rows.row(r));
  return rows;
}

// Asymmetric params covering [min(lo, 0), max(hi, 0)] of `values`, lo and hi the `clip` and
// 1 − `clip` quantiles (0: the extremes).
QuantParams fit_range(const Matrix& values, const std::string& what, double clip = 0.0) {
  float lo = 0.0f, hi = 0.0f;
  for (float v : values.values()) {
    if (!std::isfinite(v)) {
      throw DataError("int8 calibration: " + what + " is not finite (" + std::to_string(v) +
                      ") on a calibration row; check the data for huge values");
    }
    lo = std::min(lo, v), hi = std::max(hi, v);
  }
  if (clip > 0.0) {
    std::vector<float> sorted(values.values().begin(), values.values().end());
    std::sort(sorted.begin(), sorted.end());
    const auto at = static_cast<std::size_t>(clip * static_cast<double>(sorted.size() - 1));
    const float clipped_lo = std::min(0.0f, sorted[at]);
    const float clipped_hi = std::max(0.0f, sorted[sorted.size() - 1 - at]);
    // Values that are almost all 0 keep their full range rather than none.
    if (clipped_hi > clipped_lo) lo = clipped_lo, hi = clipped_hi;
  }
  const double scale = (double{hi} - lo) / 255.0;
  if (!(scale >= 1e-30) || !std::isfinite(static_cast<float>(scale))) {
    throw DataError("int8 calibration: " + what + " is 0 on all " + std::to_string(values.rows()) +
                    " calibration rows, so its range is zero and no int8 scale fits; calibrate "
                    "on data where it varies (more rows: --calibration-rows)");
  }
  const double zero = std::round(-128.0 - lo / scale);
  return {static_cast<float>(scale), static_cast<int32_t>(std::clamp(zero, -128.0, 127.0))};
}

// W per output channel: scale = max |W[o]| / 127, enlarged where the bias would not fit in
// kMaxBias units of input scale · weight scale.
void fit_weights(const Layer& dense, float input_scale, DenseStage& s) {
  const Matrix& w = dense.parameters()[0].value;
  const Matrix& b = dense.parameters()[1].value;
  s.weight.resize(static_cast<std::size_t>(s.out) * s.in);
  s.weight_scale.resize(static_cast<std::size_t>(s.out));
  s.bias.resize(static_cast<std::size_t>(s.out));
  for (int o = 0; o < s.out; ++o) {
    float largest = 0.0f;
    for (int i = 0; i < s.in; ++i) largest = std::max(largest, std::fabs(w(o, i)));
    const double for_bias = std::fabs(double{b(0, o)}) / (double{input_scale} * kMaxBias);
    double scale = std::max(double{largest} / 127.0, for_bias);
    if (!(scale > 0.0)) scale = 1.0;  // an all-zero channel with zero bias: any scale is exact
    s.weight_scale[o] = static_cast<float>(scale);
    for (int i = 0; i < s.in; ++i) {
      const double q = std::round(w(o, i) / double{s.weight_scale[o]});
      s.weight[static_cast<std::size_t>(o) * s.in + i] =
          static_cast<int8_t>(std::clamp(q, -127.0, 127.0));
    }
    const double q = std::round(b(0, o) / (double{input_scale} * s.weight_scale[o]));
    s.bias[o] = static_cast<int32_t>(std::clamp<double>(q, -kMaxBias, kMaxBias));
  }
}

// table[q + 128]: the activation layer itself on every pre-activation value, requantized.
void fit_table(const Layer& activation, DenseStage& s) {
  Matrix pre(1, 256), post;
  for (int q = -128; q < 128; ++q) {
    pre(0, q + 128) = s.output.scale * static_cast<float>(q - s.output.zero_point);
  }
  activation.infer(pre, post);
  for (int i = 0; i < 256; ++i) {
    const double q =
        std::round(post(0, i) / double{s.table_output.scale}) + s.table_output.zero_point;
    s.table[i] = static_cast<int8_t>(std::clamp(q, -128.0, 127.0));
  }
}

std::string tensor_name(const Network& net, int layer, const char* which) {
  return std::string(which) + " layer " + std::to_string(layer) + " (" +
         net.layer(static_cast<std::size_t>(layer)).spec() + ")";
}

}  // namespace

Quantization quantize(const Model& model, const Matrix& inputs, const QuantizeOptions& options) {
  if (options.calibration_rows < 1) throw ConfigError("int8: calibration_rows must be >= 1");
  if (!(options.input_clip >= 0.0 && options.input_clip < 0.5)) {
    throw ConfigError("int8: input_clip must be in [0, 0.5)");
  }
  if (inputs.rows() == 0) throw DataError("int8 calibration: the data has no rows");
  const Network& net = model.network;
  const std::vector<StageLayout> layout = stage_layout(net);
  const Matrix x =
      model.preprocessor.applied(calibration_rows(inputs, options.calibration_rows, options.seed));
  std::vector<Matrix> outputs(net.size());  // every layer's output on the calibration rows
  for (std::size_t i = 0; i < net.size(); ++i)
    net.layer(i).infer(i ? outputs[i - 1] : x, outputs[i]);
  Quantization q{
      fit_range(x, "the input of layer 0", options.input_clip), {}, x.rows(), options.seed};
  for (const StageLayout& l : layout) {
    DenseStage s{.layer = l.dense,
                 .in = l.in,
                 .out = l.out,
                 .output_kind = l.kind,
                 .activation_layer = l.activation};
    fit_weights(net.layer(static_cast<std::size_t>(l.dense)), q.stage_input(q.stages.size()).scale,
                s);
    if (l.kind != StageOutput::kFloat) {
      const int at = l.kind == StageOutput::kRelu ? l.activation : l.dense;
      s.output =
          fit_range(outputs[static_cast<std::size_t>(at)], tensor_name(net, at, "the output of"));
    }
    if (l.kind == StageOutput::kTable) {
      s.table_output = fit_range(outputs[static_cast<std::size_t>(l.activation)],
                                 tensor_name(net, l.activation, "the output of"));
      fit_table(net.layer(static_cast<std::size_t>(l.activation)), s);
    }
    q.stages.push_back(std::move(s));
  }
  return q;
}

}  // namespace bprop::int8
