// libFuzzer target: the tabular encoding (missing cells, text columns). Any input must either be
// encoded or throw DataError; an encoding fitted on a file must then encode that same file into
// CSV text that the strict reader accepts with the encoding's width. The first byte picks options.
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "bprop/data/tabular.h"
#include "bprop/errors.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, std::size_t size) {
  if (size == 0) return 0;
  const uint8_t mode = data[0];
  bprop::CsvOptions csv;
  csv.header = static_cast<bprop::CsvOptions::Header>(mode % 3);
  csv.max_line_bytes = 4096;
  csv.max_columns = 256;
  bprop::TabularOptions options;
  options.max_categories = 1 + (mode / 3) % 16;
  options.strict_categories = (mode & 0x40) != 0;
  if (mode & 0x80) options.categorical = {"0", "a"};
  const std::string_view text(reinterpret_cast<const char*>(data + 1), size - 1);
  try {
    const auto encoding = bprop::fit_tabular(text, "fuzz.csv", {}, csv, options);
    if (!encoding) return 0;
    bprop::TabularCounts counts;
    const bprop::Dataset d = bprop::parse_tabular_csv(text, "fuzz.csv", *encoding, csv, counts);
    if (d.inputs.cols() != static_cast<int>(encoding->feature_names().size())) __builtin_trap();
  } catch (const bprop::DataError&) {
  }
  return 0;
}
