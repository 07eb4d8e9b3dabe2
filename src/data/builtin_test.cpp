#include "bprop/data/builtin.h"

#include <gtest/gtest.h>

#include <cmath>

#include "bprop/errors.h"

namespace bprop {
namespace {

using Generator = Dataset (*)(const GeneratorOptions&);

class Generators : public ::testing::TestWithParam<Generator> {};

TEST_P(Generators, AreDeterministicBySeedAndBalanced) {
  const Generator make = GetParam();
  const Dataset a = make({.samples = 101, .seed = 4});
  const Dataset b = make({.samples = 101, .seed = 4});
  const Dataset c = make({.samples = 101, .seed = 5});
  EXPECT_EQ(a.inputs, b.inputs);
  EXPECT_EQ(a.targets, b.targets);
  EXPECT_NE(a.inputs, c.inputs);
  ASSERT_EQ(a.inputs.rows(), 101);
  ASSERT_EQ(a.inputs.cols(), 2);
  ASSERT_EQ(a.targets.cols(), 1);
  EXPECT_EQ(a.class_names.size(), 2u);
  int ones = 0;
  for (float t : a.targets.values()) {
    EXPECT_TRUE(t == 0.0f || t == 1.0f);
    ones += t == 1.0f;
  }
  EXPECT_EQ(ones, 50);  // alternating labels
  for (float v : a.inputs.values()) EXPECT_TRUE(std::isfinite(v));
}

TEST_P(Generators, ZeroNoiseGivesTheCleanShapeAndBadOptionsAreRefused) {
  const Generator make = GetParam();
  const Dataset clean = make({.samples = 50, .noise = 0.0, .seed = 1});
  for (int i = 0; i < clean.size(); ++i) {
    EXPECT_LE(std::hypot(clean.inputs(i, 0), clean.inputs(i, 1)), 2.3);
  }
  EXPECT_THROW(make({.samples = 1}), ConfigError);
  EXPECT_THROW(make({.samples = 10, .noise = std::nan("")}), ConfigError);
}

INSTANTIATE_TEST_SUITE_P(Builtin, Generators,
                         ::testing::Values(&spirals_dataset, &moons_dataset, &circles_dataset));

TEST(Builtin, CirclesSeparateByRadiusWithoutNoise) {
  const Dataset d = circles_dataset({.samples = 40, .noise = 0.0});
  for (int i = 0; i < d.size(); ++i) {
    const double r = std::hypot(d.inputs(i, 0), d.inputs(i, 1));
    EXPECT_NEAR(r, d.targets(i, 0) == 0.0f ? 1.0 : 0.5, 1e-6);
  }
}

TEST(Builtin, NamesResolveAndUnknownNamesAreRefused) {
  EXPECT_TRUE(is_builtin_dataset("moons"));
  EXPECT_FALSE(is_builtin_dataset("data.csv"));
  EXPECT_EQ(load_builtin_dataset("xor").train.size(), 4);
  EXPECT_FALSE(load_builtin_dataset("xor").test.has_value());
  EXPECT_EQ(load_builtin_dataset("spirals", {.samples = 30}).train.size(), 30);
  EXPECT_THROW(load_builtin_dataset("mnist-digits"), ConfigError);
}

TEST(Builtin, MissingFashionMnistFilesNameThePackage) {
  try {
    fashion_mnist("/nonexistent/fashion-mnist");
    FAIL() << "expected an error";
  } catch (const std::exception& e) {
    EXPECT_NE(std::string(e.what()).find("dataset-fashion-mnist"), std::string::npos) << e.what();
    EXPECT_NE(std::string(e.what()).find("/nonexistent/fashion-mnist"), std::string::npos);
  }
}

}  // namespace
}  // namespace bprop
