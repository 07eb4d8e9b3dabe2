// The HTML training report: one self-contained file (inline SVG and CSS, no scripts, nothing
// fetched from the network) that shows what a training run did: loss and accuracy curves, the
// network with its trained weights, the decision boundary of 2-D data, the confusion matrix, and
// per-layer gradient norms and update ratios over the epochs.
//
// It is drawn from a RunRecord, which `bprop train --report` gathers while training and
// `bprop report LOG.jsonl` reads back from a training log (read_training_log).
#pragma once

#include <string>
#include <vector>

#include "bprop/report/run_record.h"

namespace bprop {

struct ReportFigure {
  std::string id;       // "loss", "accuracy", "network", "boundary", "confusion", "gradients", ...
  std::string svg;      // a standalone <svg> document
  std::string caption;  // what the figure shows and what to look for
};

// The figures this run has data for, in page order. Each is also a valid standalone .svg file.
std::vector<ReportFigure> report_figures(const RunRecord& run);

// The whole page.
std::string render_html_report(const RunRecord& run);

// Writes the page to `path` atomically ("-" = standard output). Throws IoError.
void write_html_report(const std::string& path, const RunRecord& run);

}  // namespace bprop
