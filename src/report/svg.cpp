// SVG helpers: see svg.h.
#include "svg.h"

#include <algorithm>
#include <cmath>
#include <cstdio>

namespace bprop::svg {

std::string num(double v, int digits) {
  if (v == 0) return "0";
  char buffer[32];
  std::snprintf(buffer, sizeof buffer, "%.*g", digits, v);
  return buffer;
}

std::string px(double v) {
  char buffer[32];
  std::snprintf(buffer, sizeof buffer, "%.2f", v);
  std::string s = buffer;
  while (s.back() == '0') s.pop_back();
  if (s.back() == '.') s.pop_back();
  return s == "-0" ? "0" : s;
}

std::string escape(std::string_view text) {
  std::string out;
  for (const char c : text) {
    switch (c) {
      case '&':
        out += "&amp;";
        break;
      case '<':
        out += "&lt;";
        break;
      case '>':
        out += "&gt;";
        break;
      case '"':
        out += "&quot;";
        break;
      case '\'':
        out += "&#39;";
        break;
      default:
        out += c;
    }
  }
  return out;
}

std::string hex(Rgb c) {
  auto channel = [](double v) { return static_cast<int>(std::lround(std::clamp(v, 0.0, 255.0))); };
  char buffer[8];
  std::snprintf(buffer, sizeof buffer, "#%02x%02x%02x", channel(c.r), channel(c.g), channel(c.b));
  return buffer;
}

Rgb mix(Rgb a, Rgb b, double t) {
  t = std::clamp(t, 0.0, 1.0);
  return {a.r + (b.r - a.r) * t, a.g + (b.g - a.g) * t, a.b + (b.b - a.b) * t};
}

Rgb category(int index) {
  static constexpr Rgb kTableau[] = {
      {31, 119, 180}, {255, 127, 14},  {44, 160, 44},   {214, 39, 40},  {148, 103, 189},
      {140, 86, 75},  {227, 119, 194}, {127, 127, 127}, {188, 189, 34}, {23, 190, 207}};
  return kTableau[((index % 10) + 10) % 10];
}

Rgb sequential(double t) {
  static constexpr Rgb kStops[] = {
      {68, 1, 84}, {59, 82, 139}, {33, 145, 140}, {94, 201, 98}, {253, 231, 37}};
  t = std::clamp(std::isfinite(t) ? t : 0.0, 0.0, 1.0) * 4;
  const int i = std::min(static_cast<int>(t), 3);
  return mix(kStops[i], kStops[i + 1], t - i);
}

double Axis::map(double v) const {
  const double a = log ? std::log10(lo) : lo, b = log ? std::log10(hi) : hi;
  const double u = log ? std::log10(v) : v;
  return from + (u - a) / (b - a) * (to - from);
}

std::vector<double> Axis::ticks() const {
  std::vector<double> result;
  if (log) {
    const int first = static_cast<int>(std::ceil(std::log10(lo) - 1e-9));
    const int last = static_cast<int>(std::floor(std::log10(hi) + 1e-9));
    const int stride = std::max(1, (last - first) / 6 + 1);  // at most ~7 labelled decades
    for (int e = first; e <= last; e += stride) result.push_back(std::pow(10.0, e));
    return result;
  }
  const double raw = (hi - lo) / 6;
  const double magnitude = std::pow(10.0, std::floor(std::log10(raw)));
  const double step = magnitude * (raw / magnitude < 1.5   ? 1
                                   : raw / magnitude < 3.5 ? 2
                                   : raw / magnitude < 7.5 ? 5
                                                           : 10);
  for (double t = std::ceil(lo / step - 1e-9) * step; t <= hi + step * 1e-9; t += step) {
    result.push_back(std::abs(t) < step * 1e-9 ? 0.0 : t);
  }
  return result;
}

void nice_range(double& lo, double& hi) {
  if (!(hi > lo)) {
    const double pad = lo == 0 ? 1 : std::abs(lo) * 0.1;
    lo -= pad;
    hi += pad;
  }
  const Axis probe{.lo = lo, .hi = hi};
  const std::vector<double> t = probe.ticks();
  if (t.size() >= 2) {
    const double step = t[1] - t[0];
    lo = std::floor(lo / step + 1e-9) * step;
    hi = std::ceil(hi / step - 1e-9) * step;
  }
}

void decade_range(double& lo, double& hi) {
  lo = std::pow(10.0, std::floor(std::log10(lo)));
  hi = std::pow(10.0, std::ceil(std::log10(hi)));
  if (hi <= lo) hi = lo * 10;
}

std::string axes(const Axis& x, const Axis& y, const std::string& x_title,
                 const std::string& y_title) {
  const double left = x.from, right = x.to, bottom = y.from, top = y.to;
  std::string out = "<g class=\"axes\">";
  for (const double t : x.ticks()) {
    const std::string p = px(x.map(t));
    out += "<line class=\"grid\" x1=\"" + p + "\" x2=\"" + p + "\" y1=\"" + px(top) + "\" y2=\"" +
           px(bottom) + "\"/>";
    out += "<line class=\"tick\" x1=\"" + p + "\" x2=\"" + p + "\" y1=\"" + px(bottom) +
           "\" y2=\"" + px(bottom + 5) + "\"/>";
    out += "<text class=\"tick-label\" x=\"" + p + "\" y=\"" + px(bottom + 18) +
           "\" text-anchor=\"middle\">" + num(t) + "</text>";
  }
  for (const double t : y.ticks()) {
    const std::string p = px(y.map(t));
    out += "<line class=\"grid\" x1=\"" + px(left) + "\" x2=\"" + px(right) + "\" y1=\"" + p +
           "\" y2=\"" + p + "\"/>";
    out += "<line class=\"tick\" x1=\"" + px(left - 5) + "\" x2=\"" + px(left) + "\" y1=\"" + p +
           "\" y2=\"" + p + "\"/>";
    out += "<text class=\"tick-label\" x=\"" + px(left - 8) + "\" y=\"" + px(y.map(t) + 4) +
           "\" text-anchor=\"end\">" + num(t) + "</text>";
  }
  out += "<rect class=\"frame\" x=\"" + px(left) + "\" y=\"" + px(top) + "\" width=\"" +
         px(right - left) + "\" height=\"" + px(bottom - top) + "\"/>";
  out += "<text class=\"axis-title\" x=\"" + px((left + right) / 2) + "\" y=\"" + px(bottom + 38) +
         "\" text-anchor=\"middle\">" + escape(x_title) + "</text>";
  const std::string cy = px((top + bottom) / 2);
  out += "<text class=\"axis-title\" x=\"" + px(left - 52) + "\" y=\"" + cy +
         "\" text-anchor=\"middle\" transform=\"rotate(-90 " + px(left - 52) + " " + cy + ")\">" +
         escape(y_title) + "</text>";
  return out + "</g>";
}

// Each figure carries its own styles, so that it looks the same inside the report and when saved
// as a standalone .svg file (the walkthrough's figures).
constexpr const char* kStyle =
    "<style>text{font-family:'DejaVu Sans',Helvetica,Arial,sans-serif;fill:#1f2937}"
    ".tick-label{font-size:11px;fill:#4b5563}.axis-title{font-size:12px;font-weight:600}"
    ".fig-title{font-size:14px;font-weight:700}.legend{font-size:11px}"
    ".grid{stroke:#e5e7eb;stroke-width:1}.tick{stroke:#6b7280}"
    ".frame{fill:none;stroke:#6b7280;stroke-width:1}.note{font-size:11px;fill:#6b7280}"
    "</style>";

std::string document(int width, int height, const std::string& css_class, const std::string& title,
                     const std::string& body) {
  return "<svg xmlns=\"http://www.w3.org/2000/svg\" class=\"" + css_class + "\" width=\"" +
         std::to_string(width) + "\" height=\"" + std::to_string(height) + "\" viewBox=\"0 0 " +
         std::to_string(width) + " " + std::to_string(height) + "\" role=\"img\"><title>" +
         escape(title) + "</title>" + kStyle +
         "<rect width=\"100%\" height=\"100%\" fill=\"#fff\"/>" +
         "<text class=\"fig-title\" x=\"12\" y=\"22\">" + escape(title) + "</text>" + body +
         "</svg>";
}

}  // namespace bprop::svg
