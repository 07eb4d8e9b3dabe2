// libFuzzer target: the parallel CSV reader against itself. The first byte picks the reader's
// options (as in fuzz_csv), the second the thread count (2 to 9) and the read block size (1 to
// 32 bytes, so lines straddle blocks). The text is parsed in memory by one thread, then read from
// a file (a memfd) by those threads: both must give the same dataset, or the same error message.
// A difference, a crash or another exception type is a finding.
#include <sys/mman.h>
#include <unistd.h>

#include <cstddef>
#include <cstdint>
#include <cstring>
#include <span>
#include <string>
#include <string_view>

#include "bprop/data/csv.h"
#include "bprop/data/data_file.h"
#include "bprop/errors.h"
#include "csv_mode.h"

namespace {

struct Outcome {
  bprop::Dataset data;
  bprop::CsvColumns columns;
  std::string error;
};

Outcome read(const std::string& path, std::string_view text, const bprop::CsvOptions& options) {
  Outcome out;
  try {
    out.data = path.empty() ? bprop::parse_csv(text, "fuzz.csv", options, &out.columns)
                            : bprop::read_csv(path, options, &out.columns);
  } catch (const bprop::DataError& e) {
    out.error = e.what();
    // Only the first: the name comes before any cell that a message quotes, and a cell may hold
    // the memfd's path itself.
    if (const std::size_t at = out.error.find(path); !path.empty() && at != std::string::npos) {
      out.error.replace(at, path.size(), "fuzz.csv");
    }
  }
  return out;
}

bool same_bits(const bprop::Matrix& a, const bprop::Matrix& b) {
  return a.rows() == b.rows() && a.cols() == b.cols() &&
         (a.empty() || std::memcmp(a.data(), b.data(), a.size() * sizeof(float)) == 0);
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, std::size_t size) {
  if (size < 2) return 0;
  const uint8_t mode = data[0];
  bprop::CsvOptions options = csv_options_for_mode(mode);
  const std::string_view text(reinterpret_cast<const char*>(data + 2), size - 2);

  // A file that is not text is refused by its bytes before parsing, which parse_csv does not do.
  const auto bytes = std::span(reinterpret_cast<const unsigned char*>(text.data()), text.size());
  if (bprop::sniff_data_file(bytes) != bprop::DataFileKind::kText) return 0;
  options.threads = 1;
  const Outcome expected = read("", text, options);
  const int fd = ::memfd_create("fuzz_csv_parallel", MFD_CLOEXEC);
  if (fd < 0 || ::write(fd, text.data(), text.size()) != static_cast<ssize_t>(text.size())) {
    __builtin_trap();
  }
  options.threads = 2 + data[1] % 8;
  options.read_block_bytes = 1 + data[1] / 8;
  const Outcome got = read("/proc/self/fd/" + std::to_string(fd), text, options);
  ::close(fd);
  const bool same = got.error == expected.error &&
                    same_bits(got.data.inputs, expected.data.inputs) &&
                    same_bits(got.data.targets, expected.data.targets) &&
                    got.data.class_names == expected.data.class_names &&
                    got.data.feature_names == expected.data.feature_names &&
                    got.columns.kept == expected.columns.kept;
  if (!same) __builtin_trap();
  return 0;
}
