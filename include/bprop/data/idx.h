// IDX reader (the MNIST file format), plain or gzip-compressed.
//
// An IDX file is: two zero bytes, a type code (only 0x08 = unsigned byte is supported), the number
// of dimensions (1 to 4), each dimension as a big-endian uint32, then the values. Every declared
// size is multiplied with overflow checks and compared with the real size before anything is
// allocated; truncated files and trailing bytes are both errors. A gzip file (magic 1f 8b) is
// decompressed incrementally, and decompression stops as soon as the output exceeds what the
// header declares. Errors are DataError naming the file and the byte offset.
#pragma once

#include <cstdint>
#include <span>
#include <string>
#include <vector>

#include "bprop/data/dataset.h"

namespace bprop {

struct IdxArray {
  std::vector<uint32_t> dims;       // e.g. {60000, 28, 28}
  std::vector<unsigned char> data;  // product(dims) bytes, row-major
};

// Parses an IDX file held in memory (compressed or not); `name` is used in error messages.
IdxArray parse_idx(std::span<const unsigned char> bytes, const std::string& name);

// Reads and parses `path`. Throws DataError (also when the file cannot be read).
IdxArray read_idx(const std::string& path);

// Images (N, d1, ...) and labels (N): inputs are the images flattened to (N, d1*...), scaled to
// [0, 1]; targets are the labels as class indices (N, 1); class_names are "0".."K-1" where K is
// the largest label + 1. Throws DataError when the counts disagree or a file is invalid.
Dataset load_idx_dataset(const std::string& images_path, const std::string& labels_path);

// The same from two parsed arrays (for tests); names are used in error messages.
Dataset make_idx_dataset(const IdxArray& images, const IdxArray& labels,
                         const std::string& images_name, const std::string& labels_name);

}  // namespace bprop
