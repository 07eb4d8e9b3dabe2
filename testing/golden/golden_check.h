// Helpers for tests/golden_test.cpp: load PyTorch's golden tensors into bprop matrices and compare
// bprop's results with them, keeping the worst error seen so each test can report it.
#pragma once

#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <ostream>
#include <span>
#include <string>
#include <type_traits>

#include "bprop/matrix.h"
#include "testing/golden/golden_data.h"

namespace bprop::golden {

// Double runs the same arithmetic as PyTorch's float64 up to summation order, so only rounding
// differs: values are O(1), and 1e-10 absolute leaves ~5 orders of magnitude above that noise
// while any real formula difference (a missing factor, a wrong sign) is far larger.
inline constexpr double kDoubleAbsTolerance = 1e-10;
// Float keeps ~7 significant digits; after a few layers and 10 optimizer steps the error relative
// to the tensor's largest entry stays well under 1e-5. Measuring against the largest entry rather
// than each element keeps entries that happen to be near zero from failing on rounding alone.
inline constexpr double kFloatRelTolerance = 1e-5;
// Optimizer trajectories in float stay within ~2.5e-7 of PyTorch's float64 ones. 1e-6 is tight
// enough to catch float-only precision slips: Adam taking 1 - β2 in float (1.3e-5 off for 0.999)
// drifted 10 steps by 1.3e-6, which 1e-5 would have let through.
inline constexpr double kFloatTrajectoryTolerance = 1e-6;

// gtest prints a failing case by its name instead of its bytes.
inline void PrintTo(const ForwardCase& c, std::ostream* os) { *os << c.name; }
inline void PrintTo(const OptimizerCase& c, std::ostream* os) { *os << c.name; }

template <typename T>
BasicMatrix<T> to_matrix(const Tensor& t) {
  BasicMatrix<T> m(t.rows, t.cols);
  std::transform(t.values.begin(), t.values.end(), m.data(),
                 [](double v) { return static_cast<T>(v); });
  return m;
}

// The worst error over a set of comparisons: absolute, and relative to each tensor's largest entry.
struct Error {
  double max_abs = 0;
  double max_rel = 0;
  void merge(const Error& e) {
    max_abs = std::max(max_abs, e.max_abs);
    max_rel = std::max(max_rel, e.max_rel);
  }
};

inline std::string describe(const Error& e) {
  char text[64];
  std::snprintf(text, sizeof text, "abs %.2e rel %.2e", e.max_abs, e.max_rel);
  return text;
}

// Compares got with want element by element and checks the tolerance for T; `what` names the
// tensor in failure messages.
template <typename T>
Error expect_close(const std::string& what, std::span<const T> got, std::span<const double> want,
                   double float_tolerance = kFloatRelTolerance) {
  Error e;
  EXPECT_EQ(got.size(), want.size()) << what;
  if (got.size() != want.size()) return e;
  double scale = 0;
  for (double w : want) scale = std::max(scale, std::abs(w));
  std::size_t worst = 0;
  for (std::size_t i = 0; i < got.size(); ++i) {
    const double diff = std::abs(static_cast<double>(got[i]) - want[i]);
    if (std::isnan(diff) || diff > e.max_abs) {  // a NaN sticks: nothing compares above it
      worst = i;
      e.max_abs = diff;
    }
  }
  e.max_rel = scale > 0 ? e.max_abs / scale : e.max_abs;
  if constexpr (std::is_same_v<T, double>) {
    EXPECT_LE(e.max_abs, kDoubleAbsTolerance)
        << what << ": element " << worst << " is " << got[worst] << ", PyTorch " << want[worst];
  } else {
    EXPECT_LE(e.max_rel, float_tolerance)
        << what << ": element " << worst << " is " << got[worst] << ", PyTorch " << want[worst]
        << " (largest entry " << scale << ")";
  }
  return e;
}

template <typename T>
Error expect_close(const std::string& what, const BasicMatrix<T>& got, const Tensor& want) {
  EXPECT_EQ(got.rows(), want.rows) << what;
  EXPECT_EQ(got.cols(), want.cols) << what;
  return expect_close(what, got.values(), want.values);
}

}  // namespace bprop::golden
