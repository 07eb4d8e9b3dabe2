// Early stopping: watches a loss once per epoch, keeps a copy of the parameters at the best epoch,
// and says when `patience` epochs have passed without an improvement, so training can stop and
// the best weights can be put back.
#pragma once

#include <vector>

#include "bprop/matrix.h"
#include "bprop/network.h"

namespace bprop {

template <typename T>
class EarlyStopping {
 public:
  // What an epoch's loss is compared with.
  //   kLastImprovement: the best loss, which only an improving epoch (lower by more than
  //                     min_delta) replaces (`bprop train --patience`).
  //   kRunningBest:     scikit-learn's n_iter_no_change/tol rule: every lower loss becomes the
  //                     best, but only one lower by more than min_delta counts as an improvement,
  //                     so a loss that keeps falling by less than min_delta per epoch stops.
  enum class Reference { kLastImprovement, kRunningBest };

  // patience: epochs without improvement before stopping (0 = never stop, only keep the best).
  // min_delta: how much lower than the best a loss must be to count as an improvement.
  explicit EarlyStopping(int patience, double min_delta = 0.0,
                         Reference reference = Reference::kLastImprovement);

  // Everything update() has learned, for checkpoints: a resumed run stops at the same epoch and
  // puts back the same best weights as an uninterrupted one.
  struct State {
    int best_epoch = 0;
    double best_loss = 0.0;
    int bad_epochs = 0;
    std::vector<BasicMatrix<T>> best_values;  // one per Parameter, in network order
    friend bool operator==(const State&, const State&) = default;
  };
  State state() const { return {best_epoch_, best_loss_, bad_epochs_, best_values_}; }
  // Throws ConfigError for a state that cannot come from update() (negative counts, a best epoch
  // without values).
  void set_state(State state);

  // Records epoch `epoch`'s loss; copies the network's parameters when it is the best so far (a
  // non-finite loss never is). Returns false when training should stop.
  bool update(int epoch, double loss, const BasicNetwork<T>& network);
  // Writes the best epoch's parameters back; does nothing when no epoch was recorded.
  void restore(BasicNetwork<T>& network) const;

  int best_epoch() const { return best_epoch_; }  // 0 before any finite loss
  double best_loss() const { return best_loss_; }
  int epochs_without_improvement() const { return bad_epochs_; }

 private:
  int patience_;
  double min_delta_;
  Reference reference_;
  int best_epoch_ = 0;
  double best_loss_ = 0.0;
  int bad_epochs_ = 0;
  std::vector<BasicMatrix<T>> best_values_;
};

}  // namespace bprop
