#include "bprop/init.h"

#include <gtest/gtest.h>

#include <cmath>

#include "bprop/errors.h"

namespace bprop {
namespace {

// Sample variance of weights drawn by `scheme` for a fan_out x fan_in matrix.
double weight_variance(InitScheme scheme, int fan_in, int fan_out, double* bias_value) {
  Matrix w(fan_out, fan_in), b(1, fan_out);
  Rng rng(5);
  initialize_dense(w, b, {.scheme = scheme, .bias = 0.25}, rng);
  *bias_value = b(0, 0);
  double sum_sq = 0;
  for (float v : w.values()) sum_sq += double(v) * v;
  return sum_sq / static_cast<double>(w.size());
}

TEST(Init, EachSchemeHasItsVarianceAndTheBiasConstant) {
  double bias = 0;
  EXPECT_NEAR(weight_variance(InitScheme::kHeNormal, 200, 300, &bias), 2.0 / 200, 2e-4);
  EXPECT_EQ(bias, 0.25f);
  EXPECT_NEAR(weight_variance(InitScheme::kHeUniform, 200, 300, &bias), 2.0 / 200, 2e-4);
  EXPECT_NEAR(weight_variance(InitScheme::kXavierNormal, 200, 300, &bias), 2.0 / 500, 1e-4);
  EXPECT_NEAR(weight_variance(InitScheme::kXavierUniform, 200, 300, &bias), 2.0 / 500, 1e-4);
}

TEST(Init, NotebookSchemeIsHeNormalWithBiasHalf) {
  double bias = 0;
  EXPECT_NEAR(weight_variance(InitScheme::kNotebook, 200, 300, &bias), 2.0 / 200, 2e-4);
  EXPECT_EQ(bias, 0.5f);
}

TEST(Init, ParsesNamesAndRejectsUnknownOnesWithTheList) {
  EXPECT_EQ(parse_init_scheme("xavier-uniform"), InitScheme::kXavierUniform);
  EXPECT_EQ(init_scheme_name(InitScheme::kNotebook), "notebook");
  try {
    parse_init_scheme("glorot");
    FAIL();
  } catch (const ConfigError& e) {
    EXPECT_NE(std::string(e.what()).find("he-normal"), std::string::npos);
  }
}

}  // namespace
}  // namespace bprop
