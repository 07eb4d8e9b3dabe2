// libFuzzer target: the training-log reader (nlohmann::json underneath) and what `bprop report`
// does with a log it accepts. Any input must read or throw TrainingLogError. A log that reads must
// render the report, and its records written again must read again.
#include <cstddef>
#include <cstdint>
#include <string>

#include "bprop/report/html_report.h"
#include "bprop/report/training_log.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, std::size_t size) {
  const std::string text(reinterpret_cast<const char*>(data), size);
  bprop::RunRecord run;
  try {
    run = bprop::parse_training_log(text, "fuzz.jsonl");
  } catch (const bprop::TrainingLogError&) {
    return 0;
  }
  (void)bprop::render_html_report(run);
  std::string again = bprop::to_json_line(run.config) + "\n";
  for (const bprop::EpochMetrics& epoch : run.epochs) again += bprop::to_json_line(epoch) + "\n";
  if (run.final) again += bprop::to_json_line(*run.final) + "\n";
  const bprop::RunRecord reread = bprop::parse_training_log(again, "again.jsonl");
  if (reread.epochs.size() != run.epochs.size()) __builtin_trap();
  return 0;
}
