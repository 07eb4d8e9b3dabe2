// summarize_final and describe_network: see bprop/report/run_record.h.
#include <algorithm>
#include <cmath>

#include "bprop/report/metrics.h"
#include "bprop/report/run_record.h"
#include "bprop/report/scores.h"

namespace bprop {

void describe_network(const Network& network, TrainingConfig& config) {
  config.network = network.describe();
  config.layers.clear();
  for (std::size_t i = 0; i < network.size(); ++i) config.layers.push_back(network.layer(i).spec());
  config.input_width = network.input_width();
  config.parameter_count = network.parameter_count();
}

namespace {

std::vector<LayerSummary> summarize_layers(const Network& network, bool with_weights) {
  std::vector<LayerSummary> layers;
  int width = network.input_width();
  for (std::size_t i = 0; i < network.size(); ++i) {
    const auto& layer = network.layer(i);
    LayerSummary s{.index = static_cast<int>(i),
                   .spec = layer.spec(),
                   .type = std::string(layer.type()),
                   .input_width = width,
                   .output_width = layer.output_width(width)};
    for (const auto& p : layer.parameters()) {
      s.parameter_count += p.value.size();
      if (with_weights) s.parameters.push_back({p.name, p.value});
    }
    width = s.output_width;
    layers.push_back(std::move(s));
  }
  return layers;
}

DecisionGrid boundary_grid(const Network& network, const Loss& loss, const Matrix& inputs,
                           const FinalOptions& options) {
  DecisionGrid grid;
  float lo[2] = {inputs(0, 0), inputs(0, 1)}, hi[2] = {lo[0], lo[1]};
  for (int r = 1; r < inputs.rows(); ++r) {
    for (int c = 0; c < 2; ++c) {
      lo[c] = std::min(lo[c], inputs(r, c));
      hi[c] = std::max(hi[c], inputs(r, c));
    }
  }
  double range[2][2];
  for (int c = 0; c < 2; ++c) {
    const double pad = std::max(options.padding * (hi[c] - lo[c]), 0.1);
    range[c][0] = lo[c] - pad;
    range[c][1] = hi[c] + pad;
  }
  grid.x_min = range[0][0];
  grid.x_max = range[0][1];
  grid.y_min = range[1][0];
  grid.y_max = range[1][1];
  grid.nx = grid.ny = options.grid_size;
  Matrix cells(grid.nx * grid.ny, 2);
  for (int iy = 0; iy < grid.ny; ++iy) {
    for (int ix = 0; ix < grid.nx; ++ix) {
      cells(iy * grid.nx + ix, 0) =
          static_cast<float>(grid.x_min + (ix + 0.5) * (grid.x_max - grid.x_min) / grid.nx);
      cells(iy * grid.nx + ix, 1) =
          static_cast<float>(grid.y_min + (iy + 0.5) * (grid.y_max - grid.y_min) / grid.ny);
    }
  }
  Matrix outputs;
  loss.output(network.predict(cells), outputs);
  grid.outputs = outputs.cols();
  grid.values.assign(outputs.values().begin(), outputs.values().end());
  return grid;
}

// The grid and the points in the data's units, x = x' / scale + offset, the scaling's inverse.
// Each scale is positive, so the picture stays the same and its axes read as the data does.
void in_data_units(const FinalOptions& o, DecisionGrid& g, PointSample& p) {
  if (o.input_offset.size() != 2 || o.input_scale.size() != 2) return;
  const auto raw = [&](int c, double v) { return v / o.input_scale[c] + o.input_offset[c]; };
  g.x_min = raw(0, g.x_min);
  g.x_max = raw(0, g.x_max);
  g.y_min = raw(1, g.y_min);
  g.y_max = raw(1, g.y_max);
  for (float& x : p.x) x = static_cast<float>(raw(0, x));
  for (float& y : p.y) y = static_cast<float>(raw(1, y));
}

PointSample sample_points(const Dataset& data, int classes, int max_points) {
  PointSample points;
  points.total = data.size();
  const std::vector<int> labels =
      classes > 0 ? target_classes(data.targets, classes) : std::vector<int>{};
  // Evenly spaced rows: deterministic, and it keeps every region of an ordered file.
  const int n = std::min(data.size(), max_points);
  for (int k = 0; k < n; ++k) {
    const int r = static_cast<int>(static_cast<int64_t>(k) * data.size() / n);
    points.x.push_back(data.inputs(r, 0));
    points.y.push_back(data.inputs(r, 1));
    points.label.push_back(classes > 0 ? static_cast<float>(labels[r]) : data.targets(r, 0));
  }
  return points;
}

RegressionFit regression_fit(const Network& network, const Dataset& on, const char* name,
                             int max_points) {
  const Matrix predicted = network.predict(on.inputs);
  const RegressionScores scores = regression_scores(predicted, on.targets);
  RegressionFit fit{.on = name, .rmse = scores.rmse, .mae = scores.mae, .r2 = scores.r2};
  const int n = std::min(on.size(), max_points);
  for (int k = 0; k < n; ++k) {  // evenly spaced rows, as sample_points
    const int r = static_cast<int>(static_cast<int64_t>(k) * on.size() / n);
    fit.actual.push_back(on.targets(r, 0));
    fit.predicted.push_back(predicted(r, 0));
  }
  return fit;
}

std::vector<std::string> class_names_for(const Dataset& data, int classes) {
  if (static_cast<int>(data.class_names.size()) == classes) return data.class_names;
  std::vector<std::string> names;
  for (int c = 0; c < classes; ++c) names.push_back(std::to_string(c));
  return names;
}

}  // namespace

FinalSummary summarize_final(const Network& network, Loss& loss, const Dataset& train,
                             const Dataset* validation, const FinalOptions& options) {
  FinalSummary s;
  s.network = network.describe();
  s.input_width = network.input_width();
  s.parameter_count = network.parameter_count();
  s.loss = std::string(loss.name());
  s.classes = class_count(loss, network.output_width());
  s.weights_included = s.parameter_count <= options.max_weight_parameters;
  s.layers = summarize_layers(network, s.weights_included);
  s.feature_names = train.feature_names;

  const Evaluation on_train = evaluate(network, loss, train.inputs, train.targets);
  s.train_loss = on_train.loss;
  s.train_accuracy = on_train.accuracy;
  const bool has_val = validation != nullptr && validation->size() > 0;
  if (has_val) {
    const Evaluation on_val = evaluate(network, loss, validation->inputs, validation->targets);
    s.val_loss = on_val.loss;
    s.val_accuracy = on_val.accuracy;
  }

  if (network.input_width() == 2 && train.size() > 0) {
    s.boundary = boundary_grid(network, loss, train.inputs, options);
    s.points = sample_points(train, s.classes, options.max_points);
    in_data_units(options, *s.boundary, s.points);
  }
  if (s.loss == "mse" && train.size() > 0) {
    s.regression = regression_fit(network, has_val ? *validation : train,
                                  has_val ? "validation" : "training", options.max_points);
  }
  if (s.classes > 0) {
    const Dataset& on = has_val ? *validation : train;
    Confusion confusion{.on = has_val ? "validation" : "training",
                        .class_names = class_names_for(on, s.classes)};
    confusion.counts = confusion_counts(predicted_classes(loss, network.predict(on.inputs)),
                                        target_classes(on.targets, s.classes), s.classes);
    s.confusion = std::move(confusion);
  }
  return s;
}

}  // namespace bprop
