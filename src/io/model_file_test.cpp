// Model file: round trips for every registered layer, and the smoke versions of the bad inputs
// B13 to B21 of docs/reliability.md (the trust helper adds the exhaustive truncation and bit-flip
// runs).
#include "bprop/io/model_file.h"

#include <gtest/gtest.h>

#include <cmath>
#include <cstring>

#include "bprop/errors.h"
#include "bprop/io/atomic_file.h"
#include "bprop/registry.h"
#include "src/io/model_bytes.h"
#include "src/io/model_check.h"
#include "testing/expect_error.h"

namespace bprop {
namespace {

using Bytes = std::vector<unsigned char>;
using testing::expect_error;

Model small_model(const std::string& layers = "3,tanh,2") {
  Model m;
  m.network = build_network<float>(2, layers);
  m.network.initialize(7);
  m.loss = "softmax-ce";
  m.preprocessor = Preprocessor::fit(Scaling::kStandardize, Matrix{{0, 1}, {2, 5}});
  m.class_names = {"cat", "dog"};
  m.feature_names = {"x1", "x2"};
  m.target_names = {"label"};
  m.metadata = {{"epochs", "10"}, {"seed", "7"}};
  return m;
}

void expect_same(const Model& a, const Model& b) {
  EXPECT_EQ(a.network.describe(), b.network.describe());
  const auto pa = a.network.parameters();
  const auto pb = b.network.parameters();
  ASSERT_EQ(pa.size(), pb.size());
  for (std::size_t i = 0; i < pa.size(); ++i) EXPECT_EQ(pa[i]->value, pb[i]->value);
  EXPECT_EQ(a.loss, b.loss);
  EXPECT_EQ(a.preprocessor.scaling(), b.preprocessor.scaling());
  EXPECT_EQ(a.preprocessor.offset(), b.preprocessor.offset());
  EXPECT_EQ(a.preprocessor.scale(), b.preprocessor.scale());
  EXPECT_EQ(a.class_names, b.class_names);
  EXPECT_EQ(a.feature_names, b.feature_names);
  EXPECT_EQ(a.target_names, b.target_names);
  EXPECT_EQ(a.metadata, b.metadata);
}

void expect_model_error(const Bytes& bytes, std::initializer_list<std::string> fragments) {
  expect_error<ModelFileError>([&] { parse_model(bytes, "m.bprop"); }, fragments);
}

// Rewrites the checksum after an edit, so a test reaches the checks behind it.
void reseal(Bytes& b) {
  const uint32_t crc = model_file::crc32_of(std::span(b).first(b.size() - 4));
  for (int i = 0; i < 4; ++i) b[b.size() - 4 + i] = static_cast<unsigned char>(crc >> (8 * i));
}

TEST(ModelFile, EveryRegisteredLayerRoundTrips) {
  for (const auto& name : layer_names()) {
    const std::string spec = name == "dense" ? "dense:3" : name;
    Model m = small_model("4," + spec + ",2");
    const Bytes bytes = serialize_model(m);
    const Model back = parse_model(bytes, "m.bprop");
    SCOPED_TRACE(spec);
    expect_same(m, back);
    EXPECT_EQ(serialize_model(back), bytes);  // byte-stable
    const Matrix x{{0.5f, -1}, {2, 3}};
    EXPECT_EQ(m.network.predict(x), back.network.predict(x));
  }
}

TEST(ModelFile, LeakyReluSlopeSurvives) {
  const Model m = small_model("4,leaky_relu:0.2,2");
  EXPECT_EQ(parse_model(serialize_model(m), "m").network.describe(), m.network.describe());
}

TEST(ModelFile, SaveAndLoadByPath) {
  const std::string path = ::testing::TempDir() + "/model_file_test.bprop";
  const Model m = small_model();
  save_model(path, m);
  expect_same(m, load_model(path));
  expect_error<ModelFileError>([] { load_model("/nonexistent/m.bprop"); },
                               {"/nonexistent/m.bprop", "No such file"});
}

TEST(ModelFile, WrongMagicSaysNotAModel) {  // B13
  expect_model_error({}, {"m.bprop", "not a bprop model file", "0 bytes"});
  const std::string csv = "x1,x2,label\n1,2,0\n3,4,1\n";
  expect_model_error(Bytes(csv.begin(), csv.end()), {"not a bprop model file", "magic 78312c78"});
}

TEST(ModelFile, UnknownVersionNamesBoth) {  // B14
  Bytes b = serialize_model(small_model());
  b[8] = 5;
  reseal(b);
  expect_model_error(b, {"m.bprop", "unsupported model format version 5", "reads versions 1 to 4"});
}

// Version 2 appends the tabular encoding; a model without one is still written as version 1.
TEST(ModelFile, TabularEncodingRoundTripsAsVersion2) {
  Model m = small_model();
  EXPECT_EQ(serialize_model(m)[8], 1);
  TabularEncoding e{.na_values = {"", "NA"}, .targets = {"y"}, .strict_categories = true};
  e.columns.push_back({.name = "age", .fill = 41.5});
  e.columns.push_back({.name = "color", .categories = {"blue", "red"}, .fill_category = 1});
  m.tabular = e;
  const Bytes b = serialize_model(m);
  EXPECT_EQ(b[8], 2);
  const Model back = parse_model(b, "m.bprop");
  ASSERT_TRUE(back.tabular.has_value());
  EXPECT_EQ(back.tabular->na_values, e.na_values);
  EXPECT_EQ(back.tabular->targets, e.targets);
  EXPECT_TRUE(back.tabular->strict_categories);
  EXPECT_EQ(back.tabular->feature_names(), e.feature_names());
  EXPECT_DOUBLE_EQ(back.tabular->columns[0].fill, 41.5);
  EXPECT_EQ(back.tabular->columns[1].fill_category, 1);
  EXPECT_EQ(serialize_model(back), b);
  for (std::size_t n = 0; n < b.size(); ++n) {
    EXPECT_THROW(parse_model(std::span(b).first(n), "m.bprop"), ModelFileError) << n;
  }
}

TEST(ModelFile, EveryTruncationIsAnError) {  // B15 (smoke: every prefix of one model)
  const Bytes b = serialize_model(small_model());
  for (std::size_t n = 0; n < b.size(); ++n) {
    EXPECT_THROW(parse_model(std::span(b).first(n), "m.bprop"), ModelFileError) << n;
  }
}

TEST(ModelFile, EveryBitFlipIsCaught) {  // B16: each of the file's bits, one at a time
  const Bytes good = serialize_model(small_model());
  for (std::size_t i = 0; i < good.size(); ++i) {
    for (unsigned bit = 0; bit < 8; ++bit) {
      Bytes b = good;
      b[i] ^= static_cast<unsigned char>(1u << bit);
      EXPECT_THROW(parse_model(b, "m.bprop"), ModelFileError) << "byte " << i << " bit " << bit;
    }
  }
  Bytes b = good;
  b[40] ^= 1;
  expect_model_error(b, {"m.bprop", "checksum mismatch"});
}

TEST(ModelFile, AbsurdCountsAreRefused) {  // B17
  Bytes b = serialize_model(small_model());
  const std::size_t layers_at = 24 + 4 + 10 + 4;  // header, loss "softmax-ce", input width
  ASSERT_EQ(model_file::read_le32(b.data() + layers_at), 3u);
  std::memcpy(b.data() + layers_at, "\x00\x28\x6b\xee", 4);  // 4,000,000,000 little-endian
  reseal(b);
  expect_model_error(b, {"m.bprop", "layer count is 4000000000", "1 to 1024"});
  b[layers_at] = 0, b[layers_at + 1] = 0, b[layers_at + 2] = 0, b[layers_at + 3] = 0;
  reseal(b);
  expect_model_error(b, {"layer count is 0"});
}

TEST(ModelFile, DenseSpecMustMatchStoredValues) {  // B17, B18, B21: nothing built from a lie
  Model m = small_model("3,tanh,2");
  Bytes b = serialize_model(m);
  const std::string spec = "dense:3";
  const auto at = std::search(b.begin(), b.end(), spec.begin(), spec.end()) - b.begin();
  b[at + 6] = '9';  // dense:9 over values for dense:3
  reseal(b);
  expect_model_error(b, {"m.bprop", "layer 0 (dense:9)", "needs 27 parameter values", "holds 9"});
}

TEST(ModelFile, UnknownLayerAndLossAreNamed) {  // B19
  Bytes b = serialize_model(small_model("3,tanh,2"));
  const std::string tanh = "tanh";
  const auto at = std::search(b.begin(), b.end(), tanh.begin(), tanh.end()) - b.begin();
  std::memcpy(b.data() + at, "tanq", 4);
  reseal(b);
  expect_model_error(b, {"m.bprop", "layer 1 (tanq)", "unknown layer"});
  Model bad_loss = small_model();
  bad_loss.loss = "hinge";
  expect_error<ModelFileError>([&] { serialize_model(bad_loss); }, {"unknown loss 'hinge'"});
}

TEST(ModelFile, NonFiniteWeightsAreRefusedOnSaveAndLoad) {  // B20
  Model m = small_model();
  m.network.parameters()[0]->value(1, 0) = INFINITY;
  expect_error<ModelFileError>([&] { serialize_model(m); },
                               {"non-finite", "layer 0 (dense:3)", "'weight'", "index 2"});
  m.network.parameters()[0]->value(1, 0) = 1.0f;
  Bytes b = serialize_model(m);
  const float one = 1.0f;
  const auto* p = reinterpret_cast<const unsigned char*>(&one);
  const auto at = std::search(b.begin(), b.end(), p, p + 4) - b.begin();
  const float nan = NAN;
  std::memcpy(b.data() + at, &nan, 4);
  reseal(b);
  expect_model_error(b, {"m.bprop", "non-finite weight", "layer 0 (dense:3)"});
  EXPECT_NO_THROW(parse_model(b, "m.bprop", {.allow_nonfinite = true}));
}

TEST(ModelFile, InputWidthMismatchNamesBothWidths) {  // B21
  const Model m = small_model();
  expect_error<ModelFileError>([&] { check_input_width(m, 5, "d.csv"); },
                               {"takes 2 input features", "x1, x2", "d.csv has 5"});
  EXPECT_NO_THROW(check_input_width(m, 2, "d.csv"));
}

TEST(ModelFile, InconsistentModelsAreNotSaved) {
  Model m = small_model();
  m.class_names = {"a", "b", "c"};
  expect_error<ModelFileError>([&] { serialize_model(m); }, {"3 class names", "2 outputs"});
}

TEST(ModelFile, BareWidthSpecsAreCheckedBeforeBuilding) {  // B17
  Bytes b = serialize_model(small_model("3,tanh,2"));
  const std::string spec = "dense:3";
  const auto at = std::search(b.begin(), b.end(), spec.begin(), spec.end()) - b.begin();
  std::memcpy(b.data() + at, "9999:00", 7);  // a bare width with an argument: refused unbuilt
  reseal(b);
  expect_model_error(b, {"m.bprop", "layer 0 (9999:00)", "takes no argument"});
}

TEST(ModelFile, BytesAfterTheLastFieldAreRefused) {  // B18: lengths must tile the file
  Bytes b = serialize_model(small_model());
  b.insert(b.end() - 4, {0, 0, 0, 0});
  const uint64_t size = b.size();
  for (int i = 0; i < 8; ++i) b[16 + i] = static_cast<unsigned char>(size >> (8 * i));
  reseal(b);
  expect_model_error(b, {"m.bprop", "4 unexpected bytes after the metadata"});
}

TEST(ModelFile, UnknownLossAndPreprocessingOnLoad) {  // B19
  Bytes b = serialize_model(small_model());
  std::memcpy(b.data() + 28, "softmax-cf", 10);
  reseal(b);
  expect_model_error(b, {"m.bprop", "unknown loss 'softmax-cf'"});
  Bytes p = serialize_model(small_model());
  // kind 1 (standardize), width 2, first offset 1.0f: the mean of {0, 2}.
  const Bytes pre{1, 2, 0, 0, 0, 0, 0, 0x80, 0x3f};
  const auto kind_at = std::search(p.begin(), p.end(), pre.begin(), pre.end()) - p.begin();
  ASSERT_LT(static_cast<std::size_t>(kind_at), p.size());
  p[kind_at] = 7;
  reseal(p);
  expect_model_error(p, {"m.bprop", "unknown preprocessing kind 7"});
}

TEST(ModelFile, SaveRefusesAFolderAndKeepsTheOldFile) {  // B23 through write_file_atomically
  const std::string dir = ::testing::TempDir();
  expect_error<IoError>([&] { save_model(dir, small_model()); }, {"not a regular file"});
}

}  // namespace
}  // namespace bprop
