// The end of `bprop train`: scores, model file and result, in that order, so a JSON result is
// printed only once the model it names is saved.
#include "train_finish.h"

#include <cstdio>

#include "exit_codes.h"
#include "output_format.h"
#include "train_checkpoint.h"
#include "train_model.h"
#include "train_result_json.h"
#include "train_summary.h"

namespace bprop::cli {

namespace {

// What a finished run prints as text (to stderr under --format json); returns each split's
// scores.
std::vector<SplitScores> print_results(const FinishedRun& run, const Network& network, Loss& loss) {
  const TrainArgs& a = run.args;
  std::vector<SplitScores> scores = score_splits(network, loss, run.data);
  if (a.data == "xor") {
    print_xor_report(network, loss, run.data.train, run.result);
    return scores;
  }
  print_summary(scores, run.data, run.result);
  // Runs that chose their length by --epochs print what they printed before.
  if (!flag_given(run.cmd, "--epochs")) {
    print_stop_reason(a, run.data.val.has_value(), run.result);
  }
  return scores;
}

}  // namespace

void finish_trained(const FinishedRun& run, Network&& network, Loss& loss,
                    const Preprocessor& preprocessor,
                    std::map<std::string, std::string> target_metadata,
                    StdoutToStderr& stdout_for_model) {
  const TrainArgs& a = run.args;
  const std::vector<SplitScores> scores = print_results(run, network, loss);
  // The notebook's XOR run records no metrics in the model file, as before.
  std::map<std::string, std::string> metrics;
  if (a.data != "xor") {
    metrics = metrics_of(scores);
    metrics.merge(target_metadata);
  }
  JsonResult json;
  if (a.format == "json") {
    json = train_result_json(a, network, run.loss_name, run.data, run.result, scores);
  }
  if (!a.out.empty()) {
    stdout_for_model.release();
    save_trained_model(a, run.cmd, std::move(network), run.loss_name, preprocessor, run.data,
                       run.result, metrics);
    std::fprintf(stderr, "saved the model to %s\n", a.out.c_str());
  }
  if (a.format == "json") {
    stdout_for_model.release();
    print_json_result(json);
  }
}

int report_stopped(const TrainArgs& a, const CLI::App& cmd, const TrainResult& result,
                   StdoutToStderr& stdout_for_model) {
  const int code = report_interrupted(a, cmd, result);
  if (code == kExitOk && a.format == "json") {
    stdout_for_model.release();
    print_json_result(stopped_train_json(a, result));
  }
  return code;
}

}  // namespace bprop::cli
