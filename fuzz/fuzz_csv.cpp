// libFuzzer target: the CSV reader. Any input must either parse or throw DataError; anything else
// (a crash, a sanitizer report, another exception type, an allocation over -malloc_limit_mb) is a
// finding. The first byte picks the reader's options (header, targets, delimiter, column roles) so
// all modes are explored.
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "bprop/data/csv.h"
#include "bprop/errors.h"
#include "csv_mode.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, std::size_t size) {
  if (size == 0) return 0;
  const uint8_t mode = data[0];
  bprop::CsvOptions options = csv_options_for_mode(mode);
  const std::string_view text(reinterpret_cast<const char*>(data + 1), size - 1);
  try {
    bprop::CsvColumns columns;
    const bprop::Dataset dataset = bprop::parse_csv(text, "fuzz.csv", options, &columns);
    for (const auto& kept : columns.kept) {
      if (kept.size() != static_cast<std::size_t>(dataset.size())) __builtin_trap();
    }
    // A dataset the reader accepts must be consistent.
    if (dataset.inputs.rows() != dataset.targets.rows() &&
        options.presence != bprop::CsvOptions::Presence::kNone && dataset.targets.rows() != 0) {
      __builtin_trap();
    }
  } catch (const bprop::DataError&) {
  }
  return 0;
}
