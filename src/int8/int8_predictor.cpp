// Int8Predictor: quantize the input, then per stage the int8 kernel and the requantization (or, for
// the last stage, the float outputs).
#include "bprop/int8/int8_predictor.h"

#include <cmath>
#include <string>

#include "bprop/errors.h"
#include "int8/arithmetic.h"
#include "int8/rows.h"

namespace bprop::int8 {

namespace {

using kernels::int8::padded_input;

void check_params(const QuantParams& p, const std::string& what) {
  if (!(p.scale >= 1e-30f) || !std::isfinite(p.scale) || !std::isfinite(1.0f / p.scale) ||
      p.zero_point < -128 || p.zero_point > 127) {
    throw ConfigError("int8: " + what + " has scale " + std::to_string(p.scale) +
                      " and zero point " + std::to_string(p.zero_point) +
                      " (a scale must be positive and finite, a zero point in [-128, 127])");
  }
}

void check_stage(const Quantization& q, std::size_t k) {
  const DenseStage& s = q.stages[k];
  const std::string what =
      "stage " + std::to_string(k) + " (layer " + std::to_string(s.layer) + ")";
  const bool last = k + 1 == q.stages.size();
  const std::size_t n = static_cast<std::size_t>(s.out);
  if (s.in < 1 || s.out < 1 || s.in > kMaxStageInput || s.weight.size() != n * s.in ||
      s.weight_scale.size() != n || s.bias.size() != n || (k > 0 && q.stages[k - 1].out != s.in) ||
      last != (s.output_kind == StageOutput::kFloat)) {
    throw ConfigError("int8: " + what + " does not fit its neighbours or its sizes (" +
                      std::to_string(s.in) + " -> " + std::to_string(s.out) + ")");
  }
  for (std::size_t o = 0; o < n; ++o) {
    check_params({s.weight_scale[o], 0}, what + " weight channel " + std::to_string(o));
    if (s.bias[o] > kMaxBias || s.bias[o] < -kMaxBias) {
      throw ConfigError("int8: " + what + " bias " + std::to_string(s.bias[o]) + " at channel " +
                        std::to_string(o) + " is beyond ±2^29");
    }
  }
  if (!last) check_params(s.output, what + " output");
  if (s.output_kind == StageOutput::kTable) check_params(s.table_output, what + " activation");
}

}  // namespace

void check_quantization(const Quantization& q) {
  check_params(q.input, "the input");
  if (q.stages.empty()) throw ConfigError("int8: the quantization has no stages");
  for (std::size_t k = 0; k < q.stages.size(); ++k) check_stage(q, k);
}

Int8Predictor::Int8Predictor(const Quantization& q, kernels::int8::Isa isa) {
  check_quantization(q);
  avx512_ = isa == kernels::int8::Isa::kAvx512Vnni;
  input_width_ = widest_ = q.stages.front().in;
  output_width_ = q.stages.back().out;
  input_inverse_scale_ = 1.0f / q.input.scale;
  input_zero_ = q.input.zero_point;
  for (std::size_t k = 0; k < q.stages.size(); ++k) {
    const DenseStage& d = q.stages[k];
    const QuantParams in = q.stage_input(k);
    Stage s;
    s.weights = kernels::int8::pack(isa, d.weight.data(), d.in, d.out);
    s.input_zero = in.zero_point;
    s.bias = d.bias;
    s.kind = d.output_kind;
    for (int o = 0; o < d.out; ++o) {
      const double scale = double{in.scale} * d.weight_scale[o];
      if (d.output_kind == StageOutput::kFloat) {
        s.dequantize.push_back(static_cast<float>(scale));
        continue;
      }
      const FixedMultiplier m = fixed_multiplier(scale / d.output.scale);
      s.multiplier.push_back(m.multiplier);
      s.shift.push_back(m.shift);
    }
    s.output_zero = d.output.zero_point;
    s.table = d.table;
    widest_ = std::max(widest_, d.out);
    stages_.push_back(std::move(s));
  }
}

void Int8Predictor::finish(const Stage& s, const int32_t* acc, int rows, int8_t* y,
                           float* out) const {
  const int n = s.weights.out, ld = padded_input(n);
  for (int r = 0; r < rows; ++r) {
    const int32_t* a = acc + static_cast<std::ptrdiff_t>(r) * n;
    if (s.kind == StageOutput::kFloat) {
      for (int o = 0; o < n; ++o)
        out[static_cast<std::ptrdiff_t>(r) * n + o] = static_cast<float>(a[o]) * s.dequantize[o];
      continue;
    }
    int8_t* yr = y + static_cast<std::ptrdiff_t>(r) * ld;
    requantize_row(avx512_, a, s.multiplier.data(), s.shift.data(), s.output_zero, n, yr);
    if (s.kind == StageOutput::kRelu) {
      for (int o = 0; o < n; ++o) yr[o] = std::max(yr[o], static_cast<int8_t>(s.output_zero));
    }
    if (s.kind == StageOutput::kTable) {
      for (int o = 0; o < n; ++o) yr[o] = s.table[static_cast<std::size_t>(yr[o] + 128)];
    }
  }
}

Matrix Int8Predictor::predict(const Matrix& input) const {
  if (input.cols() != input_width_) {
    throw ShapeError("int8 predictor: input has " + std::to_string(input.cols()) +
                     " columns (shape " + input.shape() + ") but the network expects " +
                     std::to_string(input_width_));
  }
  const int rows = input.rows();
  // One row: this thread's scratch, kept between calls; batches: fresh scratch.
  thread_local std::vector<int8_t> row_a, row_b;
  thread_local std::vector<int32_t> row_acc;
  std::vector<int8_t> batch_a, batch_b;
  std::vector<int32_t> batch_acc;
  std::vector<int8_t>& a = rows == 1 ? row_a : batch_a;
  std::vector<int8_t>& b = rows == 1 ? row_b : batch_b;
  std::vector<int32_t>& acc = rows == 1 ? row_acc : batch_acc;
  const std::size_t bytes = static_cast<std::size_t>(rows) * padded_input(widest_);
  a.resize(bytes), b.resize(bytes), acc.resize(static_cast<std::size_t>(rows) * widest_);
  const int ld = padded_input(input_width_);
  for (int r = 0; r < rows; ++r) {
    quantize_row(avx512_, input.row(r), input_width_, input_inverse_scale_, input_zero_,
                 a.data() + static_cast<std::size_t>(r) * ld);
  }
  Matrix out(rows, output_width_);
  std::vector<int8_t>* x = &a;
  for (const Stage& s : stages_) {
    std::vector<int8_t>* y = x == &a ? &b : &a;
    kernels::int8::dense(s.weights, x->data(), rows, padded_input(s.weights.in), s.input_zero,
                         s.bias.data(), acc.data());
    finish(s, acc.data(), rows, y->data(), out.data());
    x = y;
  }
  return out;
}

}  // namespace bprop::int8
