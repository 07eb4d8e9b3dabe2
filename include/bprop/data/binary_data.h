// The binary data file (.bpd): a data set converted once from CSV so that every later run maps it
// instead of parsing it. A small checksummed header (shape, names, the tabular encoding and what
// the conversion filled or dropped, the source file's stamp) and then the inputs and the targets
// as little-endian float32 matrices, each starting on a page boundary so the Dataset's matrices
// are views of the mapping: the operating system pages rows in as training gathers them, which is
// how data larger than memory trains (docs/data-formats.md, "Binary data files").
#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <span>
#include <string>
#include <vector>

#include "bprop/data/dataset.h"
#include "bprop/data/tabular.h"

namespace bprop {

// Where a converted file came from: what --cache compares to decide whether it is stale.
struct BinaryDataSource {
  std::string path = {};
  uint64_t size = 0;
  int64_t mtime_ns = 0;
  uint64_t sampled_hash = 0;  // source_sample_hash() of the source's bytes
  std::string options = {};   // how it was read (target, delimiter, ...), as text
  friend bool operator==(const BinaryDataSource&, const BinaryDataSource&) = default;
};

// Everything in a binary data file but its rows.
struct BinaryDataInfo {
  uint64_t rows = 0;
  int features = 0;
  int target_cols = 0;
  std::vector<std::string> feature_names = {};  // empty or one per feature
  std::vector<std::string> target_names = {};
  std::vector<std::string> class_names = {};  // non-empty: targets are class indices (1 column)
  std::optional<TabularEncoding> tabular = {};
  TabularCounts counts = {};  // what the tabular encoding filled, left unseen and dropped
  BinaryDataSource source = {};
};

// The names and encoding of a Dataset read from CSV, ready for its rows.
BinaryDataInfo binary_data_info(const Dataset& data, const std::optional<TabularEncoding>& tabular,
                                const TabularCounts& counts, const BinaryDataSource& source);

// Writes a binary data file block by block: memory stays bounded by the caller's blocks, so files
// larger than memory can be written. The file appears at `path` atomically on commit() (a
// temporary file in the same folder until then). Throws IoError when a write fails.
class BinaryDataWriter {
 public:
  BinaryDataWriter(const std::string& path, BinaryDataInfo info);
  ~BinaryDataWriter();
  BinaryDataWriter(const BinaryDataWriter&) = delete;
  BinaryDataWriter& operator=(const BinaryDataWriter&) = delete;

  // The next rows: inputs (rows, features) and targets (rows, target_cols), row-major floats.
  void append(std::span<const float> inputs, std::span<const float> targets);
  // Seals the checksums and renames the file into place; throws std::logic_error when fewer or
  // more rows were appended than info.rows.
  void commit();

 private:
  struct State;
  std::unique_ptr<State> state_;
};

// The whole Dataset in one go.
void write_binary_data(const std::string& path, const Dataset& data, const BinaryDataInfo& info);

// Opens and verifies a binary data file, then maps it read-only. Every checksum is verified
// before anything is returned; a missing, truncated, corrupt or foreign file throws DataError
// naming the path and what is wrong. The Dataset's inputs and targets are views of the mapping,
// which its `mapping` member keeps alive: read them, never write into them (the pages are
// read-only), and copy a matrix before changing it.
struct BinaryData {
  BinaryDataInfo info;
  Dataset data;
};
BinaryData open_binary_data(const std::string& path);

// The same checks on bytes in memory (the fuzzer's entry point); the Dataset then views `bytes`.
BinaryData parse_binary_data(std::span<const unsigned char> bytes, const std::string& name);

// Only the header (no row checksums): cheap enough to decide whether a cache is stale.
BinaryDataInfo read_binary_data_info(const std::string& path);

// True when `bytes` start with the binary data file's magic.
bool is_binary_data(std::span<const unsigned char> bytes);

// A checksum of a source file's size, first and last 64 KiB and 16 blocks of 4 KiB spread
// evenly between them: what --cache compares besides size and modification time.
uint64_t source_sample_hash(const std::string& path);

}  // namespace bprop
