#include "bprop/data/preprocess.h"

#include <gtest/gtest.h>

#include <cmath>

#include "bprop/errors.h"

namespace bprop {
namespace {

TEST(Preprocess, StandardizeUsesTrainingStatisticsOnly) {
  const Matrix train{{1, 10}, {3, 10}};  // column 1 is constant
  const Preprocessor p = Preprocessor::fit(Scaling::kStandardize, train);
  EXPECT_EQ(p.offset(), (std::vector<float>{2, 10}));
  EXPECT_EQ(p.scale(), (std::vector<float>{1, 1}));         // std 1; constant column keeps scale 1
  EXPECT_EQ(p.applied(Matrix{{5, 12}}), (Matrix{{3, 2}}));  // test data: train statistics
}

TEST(Preprocess, MinMaxMapsTheTrainingRangeToUnitInterval) {
  const Preprocessor p = Preprocessor::fit(Scaling::kMinMax, Matrix{{2, 7}, {6, 7}, {4, 7}});
  EXPECT_EQ(p.applied(Matrix{{2, 7}, {6, 8}}), (Matrix{{0, 0}, {1, 1}}));
}

TEST(Preprocess, NoneIsIdentityAndWidthMismatchIsAShapeError) {
  EXPECT_EQ(Preprocessor().applied(Matrix{{1, 2}}), (Matrix{{1, 2}}));
  const Preprocessor p = Preprocessor::fit(Scaling::kMinMax, Matrix{{0, 1}, {1, 2}});
  EXPECT_THROW(p.applied(Matrix{{1, 2, 3}}), ShapeError);
}

TEST(Preprocess, FromPartsRefusesZeroScaleAndNonFinite) {
  EXPECT_THROW(Preprocessor::from_parts(Scaling::kMinMax, {0}, {0}), std::invalid_argument);
  EXPECT_THROW(Preprocessor::from_parts(Scaling::kMinMax, {NAN}, {1}), std::invalid_argument);
  EXPECT_THROW(Preprocessor::from_parts(Scaling::kMinMax, {0, 1}, {1}), std::invalid_argument);
  EXPECT_EQ(parse_scaling("standardize"), Scaling::kStandardize);
  EXPECT_THROW(parse_scaling("zscore"), ConfigError);
}

}  // namespace
}  // namespace bprop
