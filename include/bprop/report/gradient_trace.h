// GradientTrace: the chain rule made visible. Hooked into TrainObservers::on_step, it measures
// every layer's gradient norm and the size of each optimizer update relative to the weights, and
// averages them over an epoch. A gradient norm that shrinks layer by layer towards the input is a
// vanishing gradient; an update/weight ratio far above ~1e-2 is a learning rate too high, far below
// ~1e-4 one too low.
//
//   GradientTrace trace(network);
//   observers.on_step.push_back([&](int, int64_t, int64_t) { trace.after_backward(); });
//   observers.on_epoch.push_back([&](const EpochReport&) { metrics.layers = trace.end_epoch(); });
//
// Cost per step: one pass over the parameters for the norms and one copy of them (to measure the
// update at the next step): small next to forward and backward, which touch every weight once per
// sample of the batch.
#pragma once

#include <string>
#include <vector>

#include "bprop/network.h"
#include "bprop/report/run_record.h"

namespace bprop {

class GradientTrace {
 public:
  // `network` must outlive the trace and keep its layers.
  explicit GradientTrace(const Network& network);

  // Call after backward, before the optimizer step: every Parameter::grad holds this batch's
  // gradient and every value still holds the weights before this step.
  void after_backward();
  // Call after the epoch's last step; returns each layer's means over the epoch and starts the
  // next epoch.
  std::vector<LayerTrace> end_epoch();

 private:
  struct Slot {
    std::size_t layer;      // index in the network
    std::string name = {};  // "0:dense:8"
    double grad_norm_sum = 0.0;
    double ratio_sum = 0.0;
    int ratio_count = 0;
    std::vector<float> before = {};  // the values before the last step: the update is now − before
  };
  void measure_updates();

  const Network& network_;
  std::vector<Slot> slots_;
  int steps_ = 0;
  bool have_before_ = false;
};

// The terminal output of `bprop train --trace`: a header naming the columns once, then one line
// per epoch with the loss and, per layer from the output back to the input (the order in which
// backpropagation visits them), the gradient norm and the update ratio.
std::string format_trace_header(const EpochMetrics& metrics);
std::string format_trace(const EpochMetrics& metrics);

}  // namespace bprop
