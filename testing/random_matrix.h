// Seeded uniform random matrices for the kernel tests: the same seed gives the same values.
#pragma once

#include <random>

#include "bprop/matrix.h"

namespace bprop::testing {

// rows x cols values drawn uniformly from [-scale, scale) in row-major order.
template <typename T>
BasicMatrix<T> random_matrix(int rows, int cols, unsigned seed, T scale = T(3)) {
  std::mt19937 gen(seed);
  std::uniform_real_distribution<T> dist(-scale, scale);
  BasicMatrix<T> m(rows, cols);
  for (T& v : m.values()) v = dist(gen);
  return m;
}

}  // namespace bprop::testing
