// --val-split: the seeded draw of the rows held out for validation, and the split itself.
#include "validation_split.h"

#include <cmath>
#include <numeric>

#include "binary_input.h"
#include "bprop/random.h"
#include "exit_codes.h"
#include "train_data.h"

namespace bprop::cli {

namespace {

// The rows `rows` of `data`, keeping its names.
Dataset take_rows(const Dataset& data, const std::vector<int>& rows) {
  Dataset part;
  part.name = data.name;
  part.feature_names = data.feature_names;
  part.class_names = data.class_names;
  part.target_names = data.target_names;
  part.inputs.resize(static_cast<int>(rows.size()), data.inputs.cols());
  part.targets.resize(static_cast<int>(rows.size()), data.targets.cols());
  for (std::size_t i = 0; i < rows.size(); ++i) {
    const int r = static_cast<int>(i);
    std::copy_n(data.inputs.row(rows[i]), data.inputs.cols(), part.inputs.row(r));
    std::copy_n(data.targets.row(rows[i]), data.targets.cols(), part.targets.row(r));
  }
  return part;
}

}  // namespace

std::vector<bool> held_out_rows(int n, double fraction, uint64_t seed) {
  const int val_rows = static_cast<int>(std::lround(fraction * n));
  if (!(fraction > 0.0 && fraction < 1.0) || val_rows < 1 || val_rows >= n) {
    throw CliError(kExitUsage,
                   "--val-split " + std::to_string(fraction) +
                       " leaves no rows for validation or training (" + std::to_string(n) +
                       " rows)",
                   "use a fraction in (0, 1), e.g. --val-split 0.1");
  }
  std::vector<int> order(static_cast<std::size_t>(n));
  std::iota(order.begin(), order.end(), 0);
  Rng rng(seed ^ 0x5bd1e9955bd1e995ULL);  // its own stream, apart from weights and shuffling
  rng.shuffle(order);
  std::vector<bool> held_out(static_cast<std::size_t>(n));
  for (auto r = order.end() - val_rows; r != order.end(); ++r)
    held_out[static_cast<std::size_t>(*r)] = true;
  return held_out;
}

Dataset split_validation(Dataset& data, double fraction, uint64_t seed) {
  const std::vector<bool> held_out = held_out_rows(data.size(), fraction, seed);
  std::vector<int> val, train;
  for (int r = 0; r < data.size(); ++r)
    (held_out[static_cast<std::size_t>(r)] ? val : train).push_back(r);
  Dataset validation = take_rows(data, val);
  Dataset rest = take_rows(data, train);
  replace_matrix(data.inputs, std::move(rest.inputs));
  replace_matrix(data.targets, std::move(rest.targets));
  return validation;
}

}  // namespace bprop::cli
