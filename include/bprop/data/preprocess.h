// Feature scaling fitted on the training data only and stored in the model file, so evaluate and
// predict apply exactly the transform that training saw: x' = (x - offset[j]) * scale[j].
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "bprop/matrix.h"

namespace bprop {

enum class Scaling {
  kNone,         // identity
  kStandardize,  // offset = mean, scale = 1 / standard deviation (population)
  kMinMax,       // offset = min, scale = 1 / (max - min): the training range maps to [0, 1]
};

// "none", "standardize", "minmax"; parse throws ConfigError naming the known values.
std::string_view scaling_name(Scaling scaling);
Scaling parse_scaling(std::string_view name);
std::vector<std::string> scaling_names();

class Preprocessor {
 public:
  Preprocessor() = default;  // kNone, any width

  // Fits on `train` (rows = samples). A constant column gets scale 1, so it maps to 0 instead of
  // dividing by zero. Throws ShapeError for an empty matrix with scaling other than kNone.
  static Preprocessor fit(Scaling scaling, const Matrix& train);
  // Rebuilds a stored preprocessor; throws std::invalid_argument when the vectors' sizes differ,
  // a value is not finite, or a scale is 0 (the model loader reports it as a file error).
  static Preprocessor from_parts(Scaling scaling, std::vector<float> offset,
                                 std::vector<float> scale);

  // Applies the transform in place. Throws ShapeError when the width differs from the fitted one.
  void apply(Matrix& data) const;
  Matrix applied(const Matrix& data) const;

  Scaling scaling() const { return scaling_; }
  int width() const { return static_cast<int>(offset_.size()); }  // 0 for kNone
  const std::vector<float>& offset() const { return offset_; }
  const std::vector<float>& scale() const { return scale_; }
  // "standardize (4 features)" or "none".
  std::string describe() const;

 private:
  Scaling scaling_ = Scaling::kNone;
  std::vector<float> offset_;
  std::vector<float> scale_;
};

}  // namespace bprop
