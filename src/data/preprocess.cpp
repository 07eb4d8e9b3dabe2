// Scaling statistics in double (a float running sum loses digits over 60,000 rows); the stored
// transform is float, like the network.
#include "bprop/data/preprocess.h"

#include <algorithm>
#include <cmath>
#include <stdexcept>

#include "bprop/errors.h"
#include "kernels/simd_clones.h"

namespace bprop {

std::string_view scaling_name(Scaling scaling) {
  switch (scaling) {
    case Scaling::kStandardize:
      return "standardize";
    case Scaling::kMinMax:
      return "minmax";
    case Scaling::kNone:
      break;
  }
  return "none";
}

std::vector<std::string> scaling_names() { return {"none", "standardize", "minmax"}; }

Scaling parse_scaling(std::string_view name) {
  if (name == "none") return Scaling::kNone;
  if (name == "standardize") return Scaling::kStandardize;
  if (name == "minmax") return Scaling::kMinMax;
  throw ConfigError("unknown scaling '" + std::string(name) +
                    "' (known: none, standardize, minmax)");
}

namespace {

// The statistics are gathered row by row (the data are row-major, so one pass at memory speed), but
// each column sees the same recurrence in the same row order as a column-by-column loop: the same
// bits. AVX2 adds no fused multiply-add, so the run-time copies round as the portable one does.
BPROP_SIMD_CLONES void welford_row(const float* x, int cols, double count, double* mean,
                                   double* m2) {
  for (int c = 0; c < cols; ++c) {
    const double v = x[c];
    const double delta = v - mean[c];
    mean[c] += delta / count;
    m2[c] += delta * (v - mean[c]);
  }
}

BPROP_SIMD_CLONES void minmax_row(const float* x, int cols, double* low, double* high) {
  for (int c = 0; c < cols; ++c) {
    const double v = x[c];
    low[c] = std::min(low[c], v);
    high[c] = std::max(high[c], v);
  }
}

BPROP_SIMD_CLONES void scale_row(float* x, int cols, const float* offset, const float* scale) {
  for (int c = 0; c < cols; ++c) x[c] = (x[c] - offset[c]) * scale[c];
}

}  // namespace

Preprocessor Preprocessor::fit(Scaling scaling, const Matrix& train) {
  Preprocessor p;
  p.scaling_ = scaling;
  if (scaling == Scaling::kNone) return p;
  if (train.rows() == 0) {
    throw ShapeError("cannot fit " + std::string(scaling_name(scaling)) +
                     " scaling on an empty matrix (" + train.shape() + ")");
  }
  const int cols = train.cols();
  // standardize: mean and M2 (Welford); minmax: min and max
  std::vector<double> a(static_cast<std::size_t>(cols), 0.0), b(a);
  if (scaling == Scaling::kMinMax) {
    a.assign(train.row(0), train.row(0) + cols);
    b = a;
    for (int r = 0; r < train.rows(); ++r) minmax_row(train.row(r), cols, a.data(), b.data());
  } else {
    for (int r = 0; r < train.rows(); ++r) {
      welford_row(train.row(r), cols, static_cast<double>(r + 1), a.data(), b.data());
    }
  }
  p.offset_.assign(cols, 0.0f);
  p.scale_.assign(cols, 1.0f);
  for (int c = 0; c < cols; ++c) {
    const double spread = scaling == Scaling::kMinMax
                              ? b[c] - a[c]
                              : std::sqrt(b[c] / static_cast<double>(train.rows()));
    p.offset_[c] = static_cast<float>(a[c]);
    // A constant column (or one whose spread underflows float) keeps scale 1: it maps to 0.
    const float scale = static_cast<float>(1.0 / spread);
    p.scale_[c] = spread > 0.0 && std::isfinite(scale) ? scale : 1.0f;
  }
  return p;
}

Preprocessor Preprocessor::from_parts(Scaling scaling, std::vector<float> offset,
                                      std::vector<float> scale) {
  if (offset.size() != scale.size()) {
    throw std::invalid_argument("preprocessing has " + std::to_string(offset.size()) +
                                " offsets but " + std::to_string(scale.size()) + " scales");
  }
  if (scaling == Scaling::kNone && !offset.empty()) {
    throw std::invalid_argument("preprocessing 'none' carries values");
  }
  for (std::size_t i = 0; i < offset.size(); ++i) {
    if (!std::isfinite(offset[i]) || !std::isfinite(scale[i]) || scale[i] == 0.0f) {
      throw std::invalid_argument("preprocessing value for feature " + std::to_string(i) +
                                  " is not finite or has scale 0");
    }
  }
  Preprocessor p;
  p.scaling_ = scaling;
  p.offset_ = std::move(offset);
  p.scale_ = std::move(scale);
  return p;
}

void Preprocessor::apply(Matrix& data) const {
  if (scaling_ == Scaling::kNone) return;
  if (data.cols() != width()) {
    throw ShapeError(describe() + " was fitted on " + std::to_string(width()) +
                     " features, got data of shape " + data.shape());
  }
  for (int r = 0; r < data.rows(); ++r) {
    scale_row(data.row(r), data.cols(), offset_.data(), scale_.data());
  }
}

Matrix Preprocessor::applied(const Matrix& data) const {
  Matrix copy = data;
  apply(copy);
  return copy;
}

std::string Preprocessor::describe() const {
  if (scaling_ == Scaling::kNone) return "none";
  return std::string(scaling_name(scaling_)) + " (" + std::to_string(width()) + " features)";
}

}  // namespace bprop
