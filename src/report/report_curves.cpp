// Line charts of the training curves: loss, accuracy, per-layer gradient norms and update ratios.
#include <algorithm>
#include <cmath>
#include <map>

#include "figures.h"

namespace bprop::figures {

namespace {

constexpr double kLeft = 72, kRight = 150, kTop = 36, kBottom = 52;
constexpr std::size_t kMaxPoints = 600;  // per series: more is invisible and makes the file heavy

bool usable(double y, bool log) { return std::isfinite(y) && (!log || y > 0); }

std::string path(const Series& s, const svg::Axis& x, const svg::Axis& y, bool log) {
  const std::size_t n = s.x.size();
  const std::size_t stride = std::max<std::size_t>(1, (n + kMaxPoints - 1) / kMaxPoints);
  std::string d;
  bool pen_down = false;
  for (std::size_t k = 0; k < n; k += stride) {
    const std::size_t i = std::min(k + stride, n) == n ? n - 1 : k;  // always end on the last point
    if (!usable(s.y[i], log)) {
      pen_down = false;
      continue;
    }
    d += pen_down ? 'L' : 'M';  // appended piecewise: GCC 12 misreads "L" + std::string
    d += svg::px(x.map(s.x[i]));
    d += ' ';
    d += svg::px(y.map(s.y[i]));
    pen_down = true;
  }
  return d;
}

}  // namespace

std::string line_chart(const std::vector<Series>& series, const Chart& chart) {
  double x_lo = 0, x_hi = 1, y_lo = INFINITY, y_hi = -INFINITY;
  for (const Series& s : series) {
    for (std::size_t i = 0; i < s.x.size(); ++i) {
      x_hi = std::max(x_hi, s.x[i]);
      if (usable(s.y[i], chart.log_y)) {
        y_lo = std::min(y_lo, s.y[i]);
        y_hi = std::max(y_hi, s.y[i]);
      }
    }
  }
  if (!(y_lo <= y_hi)) return "";  // nothing finite to draw
  svg::nice_range(x_lo, x_hi);
  if (chart.unit_y) {
    y_lo = std::min(0.0, y_lo);
    y_hi = std::max(1.0, y_hi);
  } else if (chart.log_y) {
    svg::decade_range(y_lo, y_hi);
  } else {
    svg::nice_range(y_lo, y_hi);
  }
  const double w = chart.width, h = chart.height;
  const svg::Axis x{.lo = x_lo, .hi = x_hi, .from = kLeft, .to = w - kRight};
  const svg::Axis y{.lo = y_lo, .hi = y_hi, .from = h - kBottom, .to = kTop, .log = chart.log_y};
  std::string body = svg::axes(x, y, chart.x_title, chart.y_title);
  double legend_y = kTop + 8;
  for (const Series& s : series) {
    const std::string color = svg::hex(s.color);
    const std::string dash = s.dashed ? " stroke-dasharray=\"6 4\"" : "";
    body += "<path class=\"series\" data-series=\"" + svg::escape(s.name) + "\" d=\"" +
            path(s, x, y, chart.log_y) + "\" fill=\"none\" stroke=\"" + color +
            "\" stroke-width=\"2\" stroke-linejoin=\"round\"" + dash + "/>";
    const double lx = w - kRight + 14;
    body += "<line x1=\"" + svg::px(lx) + "\" x2=\"" + svg::px(lx + 22) + "\" y1=\"" +
            svg::px(legend_y) + "\" y2=\"" + svg::px(legend_y) + "\" stroke=\"" + color +
            "\" stroke-width=\"2.5\"" + dash + "/>";
    body += "<text class=\"legend\" x=\"" + svg::px(lx + 28) + "\" y=\"" + svg::px(legend_y + 4) +
            "\">" + svg::escape(s.name) + "</text>";
    legend_y += 18;
  }
  return svg::document(chart.width, chart.height, "chart " + chart.css_class, chart.title, body);
}

namespace {

std::vector<double> epochs_of(const RunRecord& run) {
  std::vector<double> x;
  for (const EpochMetrics& e : run.epochs) x.push_back(e.epoch);
  return x;
}

template <typename Get>
std::vector<double> column(const RunRecord& run, Get get) {
  std::vector<double> y;
  for (const EpochMetrics& e : run.epochs) y.push_back(get(e));
  return y;
}

bool any(const RunRecord& run, std::optional<double> EpochMetrics::*field) {
  return std::any_of(run.epochs.begin(), run.epochs.end(),
                     [&](const EpochMetrics& e) { return (e.*field).has_value(); });
}

double value_or_nan(const std::optional<double>& v) { return v ? *v : NAN; }

// One series per traced layer, from the input side to the output.
std::vector<Series> per_layer(const RunRecord& run, double LayerTrace::*field) {
  std::map<int, Series> by_index;
  for (const EpochMetrics& e : run.epochs) {
    for (const LayerTrace& t : e.layers) {
      const int index = std::atoi(t.layer.c_str());
      Series& s = by_index[index];
      if (s.name.empty())
        s = {.name = "layer " + t.layer, .color = svg::category(by_index.size() - 1)};
      s.x.push_back(e.epoch);
      s.y.push_back(t.*field);
    }
  }
  std::vector<Series> result;
  for (auto& [index, s] : by_index) result.push_back(std::move(s));
  return result;
}

}  // namespace

std::string loss_curves(const RunRecord& run) {
  if (run.epochs.empty()) return "";
  std::vector<Series> series{
      {.name = "training",
       .color = svg::category(0),
       .x = epochs_of(run),
       .y = column(run, [](const EpochMetrics& e) { return e.train_loss; })}};
  if (any(run, &EpochMetrics::val_loss)) {
    series.push_back(
        {.name = "validation",
         .color = svg::category(1),
         .x = epochs_of(run),
         .y = column(run, [](const EpochMetrics& e) { return value_or_nan(e.val_loss); }),
         .dashed = true});
  }
  // Loss falls over orders of magnitude when a model fits: a log axis keeps the tail readable.
  double lo = INFINITY, hi = 0;
  for (const Series& s : series) {
    for (const double v : s.y) {
      if (std::isfinite(v) && v > 0) lo = std::min(lo, v), hi = std::max(hi, v);
    }
  }
  const bool positive = std::all_of(series[0].y.begin(), series[0].y.end(),
                                    [](double v) { return !std::isfinite(v) || v > 0; });
  const bool log = positive && hi > 0 && hi / lo > 30;
  const std::string loss = run.config.loss.empty() ? "" : " (" + run.config.loss + ")";
  return line_chart(series, {.title = "Loss" + loss + (log ? ", log scale" : ""),
                             .x_title = "epoch",
                             .y_title = "mean loss",
                             .css_class = "loss-curves",
                             .log_y = log});
}

std::string accuracy_curves(const RunRecord& run) {
  if (!any(run, &EpochMetrics::train_accuracy) && !any(run, &EpochMetrics::val_accuracy)) return "";
  std::vector<Series> series;
  if (any(run, &EpochMetrics::train_accuracy)) {
    series.push_back(
        {.name = "training",
         .color = svg::category(0),
         .x = epochs_of(run),
         .y = column(run, [](const EpochMetrics& e) { return value_or_nan(e.train_accuracy); })});
  }
  if (any(run, &EpochMetrics::val_accuracy)) {
    series.push_back(
        {.name = "validation",
         .color = svg::category(1),
         .x = epochs_of(run),
         .y = column(run, [](const EpochMetrics& e) { return value_or_nan(e.val_accuracy); }),
         .dashed = true});
  }
  return line_chart(series, {.title = "Accuracy",
                             .x_title = "epoch",
                             .y_title = "fraction correct",
                             .css_class = "accuracy-curves",
                             .unit_y = true});
}

std::string gradient_norms(const RunRecord& run) {
  const std::vector<Series> series = per_layer(run, &LayerTrace::grad_norm);
  if (series.empty()) return "";
  return line_chart(series, {.title = "Gradient norm per layer, log scale",
                             .x_title = "epoch",
                             .y_title = "mean ‖∂L/∂θ‖ per step",
                             .css_class = "gradient-norms",
                             .log_y = true});
}

std::string update_ratios(const RunRecord& run) {
  const std::vector<Series> series = per_layer(run, &LayerTrace::update_ratio);
  if (series.empty()) return "";
  return line_chart(series, {.title = "Update / weight ratio per layer, log scale",
                             .x_title = "epoch",
                             .y_title = "mean ‖Δθ‖ / ‖θ‖ per step",
                             .css_class = "update-ratios",
                             .log_y = true});
}

}  // namespace bprop::figures
