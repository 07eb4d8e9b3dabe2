// Network: runs layers in order and in reverse; checks shapes at the boundary so errors name the
// layer rather than a kernel.
#include "bprop/network.h"

#include <algorithm>
#include <utility>

#include "bprop/errors.h"
#include "bprop/layers/activation.h"
#include "bprop/layers/dense.h"

namespace bprop {

template <typename T>
BasicNetwork<T>::BasicNetwork(int input_width) : input_width_(input_width) {
  if (input_width <= 0) {
    throw ShapeError("Network: input width must be positive, got " + std::to_string(input_width));
  }
}

template <typename T>
BasicNetwork<T>& BasicNetwork<T>::add(std::unique_ptr<Layer> layer) {
  const int expected = layer->input_width();
  if (expected != -1 && expected != output_width()) {
    throw ShapeError("Network: layer " + std::to_string(layers_.size()) + " (" + layer->spec() +
                     ") expects input width " + std::to_string(expected) +
                     " but the previous layer gives " + std::to_string(output_width()));
  }
  // The network never needs dLoss/dinput of its first layer: skipping it saves a GEMM per step.
  layer->set_needs_input_grad(!layers_.empty());
  // Dense then an activation with a fused kernel: forward() and backward() run them as one pass
  // each. The forms guarantee the types the passes below cast to (layer.h, LayerForm).
  const bool fusable = !layers_.empty() && layers_.back()->form().op == LayerOp::kDense &&
                       fused_activation(layer->form());
  if (fusable) fuse_with_next_.back() = 1;
  layers_.push_back(std::move(layer));
  fuse_with_next_.push_back(0);
  rebuild_arenas();
  return *this;
}

template <typename T>
void BasicNetwork<T>::rebuild_arenas() {
  constexpr std::size_t kLine = 64 / sizeof(T);
  auto padded = [](std::size_t n) { return (n + kLine - 1) / kLine * kLine; };
  const std::vector<BasicParameter<T>*> params = parameters();
  std::size_t total = 0;
  for (const auto* p : params) {
    if (p->grad.size() != p->value.size()) {
      throw ShapeError("Network: parameter '" + p->name + "' has a " + p->value.shape() +
                       " value but a " + p->grad.shape() + " gradient");
    }
    total += padded(p->value.size());
  }
  std::vector<T, CacheAlignedAllocator<T>> values(total, T(0)), grads(total, T(0));
  std::size_t offset = 0;
  for (auto* p : params) {
    p->value.move_into(values.data() + offset);
    p->grad.move_into(grads.data() + offset);
    offset += padded(p->value.size());
  }
  values_ = std::move(values);
  grads_ = std::move(grads);
}

template <typename T>
void BasicNetwork<T>::initialize(uint64_t seed, const InitOptions& options) {
  Rng rng(seed);
  initialize(rng, options);
}

template <typename T>
void BasicNetwork<T>::initialize(Rng& rng, const InitOptions& options) {
  for (auto& layer : layers_) layer->initialize(options, rng);
}

template <typename T>
int BasicNetwork<T>::output_width() const {
  int width = input_width_;
  for (const auto& layer : layers_) width = layer->output_width(width);
  return width;
}

template <typename T>
void BasicNetwork<T>::check_input(const Matrix& input) const {
  if (input.cols() != input_width_) {
    throw ShapeError("Network: input has " + std::to_string(input.cols()) + " columns (shape " +
                     input.shape() + ") but the network expects " + std::to_string(input_width_) +
                     " features per row");
  }
  if (layers_.empty()) throw ShapeError("Network: no layers; add at least one before running it");
}

template <typename T>
const BasicMatrix<T>& BasicNetwork<T>::forward(const Matrix& input) {
  check_input(input);
  const Matrix* x = &input;
  for (std::size_t i = 0; i < layers_.size(); ++i) {
    if (fuse_with_next_[i]) {
      auto& dense = static_cast<Dense<T>&>(*layers_[i]);
      auto& activation = static_cast<Activation<T>&>(*layers_[i + 1]);
      x = &activation.forward_fused(dense.forward_linear(*x), dense.bias().value);
      ++i;
    } else {
      x = &layers_[i]->forward(*x);
    }
  }
  return *x;
}

template <typename T>
void BasicNetwork<T>::backward(const Matrix& grad_output) {
  const Matrix* grad = &grad_output;
  for (std::size_t i = layers_.size(); i-- > 0;) {
    if (i > 0 && fuse_with_next_[i - 1]) {
      // The activation's backward and the Dense layer's bias gradient in one pass.
      auto& dense = static_cast<Dense<T>&>(*layers_[i - 1]);
      auto& activation = static_cast<Activation<T>&>(*layers_[i]);
      grad = &dense.backward_given_bias_grad(activation.backward_fused(*grad, dense.bias().grad));
      --i;
    } else {
      grad = &layers_[i]->backward(*grad);
    }
  }
}

template <typename T>
void BasicNetwork<T>::step(BasicOptimizer<T>& optimizer) {
  for (auto& layer : layers_) layer->step(optimizer);
}

// Large inputs run in blocks of rows: the scratch stays the size of one block (an evaluation of
// Fashion-MNIST's 60,000 rows otherwise held two 60,000 x 256 activations, more than the data),
// and each block's activations stay in cache between layers. A row's bits do not depend on the
// block or on the other rows (Dense::infer's product is kernels::gemm_row_invariant).
constexpr int kPredictBlockRows = 2048;

template <typename T>
BasicMatrix<T> BasicNetwork<T>::predict(const Matrix& input) const {
  check_input(input);
  Matrix a, b;
  const auto run = [&](const Matrix& rows) -> Matrix& {
    const Matrix* x = &rows;
    for (const auto& layer : layers_) {
      Matrix& out = (x == &a) ? b : a;
      layer->infer(*x, out);
      x = &out;
    }
    return x == &a ? a : b;
  };
  if (input.rows() <= kPredictBlockRows) return std::move(run(input));  // moved, not copied
  Matrix result(input.rows(), output_width());
  for (int first = 0; first < input.rows(); first += kPredictBlockRows) {
    const int count = std::min(kPredictBlockRows, input.rows() - first);
    // A read-only view: infer() takes its input as const.
    const Matrix block = Matrix::view(const_cast<T*>(input.row(first)), count, input.cols());
    const Matrix& out = run(block);
    std::copy(out.data(), out.data() + out.size(), result.row(first));
  }
  return result;
}

template <typename T>
std::vector<BasicParameter<T>*> BasicNetwork<T>::parameters() {
  std::vector<BasicParameter<T>*> all;
  for (auto& layer : layers_) {
    for (auto& p : layer->parameters()) all.push_back(&p);
  }
  return all;
}

template <typename T>
std::vector<const BasicParameter<T>*> BasicNetwork<T>::parameters() const {
  std::vector<const BasicParameter<T>*> all;
  for (const auto& layer : layers_) {
    for (const auto& p : std::as_const(*layer).parameters()) all.push_back(&p);
  }
  return all;
}

template <typename T>
std::size_t BasicNetwork<T>::parameter_count() const {
  std::size_t count = 0;
  for (const auto* p : parameters()) count += p->value.size();
  return count;
}

template <typename T>
void BasicNetwork<T>::set_training(bool training) {
  for (auto& layer : layers_) layer->set_training(training);
}

template <typename T>
std::string BasicNetwork<T>::describe() const {
  std::string text = std::to_string(input_width_);
  for (const auto& layer : layers_) text += " -> " + layer->spec();
  return text;
}

template class BasicNetwork<float>;
template class BasicNetwork<double>;

}  // namespace bprop
