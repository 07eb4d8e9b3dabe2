// Predictor: a frozen, inference-only copy of a trained network, laid out for serving one sample
// at a time.
//
// Network::predict multiplies by each Dense weight as training stores it, W (out x in), so one
// sample's product is `out` dot products over rows of W: every output needs a horizontal sum, and
// eight rows stream side by side. The Predictor keeps Wᵀ (in x out) instead. One sample's product
// then reads Wᵀ once, front to back, with the whole row of outputs held in vector registers
// (kernels::matvec's axpy form), which costs less CPU time per sample than the dot products
// (docs/benchmarks.md, section 3).
// Batches go through the same GEMM as ever.
//
// It is a snapshot: building it copies every parameter, so training or loading the network later
// does not reach it (build a new one). Its results equal Network::predict's up to the rounding of
// a different summation order (Predictor.MatchesNetworkPredictAndTheDoubleReference checks it
// against both on every activation kind).
// predict() is const and its scratch is per call (batches) or per thread (single rows), so many
// threads may share one Predictor.
#pragma once

#include <memory>
#include <optional>
#include <type_traits>
#include <vector>

#include "bprop/int8/int8_predictor.h"
#include "bprop/kernels.h"
#include "bprop/layer.h"
#include "bprop/matrix.h"
#include "bprop/network.h"

namespace bprop {

template <typename T>
class BasicPredictor {
 public:
  using Matrix = BasicMatrix<T>;

  // Copies `network`: its layers are rebuilt from their specs through the registry and given the
  // network's parameter values; each Dense keeps Wᵀ and b.
  explicit BasicPredictor(const BasicNetwork<T>& network);
  // An int8 network (float only; bprop/int8/quantization.h): predict() quantizes the rows, runs
  // the int8 stages and returns the last Dense layer's outputs in float (int8/int8_predictor.h).
  explicit BasicPredictor(const int8::Quantization& quantization) requires std::is_same_v<T, float>;

  // outputs (B x output_width) for inputs (B x input_width); throws ShapeError otherwise.
  Matrix predict(const Matrix& input) const;

  int input_width() const { return input_width_; }
  int output_width() const { return output_width_; }

 private:
  struct Free {
    void operator()(T* p) const;
  };
  struct Stage {
    const T* weight_t = nullptr;  // Dense: Wᵀ (in x out) inside weights_; null otherwise
    int in = 0, out = 0;          // Dense: Wᵀ's shape
    Matrix bias;                  // Dense: b (1 x out)
    std::optional<kernels::FusedActivation>
        f;  // Dense then ReLU/sigmoid/tanh: f(x·Wᵀ + b), one stage
    std::unique_ptr<BasicLayer<T>> layer;  // any other layer: its own copy, run by infer()
  };

  int input_width_;
  int output_width_;
  std::unique_ptr<T[], Free> weights_;  // every Wᵀ, in one block (predictor.cpp says why)
  std::vector<Stage> stages_;
  std::shared_ptr<const int8::Int8Predictor> int8_;  // set for an int8 network
};

using Predictor = BasicPredictor<float>;
using PredictorD = BasicPredictor<double>;

}  // namespace bprop
