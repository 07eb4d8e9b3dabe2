// GradientTrace: see bprop/report/gradient_trace.h. Norms are accumulated in double: a float sum
// of squares over thousands of weights loses the small gradients this is meant to reveal.
#include "bprop/report/gradient_trace.h"

#include <cmath>
#include <cstdio>

namespace bprop {

GradientTrace::GradientTrace(const Network& network) : network_(network) {
  for (std::size_t i = 0; i < network.size(); ++i) {
    const auto& layer = network.layer(i);
    if (layer.parameters().empty()) continue;
    slots_.push_back({.layer = i, .name = std::to_string(i) + ":" + layer.spec()});
  }
}

void GradientTrace::measure_updates() {
  for (Slot& slot : slots_) {
    double delta = 0.0, before = 0.0;
    std::size_t k = 0;
    for (const auto& p : network_.layer(slot.layer).parameters()) {
      for (const float v : p.value.values()) {
        const double b = slot.before[k++];
        delta += (v - b) * (v - b);
        before += b * b;
      }
    }
    // All-zero weights (a fresh zero bias alone) have no meaningful ratio; skip that step.
    if (before > 0.0) {
      slot.ratio_sum += std::sqrt(delta / before);
      ++slot.ratio_count;
    }
  }
}

void GradientTrace::after_backward() {
  if (have_before_) measure_updates();  // the previous step's update has been applied since
  for (Slot& slot : slots_) {
    double squares = 0.0;
    slot.before.clear();
    for (const auto& p : network_.layer(slot.layer).parameters()) {
      for (const float g : p.grad.values()) squares += static_cast<double>(g) * g;
      slot.before.insert(slot.before.end(), p.value.values().begin(), p.value.values().end());
    }
    slot.grad_norm_sum += std::sqrt(squares);
  }
  have_before_ = true;
  ++steps_;
}

std::vector<LayerTrace> GradientTrace::end_epoch() {
  if (have_before_) measure_updates();
  have_before_ = false;
  std::vector<LayerTrace> result;
  for (Slot& slot : slots_) {
    result.push_back(
        {.layer = slot.name,
         .grad_norm = steps_ > 0 ? slot.grad_norm_sum / steps_ : 0.0,
         .update_ratio = slot.ratio_count > 0 ? slot.ratio_sum / slot.ratio_count : 0.0});
    slot.grad_norm_sum = slot.ratio_sum = 0.0;
    slot.ratio_count = 0;
  }
  steps_ = 0;
  return result;
}

std::string format_trace_header(const EpochMetrics& m) {
  std::string out =
      "trace: per layer, output layer first (the order backpropagation visits them): the mean\n"
      "gradient norm |grad| = |dL/dθ| and update ratio upd/|w| = |Δθ|/|θ| over the epoch's steps\n";
  std::string line = "epoch       loss";
  for (auto it = m.layers.rbegin(); it != m.layers.rend(); ++it) {
    char cell[64];
    std::snprintf(cell, sizeof cell, " | %-19.19s", it->layer.c_str());
    line += cell;
  }
  std::string units = "                ";
  for (std::size_t k = 0; k < m.layers.size(); ++k) units += " |     |grad|  upd/|w|";
  return out + line + "\n" + units + "\n";
}

std::string format_trace(const EpochMetrics& m) {
  char cell[64];
  std::snprintf(cell, sizeof cell, "%5d %10.4g", m.epoch, m.train_loss);
  std::string line = cell;
  for (auto it = m.layers.rbegin(); it != m.layers.rend(); ++it) {
    std::snprintf(cell, sizeof cell, " | %9.2e %9.2e", it->grad_norm, it->update_ratio);
    line += cell;
  }
  return line + "\n";
}

}  // namespace bprop
