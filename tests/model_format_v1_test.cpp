// Format stability: tests/data/model_v1.bprop was written by the first version-1 writer. Every
// later build must load it to the same model and write the same bytes back; if this fails, the
// format changed and needs a new version number (docs/model-format.md).
#include <gtest/gtest.h>

#include "bprop/io/model_file.h"
#include "bprop/io/read_file.h"
#include "bprop/registry.h"

namespace bprop {
namespace {

Model expected_v1_model() {
  Model m;
  m.network = build_network<float>(2, "2,sigmoid,1");
  auto params = m.network.parameters();
  params[0]->value = Matrix{{0.5f, -1}, {1.5f, 2}};
  params[1]->value = Matrix{{0.25f, -0.75f}};
  params[2]->value = Matrix{{1, -2}};
  params[3]->value = Matrix{{0.125f}};
  m.loss = "bce";
  m.preprocessor = Preprocessor::from_parts(Scaling::kMinMax, {0, 1}, {1, 0.5f});
  m.class_names = {"no", "yes"};
  m.feature_names = {"a", "b"};
  m.target_names = {"y"};
  m.metadata = {{"command", "bprop train --data v1.csv"}, {"epochs", "3"}};
  return m;
}

TEST(ModelFormatV1, CheckedInFileLoadsAndReserializesIdentically) {
  const std::string path = std::string(BPROP_SOURCE_DIR) + "/tests/data/model_v1.bprop";
  const std::vector<unsigned char> bytes = read_file(path, 1 << 20);
  const Model loaded = load_model(path);
  const Model expected = expected_v1_model();
  EXPECT_EQ(loaded.network.describe(), "2 -> dense:2 -> sigmoid -> dense:1");
  const auto a = loaded.network.parameters();
  const auto b = expected.network.parameters();
  ASSERT_EQ(a.size(), b.size());
  for (std::size_t i = 0; i < a.size(); ++i) EXPECT_EQ(a[i]->value, b[i]->value) << i;
  EXPECT_EQ(loaded.loss, "bce");
  EXPECT_EQ(loaded.preprocessor.scale(), (std::vector<float>{1, 0.5f}));
  EXPECT_EQ(loaded.class_names, expected.class_names);
  EXPECT_EQ(loaded.feature_names, expected.feature_names);
  EXPECT_EQ(loaded.target_names, expected.target_names);
  EXPECT_EQ(loaded.metadata, expected.metadata);
  EXPECT_EQ(serialize_model(expected), bytes);
}

}  // namespace
}  // namespace bprop
