// Int8Predictor: runs an int8 network (bprop/int8/quantization.h) on float rows that are already
// preprocessed, and returns the last Dense layer's outputs in float, as Network::predict does.
// bprop::Predictor wraps it (training/predictor.h), and `bprop predict`/`evaluate` use it for int8
// models.
//
// Inputs are quantized with int8::quantize_input (src/int8/arithmetic.h), each stage runs the int8
// kernel of `isa` (kernels/int8.h; the best one this CPU runs unless told), then requantizes with
// a fixed-point multiplier per output channel. Every kernel gives the same bits, so the outputs do
// not depend on the CPU. predict() is const with per-call or per-thread scratch, like Predictor.
#pragma once

#include <array>
#include <vector>

#include "bprop/int8/quantization.h"
#include "bprop/kernels/int8.h"
#include "bprop/matrix.h"

namespace bprop::int8 {

class Int8Predictor {
 public:
  // Throws ConfigError when `quantization` is inconsistent (shapes, params out of range).
  explicit Int8Predictor(const Quantization& quantization,
                         kernels::int8::Isa isa = kernels::int8::best_isa());

  // (B x output_width) raw outputs for (B x input_width) preprocessed inputs.
  Matrix predict(const Matrix& input) const;

  int input_width() const { return input_width_; }
  int output_width() const { return output_width_; }

 private:
  struct Stage {
    kernels::int8::PackedWeights weights;
    int32_t input_zero = 0;
    std::vector<int32_t> bias;
    StageOutput kind = StageOutput::kFloat;
    std::vector<int32_t> multiplier;  // per output: requantization as multiplier · 2^-shift
    std::vector<int32_t> shift;
    int32_t output_zero = 0;
    std::array<int8_t, 256> table{};
    std::vector<float> dequantize;  // kFloat: input scale · weight scale, per output
  };
  void finish(const Stage& s, const int32_t* acc, int rows, int8_t* y, float* out) const;

  int input_width_ = 0, output_width_ = 0, widest_ = 0;
  float input_inverse_scale_ = 1.0f;
  int32_t input_zero_ = 0;
  bool avx512_ = false;  // the VNNI kernel's CPU: the row loops run on AVX-512 too
  std::vector<Stage> stages_;
};

// Throws ConfigError naming the stage and the value when `q` cannot be run: shapes that do not
// chain, a non-positive or non-finite scale, a zero point outside int8, a bias beyond kMaxBias.
void check_quantization(const Quantization& q);

}  // namespace bprop::int8
