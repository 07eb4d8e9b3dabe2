// The JSON-lines training log (`bprop train --log FILE`): one JSON object per line, so a run can be
// followed with `tail -f`, read with `jq`, and drawn with `bprop report LOG.jsonl -o FILE.html`.
//
// Schema (version 1). Every record has "type"; keys marked ? appear only when they apply.
//   {"type":"config","format":"bprop-training-log","version":1,"command_line":"...",
//    "network":"2 -> dense:8 -> tanh -> dense:1","layers":["dense:8","tanh","dense:1"],
//    "input_width":2,"parameter_count":33,"loss":"bce",
//    "optimizer":{"name":"adam","lr":0.05,"momentum":0,"nesterov":false,"weight_decay":0,
//                 "beta1":0.9,"beta2":0.999,"epsilon":1e-08},
//    "epochs":300,"batch":4,"seed":1,"dataset":"xor","train_size":4,"val_size":0,
//    "class_names":["0","1"]}
//   {"type":"epoch","epoch":1,"train_loss":0.69,"train_accuracy"?:0.5,"val_loss"?:...,
//    "val_accuracy"?:...,"lr":0.05,"seconds":0.0001,"samples_per_second":40000,
//    "grad_norms"?:{"0:dense:8":0.12,"2:dense:1":0.3},"update_ratios"?:{"0:dense:8":0.01,...}}
//   {"type":"final","network":"...","input_width":2,"parameter_count":33,"loss":"bce",
//    "classes":2,"weights_included":true,
//    "layers":[{"index":0,"spec":"dense:8","type":"dense","input_width":2,"output_width":8,
//               "parameter_count":24,"parameters"?:[{"name":"weight","rows":8,"cols":2,
//               "values":[...row-major...]},{"name":"bias",...}]}, ...],
//    "metrics":{"train_loss":...,"train_accuracy"?:...,"val_loss"?:...,"val_accuracy"?:...},
//    "feature_names":["x1","x2"],
//    "boundary"?:{"x_min":..,"x_max":..,"y_min":..,"y_max":..,"nx":80,"ny":80,"outputs":1,
//                 "values":[...(ny, nx, outputs) row-major, row 0 at y_min...]},
//    "points"?:{"x":[...],"y":[...],"label":[...],"total":4},
//    "confusion"?:{"on":"training","class_names":["0","1"],"counts":[[2,0],[0,2]]},
//    "regression"?:{"on":"training","rmse":..,"mae":..,"r2":..,"actual":[...],"predicted":[...]}}
// Numbers are written by nlohmann::json: the shortest text that reads back to the same double, in
// any locale; floats (weights, grid values, points) as their own shortest text ("0.1" for 0.1f),
// which reads back to the same float. Non-finite numbers (a diverged loss) are written as null and
// read back as NaN. Strings are UTF-8; bytes that are not UTF-8 are written as U+FFFD. A log
// without a "final" record is a run that stopped early; the report draws what there is.
//
// Lines are appended and flushed one at a time rather than written atomically at the end: the log
// is most useful exactly when a run dies (divergence, Ctrl-C, a crash), and then the epochs up to
// that point are on disk; a reader tolerates a truncated last line.
#pragma once

#include <cstddef>
#include <cstdio>
#include <string>

#include "bprop/errors.h"
#include "bprop/report/run_record.h"

namespace bprop {

// A log that cannot be read back: invalid JSON, a line over kMaxLogLineBytes or nested deeper than
// the schema allows, a member missing or of the wrong type, inconsistent sizes, no config record,
// an unknown version. The message starts with "<file>:<line>: ". The CLI exits 2 (data error).
class TrainingLogError : public DataError {
 public:
  using DataError::DataError;
};

// The longest line the reader accepts. The largest record, "final", stays far below it (at most
// 5,000 weights, an 80 x 80 grid per class and 1,000 points); the cap bounds what a hostile or
// wrong file (/dev/zero, a binary) can make the reader hold.
constexpr std::size_t kMaxLogLineBytes = std::size_t{16} << 20;

class TrainingLog {
 public:
  // Creates or truncates `path` ("-" writes to standard output); `append` keeps what is there (a
  // resumed run continues its log). Throws IoError naming the path.
  explicit TrainingLog(std::string path, bool append = false);
  ~TrainingLog();
  TrainingLog(const TrainingLog&) = delete;
  TrainingLog& operator=(const TrainingLog&) = delete;

  // Each appends one line and flushes it; throws IoError when the system refuses the write.
  void config(const TrainingConfig& config);
  void epoch(const EpochMetrics& metrics);
  void final(const FinalSummary& summary);
  // Convenience: summarize_final(...) then final(summary); returns the summary for reuse.
  FinalSummary final(const Network& network, Loss& loss, const Dataset& train,
                     const Dataset* validation = nullptr, const FinalOptions& options = {});

  // The last record of a run that ends without a final one: {"type":"stopped","reason":...,
  // "message":...,"epoch":...,"step":...}, e.g. reason "diverged" (readers skip it as any record
  // type they do not know).
  void stopped(const std::string& reason, const std::string& message, int epoch, int64_t step);

  const std::string& path() const { return path_; }

 private:
  void write_line(const std::string& json);

  std::string path_;
  std::FILE* file_ = nullptr;
};

// One record as a single line of JSON (no newline), as TrainingLog writes it.
std::string to_json_line(const TrainingConfig& config);
std::string to_json_line(const EpochMetrics& metrics);
std::string to_json_line(const FinalSummary& summary);

// Reads a log back, one line at a time. Throws TrainingLogError naming the file and line for
// anything the file holds that is not a version 1 log (a truncated last line, from a run killed
// mid-write, is skipped), and IoError when the file cannot be opened.
RunRecord read_training_log(const std::string& path);
// The same from text already in memory; `source` names it in error messages.
RunRecord parse_training_log(const std::string& text, const std::string& source);

}  // namespace bprop
