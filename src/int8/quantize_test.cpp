// quantize and Int8Predictor: int8 outputs near the float network's on every activation kind,
// equal bits on every kernel, the zero-range and non-finite calibration refusals, structures with
// no int8 form, saturation beyond the calibrated range, and the fixed-point requantization.
#include "bprop/int8/quantize.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <random>

#include "bprop/errors.h"
#include "bprop/int8/int8_predictor.h"
#include "bprop/registry.h"
#include "bprop/training/predictor.h"
#include "int8/arithmetic.h"
#include "int8/rows.h"
#include "testing/export_check.h"

namespace bprop::int8 {
namespace {

using kernels::int8::Isa;

double max_abs(const Matrix& m) {
  double largest = 0.0;
  for (float v : m.values()) largest = std::max(largest, std::fabs(double{v}));
  return largest;
}

TEST(Int8Quantize, OutputsStayNearTheFloatNetworkOnEveryActivation) {  // calibrated on 300 rows
  for (const testing::ExportCase& c : testing::all_export_cases()) {
    SCOPED_TRACE(c.name);
    const Quantization q = quantize(c.model, c.inputs, {.calibration_rows = 300, .seed = 7});
    EXPECT_EQ(q.calibration_rows, 300);
    const Matrix x = c.model.preprocessor.applied(c.inputs);
    const Matrix want = c.model.network.predict(x);
    const Matrix got = Int8Predictor(q).predict(x);
    double worst = 0.0, mean = 0.0;
    for (std::size_t i = 0; i < want.size(); ++i) {
      const double error = std::fabs(double{got.data()[i]} - want.data()[i]);
      worst = std::max(worst, error);
      mean += error / static_cast<double>(want.size());
    }
    int changed = 0;
    for (int r = 0; r < want.rows(); ++r) {
      const auto top = [&](const Matrix& m) {
        return std::max_element(m.row(r), m.row(r) + m.cols()) - m.row(r);
      };
      changed += top(want) != top(got);
    }
    // int8 keeps about 2 decimal digits of each tensor's range; rows beyond the calibration rows'
    // range saturate (the worst error), and untrained nets have near ties between classes.
    EXPECT_LE(mean, 0.015 * max_abs(want)) << "worst " << worst << " of " << max_abs(want);
    EXPECT_LE(changed, want.rows() / 25);
  }
}

TEST(Int8Quantize, EveryKernelGivesTheSameOutputsAndPredictorWrapsThem) {
  const testing::ExportCase c = testing::make_export_case("kernels", "40,relu,37,gelu,19,sigmoid,5",
                                                          "softmax-ce", Scaling::kStandardize, 200);
  const Quantization q = quantize(c.model, c.inputs);
  const Matrix x = c.model.preprocessor.applied(c.inputs);
  const Matrix want = Int8Predictor(q, Isa::kReference).predict(x);
  for (Isa isa : {Isa::kAvx2, Isa::kAvx512Vnni}) {
    if (!kernels::int8::cpu_supports(isa)) continue;
    EXPECT_EQ(Int8Predictor(q, isa).predict(x), want) << kernels::int8::isa_name(isa);
  }
  const Predictor predictor(q);
  EXPECT_EQ(predictor.input_width(), 6);
  EXPECT_EQ(predictor.output_width(), 5);
  Matrix one(1, x.cols());
  std::copy_n(x.row(3), x.cols(), one.row(0));
  const Matrix row = predictor.predict(one);
  for (int o = 0; o < 5; ++o) EXPECT_EQ(row(0, o), want(3, o));
  EXPECT_EQ(predictor.predict(x), want);
}

TEST(Int8Quantize, AZeroCalibrationRangeIsRefusedNamingTheTensor) {
  testing::ExportCase c =
      testing::make_export_case("zero", "8,relu,3", "softmax-ce", Scaling::kNone, 50);
  Matrix zeros(50, 6, 0.0f);
  try {
    quantize(c.model, zeros);
    FAIL() << "no error";
  } catch (const DataError& e) {
    EXPECT_NE(std::string(e.what()).find("input of layer 0 is 0 on all 50 calibration rows"),
              std::string::npos)
        << e.what();
  }
  // A dead ReLU layer: its output is 0 on every row.
  Parameter& bias = c.model.network.layer(0).parameters()[1];
  Parameter& weight = c.model.network.layer(0).parameters()[0];
  weight.value.fill(0.0f);
  bias.value.fill(-1.0f);
  EXPECT_THROW(quantize(c.model, c.inputs), DataError);
  c.inputs(0, 0) = std::nanf("");
  EXPECT_THROW(quantize(c.model, c.inputs), DataError);
}

TEST(Int8Quantize, NetworksWithoutAnInt8FormAreRefusedNamingTheLayer) {
  for (const char* layers : {"8,relu,3,sigmoid", "relu,8,3", "8,relu,tanh,3"}) {
    SCOPED_TRACE(layers);
    const testing::ExportCase c =
        testing::make_export_case("bad", layers, "mse", Scaling::kNone, 20);
    EXPECT_THROW(quantize(c.model, c.inputs), ConfigError);
  }
}

// Inputs far beyond the calibrated range saturate at the int8 ends: the outputs equal those of
// inputs clamped to the range, and stay finite.
TEST(Int8Quantize, InputsBeyondTheCalibratedRangeSaturate) {
  const testing::ExportCase c =
      testing::make_export_case("sat", "8,tanh,3", "mse", Scaling::kStandardize, 100);
  const Quantization q = quantize(c.model, c.inputs);
  const Int8Predictor p(q);
  const float lo = q.input.scale * static_cast<float>(-128 - q.input.zero_point);
  const float hi = q.input.scale * static_cast<float>(127 - q.input.zero_point);
  Matrix huge(2, 6, 1e30f), edge(2, 6, hi);
  for (int c2 = 0; c2 < 6; ++c2) huge(1, c2) = -1e30f, edge(1, c2) = lo;
  const Matrix saturated = p.predict(huge);  // a named result: values() views its storage
  EXPECT_EQ(saturated, p.predict(edge));
  for (float v : saturated.values()) EXPECT_TRUE(std::isfinite(v));
}

TEST(Int8Arithmetic, RequantizeRoundsTheProductWithTheFixedMultiplier) {
  std::mt19937 gen(5);
  std::uniform_real_distribution<double> exponent(-30.0, 8.0);
  std::uniform_int_distribution<int32_t> acc(-(1 << 30), 1 << 30);
  for (int t = 0; t < 2000; ++t) {
    const double m = std::pow(2.0, exponent(gen));
    const int32_t a = acc(gen) >> (t % 31);
    const double want = std::clamp(std::floor(a * m + 0.5) + 3, -128.0, 127.0);
    const int8_t got = requantize(a, fixed_multiplier(m), 3);
    EXPECT_NEAR(got, want, 1.0) << "acc " << a << " m " << m;
  }
  EXPECT_EQ(requantize(INT32_MAX, fixed_multiplier(1e9), 0), 127);
  EXPECT_EQ(requantize(INT32_MIN, fixed_multiplier(1e9), 0), -128);
  EXPECT_EQ(requantize(INT32_MAX, fixed_multiplier(1e-30), -5), -5);
  EXPECT_EQ(requantize(5, fixed_multiplier(0.5), 0), 3);  // halves round up
  EXPECT_EQ(requantize(-5, fixed_multiplier(0.5), 0), -2);
  EXPECT_EQ(quantize_input(std::nanf(""), 1.0f, 7), 7);
  EXPECT_EQ(quantize_input(-2.5f, 1.0f, 0), -3);  // halves away from zero
  EXPECT_EQ(quantize_input(1e30f, 1.0f, 0), 127);
}

// The AVX-512 row loops against the portable ones on the values where rounding, clamping and
// saturation decide: NaN, infinities, ties, -0, the int32 and shift extremes.
TEST(Int8Arithmetic, TheAvx512RowLoopsEqualThePortableOnes) {
  if (!kernels::int8::cpu_supports(Isa::kAvx512Vnni)) GTEST_SKIP() << "no AVX-512 VNNI here";
  std::vector<float> x = {std::nanf(""), INFINITY, -INFINITY, 1e30f, -1e30f, 0.5f,
                          -0.5f,         1.5f,     -2.5f,     -0.0f, 0.0f,   126.5f,
                          -127.5f,       999.9f,   -1000.5f,  3.25f, 7.0f};
  std::mt19937 gen(9);
  std::uniform_real_distribution<float> any(-300.0f, 300.0f);
  for (int i = 0; i < 100; ++i) x.push_back(any(gen));
  std::vector<int8_t> a(x.size()), b(x.size());
  for (const float scale : {1.0f, 0.37f, 1e-3f}) {
    quantize_row(false, x.data(), static_cast<int>(x.size()), 1.0f / scale, -7, a.data());
    quantize_row(true, x.data(), static_cast<int>(x.size()), 1.0f / scale, -7, b.data());
    EXPECT_EQ(a, b) << scale;
  }
  std::vector<int32_t> acc = {INT32_MAX, INT32_MIN, 0, 1, -1, 5, -5, 1 << 20, -(1 << 20)};
  for (int i = 0; i < 100; ++i) acc.push_back(static_cast<int32_t>(gen()));
  std::vector<int32_t> multiplier, shift;
  for (std::size_t i = 0; i < acc.size(); ++i) {
    const FixedMultiplier m = fixed_multiplier(std::pow(2.0, static_cast<double>(i % 40) - 32.0));
    multiplier.push_back(m.multiplier), shift.push_back(m.shift);
  }
  std::vector<int8_t> c(acc.size()), d(acc.size());
  const int n = static_cast<int>(acc.size());
  requantize_row(false, acc.data(), multiplier.data(), shift.data(), 3, n, c.data());
  requantize_row(true, acc.data(), multiplier.data(), shift.data(), 3, n, d.data());
  EXPECT_EQ(c, d);
}

}  // namespace
}  // namespace bprop::int8
