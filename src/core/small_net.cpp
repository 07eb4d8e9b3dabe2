// SmallNet: deciding whether a configuration qualifies, binding to it, and the optimizer step.
// The per-sample arithmetic is in small_net_step.cpp and small_net_fused.cpp.
#include "bprop/small_net.h"

#include <algorithm>
#include <initializer_list>

#include "bprop/kernels.h"
#include "bprop/optimizers/sgd.h"
#include "core/small_net_ops.h"

namespace bprop {

template <typename T>
bool SmallNet<T>::bind(BasicNetwork<T>& network, AccuracyMeter<T>& meter,
                       BasicOptimizer<T>& optimizer, int input_cols, int target_cols) {
  bool same = network_ == &network && meter_ == &meter && optimizer_ == &optimizer &&
              input_cols_ == input_cols && target_cols_ == target_cols &&
              layer_ids_.size() == network.size();
  for (std::size_t i = 0; same && i < layer_ids_.size(); ++i) {
    same = layer_ids_[i] == &std::as_const(network).layer(i);
  }
  if (!same) planned_ok_ = plan(network, meter, optimizer, input_cols, target_cols);
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
bool SmallNet<T>::plan(BasicNetwork<T>& network, AccuracyMeter<T>& meter,
                       BasicOptimizer<T>& optimizer, int input_cols, int target_cols) {
  network_ = &network;
  meter_ = &meter;
  optimizer_ = &optimizer;
  input_cols_ = input_cols;
  target_cols_ = target_cols;
  layer_ids_.clear();
  for (std::size_t i = 0; i < network.size(); ++i) {
    layer_ids_.push_back(&std::as_const(network).layer(i));
  }
  stages_.clear();
  if (network.size() == 0 || input_cols != network.input_width()) return false;
  if (!plan_loss(meter.op(), target_cols, network.output_width())) return false;
  const SgdOptions* sgd = optimizer.sgd_options();
  if (sgd == nullptr) return false;
  momentum_ = static_cast<T>(sgd->momentum);
  weight_decay_ = static_cast<T>(sgd->weight_decay);
  nesterov_ = sgd->nesterov;
  if (!plan_stages(network, input_cols)) return false;
  plan_buffers();
  choose_step();
  return true;
}

template <typename T>
bool SmallNet<T>::plan_loss(LossOp op, int target_cols, int outputs) {
  switch (op) {
    case LossOp::kBce:
      loss_kind_ = LossKind::kBce;
      return target_cols == outputs;
    case LossOp::kMse:
      loss_kind_ = LossKind::kMse;
      return target_cols == outputs;
    case LossOp::kSoftmaxCrossEntropy:
      // As SoftmaxCrossEntropy::forward decides: one column of class indices, or probabilities.
      if (target_cols == 1 && outputs > 1) {
        loss_kind_ = LossKind::kSoftmaxIndices;
        return true;
      }
      loss_kind_ = LossKind::kSoftmaxProbabilities;
      return target_cols == outputs;
    case LossOp::kOther:
      break;
  }
  return false;
}

template <typename T>
bool SmallNet<T>::plan_stages(BasicNetwork<T>& network, int input_cols) {
  int width = input_cols;
  for (std::size_t i = 0; i < network.size(); ++i) {
    BasicLayer<T>& layer = network.layer(i);
    const LayerForm form = layer.form();
    if (form.op == Op::kOther) return false;  // dropout, or a layer this path does not know
    Stage s{.op = form.op, .in = width, .out = width, .needs_dx = layer.needs_input_grad()};
    s.slope = static_cast<T>(form.slope);  // as LeakyReLU rounds it
    if (form.op == Op::kDense) {
      s.out = layer.output_width(width);
      // Larger products go to the GEMM library in the layer path, which rounds differently.
      if (static_cast<long long>(s.in) * s.out >= kernels::kBlasMinWork) return false;
      s.weight = &layer.parameters()[0];
      s.bias = &layer.parameters()[1];
    }
    stages_.push_back(s);
    width = s.out;
  }
  return true;
}

template <typename T>
void SmallNet<T>::plan_buffers() {
  std::size_t total = 0, widest = static_cast<std::size_t>(input_cols_);
  for (const Stage& s : stages_) {
    total += static_cast<std::size_t>(s.out);
    widest = std::max(widest, static_cast<std::size_t>(s.out));
  }
  values_.assign(total, T(0));
  std::size_t offset = 0;
  for (Stage& s : stages_) {
    s.y = values_.data() + offset;
    offset += static_cast<std::size_t>(s.out);
  }
  grad_a_.assign(widest, T(0));
  grad_b_.assign(widest, T(0));
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
