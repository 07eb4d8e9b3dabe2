// The decision boundary: the model's predicted probabilities over the input plane as a heat map
// (white where the model is undecided, the class colour where it is sure), the training points on
// top in their true class's colour. Regression outputs use a sequential colour scale instead.
#include <algorithm>
#include <cmath>

#include "figures.h"

namespace bprop::figures {

namespace {

constexpr double kLeft = 72, kTop = 40, kSize = 420, kLegend = 190, kBottom = 56;

// The colour of one grid cell, quantized so that runs of equal cells merge into one <rect>.
svg::Rgb cell_color(const FinalSummary& f, const DecisionGrid& g, std::size_t cell, double lo,
                    double hi) {
  const float* v = &g.values[cell * g.outputs];
  auto quantize = [](double t) { return std::round(std::clamp(t, 0.0, 1.0) * 32) / 32; };
  if (f.classes == 2 && g.outputs == 1) {
    const double p = v[0];  // P(class 1)
    const double t = quantize(std::abs(p - 0.5) * 2);
    return svg::mix(svg::kWhite, svg::category(p >= 0.5 ? 1 : 0), 0.8 * t);
  }
  if (f.classes > 1 && g.outputs == f.classes) {
    const int c = static_cast<int>(std::max_element(v, v + g.outputs) - v);
    const double chance = 1.0 / f.classes;
    const double t = quantize((v[c] - chance) / (1 - chance));
    return svg::mix(svg::kWhite, svg::category(c), 0.15 + 0.65 * t);
  }
  return svg::sequential(quantize((v[0] - lo) / (hi - lo)));
}

std::string heat_map(const FinalSummary& f, const DecisionGrid& g, const svg::Axis& x,
                     const svg::Axis& y, double lo, double hi) {
  std::string out = "<g class=\"heatmap\" shape-rendering=\"crispEdges\">";
  const double cw = kSize / g.nx, ch = kSize / g.ny;
  for (int iy = 0; iy < g.ny; ++iy) {
    int start = 0;
    std::string color = svg::hex(cell_color(f, g, static_cast<std::size_t>(iy) * g.nx, lo, hi));
    for (int ix = 1; ix <= g.nx; ++ix) {
      const std::string next =
          ix < g.nx ? svg::hex(cell_color(f, g, static_cast<std::size_t>(iy) * g.nx + ix, lo, hi))
                    : "";
      if (next == color) continue;
      // +0.5 px overlap hides hairline seams between cells in some renderers.
      out += "<rect class=\"cell\" x=\"" + svg::px(x.from + start * cw) + "\" y=\"" +
             svg::px(y.from - (iy + 1) * ch) + "\" width=\"" + svg::px((ix - start) * cw + 0.5) +
             "\" height=\"" + svg::px(ch + 0.5) + "\" fill=\"" + color + "\"/>";
      start = ix;
      color = next;
    }
  }
  return out + "</g>";
}

std::string points(const FinalSummary& f, const svg::Axis& x, const svg::Axis& y, double lo,
                   double hi) {
  const PointSample& p = f.points;
  const double r = p.x.size() <= 50 ? 7 : p.x.size() <= 300 ? 4.5 : 3.2;
  std::string out = "<g class=\"points\">";
  for (std::size_t i = 0; i < p.x.size(); ++i) {
    const svg::Rgb fill = f.classes > 0 ? svg::category(static_cast<int>(p.label[i]))
                                        : svg::sequential((p.label[i] - lo) / (hi - lo));
    out += "<circle class=\"point\" cx=\"" + svg::px(x.map(p.x[i])) + "\" cy=\"" +
           svg::px(y.map(p.y[i])) + "\" r=\"" + svg::px(r) + "\" fill=\"" + svg::hex(fill) +
           "\" stroke=\"#111827\" stroke-width=\"1\"/>";
  }
  return out + "</g>";
}

std::string legend(const FinalSummary& f, double lo, double hi) {
  const double lx = kLeft + kSize + 24;
  std::string out = "<g class=\"legend\">";
  if (f.classes > 0) {
    const std::vector<std::string>& names =
        f.confusion ? f.confusion->class_names : std::vector<std::string>{};
    for (int c = 0; c < f.classes && c < 12; ++c) {
      const double ly = kTop + 10 + 22 * c;
      const std::string name =
          static_cast<std::size_t>(c) < names.size() ? names[c] : std::to_string(c);
      out += "<circle cx=\"" + svg::px(lx + 7) + "\" cy=\"" + svg::px(ly) + "\" r=\"6\" fill=\"" +
             svg::hex(svg::category(c)) + "\" stroke=\"#111827\"/>";
      out += "<text class=\"legend\" x=\"" + svg::px(lx + 20) + "\" y=\"" + svg::px(ly + 4) +
             "\">class " + svg::escape(name) + "</text>";
    }
    out += "<text class=\"note\" x=\"" + svg::px(lx) + "\" y=\"" +
           svg::px(kTop + 22 * std::min(f.classes, 12) + 20) +
           "\">shade: model's confidence</text>";
    out += "<text class=\"note\" x=\"" + svg::px(lx) + "\" y=\"" +
           svg::px(kTop + 22 * std::min(f.classes, 12) + 35) + "\">white: undecided</text>";
  } else {
    for (int k = 0; k <= 10; ++k) {
      out += "<rect x=\"" + svg::px(lx) + "\" y=\"" + svg::px(kTop + 200 - 20 * k) +
             "\" width=\"16\" height=\"20\" fill=\"" + svg::hex(svg::sequential(k / 10.0)) + "\"/>";
    }
    out += "<text class=\"legend\" x=\"" + svg::px(lx + 22) + "\" y=\"" + svg::px(kTop + 12) +
           "\">" + svg::num(hi) + "</text><text class=\"legend\" x=\"" + svg::px(lx + 22) +
           "\" y=\"" + svg::px(kTop + 220) + "\">" + svg::num(lo) + "</text>";
  }
  return out + "</g>";
}

}  // namespace

std::string decision_boundary(const FinalSummary& f) {
  if (!f.boundary || f.boundary->values.empty()) return "";
  const DecisionGrid& g = *f.boundary;
  // The value range of a regression output, shared by the heat map and the points.
  double lo = INFINITY, hi = -INFINITY;
  if (f.classes == 0) {
    for (std::size_t c = 0; c < g.values.size(); c += g.outputs) {
      lo = std::min(lo, double(g.values[c]));
      hi = std::max(hi, double(g.values[c]));
    }
    for (const float v : f.points.label) lo = std::min(lo, double(v)), hi = std::max(hi, double(v));
    if (!(hi > lo)) hi = lo + 1;
  }
  const svg::Axis x{.lo = g.x_min, .hi = g.x_max, .from = kLeft, .to = kLeft + kSize};
  const svg::Axis y{.lo = g.y_min, .hi = g.y_max, .from = kTop + kSize, .to = kTop};
  const std::string x_name = f.feature_names.size() == 2 ? f.feature_names[0] : "input 1";
  const std::string y_name = f.feature_names.size() == 2 ? f.feature_names[1] : "input 2";
  std::string body = heat_map(f, g, x, y, lo, hi);
  body += svg::axes(x, y, x_name, y_name) + points(f, x, y, lo, hi) + legend(f, lo, hi);
  if (f.points.total > static_cast<int>(f.points.x.size())) {
    body += "<text class=\"note\" x=\"" + svg::px(kLeft + kSize + 24) + "\" y=\"" +
            svg::px(kTop + kSize) + "\">" + std::to_string(f.points.x.size()) + " of " +
            std::to_string(f.points.total) + " points</text>";
  }
  return svg::document(static_cast<int>(kLeft + kSize + kLegend),
                       static_cast<int>(kTop + kSize + kBottom), "boundary",
                       "Decision boundary and training points", body);
}

}  // namespace bprop::figures
