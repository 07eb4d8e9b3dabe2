// An int8 network: what `bprop quantize` fits and the model file (version 3) stores. Weights are
// int8, symmetric per output channel; activations int8, asymmetric per tensor, with the ranges seen
// on calibration rows; biases int32. A value v is stored as q = round(v / scale) + zero_point.
//
// The network runs as one stage per Dense layer: the int32 sum bias + Σ (x − x_zero)·w, then either
// requantization to the next stage's int8 input (a ReLU after the Dense is the clamp at the
// output's zero point; sigmoid, tanh, GELU and leaky ReLU are a 256-entry table from the
// pre-activation int8 to the activation's int8), or, for the last Dense, float outputs: sum · input
// scale · weight scale. docs/export.md ("int8 models") has the arithmetic and docs/model-format.md
// the bytes.
#pragma once

#include <array>
#include <cstdint>
#include <vector>

#include "bprop/kernels/int8.h"

namespace bprop::int8 {

// real = scale · (q − zero_point); scale > 0 and finite, zero_point in [−128, 127].
struct QuantParams {
  float scale = 1.0f;
  int32_t zero_point = 0;
  bool operator==(const QuantParams&) const = default;
};

// What follows a stage's int32 sums.
enum class StageOutput : uint8_t {
  kInt8 = 0,   // requantize to `output` (the next stage's input)
  kRelu = 1,   // requantize to `output`, then max(q, output.zero_point)
  kTable = 2,  // requantize to `output` (the pre-activation), then q' = table[q + 128]
  kFloat = 3,  // the last Dense: float sums · input.scale · weight_scale[o]
};

struct DenseStage {
  int layer = 0;  // the Dense layer's index in the network
  int in = 0, out = 0;
  std::vector<int8_t> weight = {};       // out x in, row-major: round(W[o][i] / weight_scale[o])
  std::vector<float> weight_scale = {};  // per output channel
  std::vector<int32_t> bias = {};        // round(b[o] / (input scale · weight_scale[o]))
  StageOutput output_kind = StageOutput::kFloat;
  QuantParams output = {};          // kInt8, kRelu, kTable (there: the pre-activation)
  int activation_layer = -1;        // kRelu, kTable: the activation's index in the network
  std::array<int8_t, 256> table{};  // kTable
  QuantParams table_output = {};    // kTable: the activation's params
};

struct Quantization {
  QuantParams input;  // the network's (preprocessed) input
  std::vector<DenseStage> stages;
  int calibration_rows = 0;  // how many rows the ranges were seen on
  uint64_t seed = 0;         // the generator that picked them

  // The params of stage k's input: the network input's or the previous stage's output.
  QuantParams stage_input(std::size_t k) const;
};

// The widest Dense input an int8 stage takes and the largest |bias|: the kernels' bounds, within
// which no int32 sum overflows (kernels/int8.h).
inline constexpr int kMaxStageInput = kernels::int8::kMaxInput;
inline constexpr int32_t kMaxBias = kernels::int8::kMaxBias;

}  // namespace bprop::int8
