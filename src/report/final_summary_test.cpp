// summarize_final's decision boundary: drawn in the data's units when the inputs were scaled.
#include <gtest/gtest.h>

#include "bprop/report/run_record.h"
#include "bprop/train.h"

namespace bprop {
namespace {

// Audit 5, finding 12: the grid and the points were in standardized units under the feature names
// (height_cm from -3 to 3 for data of 88 to 211 cm). With the scaling given, both are in the
// data's units: the inverse x = x' / scale + offset of the scaled values, the grid's cells the
// same.
TEST(FinalSummary, DecisionBoundaryIsInTheDataUnitsOfScaledInputs) {
  Dataset scaled;
  scaled.inputs = Matrix{{-1, 0.5f}, {1, -0.5f}, {0, 0}};
  scaled.targets = Matrix{{0}, {1}, {1}};
  scaled.feature_names = {"height_cm", "dose_g"};
  Network net = build_network<float>(2, "3,tanh,1");
  net.initialize(1);
  const auto loss = make_loss<float>("bce");
  const FinalOptions plain{.grid_size = 4, .padding = 0};
  const FinalSummary s = summarize_final(net, *loss, scaled, nullptr, plain);
  ASSERT_TRUE(s.boundary);
  EXPECT_NEAR(s.boundary->x_min, -1.1, 1e-6);  // the smallest margin, 0.1
  EXPECT_NEAR(s.boundary->x_max, 1.1, 1e-6);
  // height_cm = x' * 20 + 150, dose_g = y' * 0.005 + 0.01 (offset = mean, scale = 1/sd).
  FinalOptions units = plain;
  units.input_offset = {150.0f, 0.01f};
  units.input_scale = {1.0f / 20, 1.0f / 0.005f};
  const FinalSummary u = summarize_final(net, *loss, scaled, nullptr, units);
  ASSERT_TRUE(u.boundary);
  EXPECT_NEAR(u.boundary->x_min, 128, 1e-4);
  EXPECT_NEAR(u.boundary->x_max, 172, 1e-4);
  EXPECT_NEAR(u.boundary->y_min, 0.007, 1e-7);
  EXPECT_NEAR(u.boundary->y_max, 0.013, 1e-7);
  EXPECT_EQ(u.boundary->values, s.boundary->values);  // the same picture, other axis numbers
  ASSERT_EQ(u.points.x.size(), 3u);
  EXPECT_NEAR(u.points.x[0], 130, 1e-4);
  EXPECT_NEAR(u.points.y[0], 0.0125, 1e-7);
  EXPECT_NEAR(u.points.x[1], 170, 1e-4);
}

}  // namespace
}  // namespace bprop
