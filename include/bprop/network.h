// Network: an ordered stack of layers that it owns. forward() runs them in order, backward() in
// reverse, step() lets an optimizer update every parameter once. predict() is const and keeps its
// scratch memory per call, so many threads may share one trained network.
#pragma once

#include <cstdint>
#include <memory>
#include <span>
#include <string>
#include <utility>
#include <vector>

#include "bprop/layer.h"
#include "bprop/matrix.h"
#include "bprop/optimizer.h"

namespace bprop {

template <typename T>
class BasicNetwork {
 public:
  using Matrix = BasicMatrix<T>;
  using Layer = BasicLayer<T>;

  // input_width: the number of features per sample.
  explicit BasicNetwork(int input_width);

  // Appends a layer: net.add<Dense>(4).add<Tanh>().add<Dense>(1). Shape-checks against the
  // previous layer and throws ShapeError naming the layer index on a mismatch.
  template <template <typename> class L, typename... Args>
  BasicNetwork& add(Args&&... args) {
    return add(std::make_unique<L<T>>(output_width(), std::forward<Args>(args)...));
  }
  BasicNetwork& add(std::unique_ptr<Layer> layer);

  // Draws every layer's parameters from a generator seeded with `seed`.
  void initialize(uint64_t seed, const InitOptions& options = {});
  void initialize(Rng& rng, const InitOptions& options = {});

  // Training forward pass; the result is valid until the next forward(). A Dense layer followed by
  // a ReLU, Sigmoid or Tanh runs as one fused bias+activation pass; both layers still hold exactly
  // what their own forward() would have left (docs/design.md, "Kernels").
  const Matrix& forward(const Matrix& input);
  // The first layer keeps a reference to the input for backward(): a temporary cannot be passed.
  const Matrix& forward(const Matrix&& input) = delete;
  // Backpropagates dLoss/doutput through every layer, overwriting all parameter gradients.
  void backward(const Matrix& grad_output);
  void step(BasicOptimizer<T>& optimizer);
  // Inference: const, thread-safe, allocates its own scratch.
  Matrix predict(const Matrix& input) const;

  int input_width() const { return input_width_; }
  int output_width() const;
  std::size_t size() const { return layers_.size(); }
  Layer& layer(std::size_t i) { return *layers_.at(i); }
  const Layer& layer(std::size_t i) const { return *layers_.at(i); }
  // Every parameter, in layer order then the layer's own order (weight before bias).
  std::vector<BasicParameter<T>*> parameters();
  std::vector<const BasicParameter<T>*> parameters() const;
  std::size_t parameter_count() const;
  // Every parameter's values live in one contiguous arena and every gradient in another, in
  // parameters() order; each Parameter's value and grad are views into them (each one starting on
  // a 64-byte line, the gaps zero). A step's gradients are therefore one buffer: the training
  // loop's GradientSync seam transforms it whole, and a device backend can copy it in one go.
  std::span<T> parameter_arena() { return {values_.data(), values_.size()}; }
  std::span<const T> parameter_arena() const { return {values_.data(), values_.size()}; }
  std::span<T> gradient_arena() { return {grads_.data(), grads_.size()}; }
  std::span<const T> gradient_arena() const { return {grads_.data(), grads_.size()}; }
  void set_training(bool training);
  // "2 -> dense:4 -> tanh -> dense:1", the layer specs that rebuild it.
  std::string describe() const;

 private:
  void check_input(const Matrix& input) const;
  // Moves every parameter (the new layer's too) into freshly laid-out arenas.
  void rebuild_arenas();

  int input_width_;
  std::vector<std::unique_ptr<Layer>> layers_;
  std::vector<T, CacheAlignedAllocator<T>> values_;  // the arenas (moving a Network keeps them)
  std::vector<T, CacheAlignedAllocator<T>> grads_;
  std::vector<char> fuse_with_next_;  // [i] != 0: layer i is Dense, layer i+1 a fusable activation
};

using Network = BasicNetwork<float>;
using NetworkD = BasicNetwork<double>;

}  // namespace bprop
