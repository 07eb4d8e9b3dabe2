// RunRecorder: what `bprop train --report FILE.html` and `--trace` add to a training loop. It keeps
// the RunRecord (config, every epoch, the final summary) for the HTML report, measures per-layer
// gradient norms and update ratios with a GradientTrace, and prints them each epoch when tracing.
//
//   RunRecorder recorder(network, {.report_path = "run.html", .trace = true}, config);
//   observers.on_step.push_back([&](int, int64_t, int64_t) { recorder.after_backward(); });
//   ... after each epoch: recorder.end_epoch(metrics);   // fills metrics.layers, prints the trace
//   recorder.finish(network, loss, train, &validation);  // writes run.html
#pragma once

#include <cstdio>
#include <optional>
#include <string>

#include "bprop/report/gradient_trace.h"
#include "bprop/report/run_record.h"

namespace bprop {

struct RecorderOptions {
  std::string report_path;      // empty: no HTML report
  bool trace = false;           // print each epoch's gradient flow to trace_out
  bool measure_layers = false;  // measure gradients even without trace or report (for a log)
  std::FILE* trace_out = stdout;
};

class RunRecorder {
 public:
  RunRecorder(const Network& network, RecorderOptions options, TrainingConfig config);

  // True when the gradients must be measured: call after_backward() after every backward pass.
  bool measures_layers() const { return trace_.has_value(); }
  void after_backward();
  // Adds the epoch's layer traces to `metrics` (when measured), prints them (--trace) and keeps
  // the epoch for the report.
  void end_epoch(EpochMetrics& metrics);
  // Summarizes the trained network and writes the report (when asked). Throws IoError.
  void finish(const Network& network, Loss& loss, const Dataset& train, const Dataset* validation,
              const FinalOptions& options = {});
  // As finish(), with a summary already computed (e.g. the one written to a training log).
  void finish(FinalSummary summary);

  const RunRecord& record() const { return record_; }

 private:
  RecorderOptions options_;
  std::optional<GradientTrace> trace_;
  RunRecord record_;
  bool header_printed_ = false;
};

}  // namespace bprop
