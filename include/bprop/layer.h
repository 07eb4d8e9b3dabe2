// Layer: one differentiable step of a network. x:(B, in) -> y:(B, out), rows are samples.
//
// The gradient contract: backward() OVERWRITES every parameter's grad with dLoss/dparam for the
// batch seen by the last forward() and RETURNS dLoss/dinput. There is no zero_grad() to forget.
// Layers never divide by the batch size; the 1/B factor lives only in the loss.
#pragma once

#include <memory>
#include <span>
#include <string>
#include <string_view>

#include "bprop/init.h"
#include "bprop/matrix.h"
#include "bprop/optimizer.h"
#include "bprop/parameter.h"
#include "bprop/random.h"

namespace bprop {

// What a layer computes, as the paths that run a network without calling its layers one by one
// need to know it: SmallNet's per-sample step, Network's fused Dense -> activation passes, the
// Predictor and the exporters. A layer that declares kOther always runs through its own
// forward()/backward()/infer(); a new layer type is correct everywhere without declaring anything.
//   kDense: y = x·Wᵀ + b with parameters() = {W (out x in), b (1 x out)}; it is Dense<T>, whose
//           fused passes Network calls.
//   the element-wise ops: an Activation<T> computing that function (LeakyReLU: with `slope`).
enum class LayerOp : unsigned char {
  kOther,
  kDense,
  kRelu,
  kSigmoid,
  kTanh,
  kLeakyRelu,
  kIdentity,
  kGelu
};
struct LayerForm {
  LayerOp op = LayerOp::kOther;
  double slope = 0.0;  // kLeakyRelu: dy/dx for x < 0
};

template <typename T>
class BasicLayer {
 public:
  using Matrix = BasicMatrix<T>;
  using Parameter = BasicParameter<T>;

  virtual ~BasicLayer() = default;

  // Training pass: computes y and keeps what backward() needs. `input` must stay alive and
  // unchanged until backward() returns (the network guarantees this). The result is valid until the
  // next call.
  // Layers that override forward() add `using BasicLayer<T>::forward;` to keep this guard visible.
  virtual const Matrix& forward(const Matrix& input) = 0;
  // A temporary would be gone before backward() reads it, so passing one does not compile.
  const Matrix& forward(const Matrix&& input) = delete;
  // dLoss/dy -> dLoss/dx, overwriting every parameter's grad. When the network does not need
  // dLoss/dx (the first layer), set_needs_input_grad(false) lets a layer skip it and return empty.
  virtual const Matrix& backward(const Matrix& grad_output) = 0;
  // Inference pass: const and cache-free, so many threads may call it on one layer at once.
  virtual void infer(const Matrix& input, Matrix& output) const = 0;

  // Applies the optimizer to each parameter once.
  void step(BasicOptimizer<T>& optimizer) {
    for (auto& p : parameters()) optimizer.update(p);
  }

  virtual std::span<Parameter> parameters() { return {}; }
  virtual std::span<const Parameter> parameters() const { return {}; }
  virtual void initialize(const InitOptions& /*options*/, Rng& /*rng*/) {}

  // The registry name ("dense", "relu") and the spec that rebuilds this layer ("dense:4",
  // "leaky_relu:0.01"); model files and the CLI both go through the registry with these.
  virtual std::string_view type() const = 0;
  virtual std::string spec() const { return std::string(type()); }

  // Required input width, or -1 when any width is accepted (element-wise layers).
  virtual int input_width() const { return -1; }
  // The output width for a given input width.
  virtual int output_width(int input_width) const { return input_width; }

  void set_needs_input_grad(bool needed) { needs_input_grad_ = needed; }
  bool needs_input_grad() const { return needs_input_grad_; }
  // The generator the layer draws from while training (Dropout's masks), or null. Checkpoints
  // save and restore it through this, so a resumed run draws what the uninterrupted one would.
  virtual Rng* generator() { return nullptr; }
  virtual const Rng* generator() const { return nullptr; }

  // What this layer computes, for the fast paths (LayerForm above).
  virtual LayerForm form() const { return {}; }

  // Training mode switches train-only behaviour such as dropout; inference never uses it.
  virtual void set_training(bool /*training*/) {}

 private:
  bool needs_input_grad_ = true;
};

using Layer = BasicLayer<float>;

}  // namespace bprop
