// The binary data file: a round trip keeps every value and name; any truncation or flipped bit is
// a DataError naming the file, never a crash or a partial read.
#include "bprop/data/binary_data.h"

#include <gtest/gtest.h>

#include <fstream>
#include <iterator>

#include "bprop/errors.h"
#include "testing/expect_error.h"
#include "testing/run_command.h"

namespace bprop {
namespace {

Dataset sample_data(int rows) {
  Dataset d;
  d.inputs.resize(rows, 3);
  d.targets.resize(rows, 1);
  for (int r = 0; r < rows; ++r) {
    for (int c = 0; c < 3; ++c)
      d.inputs(r, c) = static_cast<float>(r) * 0.5f - static_cast<float>(c);
    d.targets(r, 0) = static_cast<float>(r % 3);
  }
  d.feature_names = {"a", "b", "colour=red"};
  d.target_names = {"species"};
  d.class_names = {"x", "y", "z"};
  return d;
}

BinaryDataInfo sample_info(const Dataset& d) {
  TabularEncoding tabular;
  tabular.na_values = {"NA"};
  tabular.columns = {{.name = "a", .fill = 1.5},
                     {.name = "b"},
                     {.name = "colour", .categories = {"red"}, .fill_category = 0}};
  tabular.targets = {"species"};
  return binary_data_info(
      d, tabular, {.imputed = 4, .unseen = 0, .dropped_rows = 2},
      {.path = "s.csv", .size = 10, .mtime_ns = 7, .sampled_hash = 9, .options = "target=last"});
}

std::vector<unsigned char> read_bytes(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  return {std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
}

std::string written(const Dataset& d, const std::string& name) {
  const std::string path = testing::temp_folder() + "/" + name;
  write_binary_data(path, d, sample_info(d));
  return path;
}

TEST(BinaryData, RoundTripKeepsValuesNamesAndEncoding) {
  const Dataset d = sample_data(100);
  const BinaryData b = open_binary_data(written(d, "round.bpd"));
  EXPECT_EQ(b.data.inputs, d.inputs);
  EXPECT_EQ(b.data.targets, d.targets);
  EXPECT_TRUE(b.data.inputs.is_view());  // mapped, not copied
  EXPECT_EQ(reinterpret_cast<std::uintptr_t>(b.data.inputs.data()) % 64, 0u);
  EXPECT_EQ(b.data.feature_names, d.feature_names);
  EXPECT_EQ(b.data.class_names, d.class_names);
  EXPECT_EQ(b.data.target_names, d.target_names);
  ASSERT_TRUE(b.info.tabular.has_value());
  EXPECT_EQ(b.info.tabular->feature_names(), d.feature_names);
  EXPECT_EQ(b.info.counts.dropped_rows, 2);
  EXPECT_EQ(b.info.source, sample_info(d).source);
}

TEST(BinaryData, WritingInBlocksGivesTheSameFile) {
  const Dataset d = sample_data(200'000);  // several checksum blocks
  const std::string whole = written(d, "whole.bpd");
  const std::string path = testing::temp_folder() + "/blocks.bpd";
  BinaryDataWriter writer(path, sample_info(d));
  for (int r = 0; r < d.size(); r += 777) {
    const int n = std::min(777, d.size() - r);
    writer.append({d.inputs.row(r), static_cast<std::size_t>(n) * 3},
                  {d.targets.row(r), static_cast<std::size_t>(n)});
  }
  writer.commit();
  EXPECT_EQ(read_bytes(path), read_bytes(whole));
}

TEST(BinaryData, EveryTruncationIsRefused) {
  const std::vector<unsigned char> file = read_bytes(written(sample_data(50), "t.bpd"));
  for (std::size_t size = 0; size < file.size(); size += size < 200 ? 1 : 97) {
    testing::expect_error<DataError>(
        [&] { parse_binary_data(std::span(file).first(size), "t.bpd"); }, {"t.bpd: "});
  }
}

TEST(BinaryData, EveryFlippedBitIsFoundOrHarmless) {
  const Dataset d = sample_data(50);
  std::vector<unsigned char> file = read_bytes(written(d, "f.bpd"));
  int refused = 0;
  for (std::size_t i = 0; i < file.size(); ++i) {
    file[i] ^= 0x10;
    try {
      const BinaryData b = parse_binary_data(file, "f.bpd");
      // Only the zero padding before a page-aligned matrix is not covered: the rows are intact.
      EXPECT_EQ(b.data.inputs, d.inputs) << "byte " << i;
      EXPECT_EQ(b.data.targets, d.targets) << "byte " << i;
    } catch (const DataError& e) {
      EXPECT_EQ(std::string(e.what()).rfind("f.bpd: ", 0), 0u) << e.what();
      ++refused;
    }
    file[i] ^= 0x10;
  }
  EXPECT_GT(refused, 1000);
}

TEST(BinaryData, MessagesSayWhatIsWrong) {
  const Dataset d = sample_data(300'000);
  std::vector<unsigned char> file = read_bytes(written(d, "m.bpd"));
  testing::expect_error<DataError>(
      [&] { parse_binary_data(std::span(file).first(file.size() - 1), "m.bpd"); },
      {"m.bpd: truncated", "convert the CSV again"});
  file[8] = 2;  // the version
  testing::expect_error<DataError>([&] { parse_binary_data(file, "m.bpd"); },
                                   {"version 2", "reads version 1"});
  file[8] = 1;
  file[file.size() / 2] ^= 1;  // inside the inputs
  testing::expect_error<DataError>([&] { parse_binary_data(file, "m.bpd"); },
                                   {"the inputs' bytes", "fail their checksum"});
  testing::expect_error<DataError>(
      [] { parse_binary_data(std::vector<unsigned char>(100, 'x'), "x.csv"); },
      {"x.csv: not a bprop binary data file"});
}

TEST(BinaryData, ClassIndexOutsideTheClassesIsRefused) {
  Dataset d = sample_data(10);
  d.targets(7, 0) = 3.0f;  // only 3 classes
  testing::expect_error<DataError>([&] { open_binary_data(written(d, "c.bpd")); },
                                   {"row 7: target 3", "not a class index below 3"});
}

TEST(BinaryData, MissingFileIsADataError) {
  testing::expect_error<DataError>([] { open_binary_data("/nonexistent/x.bpd"); },
                                   {"/nonexistent/x.bpd: cannot read"});
}

TEST(BinaryData, SourceHashSeesASampledBlockChange) {
  const std::string path = testing::temp_folder() + "/source.csv";
  std::string text(1 << 20, 'a');
  { std::ofstream(path, std::ios::binary) << text; }
  const uint64_t before = source_sample_hash(path);
  text[(1 << 20) / 17 * 5 + 10] = 'b';  // inside the 5th sampled block
  { std::ofstream(path, std::ios::binary) << text; }
  EXPECT_NE(source_sample_hash(path), before);
}

}  // namespace
}  // namespace bprop
