// Early stopping with a snapshot of the best parameters.
#include "bprop/training/early_stopping.h"

#include <cmath>
#include <string>
#include <utility>

#include "bprop/errors.h"

namespace bprop {

template <typename T>
EarlyStopping<T>::EarlyStopping(int patience, double min_delta, Reference reference)
    : patience_(patience), min_delta_(min_delta), reference_(reference) {
  if (patience < 0) {
    throw ConfigError("early stopping: patience must be >= 0, got " + std::to_string(patience));
  }
  if (!(min_delta >= 0.0)) throw ConfigError("early stopping: min_delta must be >= 0");
}

template <typename T>
bool EarlyStopping<T>::update(int epoch, double loss, const BasicNetwork<T>& network) {
  const bool finite = std::isfinite(loss);
  const bool improved = finite && (best_epoch_ == 0 || loss < best_loss_ - min_delta_);
  const bool lower = finite && (best_epoch_ == 0 || loss < best_loss_);
  if (improved || (lower && reference_ == Reference::kRunningBest)) {
    best_epoch_ = epoch;
    best_loss_ = loss;
    const auto params = network.parameters();
    best_values_.resize(params.size());
    for (std::size_t i = 0; i < params.size(); ++i) best_values_[i] = params[i]->value;
  }
  if (improved) {
    bad_epochs_ = 0;
    return true;
  }
  ++bad_epochs_;
  return patience_ == 0 || bad_epochs_ < patience_;
}

template <typename T>
void EarlyStopping<T>::set_state(State state) {
  if (state.best_epoch < 0 || state.bad_epochs < 0 ||
      (state.best_epoch > 0 && state.best_values.empty())) {
    throw ConfigError("early stopping: inconsistent state (best epoch " +
                      std::to_string(state.best_epoch) + ", " +
                      std::to_string(state.best_values.size()) + " saved values)");
  }
  best_epoch_ = state.best_epoch;
  best_loss_ = state.best_loss;
  bad_epochs_ = state.bad_epochs;
  best_values_ = std::move(state.best_values);
}

template <typename T>
void EarlyStopping<T>::restore(BasicNetwork<T>& network) const {
  if (best_epoch_ == 0) return;
  auto params = network.parameters();
  if (params.size() != best_values_.size()) {
    throw ShapeError("early stopping: the network has " + std::to_string(params.size()) +
                     " parameters but the snapshot has " + std::to_string(best_values_.size()));
  }
  for (std::size_t i = 0; i < params.size(); ++i) params[i]->value = best_values_[i];
}

template class EarlyStopping<float>;
template class EarlyStopping<double>;

}  // namespace bprop
