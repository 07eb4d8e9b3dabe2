// libFuzzer target: the binary data file reader. Any input must parse or throw DataError. Most
// mutations break a checksum, so each input is also tried "resealed" (its checksums recomputed
// as the writer would), which lets the fuzzer reach the header's fields, the names, the tabular
// encoding and the target checks behind them.
#include <cstddef>
#include <cstdint>
#include <cstring>
#include <span>
#include <vector>

#include "bprop/data/binary_data.h"
#include "bprop/errors.h"
#include "data/binary_data_format.h"

namespace {

using namespace bprop::binary_data;

uint64_t le(const std::vector<unsigned char>& f, std::size_t at, int bytes) {
  uint64_t v = 0;
  for (int i = bytes - 1; i >= 0; --i) v = (v << 8) | f[at + static_cast<std::size_t>(i)];
  return v;
}

void put(std::vector<unsigned char>& f, std::size_t at, uint64_t v) {
  for (int i = 0; i < 8; ++i)
    f[at + static_cast<std::size_t>(i)] = static_cast<uint8_t>(v >> (8 * i));
}

void hash_blocks(std::vector<unsigned char>& f, uint64_t offset, uint64_t bytes, uint64_t at) {
  for (uint64_t done = 0; done < bytes; done += kBlockBytes, at += kHashBytes) {
    const uint64_t size = std::min(kBlockBytes, bytes - done);
    put(f, at, hash_bytes(std::span(f).subspan(offset + done, size)));
  }
}

// Recomputes every checksum where the header's own sizes allow it.
void reseal(std::vector<unsigned char>& f) {
  if (f.size() < kFixedBytes + kHashBytes) return;
  const uint64_t meta = le(f, kMetaBytesAt, 4);
  if (kFixedBytes + meta + kHashBytes > f.size()) return;
  const uint64_t rows = le(f, kRowsAt, 8), features = le(f, kFeaturesAt, 4);
  const uint64_t targets = le(f, kTargetColsAt, 4);
  if (rows <= kMaxRows && features <= kMaxColumns && targets <= kMaxColumns) {
    const Layout l = layout_for(rows, features, targets, meta);
    if (l.file_size == f.size()) {
      hash_blocks(f, l.inputs_offset, l.inputs_bytes, l.trailer_offset);
      hash_blocks(f, l.targets_offset, l.targets_bytes,
                  l.trailer_offset + l.input_blocks() * kHashBytes);
      put(f, kTrailerHashAt, hash_bytes(std::span(f).subspan(l.trailer_offset, l.trailer_bytes)));
    }
  }
  put(f, kFixedBytes + meta, hash_bytes(std::span(f).first(kFixedBytes + meta)));
}

void parse(const std::vector<unsigned char>& bytes) {
  try {
    const bprop::BinaryData b = bprop::parse_binary_data(bytes, "fuzz.bpd");
    if (b.data.inputs.rows() != static_cast<int>(b.info.rows) ||
        b.data.inputs.cols() != b.info.features || b.data.targets.cols() != b.info.target_cols) {
      __builtin_trap();
    }
    volatile float sum = 0.0f;  // every row must be readable
    for (const float x : b.data.inputs.values()) sum = sum + x;
    for (const float t : b.data.targets.values()) sum = sum + t;
  } catch (const bprop::DataError&) {
  }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, std::size_t size) {
  std::vector<unsigned char> bytes(data, data + size);
  parse(bytes);
  reseal(bytes);
  parse(bytes);
  return 0;
}
