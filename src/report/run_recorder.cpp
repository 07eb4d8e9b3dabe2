// RunRecorder: see bprop/report/run_recorder.h.
#include "bprop/report/run_recorder.h"

#include "bprop/report/html_report.h"

namespace bprop {

RunRecorder::RunRecorder(const Network& network, RecorderOptions options, TrainingConfig config)
    : options_(std::move(options)) {
  record_.config = std::move(config);
  if (options_.trace || options_.measure_layers || !options_.report_path.empty()) {
    trace_.emplace(network);
  }
}

void RunRecorder::after_backward() {
  if (trace_) trace_->after_backward();
}

void RunRecorder::end_epoch(EpochMetrics& metrics) {
  if (trace_) metrics.layers = trace_->end_epoch();
  if (options_.trace && options_.trace_out != nullptr) {
    if (!header_printed_) {
      std::fputs(format_trace_header(metrics).c_str(), options_.trace_out);
      header_printed_ = true;
    }
    std::fputs(format_trace(metrics).c_str(), options_.trace_out);
    std::fflush(options_.trace_out);
  }
  if (!options_.report_path.empty()) record_.epochs.push_back(metrics);
}

void RunRecorder::finish(const Network& network, Loss& loss, const Dataset& train,
                         const Dataset* validation, const FinalOptions& options) {
  if (options_.report_path.empty()) return;
  finish(summarize_final(network, loss, train, validation, options));
}

void RunRecorder::finish(FinalSummary summary) {
  if (options_.report_path.empty()) return;
  record_.final = std::move(summary);
  write_html_report(options_.report_path, record_);
}

}  // namespace bprop
