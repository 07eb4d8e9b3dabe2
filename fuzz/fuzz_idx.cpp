// libFuzzer target: the IDX reader (plain and gzip). Any input must parse or throw DataError; an
// allocation bomb (a header declaring gigabytes) shows up as a -malloc_limit_mb finding.
#include <cstddef>
#include <cstdint>
#include <span>

#include "bprop/data/idx.h"
#include "bprop/errors.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, std::size_t size) {
  try {
    const bprop::IdxArray array = bprop::parse_idx(std::span(data, size), "fuzz.idx");
    std::size_t expected = 1;
    for (const uint32_t d : array.dims) expected *= d;
    if (array.dims.empty() || expected != array.data.size()) __builtin_trap();
    // Pair it with labels of the right count, as load_idx_dataset does.
    if (array.dims.size() >= 2 && array.dims[0] <= 4096) {
      bprop::IdxArray labels{{array.dims[0]}, std::vector<unsigned char>(array.dims[0], 1)};
      (void)bprop::make_idx_dataset(array, labels, "fuzz.idx", "labels");
    }
  } catch (const bprop::DataError&) {
  }
  return 0;
}
