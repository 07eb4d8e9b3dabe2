// SmallNet: deciding whether a configuration qualifies, binding to it, and the optimizer step.
// The per-sample arithmetic is in small_net_step.cpp and small_net_fused.cpp.
#include "bprop/small_net.h"

#include <algorithm>
#include <initializer_list>

#include "bprop/kernels.h"
#include "bprop/layers/dense.h"
#include "bprop/layers/gelu.h"
#include "bprop/layers/identity.h"
#include "bprop/layers/leaky_relu.h"
#include "bprop/layers/relu.h"
#include "bprop/layers/sigmoid.h"
#include "bprop/layers/tanh.h"
#include "bprop/losses/binary_cross_entropy.h"
#include "bprop/losses/mean_squared_error.h"
#include "bprop/losses/softmax_cross_entropy.h"
#include "bprop/optimizers/sgd.h"
#include "core/small_net_ops.h"

namespace bprop {

template <typename T>
bool SmallNet<T>::bind(BasicNetwork<T>& network, BasicLoss<T>& loss, BasicOptimizer<T>& optimizer,
                       int input_cols, int target_cols) {
  bool same = network_ == &network && loss_ == &loss && optimizer_ == &optimizer &&
              input_cols_ == input_cols && target_cols_ == target_cols &&
              layer_ids_.size() == network.size();
  for (std::size_t i = 0; same && i < layer_ids_.size(); ++i) {
    same = layer_ids_[i] == &std::as_const(network).layer(i);
  }
  if (!same) planned_ok_ = plan(network, loss, optimizer, input_cols, target_cols);
  if (!planned_ok_) return false;
  // The raw pointers are re-read every time: a restored checkpoint may have replaced a matrix, and
  // Sgd allocates the velocity on its first update (zeros, as here).
  for (Stage& s : stages_) {
    if (s.op != Op::kDense) continue;
    for (BasicParameter<T>* p : {s.weight, s.bias}) {
      if (momentum_ != T(0) && p->slots.moment1.size() != p->value.size()) {
        p->slots.moment1 = BasicMatrix<T>(p->value.rows(), p->value.cols());
      }
    }
    s.w = s.weight->value.data();
    s.gw = s.weight->grad.data();
    s.vw = s.weight->slots.moment1.data();
    s.b = s.bias->value.data();
    s.gb = s.bias->grad.data();
    s.vb = s.bias->slots.moment1.data();
  }
  return true;
}

template <typename T>
bool SmallNet<T>::plan(BasicNetwork<T>& network, BasicLoss<T>& loss, BasicOptimizer<T>& optimizer,
                       int input_cols, int target_cols) {
  network_ = &network;
  loss_ = &loss;
  optimizer_ = &optimizer;
  input_cols_ = input_cols;
  target_cols_ = target_cols;
  layer_ids_.clear();
  for (std::size_t i = 0; i < network.size(); ++i) {
    layer_ids_.push_back(&std::as_const(network).layer(i));
  }
  stages_.clear();
  if (network.size() == 0 || input_cols != network.input_width()) return false;

  meter_ = dynamic_cast<AccuracyMeter<T>*>(&loss);
  const BasicLoss<T>* inner = meter_ ? &meter_->inner() : &loss;
  const int outputs = network.output_width();
  if (dynamic_cast<const BinaryCrossEntropy<T>*>(inner) && target_cols == outputs) {
    loss_kind_ = LossKind::kBce;
  } else if (dynamic_cast<const MeanSquaredError<T>*>(inner) && target_cols == outputs) {
    loss_kind_ = LossKind::kMse;
  } else if (dynamic_cast<const SoftmaxCrossEntropy<T>*>(inner)) {
    // As SoftmaxCrossEntropy::forward decides: one column of class indices, or probabilities.
    if (target_cols == 1 && outputs > 1) {
      loss_kind_ = LossKind::kSoftmaxIndices;
    } else if (target_cols == outputs) {
      loss_kind_ = LossKind::kSoftmaxProbabilities;
    } else {
      return false;
    }
  } else {
    return false;
  }

  const auto* sgd = dynamic_cast<const Sgd<T>*>(&optimizer);
  if (sgd == nullptr) return false;
  momentum_ = static_cast<T>(sgd->options().momentum);
  weight_decay_ = static_cast<T>(sgd->options().weight_decay);
  nesterov_ = sgd->options().nesterov;

  int width = input_cols;
  std::size_t total = 0, widest = static_cast<std::size_t>(width);
  for (std::size_t i = 0; i < network.size(); ++i) {
    BasicLayer<T>& layer = network.layer(i);
    Stage s{.in = width, .out = width, .needs_dx = layer.needs_input_grad()};
    if (auto* dense = dynamic_cast<Dense<T>*>(&layer)) {
      s.out = dense->output_width(width);
      // Larger products go to the GEMM library in the layer path, which rounds differently.
      if (static_cast<long long>(s.in) * s.out >= kernels::kBlasMinWork) return false;
      s.weight = &dense->weight();
      s.bias = &dense->bias();
    } else if (dynamic_cast<const ReLU<T>*>(&layer)) {
      s.op = Op::kRelu;
    } else if (dynamic_cast<const Sigmoid<T>*>(&layer)) {
      s.op = Op::kSigmoid;
    } else if (dynamic_cast<const Tanh<T>*>(&layer)) {
      s.op = Op::kTanh;
    } else if (const auto* leaky = dynamic_cast<const LeakyReLU<T>*>(&layer)) {
      s.op = Op::kLeakyRelu;
      s.slope = static_cast<T>(leaky->slope());  // as LeakyReLU rounds it
    } else if (dynamic_cast<const Identity<T>*>(&layer)) {
      s.op = Op::kIdentity;
    } else if (dynamic_cast<const GELU<T>*>(&layer)) {
      s.op = Op::kGelu;
    } else {
      return false;  // dropout, or a layer this path does not know
    }
    stages_.push_back(s);
    width = s.out;
    total += static_cast<std::size_t>(width);
    widest = std::max(widest, static_cast<std::size_t>(width));
  }
  values_.assign(total, T(0));
  std::size_t offset = 0;
  for (Stage& s : stages_) {
    s.y = values_.data() + offset;
    offset += static_cast<std::size_t>(s.out);
  }
  grad_a_.assign(widest, T(0));
  grad_b_.assign(widest, T(0));
  choose_step();
  return true;
}

template <typename T>
void SmallNet<T>::update() {
  const T lr = static_cast<T>(optimizer_->learning_rate());
  for (const Stage& s : stages_) {
    if (s.op != Op::kDense) continue;
    small_net::sgd(s.in * s.out, s.w, s.gw, s.vw, lr, momentum_, weight_decay_, nesterov_);
    small_net::sgd(s.out, s.b, s.gb, s.vb, lr, momentum_, weight_decay_, nesterov_);
    ++s.weight->slots.step;
    ++s.bias->slots.step;
  }
}

template class SmallNet<float>;
template class SmallNet<double>;

}  // namespace bprop
