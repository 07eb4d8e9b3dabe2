// Dropout (inverted): while training, each element is zeroed with probability p and the survivors
// are scaled by 1/(1-p), so inference is the identity and needs no rescaling. x and y are (B, n).
// The mask comes from the layer's own Rng, seeded from the network's initialisation generator, so
// one seed gives bitwise-identical training runs.
#pragma once

#include "bprop/layer.h"

namespace bprop {

template <typename T>
class Dropout final : public BasicLayer<T> {
 public:
  using typename BasicLayer<T>::Matrix;

  // rate: the probability p of dropping an element, in [0, 1). Throws ConfigError otherwise.
  Dropout(int width, double rate);

  // Training: y = x ⊙ mask, mask ∈ {0, 1/(1-p)}. With training off: y = x.
  const Matrix& forward(const Matrix& input) override;
  // dx = dy ⊙ mask (the same mask as the last forward).
  const Matrix& backward(const Matrix& grad_output) override;
  // Always the identity: inference never drops.
  void infer(const Matrix& input, Matrix& output) const override;

  // Draws the mask generator's seed from the network's initialisation generator.
  void initialize(const InitOptions& options, Rng& rng) override;
  void set_training(bool training) override { training_ = training; }

  std::string_view type() const override { return "dropout"; }
  std::string spec() const override;

  double rate() const { return rate_; }
  // While held, forward() reuses the current mask instead of drawing a new one (when the shape
  // matches), so a gradient check sees one fixed function.
  void hold_mask(bool hold) { hold_mask_ = hold; }
  const Matrix& mask() const { return mask_; }
  // The mask generator, for checkpoints.
  Rng& rng() { return rng_; }
  const Rng& rng() const { return rng_; }
  Rng* generator() override { return &rng_; }
  const Rng* generator() const override { return &rng_; }

 private:
  double rate_;
  bool training_ = true;
  bool hold_mask_ = false;
  Rng rng_;
  Matrix mask_;
  Matrix output_;
  Matrix grad_input_;
};

}  // namespace bprop
