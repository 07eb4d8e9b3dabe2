// SmallNet: per-sample training of tiny networks without the layer machinery. In the general path
// the notebook's XOR net (2-2-1) spends its time on dispatch, not arithmetic: ~20 virtual calls
// and ~10 kernel calls on 2-element rows (docs/design.md, "Small networks"). SmallNet runs one step
// (forward, loss gradient, backward, optimizer update) as one loop over raw arrays: no virtual
// call, no allocation, no per-layer dispatch beyond a switch.
//
// It is an optimisation, never a different algorithm: it works on the network's own Parameters
// (values, gradients, SGD velocities, step counts) and repeats the layer path's arithmetic
// operation for operation (the same loops from kernels/builtin_loops.h, the same exp/log calls,
// the same zeros added), so the weights it produces are bitwise those of the layer path
// (SmallNet.TrainsBitwiseLikeTheLayerPath). The Trainer uses it by itself when bind() accepts the
// configuration, and uses the layers otherwise.
#pragma once

#include <cstdint>
#include <vector>

#include "bprop/loss.h"
#include "bprop/network.h"
#include "bprop/optimizer.h"
#include "bprop/training/accuracy.h"

namespace bprop {

namespace small_net {
using Op = LayerOp;  // what each stage computes, as its layer declares it
enum class LossKind : unsigned char { kBce, kMse, kSoftmaxIndices, kSoftmaxProbabilities };
}  // namespace small_net

template <typename T>
class SmallNet {
 public:
  // What bind() accepts, as the layers, loss and optimizer declare themselves (form(), op(),
  // sgd_options()): a batch of one sample; layers of the forms kDense and the element-wise ops
  // (ReLU, sigmoid, tanh, leaky ReLU, identity, GELU: no dropout, nothing of form kOther); every
  // Dense product below kernels::kBlasMinWork multiply-adds (so the layer path runs the built-in
  // loops, never the GEMM library); the loss bce, mse or softmax-ce; SGD with any momentum,
  // Nesterov and weight decay; inputs and targets of the widths the network and loss expect
  // (anything else goes to the layers, which report it).
  //
  // Binds to these objects for data of `input_cols` and `target_cols` columns and returns true, or
  // returns false (unbound) when the configuration is not one of the above. `meter` wraps the loss
  // and receives the accuracy counts. Cheap when nothing changed since the last call (the Trainer
  // calls it every epoch).
  bool bind(BasicNetwork<T>& network, AccuracyMeter<T>& meter, BasicOptimizer<T>& optimizer,
            int input_cols, int target_cols);

  struct Step {
    T loss;   // what BasicLoss::forward returns for this one-sample batch
    bool ok;  // false: invalid target, non-finite loss or gradient; nothing was counted
  };
  // Forward, loss and backward of one sample x (input width) with target y (target_cols): writes
  // every Parameter::grad, and counts accuracy into the AccuracyMeter when ok. Changes no weight.
  // want_loss: as for train_step.
  Step forward_backward(const T* x, const T* y, bool want_loss = true);
  // The optimizer step with the optimizer's current learning rate, as Network::step would do it.
  void update();
  // forward_backward, then update() when ok, in one pass (small_net_fused.cpp): for Dense ->
  // activation -> Dense, one function with the widths of common shapes fixed at compile time and
  // values in registers. With want_loss false, Step::loss may be NaN instead of the loss (bce
  // skips its log1p); divergence is still detected.
  Step train_step(const T* x, const T* y, bool want_loss = true) {
    return step_fn_(*this, x, y, want_loss);
  }

 private:
  using Op = small_net::Op;
  using LossKind = small_net::LossKind;
  struct Stage {
    Op op = Op::kDense;
    int in = 0, out = 0;
    bool needs_dx = true;
    T slope = T(0);                                // leaky ReLU
    BasicParameter<T>* weight = nullptr;           // Dense only
    BasicParameter<T>* bias = nullptr;             // Dense only
    T *w = nullptr, *gw = nullptr, *vw = nullptr;  // weight's value, grad, SGD velocity
    T *b = nullptr, *gb = nullptr, *vb = nullptr;  // bias's
    T* y = nullptr;                                // the stage's output, inside values_
  };

  bool plan(BasicNetwork<T>& network, AccuracyMeter<T>& meter, BasicOptimizer<T>& optimizer,
            int input_cols, int target_cols);
  // plan()'s parts: the loss kind for these target columns; the stages (false for a layer the
  // path does not run); their output buffers.
  bool plan_loss(LossOp op, int target_cols, int outputs);
  bool plan_stages(BasicNetwork<T>& network, int input_cols);
  void plan_buffers();
  // train_step's implementations: the general one, and the fused Dense -> act -> Dense one with
  // widths In, Hidden, Out (0: read at run time); choose_step() picks one after plan().
  using StepFn = Step (*)(SmallNet&, const T*, const T*, bool);
  static Step general_step(SmallNet& net, const T* x, const T* y, bool want_loss);
  template <int In, int Hidden, int Out, small_net::Op Act>
  static Step fused_step(SmallNet& net, const T* x, const T* y, bool want_loss);
  void choose_step();

  // What the plan was made for; bind() re-plans when any of these changes.
  const BasicNetwork<T>* network_ = nullptr;
  const BasicOptimizer<T>* optimizer_ = nullptr;
  std::vector<const void*> layer_ids_;
  int input_cols_ = -1, target_cols_ = -1;
  bool planned_ok_ = false;

  std::vector<Stage> stages_;
  LossKind loss_kind_ = LossKind::kMse;
  AccuracyMeter<T>* meter_ = nullptr;
  T momentum_ = T(0), weight_decay_ = T(0);
  bool nesterov_ = false;
  std::vector<T> values_;           // every stage's output
  std::vector<T> grad_a_, grad_b_;  // dL/d(stage output), alternately
  StepFn step_fn_ = &general_step;
};

}  // namespace bprop
