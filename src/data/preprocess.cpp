// Scaling statistics in double (a float running sum loses digits over 60,000 rows); the stored
// transform is float, like the network.
#include "bprop/data/preprocess.h"

#include <cmath>
#include <stdexcept>
#include <vector>

#include "bprop/errors.h"

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

Preprocessor Preprocessor::fit(Scaling scaling, const Matrix& train) {
  Preprocessor p;
  p.scaling_ = scaling;
  if (scaling == Scaling::kNone) return p;
  if (train.rows() == 0) {
    throw ShapeError("cannot fit " + std::string(scaling_name(scaling)) +
                     " scaling on an empty matrix (" + train.shape() + ")");
  }
  const int cols = train.cols();
  p.offset_.assign(cols, 0.0f);
  p.scale_.assign(cols, 1.0f);
  // One pass over the rows, in order, with every column's accumulators side by side: a matrix
  // mapped from a file larger than memory is read once, sequentially. Each column still sees its
  // values in row order, so the statistics are those of a pass per column.
  // standardize: a = mean, b = M2 (Welford); minmax: a = min, b = max.
  std::vector<double> a(static_cast<std::size_t>(cols), 0.0), b(a);
  if (scaling == Scaling::kMinMax) {
    for (int c = 0; c < cols; ++c) a[c] = b[c] = train(0, c);
  }
  for (int r = 0; r < train.rows(); ++r) {
    const float* row = train.row(r);
    for (int c = 0; c < cols; ++c) {
      const double x = row[c];
      if (scaling == Scaling::kMinMax) {
        a[c] = std::min(a[c], x);
        b[c] = std::max(b[c], x);
      } else {
        const double delta = x - a[c];
        a[c] += delta / (r + 1);
        b[c] += delta * (x - a[c]);
      }
    }
  }
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
    float* x = data.row(r);
    for (int c = 0; c < data.cols(); ++c) x[c] = (x[c] - offset_[c]) * scale_[c];
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
