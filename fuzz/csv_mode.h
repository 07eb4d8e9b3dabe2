// The CSV fuzz targets' options: one byte picks the header, target and presence modes, the
// delimiter and the column roles (by a model's names, --drop, --keep), so all modes are explored.
// The bits overlap, which only mixes the combinations explored.
#pragma once

#include <cstdint>

#include "bprop/data/csv.h"

inline bprop::CsvOptions csv_options_for_mode(uint8_t mode) {
  bprop::CsvOptions options;
  options.header = static_cast<bprop::CsvOptions::Header>(mode % 3);
  options.target_kind = static_cast<bprop::CsvOptions::Targets>((mode / 3) % 3);
  options.presence = static_cast<bprop::CsvOptions::Presence>((mode / 9) % 3);
  if (mode & 0x80) options.targets = {"0"};
  constexpr char kDelimiters[] = {0, ',', ';', '\t'};
  options.delimiter = kDelimiters[(mode >> 5) & 3];
  if (mode & 0x10) options.feature_names = {"a", "b"};
  if (mode & 0x08) options.drop = {"1"};
  if (mode & 0x04) options.keep = {"0"};
  options.max_line_bytes = 4096;
  options.max_columns = 256;
  return options;
}
