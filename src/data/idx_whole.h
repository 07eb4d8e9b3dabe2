// Internal: the IDX reader's whole-buffer gzip path, shared by parse_idx and by the data set loader
// that decompresses images straight into their float matrix (idx_dataset.cpp).
#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <vector>

namespace bprop {

struct IdxHeader {
  std::vector<uint32_t> dims;
  std::size_t header_bytes = 0;  // magic and dimensions
  std::size_t data_bytes = 0;    // product of the dimensions
};

// The header of a gzip'd IDX file, decompressed by zlib and checked as on the incremental path
// (throws DataError for a bad magic or dimensions), when the whole stream may be decompressed in
// one call: the gzip trailer's size agrees with the header and deflate could really make that
// much of the input (a forged trailer allocates nothing). Empty otherwise.
std::optional<IdxHeader> whole_gzip_header(std::span<const unsigned char> bytes,
                                           const std::string& name);

// Decompresses the whole gzip stream into out[0, total) with libdeflate, about twice zlib's speed
// (docs/benchmarks.md). False unless it is one well-formed stream of exactly `total` bytes; the
// incremental path then finds and names the problem.
bool inflate_whole(std::span<const unsigned char> bytes, unsigned char* out, std::size_t total);

// The file's bytes (at most 4 GiB); DataError when it cannot be read.
std::vector<unsigned char> read_idx_bytes(const std::string& path);

}  // namespace bprop
