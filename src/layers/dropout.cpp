// Inverted dropout: forward draws the mask, backward reuses it.
#include "bprop/layers/dropout.h"

#include <charconv>
#include <cmath>

#include "bprop/errors.h"

namespace bprop {

namespace {
// A fixed default so a layer that was never initialised (e.g. loaded from a model file and trained
// further) still draws a reproducible mask sequence.
constexpr uint64_t kDefaultMaskSeed = 0x6a09e667f3bcc909ULL;
}  // namespace

template <typename T>
Dropout<T>::Dropout(int /*width*/, double rate) : rate_(rate), rng_(kDefaultMaskSeed) {
  if (!(rate >= 0.0 && rate < 1.0)) {
    throw ConfigError("layer 'dropout': rate must be in [0, 1), got " + std::to_string(rate) +
                      " (e.g. dropout:0.2)");
  }
}

template <typename T>
void Dropout<T>::initialize(const InitOptions& /*options*/, Rng& rng) {
  rng_ = Rng(rng.next_u64());
}

template <typename T>
std::string Dropout<T>::spec() const {
  // Shortest text that reads back as the same double, so the spec round-trips exactly.
  char text[32];
  const auto [end, ec] = std::to_chars(text, text + sizeof text, rate_);
  return "dropout:" + std::string(text, ec == std::errc() ? end : text);
}

template <typename T>
void Dropout<T>::infer(const Matrix& input, Matrix& output) const {
  output = input;
}

template <typename T>
auto Dropout<T>::forward(const Matrix& input) -> const Matrix& {
  const bool reuse = hold_mask_ && mask_.rows() == input.rows() && mask_.cols() == input.cols();
  if (!reuse) {
    mask_.resize(input.rows(), input.cols());
    if (training_ && rate_ > 0.0) {
      const T keep_scale = T(1) / static_cast<T>(1.0 - rate_);
      for (T& m : mask_.values()) m = rng_.uniform() >= rate_ ? keep_scale : T(0);
    } else {
      mask_.fill(T(1));
    }
  }
  output_.resize(input.rows(), input.cols());
  const T* x = input.data();
  const T* m = mask_.data();
  T* y = output_.data();
  for (std::size_t i = 0; i < input.size(); ++i) y[i] = x[i] * m[i];
  return output_;
}

template <typename T>
auto Dropout<T>::backward(const Matrix& grad_output) -> const Matrix& {
  if (grad_output.rows() != mask_.rows() || grad_output.cols() != mask_.cols()) {
    throw ShapeError("dropout: backward got gradient " + grad_output.shape() +
                     ", expected the forward output's shape " + mask_.shape());
  }
  grad_input_.resize(grad_output.rows(), grad_output.cols());
  const T* dy = grad_output.data();
  const T* m = mask_.data();
  T* dx = grad_input_.data();
  for (std::size_t i = 0; i < grad_output.size(); ++i) dx[i] = dy[i] * m[i];
  return grad_input_;
}

template class Dropout<float>;
template class Dropout<double>;

}  // namespace bprop
