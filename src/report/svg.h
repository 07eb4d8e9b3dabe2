// Small helpers shared by the report's SVG figures: number formatting, XML escaping, "nice" axis
// ticks, linear and log axes with their gridlines and labels, and the colour palettes. Internal to
// src/report/ (not a public header).
#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace bprop::svg {

// "0.25", "1e-05", "1.2e+03": at most `digits` significant digits, no trailing zeros.
std::string num(double v, int digits = 4);
// A coordinate for an attribute: two decimals are finer than any screen pixel.
std::string px(double v);
// Escapes &, <, >, " and ' for text and attribute values.
std::string escape(std::string_view text);

struct Rgb {
  double r = 0, g = 0, b = 0;  // 0..255
};
std::string hex(Rgb c);
Rgb mix(Rgb a, Rgb b, double t);  // t = 0 → a, t = 1 → b
// A palette of ten distinguishable colours (Tableau 10); wraps around for more.
Rgb category(int index);
constexpr Rgb kWhite{255, 255, 255};
constexpr Rgb kPositive{37, 99, 235};  // blue: positive weights
constexpr Rgb kNegative{220, 38, 38};  // red: negative weights
// A perceptually ordered map for continuous values in [0, 1] (a short viridis approximation).
Rgb sequential(double t);

// One axis: data range [lo, hi] mapped to pixels [from, to] (to < from for a y axis, which grows
// upwards). Log axes need lo > 0.
struct Axis {
  double lo = 0, hi = 1;
  double from = 0, to = 1;
  bool log = false;
  double map(double v) const;
  std::vector<double> ticks() const;  // 1-2-5 steps, or decades on a log axis
};

// Widens [lo, hi] to a nice range for a linear axis (and separates equal ends).
void nice_range(double& lo, double& hi);
// Decades enclosing [lo, hi] for a log axis (lo, hi > 0).
void decade_range(double& lo, double& hi);

// The frame, gridlines, tick marks, tick labels and axis titles of a plot area.
std::string axes(const Axis& x, const Axis& y, const std::string& x_title,
                 const std::string& y_title);

// An <svg> element of the given size wrapping `body`, with a title and a class for tests/CSS.
std::string document(int width, int height, const std::string& css_class, const std::string& title,
                     const std::string& body);

}  // namespace bprop::svg
