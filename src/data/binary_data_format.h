// Internal to the binary data file: its fixed header's layout, where each part of the file lies
// for a given shape, and its metadata block over the model file's string and tabular codecs
// (docs/data-formats.md, "Binary data files", is the reference).
#pragma once

#include <cstddef>
#include <cstdint>
#include <span>
#include <string>
#include <vector>

#include "bprop/data/binary_data.h"

namespace bprop::binary_data {

inline constexpr char kMagic[8] = {'B', 'P', 'R', 'O', 'P', 'D', 'A', 'T'};
inline constexpr uint32_t kVersion = 1;
inline constexpr std::size_t kFixedBytes = 80;       // magic ... reserved, before the metadata
inline constexpr std::size_t kHashBytes = 8;         // XXH3-64, little-endian
inline constexpr uint64_t kBlockBytes = 1ULL << 20;  // one row checksum per MiB of each matrix
inline constexpr uint64_t kMatrixAlignment = 4096;   // a page: the matrices map on boundaries
inline constexpr uint32_t kMaxColumns = 1U << 24;    // features or target columns
inline constexpr uint64_t kMaxMetaBytes = 1ULL << 30;
inline constexpr uint64_t kMaxRows = (1ULL << 31) - 1;  // a Matrix counts rows in an int

// Byte offsets of the fixed header's fields.
enum Field : std::size_t {
  kVersionAt = 8,
  kMetaBytesAt = 12,
  kFileSizeAt = 16,
  kRowsAt = 24,
  kFeaturesAt = 32,
  kTargetColsAt = 36,
  kInputsAt = 40,
  kTargetsAt = 48,
  kTrailerAt = 56,
  kTrailerHashAt = 64,
  kBlockBytesAt = 72,
};

// Where everything lies in a file of this shape whose metadata takes meta_bytes.
struct Layout {
  uint64_t meta_bytes = 0;
  uint64_t inputs_offset = 0, inputs_bytes = 0;
  uint64_t targets_offset = 0, targets_bytes = 0;
  uint64_t trailer_offset = 0, trailer_bytes = 0;
  uint64_t file_size = 0;
  uint64_t header_end() const { return kFixedBytes + meta_bytes; }  // where the header hash is
  uint64_t input_blocks() const { return (inputs_bytes + kBlockBytes - 1) / kBlockBytes; }
  uint64_t target_blocks() const { return (targets_bytes + kBlockBytes - 1) / kBlockBytes; }
};
// Counts must already be within the format's limits (no overflow then).
Layout layout_for(uint64_t rows, uint64_t features, uint64_t target_cols, uint64_t meta_bytes);

// The metadata block: names, the tabular encoding, the conversion's counts, the source stamp.
std::vector<unsigned char> encode_metadata(const BinaryDataInfo& info);
// Reads `meta` (file bytes [kFixedBytes, kFixedBytes + size)) into `info`; throws DataError
// naming `name` and the byte offset.
void decode_metadata(std::span<const unsigned char> file, std::size_t size, const std::string& name,
                     BinaryDataInfo& info);

uint64_t hash_bytes(std::span<const unsigned char> bytes);

}  // namespace bprop::binary_data
