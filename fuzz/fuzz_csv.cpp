// libFuzzer target: the CSV reader. Any input must either parse or throw DataError; anything else
// (a crash, a sanitizer report, another exception type, an allocation over -malloc_limit_mb) is a
// finding. The first byte picks the reader's options (header, targets, delimiter, column roles) so
// all modes are explored.
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "bprop/data/csv.h"
#include "bprop/errors.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, std::size_t size) {
  if (size == 0) return 0;
  const uint8_t mode = data[0];
  bprop::CsvOptions options;
  options.header = static_cast<bprop::CsvOptions::Header>(mode % 3);
  options.target_kind = static_cast<bprop::CsvOptions::Targets>((mode / 3) % 3);
  options.presence = static_cast<bprop::CsvOptions::Presence>((mode / 9) % 3);
  if (mode & 0x80) options.targets = {"0"};
  // The same byte, read again, also picks the delimiter and the column-role options (by a model's
  // names, --drop, --keep); the modes overlap, which only mixes the combinations explored.
  constexpr char kDelimiters[] = {0, ',', ';', '\t'};
  options.delimiter = kDelimiters[(mode >> 5) & 3];
  if (mode & 0x10) options.feature_names = {"a", "b"};
  if (mode & 0x08) options.drop = {"1"};
  if (mode & 0x04) options.keep = {"0"};
  options.max_line_bytes = 4096;
  options.max_columns = 256;
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
