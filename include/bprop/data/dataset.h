// Dataset: inputs and targets as two matrices with the same number of rows, plus the names that
// make results readable. Readers (CSV, IDX) and the built-in generators all produce one.
#pragma once

#include <memory>
#include <string>
#include <vector>

#include "bprop/matrix.h"

namespace bprop {

template <typename T>
struct BasicDataset {
  std::string name;                        // "xor", a file path, ...
  BasicMatrix<T> inputs;                   // (N, features)
  BasicMatrix<T> targets;                  // (N, outputs), or (N, 1) class indices
  std::vector<std::string> feature_names;  // may be empty
  std::vector<std::string> class_names;    // non-empty for classification data
  std::vector<std::string> target_names;   // the target columns' names (CSV), may be empty
  // Set when inputs and targets are views of a memory-mapped binary data file: keeps the mapping
  // alive as long as any copy of the Dataset (bprop/data/binary_data.h).
  std::shared_ptr<const void> mapping;

  int size() const { return inputs.rows(); }
};

using Dataset = BasicDataset<float>;

// The notebook's XOR data, in the notebook's sample order: (0,0), (1,1), (1,0), (0,1).
template <typename T = float>
BasicDataset<T> xor_dataset();

}  // namespace bprop
