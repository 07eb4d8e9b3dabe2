// What the trainer sees of the targets: see training_targets.h.
#include "training_targets.h"

#include <cmath>
#include <cstdio>
#include <span>
#include <string>

#include "bprop/kernels.h"
#include "exit_codes.h"

namespace bprop::cli {

namespace {

// The weights appended as the targets' last column: SampleWeighted's layout.
Matrix with_weights(const Matrix& targets, const std::vector<float>& class_weight) {
  Matrix weighted(targets.rows(), targets.cols() + 1);
  for (int r = 0; r < targets.rows(); ++r) {
    for (int c = 0; c < targets.cols(); ++c) weighted(r, c) = targets(r, c);
    weighted(r, targets.cols()) = class_weight[static_cast<std::size_t>(targets(r, 0))];
  }
  return weighted;
}

void standardize(Matrix& targets, const TargetScaling& s) {
  for (int r = 0; r < targets.rows(); ++r) {
    for (int c = 0; c < targets.cols(); ++c) {
      const auto j = static_cast<std::size_t>(c);
      targets(r, c) = (targets(r, c) - s.mean[j]) / s.scale[j];
    }
  }
}

bool ends_with_dense(const Network& network) {
  return network.layer(network.size() - 1).form().op == LayerOp::kDense;
}

bool wants_scaling(const TrainArgs& a, const Loss& loss, const Dataset& train,
                   const Network& network) {
  const bool regression = std::string_view(loss.name()) == "mse" && train.class_names.empty();
  if (a.target_scaling == "none" || a.data == "xor") return false;
  if (a.target_scaling == "auto")
    return a.tabular_defaults && regression && ends_with_dense(network);
  if (!regression || !ends_with_dense(network)) {
    throw CliError(kExitUsage,
                   "--target-scaling standardize needs a regression target, --loss mse and a "
                   "network that ends with a dense layer",
                   "leave --target-scaling auto, or end --layers with the number of targets");
  }
  return true;
}

// The fold multiplies by the target's standard deviation: near float's limit (sd ~1e38) the folded
// weights, or the output layer's sums over them, overflow although every target is a float. Such a
// model predicts inf or NaN from finite inputs, so it is refused (exit 2) before anything is saved.
void check_folded(Network& network, const TrainingData& data, const TargetScaling& s) {
  const Matrix out = network.predict(data.train.inputs);
  const std::span<Parameter> params = network.layer(network.size() - 1).parameters();
  const bool weights_finite = kernels::all_finite(params[0].value.size(), params[0].value.data());
  for (int c = 0; c < out.cols(); ++c) {
    int bad = 0;
    for (int r = 0; r < out.rows(); ++r) bad += std::isfinite(out(r, c)) ? 0 : 1;
    if (bad == 0 && weights_finite && std::isfinite(params[1].value(0, c))) continue;
    const auto j = static_cast<std::size_t>(c);
    const std::string name = j < data.train.target_names.size()
                                 ? "'" + data.train.target_names[j] + "'"
                                 : "column " + std::to_string(c);
    char scale[96];
    std::snprintf(scale, sizeof scale, "(mean %g, sd %g)", double(s.mean[j]), double(s.scale[j]));
    throw CliError(kExitData,
                   "the regression target " + name + " of '" + data.train.name +
                       "' is too large for float32: with --target-scaling standardize its scale " +
                       scale + " is folded into the output layer, whose outputs then overflow (" +
                       std::to_string(bad) + " of " + std::to_string(out.rows()) +
                       " training rows predict inf or NaN); no model was written",
                   "rescale the target so its values stay well inside float32's range (3.4e38), "
                   "e.g. divide the column by 1e30, and scale the predictions back");
  }
}

}  // namespace

std::vector<float> balanced_class_weights(const Dataset& train, const std::string& loss) {
  const bool indices = !train.class_names.empty() && train.targets.cols() == 1;
  bool binary = loss == "bce" && train.targets.cols() == 1;
  for (float t : train.targets.values()) binary = binary && (t == 0.0f || t == 1.0f);
  if (!indices && !binary) {
    throw CliError(kExitUsage,
                   "--class-weight balanced weighs classes, but the target of '" + train.name +
                       "' is not one column of class labels",
                   "leave out --class-weight for regression or multi-column targets");
  }
  const std::size_t classes = indices ? train.class_names.size() : 2;
  std::vector<double> count(classes, 0.0);
  for (float t : train.targets.values()) count[static_cast<std::size_t>(t)] += 1.0;
  std::vector<float> weight(classes, 0.0f);
  for (std::size_t k = 0; k < classes; ++k) {
    if (count[k] > 0) weight[k] = static_cast<float>(train.size() / (classes * count[k]));
  }
  return weight;
}

TargetScaling fit_target_scaling(const Matrix& targets) {
  TargetScaling s;
  for (int c = 0; c < targets.cols(); ++c) {
    double sum = 0.0, squares = 0.0;
    for (int r = 0; r < targets.rows(); ++r) sum += targets(r, c);
    const double mean = sum / targets.rows();
    for (int r = 0; r < targets.rows(); ++r)
      squares += (targets(r, c) - mean) * (targets(r, c) - mean);
    const double sd = std::sqrt(squares / targets.rows());
    s.mean.push_back(static_cast<float>(mean));
    s.scale.push_back(sd > 0.0 && std::isfinite(sd) ? static_cast<float>(sd) : 1.0f);
  }
  return s;
}

void fold_target_scaling(Network& network, const TargetScaling& s) {
  // The last layer is Dense (ends_with_dense): parameters W (out x in), then b (layer.h).
  const std::span<Parameter> params = network.layer(network.size() - 1).parameters();
  Matrix& w = params[0].value;
  Matrix& b = params[1].value;
  for (int j = 0; j < w.rows(); ++j) {
    const auto k = static_cast<std::size_t>(j);
    for (int i = 0; i < w.cols(); ++i) w(j, i) *= s.scale[k];
    b(0, j) = b(0, j) * s.scale[k] + s.mean[k];
  }
}

TrainingTargets::TrainingTargets(const TrainArgs& a, Loss& loss, TrainingData& data,
                                 const Network& network)
    : loss_(loss), data_(data) {
  if (a.class_weight == "balanced") {
    class_weight_ = balanced_class_weights(data.train, std::string(loss.name()));
    weighted_.emplace(loss);
    train_weighted_ = with_weights(data.train.targets, class_weight_);
    if (data.val) val_weighted_ = with_weights(data.val->targets, class_weight_);
    std::printf("class weights (balanced): %s\n", metadata().at("class_weight").c_str());
  }
  if (!wants_scaling(a, loss, data.train, network)) return;
  scaling_ = fit_target_scaling(data.train.targets);
  train_original_ = data.train.targets;
  standardize(data.train.targets, *scaling_);
  if (data.val) {
    val_original_ = data.val->targets;
    standardize(data.val->targets, *scaling_);
  }
  std::printf(
      "target: standardized while training (mean %g, sd %g%s); the losses shown until "
      "the summary are in those units\n",
      double(scaling_->mean[0]), double(scaling_->scale[0]),
      scaling_->mean.size() > 1 ? ", first column" : "");
}

const Matrix* TrainingTargets::val() const {
  if (!data_.val) return nullptr;
  return weighted_ ? &val_weighted_ : &data_.val->targets;
}

std::map<std::string, std::string> TrainingTargets::metadata() const {
  std::map<std::string, std::string> m;
  auto number = [](float v) {
    char text[32];
    std::snprintf(text, sizeof text, "%.9g", double(v));
    return std::string(text);
  };
  for (float w : class_weight_)
    m["class_weight"] += (m["class_weight"].empty() ? "" : " ") + number(w);
  if (scaling_) {
    std::string& text = m["target_scaling"];
    for (std::size_t j = 0; j < scaling_->mean.size(); ++j) {
      text += (j ? "; " : "") + std::string("mean ") + number(scaling_->mean[j]) + " sd " +
              number(scaling_->scale[j]);
    }
    text += " (folded into the output layer)";
  }
  return m;
}

void TrainingTargets::finish(Network& network) {
  if (!scaling_) return;
  fold_target_scaling(network, *scaling_);
  check_folded(network, data_, *scaling_);
  data_.train.targets = std::move(train_original_);
  if (data_.val) data_.val->targets = std::move(val_original_);
}

}  // namespace bprop::cli
