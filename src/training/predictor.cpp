#include "bprop/training/predictor.h"

#ifdef __linux__
#include <sys/mman.h>
#endif

#include <algorithm>
#include <cstdlib>
#include <new>
#include <string>
#include <type_traits>

#include "bprop/errors.h"
#include "bprop/kernels.h"
#include "bprop/kernels/matvec.h"
#include "bprop/layers/activation.h"
#include "bprop/registry.h"

namespace bprop {

namespace {
// One block for every Wᵀ, 64-byte aligned. From 256 KiB on it is 2 MiB-aligned and asks Linux
// for transparent huge pages: one TLB entry instead of one per 4 KiB page, and the hardware
// prefetcher, which stops at 4 KiB page boundaries, streams straight through (the A/B is in
// docs/design.md, "The axpy form and the Predictor"). Where huge pages are off or unknown the
// hint is ignored and the memory is ordinary.
template <typename T>
T* allocate_weights(std::size_t count) {
  const std::size_t bytes = std::max<std::size_t>(count, 1) * sizeof(T);
  const std::size_t align = bytes >= (std::size_t{256} << 10) ? (std::size_t{2} << 20) : 64;
  const std::size_t rounded = (bytes + align - 1) / align * align;
  void* p = std::aligned_alloc(align, rounded);
  if (p == nullptr) throw std::bad_alloc();
#ifdef __linux__
  if (align > 64) madvise(p, rounded, MADV_HUGEPAGE);
#endif
  return static_cast<T*>(p);
}

// out = x·B for B = Wᵀ (k x n). One float row goes to the vector kernel whatever its size: the
// Predictor makes no bitwise promise that would tie small products to the built-in loops (SmallNet
// does, so kernels::gemm keeps them there).
template <typename T>
void times(const BasicMatrix<T>& x, const T* b, int k, int n, BasicMatrix<T>& out) {
  out.resize(x.rows(), n);
  if constexpr (std::is_same_v<T, float>) {
    if (x.rows() == 1) {
      kernels::matvec::sgemv(kernels::Transpose::kNo, n, k, 1.0f, x.data(), b, n, 0.0f, out.data());
      return;
    }
  }
  kernels::gemm(kernels::Transpose::kNo, kernels::Transpose::kNo, x.rows(), n, k, T(1), x.data(), k,
                b, n, T(0), out.data(), n);
}
}  // namespace

template <typename T>
BasicPredictor<T>::BasicPredictor(const BasicNetwork<T>& network)
    : input_width_(network.input_width()), output_width_(network.output_width()) {
  if (network.size() == 0) {
    throw ShapeError("Predictor: the network has no layers; add at least one before copying it");
  }
  int width = input_width_;
  std::vector<const Matrix*> sources;  // each Dense stage's W, in order
  for (std::size_t i = 0; i < network.size(); ++i) {
    const BasicLayer<T>& layer = network.layer(i);
    Stage stage;
    if (layer.form().op == LayerOp::kDense) {
      stage.in = width;
      stage.out = layer.output_width(width);
      sources.push_back(&layer.parameters()[0].value);  // W (out x in)
      stage.bias = layer.parameters()[1].value;
      // A following ReLU, sigmoid or tanh joins the bias in one pass (kernels::bias_activation,
      // those layers' own formulas), as Network::forward fuses them.
      if (i + 1 < network.size()) stage.f = fused_activation(network.layer(i + 1).form());
      if (stage.f) ++i;  // that activation is this stage's second half (and keeps the width)
    } else {
      // The registry rebuilds the layer from its spec, exactly as a model file does; parameters,
      // if a layer kind has any, are copied in their declared order.
      stage.layer = make_layer<T>(layer.spec(), width);
      const auto from = layer.parameters();
      const auto to = stage.layer->parameters();
      if (from.size() != to.size()) {
        throw ConfigError("Predictor: layer " + std::to_string(i) + " (" + layer.spec() +
                          ") rebuilt from its spec has " + std::to_string(to.size()) +
                          " parameters instead of " + std::to_string(from.size()));
      }
      for (std::size_t p = 0; p < from.size(); ++p) to[p].value = from[p].value;
    }
    width = layer.output_width(width);
    stages_.push_back(std::move(stage));
  }
  // Each Wᵀ starts on a 64-byte line: offsets in whole lines.
  constexpr std::size_t kLine = 64 / sizeof(T);
  auto lines = [](const Stage& stage) {
    return (static_cast<std::size_t>(stage.in) * stage.out + kLine - 1) / kLine * kLine;
  };
  std::size_t total = 0;
  for (const Stage& stage : stages_) total += stage.layer == nullptr ? lines(stage) : 0;
  weights_.reset(allocate_weights<T>(total));
  std::size_t offset = 0, next = 0;
  for (Stage& stage : stages_) {
    if (stage.layer != nullptr) continue;
    const Matrix& w = *sources[next++];
    T* wt = weights_.get() + offset;
    for (int r = 0; r < w.rows(); ++r) {
      for (int c = 0; c < w.cols(); ++c) wt[static_cast<std::size_t>(c) * w.rows() + r] = w(r, c);
    }
    stage.weight_t = wt;
    offset += lines(stage);
  }
}

template <typename T>
BasicPredictor<T>::BasicPredictor(
    const int8::Quantization& quantization) requires std::is_same_v<T, float>
    : int8_(std::make_shared<const int8::Int8Predictor>(quantization)) {
  input_width_ = int8_->input_width();
  output_width_ = int8_->output_width();
}

template <typename T>
void BasicPredictor<T>::Free::operator()(T* p) const {
  std::free(p);
}

template <typename T>
BasicMatrix<T> BasicPredictor<T>::predict(const Matrix& input) const {
  if (input.cols() != input_width_) {
    throw ShapeError("Predictor: input has " + std::to_string(input.cols()) + " columns (shape " +
                     input.shape() + ") but the network expects " + std::to_string(input_width_) +
                     " features per row");
  }
  if constexpr (std::is_same_v<T, float>) {
    if (int8_) return int8_->predict(input);
  }
  // One sample: this thread's scratch, kept between calls (a few KB), so a call allocates only its
  // result. Batches use fresh scratch, so a thread never holds on to a large batch's memory.
  thread_local Matrix row_a, row_b;
  Matrix batch_a, batch_b;
  Matrix& a = input.rows() == 1 ? row_a : batch_a;
  Matrix& b = input.rows() == 1 ? row_b : batch_b;
  const Matrix* x = &input;
  for (const Stage& stage : stages_) {
    Matrix& out = (x == &a) ? b : a;
    if (stage.layer) {
      stage.layer->infer(*x, out);
      x = &out;
    } else {  // z = x·(Wᵀ) + b: Dense::infer's product, with B stored as Wᵀ
      times(*x, stage.weight_t, stage.in, stage.out, out);
      if (!stage.f) {
        kernels::add_row(out, stage.bias);
        x = &out;
      } else {  // y = f(z) into the other buffer, whose input x has been read
        Matrix& y = (&out == &a) ? b : a;
        y.resize(out.rows(), out.cols());
        kernels::bias_activation(*stage.f, out, stage.bias, y);
        x = &y;
      }
    }
  }
  if (input.rows() == 1) return *x;  // a copy: the scratch stays for the next call
  return std::move(x == &a ? a : b);
}

template class BasicPredictor<float>;
template class BasicPredictor<double>;

}  // namespace bprop
