// libFuzzer target: the chunked CSV reader (CsvStream, what predict and evaluate read) against the
// whole-text reader. The first byte picks the reader's options (as in fuzz_csv; targets that need
// the whole file to be told apart become values, or classes from a fixed list), the second the
// chunk size (1 to 256 bytes, so records straddle chunks) and the thread count (1 to 3). The
// chunks joined must equal parse_csv's dataset and kept columns, or both must fail with the same
// message. A difference, a crash or another exception type is a finding.
#include <cstddef>
#include <cstdint>
#include <cstring>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "bprop/data/csv.h"
#include "bprop/data/csv_stream.h"
#include "bprop/data/data_file.h"
#include "bprop/errors.h"
#include "csv_mode.h"

namespace {

struct Outcome {
  std::vector<float> inputs, targets;
  std::vector<std::string> class_names, feature_names;
  std::vector<std::vector<std::string>> kept;
  std::string error;
  bool operator==(const Outcome&) const = default;
};

void append(Outcome& out, const bprop::Dataset& d) {
  out.inputs.insert(out.inputs.end(), d.inputs.data(), d.inputs.data() + d.inputs.size());
  out.targets.insert(out.targets.end(), d.targets.data(), d.targets.data() + d.targets.size());
  out.class_names = d.class_names;
  out.feature_names = d.feature_names;
}

Outcome whole(std::string_view text, const bprop::CsvOptions& options) {
  Outcome out;
  try {
    bprop::CsvColumns columns;
    append(out, bprop::parse_csv(text, "fuzz.csv", options, &columns));
    out.kept = columns.kept;
  } catch (const bprop::DataError& e) {
    out = Outcome{};
    out.error = e.what();
  }
  return out;
}

Outcome chunked(std::string_view text, const bprop::CsvOptions& options, std::size_t chunk) {
  Outcome out;
  try {
    bprop::CsvStream stream(text, "fuzz.csv", options, chunk);
    out.kept.resize(stream.columns().kept_names.size());
    std::vector<std::vector<std::string>> kept;
    for (bprop::Dataset d; stream.next(d, kept); d = bprop::Dataset()) {
      append(out, d);
      for (std::size_t k = 0; k < kept.size(); ++k) {
        out.kept[k].insert(out.kept[k].end(), kept[k].begin(), kept[k].end());
      }
    }
  } catch (const bprop::DataError& e) {
    out = Outcome{};
    out.error = e.what();
  }
  return out;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, std::size_t size) {
  if (size < 2) return 0;
  bprop::CsvOptions options = csv_options_for_mode(data[0]);
  using Targets = bprop::CsvOptions::Targets;
  if (options.target_kind != Targets::kValues) {
    options.target_kind = Targets::kClasses;
    options.class_names = {"0", "1", "2", "a", "b"};
  }
  const std::string_view text(reinterpret_cast<const char*>(data + 2), size - 2);
  const auto bytes = std::span(reinterpret_cast<const unsigned char*>(text.data()), text.size());
  if (bprop::sniff_data_file(bytes) != bprop::DataFileKind::kText) return 0;
  options.threads = 1;
  const Outcome expected = whole(text, options);
  options.threads = 1 + data[1] % 3;
  options.read_block_bytes = 1 + data[1] % 7;
  if (chunked(text, options, 1 + data[1]) != expected) __builtin_trap();
  return 0;
}
