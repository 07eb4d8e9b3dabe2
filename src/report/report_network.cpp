// The network diagram, drawn as in the notebook: the input and each dense layer's outputs as a
// column of neurons, each weight as an edge (blue positive, red negative, thicker and darker for
// larger |w|), each neuron filled by its bias. Networks too large to draw edge by edge become a row
// of boxes with their sizes and parameter counts.
#include <algorithm>
#include <cmath>

#include "figures.h"

namespace bprop::figures {

namespace {

constexpr int kMaxDrawnNeurons = 24;

struct Column {
  int width = 0;
  std::string caption;             // "dense 8"
  std::string activation = {};     // "tanh", or empty
  const Matrix* weight = nullptr;  // (width × previous width), when drawn edge by edge
  const Matrix* bias = nullptr;    // (1 × width)
  std::size_t parameters = 0;
};

std::vector<Column> columns_of(const FinalSummary& f) {
  std::vector<Column> columns{{.width = f.input_width, .caption = "input"}};
  for (const LayerSummary& l : f.layers) {
    if (l.parameter_count == 0 && l.output_width == columns.back().width) {
      // An element-wise layer (activation): it labels the column it transforms.
      std::string& a = columns.back().activation;
      a += (a.empty() ? "" : ", ") + l.spec;
      continue;
    }
    Column c{.width = l.output_width,
             .caption = l.type + " " + std::to_string(l.output_width),
             .parameters = l.parameter_count};
    for (const auto& p : l.parameters) {
      if (p.name == "weight" && p.value.rows() == l.output_width && p.value.cols() == l.input_width)
        c.weight = &p.value;
      if (p.name == "bias" && p.value.rows() == 1 && p.value.cols() == l.output_width)
        c.bias = &p.value;
    }
    columns.push_back(c);
  }
  // The loss maps the last layer's raw outputs: σ for bce, softmax for softmax-ce.
  if (f.loss == "bce")
    columns.back().activation +=
        (columns.back().activation.empty() ? "" : ", ") + std::string("σ in bce");
  if (f.loss == "softmax-ce")
    columns.back().activation +=
        (columns.back().activation.empty() ? "" : ", ") + std::string("softmax in loss");
  return columns;
}

bool drawable(const std::vector<Column>& columns, bool weights_included) {
  if (!weights_included) return false;
  for (std::size_t i = 0; i < columns.size(); ++i) {
    if (columns[i].width > kMaxDrawnNeurons) return false;
    // A log read back may say one width and store weights of another (the fuzzer's finding):
    // draw edges only when each weight matrix joins the two columns it sits between.
    if (i > 0 &&
        (columns[i].weight == nullptr || columns[i].weight->cols() != columns[i - 1].width))
      return false;
  }
  return true;
}

std::string caption(double x, double y, const Column& c) {
  std::string out = "<text class=\"axis-title\" x=\"" + svg::px(x) + "\" y=\"" + svg::px(y) +
                    "\" text-anchor=\"middle\">" + svg::escape(c.caption) + "</text>";
  if (!c.activation.empty()) {
    out += "<text class=\"note\" x=\"" + svg::px(x) + "\" y=\"" + svg::px(y + 15) +
           "\" text-anchor=\"middle\">" + svg::escape(c.activation) + "</text>";
  }
  if (c.parameters > 0) {
    out += "<text class=\"note\" x=\"" + svg::px(x) + "\" y=\"" + svg::px(y + 30) +
           "\" text-anchor=\"middle\">" + std::to_string(c.parameters) + " params</text>";
  }
  return out;
}

std::string neurons(const FinalSummary& f, const std::vector<Column>& columns) {
  const double spacing = 36, top = 50, column_gap = 170, left = 70;
  int tallest = 0;
  for (const Column& c : columns) tallest = std::max(tallest, c.width);
  const double height = top + tallest * spacing + 90;
  const double width = left * 2 + column_gap * (columns.size() - 1);
  auto cx = [&](std::size_t i) { return left + column_gap * i; };
  auto cy = [&](const Column& c, int k) {
    return top + (tallest - c.width) * spacing / 2 + spacing * (k + 0.5);
  };
  double max_w = 1e-12, max_b = 1e-12;
  for (const Column& c : columns) {
    if (c.weight)
      for (float w : c.weight->values()) max_w = std::max(max_w, double(std::abs(w)));
    if (c.bias)
      for (float b : c.bias->values()) max_b = std::max(max_b, double(std::abs(b)));
  }
  std::string edges = "<g class=\"edges\">", nodes = "<g class=\"neurons\">", labels;
  for (std::size_t i = 0; i < columns.size(); ++i) {
    const Column& c = columns[i];
    for (int k = 0; k < c.width; ++k) {
      if (c.weight) {
        for (int j = 0; j < columns[i - 1].width; ++j) {
          const double w = (*c.weight)(k, j), m = std::abs(w) / max_w;
          edges += "<line class=\"edge\" x1=\"" + svg::px(cx(i - 1)) + "\" y1=\"" +
                   svg::px(cy(columns[i - 1], j)) + "\" x2=\"" + svg::px(cx(i)) + "\" y2=\"" +
                   svg::px(cy(c, k)) + "\" stroke=\"" +
                   svg::hex(w >= 0 ? svg::kPositive : svg::kNegative) + "\" stroke-width=\"" +
                   svg::px(0.4 + 5 * m) + "\" stroke-opacity=\"" + svg::px(0.15 + 0.8 * m) +
                   "\"><title>w = " + svg::num(w) + "</title></line>";
        }
      }
      const double b = c.bias ? (*c.bias)(0, k) : 0;
      const svg::Rgb fill = c.bias ? svg::mix(svg::kWhite, b >= 0 ? svg::kPositive : svg::kNegative,
                                              0.15 + 0.7 * std::abs(b) / max_b)
                                   : svg::Rgb{229, 231, 235};
      nodes += "<circle class=\"neuron\" cx=\"" + svg::px(cx(i)) + "\" cy=\"" + svg::px(cy(c, k)) +
               "\" r=\"11\" fill=\"" + svg::hex(fill) +
               "\" stroke=\"#374151\" stroke-width=\"1.2\"><title>" +
               (c.bias ? "b = " + svg::num(b) : "input") + "</title></circle>";
      if (i == 0 && static_cast<std::size_t>(k) < f.feature_names.size()) {
        labels += "<text class=\"legend\" x=\"" + svg::px(cx(0) - 18) + "\" y=\"" +
                  svg::px(cy(c, k) + 4) + "\" text-anchor=\"end\">" +
                  svg::escape(f.feature_names[k]) + "</text>";
      }
    }
    labels += caption(cx(i), top + tallest * spacing + 18, c);
  }
  const std::string note =
      "<text class=\"note\" x=\"" + svg::px(width - 12) + "\" y=\"" + svg::px(height - 10) +
      "\" text-anchor=\"end\">edge: blue w&gt;0, red w&lt;0, width ∝ |w| (max " +
      svg::num(max_w, 3) + "); fill: bias</text>";
  return svg::document(static_cast<int>(std::max(width, 560.0)), static_cast<int>(height),
                       "network small", "Network: " + f.network,
                       edges + "</g>" + nodes + "</g>" + labels + note);
}

std::string boxes(const FinalSummary& f, const std::vector<Column>& columns) {
  const double gap = 150, left = 80, mid = 150, height = 300;
  int widest = 1;
  for (const Column& c : columns) widest = std::max(widest, c.width);
  std::string body;
  for (std::size_t i = 0; i < columns.size(); ++i) {
    const Column& c = columns[i];
    // Box height grows with log(width), so 10 and 1000 units are both visible.
    const double h = 24 + 150 * std::log1p(c.width) / std::log1p(widest);
    const double x = left + gap * i;
    if (i > 0) {
      body += "<line class=\"edge\" x1=\"" + svg::px(x - gap + 30) + "\" y1=\"" + svg::px(mid) +
              "\" x2=\"" + svg::px(x - 30) + "\" y2=\"" + svg::px(mid) +
              "\" stroke=\"#9ca3af\" stroke-width=\"" +
              svg::px(2 + 10 * std::log1p(c.parameters) / 16) + "\"/>";
    }
    body +=
        "<rect class=\"layer-box\" x=\"" + svg::px(x - 28) + "\" y=\"" + svg::px(mid - h / 2) +
        "\" width=\"56\" height=\"" + svg::px(h) + "\" rx=\"8\" fill=\"" +
        svg::hex(i == 0 ? svg::Rgb{229, 231, 235} : svg::mix(svg::kWhite, svg::kPositive, 0.35)) +
        "\" stroke=\"#374151\"/>";
    body += "<text class=\"axis-title\" x=\"" + svg::px(x) + "\" y=\"" + svg::px(mid + 4) +
            "\" text-anchor=\"middle\">" + std::to_string(c.width) + "</text>";
    body += caption(x, mid + 110, c);
  }
  body += "<text class=\"note\" x=\"12\" y=\"42\">" + std::to_string(f.parameter_count) +
          " parameters in all; too many to draw one by one" +
          (f.weights_included ? "" : " (the log keeps sizes, not weights)") + "</text>";
  return svg::document(static_cast<int>(std::max(left * 2 + gap * (columns.size() - 1), 560.0)),
                       static_cast<int>(height), "network large", "Network: " + f.network, body);
}

}  // namespace

std::string network_diagram(const FinalSummary& final) {
  const std::vector<Column> columns = columns_of(final);
  return drawable(columns, final.weights_included) ? neurons(final, columns)
                                                   : boxes(final, columns);
}

}  // namespace bprop::figures
