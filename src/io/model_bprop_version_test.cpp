// Format version 4 (issue 18): the bprop version that trained or quantized a model is recorded
// after its optional tabular and int8 sections; a model without one is written as before (the
// oldest version that holds it), and the checked-in files of versions 1 to 3 load and write back
// byte for byte.
#include <gtest/gtest.h>

#include "bprop/errors.h"
#include "bprop/int8/quantize.h"
#include "bprop/io/model_file.h"
#include "bprop/io/read_file.h"
#include "testing/export_check.h"

namespace bprop {
namespace {

using Bytes = std::vector<unsigned char>;

Model small_model() {
  testing::ExportCase c =
      testing::make_export_case("v4", "5,relu,3", "softmax-ce", Scaling::kStandardize, 60);
  c.model.metadata = {{"epochs", "3"}};
  return std::move(c.model);
}

void expect_round_trip(const Model& m, const std::string& what) {
  const Bytes b = serialize_model(m);
  EXPECT_EQ(b[8], 4) << what;
  const Model back = parse_model(b, "v4.bprop");
  EXPECT_EQ(back.bprop_version, m.bprop_version) << what;
  EXPECT_EQ(back.tabular.has_value(), m.tabular.has_value()) << what;
  EXPECT_EQ(back.quantization.has_value(), m.quantization.has_value()) << what;
  EXPECT_EQ(back.metadata, m.metadata) << what;
  EXPECT_EQ(serialize_model(back), b) << what;
}

TEST(ModelFileV4, TheBpropVersionRoundTripsWithAndWithoutEachSection) {
  Model m = small_model();
  EXPECT_EQ(serialize_model(m)[8], 1);  // not recorded: written as before
  m.bprop_version = "0.1.0";
  expect_round_trip(m, "float");
  testing::ExportCase c =
      testing::make_export_case("v4", "5,relu,3", "softmax-ce", Scaling::kStandardize, 60);
  m.quantization = int8::quantize(m, c.inputs, {.calibration_rows = 20, .seed = 2});
  expect_round_trip(m, "int8");
  m.tabular = TabularEncoding{.na_values = {"NA"}, .targets = {"y"}};
  for (int col = 0; col < m.network.input_width(); ++col)
    m.tabular->columns.push_back({.name = std::string(1, 'x').append(std::to_string(col))});
  expect_round_trip(m, "int8 and tabular");
  m.quantization.reset();
  expect_round_trip(m, "tabular");
}

TEST(ModelFileV4, EveryTruncationAndBitFlipIsAnError) {
  Model m = small_model();
  m.bprop_version = "0.1.0";
  const Bytes b = serialize_model(m);
  for (std::size_t n = 0; n < b.size(); ++n) {
    EXPECT_THROW(parse_model(std::span(b).first(n), "v4.bprop"), ModelFileError) << n;
  }
  for (std::size_t bit = 0; bit < b.size() * 8; ++bit) {
    Bytes flipped = b;
    flipped[bit / 8] ^= static_cast<unsigned char>(1u << (bit % 8));
    EXPECT_THROW(parse_model(flipped, "v4.bprop"), ModelFileError) << bit;
  }
}

// Written by the builds before version 4: model_v1.bprop by the first writer, model_v2.bprop (a
// tabular model) and model_v3.bprop (an int8 model) by `bprop train` and `bprop quantize` of
// 5 Dec 2026.
TEST(ModelFileV4, FilesOfEarlierVersionsLoadAndWriteBackByteForByte) {
  for (const uint32_t version : {1u, 2u, 3u}) {
    const std::string path =
        std::string(BPROP_SOURCE_DIR) + "/tests/data/model_v" + std::to_string(version) + ".bprop";
    const Bytes bytes = read_file(path, 1 << 20);
    const Model model = load_model(path);
    EXPECT_EQ(model_format_version(model), version) << path;
    EXPECT_EQ(model.bprop_version, "") << path;
    EXPECT_EQ(model.tabular.has_value(), version == 2) << path;
    EXPECT_EQ(model.quantization.has_value(), version == 3) << path;
    EXPECT_EQ(serialize_model(model), bytes) << path;
  }
}

}  // namespace
}  // namespace bprop
