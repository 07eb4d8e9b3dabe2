// Predicted against actual target values for a regression run: points on the diagonal are exact;
// a cloud flatter than the diagonal is a model that regresses towards the mean.
#include <algorithm>
#include <cmath>

#include "figures.h"

namespace bprop::figures {

namespace {
constexpr double kWidth = 420, kHeight = 400, kLeft = 72, kRight = 24, kTop = 36, kBottom = 52;
}  // namespace

std::string predicted_vs_actual(const FinalSummary& f) {
  if (!f.regression || f.regression->actual.empty()) return "";
  const RegressionFit& fit = *f.regression;
  double lo = INFINITY, hi = -INFINITY;  // one range for both axes, so the diagonal is y = x
  for (std::size_t i = 0; i < fit.actual.size(); ++i) {
    for (const double v : {static_cast<double>(fit.actual[i]), double{fit.predicted[i]}}) {
      if (!std::isfinite(v)) continue;
      lo = std::min(lo, v);
      hi = std::max(hi, v);
    }
  }
  if (!(lo <= hi)) return "";
  svg::nice_range(lo, hi);
  const svg::Axis x{.lo = lo, .hi = hi, .from = kLeft, .to = kWidth - kRight};
  const svg::Axis y{.lo = lo, .hi = hi, .from = kHeight - kBottom, .to = kTop};
  std::string body = svg::axes(x, y, "actual", "predicted");
  body += "<line class=\"diagonal\" x1=\"" + svg::px(x.map(lo)) + "\" y1=\"" + svg::px(y.map(lo)) +
          "\" x2=\"" + svg::px(x.map(hi)) + "\" y2=\"" + svg::px(y.map(hi)) +
          "\" stroke=\"#9ca3af\" stroke-dasharray=\"5 4\"/>";
  const std::string color = svg::hex(svg::category(0));
  for (std::size_t i = 0; i < fit.actual.size(); ++i) {
    if (!std::isfinite(fit.actual[i]) || !std::isfinite(fit.predicted[i])) continue;
    body += "<circle class=\"point\" cx=\"" + svg::px(x.map(fit.actual[i])) + "\" cy=\"" +
            svg::px(y.map(fit.predicted[i])) + "\" r=\"2.5\" fill=\"" + color +
            "\" fill-opacity=\"0.6\"/>";
  }
  const std::string title = "Predicted vs actual (" + fit.on + "): RMSE " + svg::num(fit.rmse) +
                            ", MAE " + svg::num(fit.mae) + ", R² " + svg::num(fit.r2, 3);
  return svg::document(static_cast<int>(kWidth), static_cast<int>(kHeight), "chart scatter", title,
                       body);
}

}  // namespace bprop::figures
