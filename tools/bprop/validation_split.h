// --val-split's held-out rows, drawn once so that the training file's tabular encoding (fitted
// before the split) and the split itself hold out the same rows.
#pragma once

#include <cstdint>
#include <vector>

namespace bprop::cli {

// The rows of `n` that --val-split holds out: a draw of round(fraction * n) of them seeded by
// `seed` (on its own stream, apart from weights and shuffling). CliError (exit 1) when the split
// leaves no row on either side.
std::vector<bool> held_out_rows(int n, double fraction, uint64_t seed);

}  // namespace bprop::cli
