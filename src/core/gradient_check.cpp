// Central-difference gradient checks in double precision.
#include "bprop/gradient_check.h"

#include <cmath>
#include <functional>
#include <limits>

#include "bprop/random.h"

namespace bprop {

namespace {

constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();

MatrixD random_matrix(int rows, int cols, Rng& rng) {
  MatrixD m(rows, cols);
  for (double& v : m.values()) {
    v = rng.normal();
    // Keep inputs off the kinks of ReLU-like functions, where no derivative exists.
    if (std::abs(v) < 0.05) v = v < 0 ? v - 0.1 : v + 0.1;
  }
  return m;
}

// Compares analytic[i] with the central difference of f with respect to values[i].
GradientError compare(const std::string& name, MatrixD& values, const MatrixD& analytic,
                      const std::function<double()>& f, double h) {
  GradientError error{name, values.size(), 0.0, 0.0, true};
  for (std::size_t i = 0; i < values.size(); ++i) {
    const double a = analytic.data()[i];
    if (std::isnan(a)) error.fully_written = false;
    const double saved = values.data()[i];
    values.data()[i] = saved + h;
    const double plus = f();
    values.data()[i] = saved - h;
    const double minus = f();
    values.data()[i] = saved;
    const double numeric = (plus - minus) / (2 * h);
    const double abs_err = std::abs(a - numeric);
    const double rel_err = abs_err / std::max(std::abs(a) + std::abs(numeric), 1e-12);
    // NaN compares false, so a NaN gradient must be counted explicitly.
    error.max_abs = std::isnan(abs_err) ? kNaN : std::max(error.max_abs, abs_err);
    error.max_rel = std::isnan(rel_err) ? kNaN : std::max(error.max_rel, rel_err);
    if (std::isnan(error.max_abs)) break;
  }
  return error;
}

double weighted_sum(const MatrixD& y, const MatrixD& r) {
  double s = 0.0;
  for (std::size_t i = 0; i < y.size(); ++i) s += y.data()[i] * r.data()[i];
  return s;
}

}  // namespace

std::vector<GradientError> check_layer(BasicLayer<double>& layer, int input_width,
                                       const GradientCheckOptions& options) {
  Rng rng(options.seed);
  MatrixD x = random_matrix(options.batch, input_width, rng);
  const int out_width = layer.output_width(input_width);
  const MatrixD r = random_matrix(options.batch, out_width, rng);
  for (auto& p : layer.parameters()) p.grad.fill(kNaN);
  layer.set_needs_input_grad(true);
  layer.forward(x);
  const MatrixD grad_input = layer.backward(r);
  MatrixD probe;
  auto f = [&] {
    layer.infer(x, probe);
    return weighted_sum(probe, r);
  };
  std::vector<GradientError> errors;
  for (auto& p : layer.parameters()) {
    const MatrixD analytic = p.grad;
    errors.push_back(
        compare(std::string(layer.type()) + " " + p.name, p.value, analytic, f, options.step));
  }
  errors.push_back(compare(std::string(layer.type()) + " input", x, grad_input, f, options.step));
  return errors;
}

GradientError check_loss(BasicLoss<double>& loss, const MatrixD& prediction, const MatrixD& target,
                         const GradientCheckOptions& options) {
  MatrixD p = prediction;
  loss.forward(p, target);
  const MatrixD analytic = loss.backward();
  auto f = [&] { return static_cast<double>(loss.forward(p, target)); };
  return compare(std::string(loss.name()) + " prediction", p, analytic, f, options.step);
}

std::vector<GradientError> check_network(NetworkD& network, BasicLoss<double>& loss,
                                         const MatrixD& inputs, const MatrixD& targets,
                                         const GradientCheckOptions& options) {
  for (auto* p : network.parameters()) p->grad.fill(kNaN);
  loss.forward(network.forward(inputs), targets);
  network.backward(loss.backward());
  auto f = [&] { return static_cast<double>(loss.forward(network.predict(inputs), targets)); };
  std::vector<GradientError> errors;
  for (std::size_t l = 0; l < network.size(); ++l) {
    auto& layer = network.layer(l);
    for (auto& p : layer.parameters()) {
      const MatrixD analytic = p.grad;
      errors.push_back(compare("layer " + std::to_string(l) + " (" + layer.spec() + ") " + p.name,
                               p.value, analytic, f, options.step));
    }
  }
  return errors;
}

}  // namespace bprop
