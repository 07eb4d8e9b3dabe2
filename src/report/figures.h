// The report's figures, each a standalone <svg> string (empty when the run has nothing to draw).
// Internal to src/report/; html_report.cpp assembles them into the page.
#pragma once

#include <string>
#include <vector>

#include "bprop/report/run_record.h"
#include "svg.h"

namespace bprop::figures {

struct Series {
  std::string name;
  svg::Rgb color;
  std::vector<double> x = {}, y = {};  // non-finite y (and y ≤ 0 on a log axis) break the line
  bool dashed = false;
};

struct Chart {
  std::string title, x_title, y_title, css_class;
  bool log_y = false;
  bool unit_y = false;  // fix the y axis to [0, 1] (accuracy)
  int width = 560, height = 320;
};

// A line chart with axes, ticks, gridlines and a legend on the right.
std::string line_chart(const std::vector<Series>& series, const Chart& chart);

// Training curves from the epoch records.
std::string loss_curves(const RunRecord& run);
std::string accuracy_curves(const RunRecord& run);
std::string gradient_norms(const RunRecord& run);
std::string update_ratios(const RunRecord& run);

// The network as columns of neurons (weights on the edges when the log has them), or as boxes
// with sizes and parameter counts for large networks.
std::string network_diagram(const FinalSummary& final);
// The decision boundary (a heat map of predicted probabilities) with the training points on top.
std::string decision_boundary(const FinalSummary& final);
std::string confusion_matrix(const FinalSummary& final);
// Regression: predicted against actual target values, with the diagonal where they are equal.
std::string predicted_vs_actual(const FinalSummary& final);

}  // namespace bprop::figures
