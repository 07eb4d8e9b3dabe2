// The int8 section of the model file (version 3): round trips with and without a tabular
// encoding, float models still written as version 1, and a stored quantization that does not fit
// its network, truncated or bit-flipped, refused with the file's name.
#include "model_quantization.h"

#include <gtest/gtest.h>

#include "bprop/errors.h"
#include "bprop/int8/quantize.h"
#include "bprop/io/model_file.h"
#include "model_check.h"
#include "testing/expect_error.h"
#include "testing/export_check.h"

namespace bprop {
namespace {

using Bytes = std::vector<unsigned char>;

Model int8_model(const std::string& layers = "9,relu,7,tanh,3") {
  testing::ExportCase c =
      testing::make_export_case("file", layers, "softmax-ce", Scaling::kStandardize, 100);
  c.model.quantization = int8::quantize(c.model, c.inputs, {.calibration_rows = 40, .seed = 3});
  return std::move(c.model);
}

void reseal(Bytes& b) {
  const uint32_t crc = model_file::crc32_of(std::span(b).first(b.size() - 4));
  for (int i = 0; i < 4; ++i) b[b.size() - 4 + i] = static_cast<unsigned char>(crc >> (8 * i));
}

TEST(ModelFileInt8, RoundTripsAsVersion3AndFloatModelsStayVersion1) {
  Model m = int8_model();
  const Bytes b = serialize_model(m);
  EXPECT_EQ(b[8], 3);
  const Model back = parse_model(b, "q.bprop");
  ASSERT_TRUE(back.quantization.has_value());
  const int8::Quantization& q = *back.quantization;
  EXPECT_EQ(q.calibration_rows, 40);
  EXPECT_EQ(q.seed, 3u);
  EXPECT_EQ(q.input, m.quantization->input);
  ASSERT_EQ(q.stages.size(), 3u);
  EXPECT_EQ(q.stages[1].output_kind, int8::StageOutput::kTable);
  EXPECT_EQ(q.stages[1].table, m.quantization->stages[1].table);
  EXPECT_EQ(q.stages[0].weight, m.quantization->stages[0].weight);
  EXPECT_EQ(q.stages[2].bias, m.quantization->stages[2].bias);
  EXPECT_EQ(serialize_model(back), b);
  m.quantization.reset();
  EXPECT_EQ(serialize_model(m)[8], 1);
}

TEST(ModelFileInt8, AVersion3FileKeepsItsTabularEncoding) {
  Model m = int8_model();
  m.tabular = TabularEncoding{.na_values = {"NA"}, .targets = {"y"}};
  for (int c = 0; c < 6; ++c)
    m.tabular->columns.push_back({.name = std::string(1, 'x').append(std::to_string(c))});
  const Bytes b = serialize_model(m);
  const Model back = parse_model(b, "q.bprop");
  ASSERT_TRUE(back.tabular && back.quantization);
  EXPECT_EQ(back.tabular->na_values, m.tabular->na_values);
  EXPECT_EQ(serialize_model(back), b);
}

TEST(ModelFileInt8, AQuantizationThatDoesNotFitIsNotSavedOrLoaded) {
  Model m = int8_model();
  m.quantization->stages[0].bias[0] = int8::kMaxBias + 1;
  testing::expect_error<ModelFileError>([&] { serialize_model(m); }, {"bias", "2^29"});
  m = int8_model();
  m.quantization->stages.pop_back();
  testing::expect_error<ModelFileError>([&] { serialize_model(m); }, {"2 stages", "3 dense"});
  // In the file: the first stage's kind says int8 where the network has a ReLU. The section
  // starts where a float model's checksum would: marker u8, rows u32, seed u64, input scale and
  // zero point, stage count, then stage 0's layer, in, out and kind (u32 each).
  Model plain = int8_model();
  Bytes b = serialize_model(plain);
  plain.quantization.reset();
  const std::size_t at = serialize_model(plain).size() - 4 + 1 + 4 + 8 + 4 + 4 + 4 + 12;
  ASSERT_EQ(b[at], 1);  // kRelu
  b[at] = 0;
  reseal(b);
  testing::expect_error<ModelFileError>(
      [&] { parse_model(b, "q.bprop"); },
      {"q.bprop", "at byte", "int8: stage 0", "with its activation"});
}

TEST(ModelFileInt8, EveryTruncationAndBitFlipIsAnError) {
  const Bytes b = serialize_model(int8_model("5,gelu,2"));
  for (std::size_t n = 0; n < b.size(); ++n) {
    EXPECT_THROW(parse_model(std::span(b).first(n), "q.bprop"), ModelFileError) << n;
  }
  for (std::size_t bit = 0; bit < b.size() * 8; bit += 7) {
    Bytes flipped = b;
    flipped[bit / 8] ^= static_cast<unsigned char>(1u << (bit % 8));
    EXPECT_THROW(parse_model(flipped, "q.bprop"), ModelFileError) << bit;
  }
}

}  // namespace
}  // namespace bprop
