// The binary data file corpus (fuzz/corpus/binary_data): valid files with and without names,
// classes and a tabular encoding, and the damaged ones of docs/reliability.md (truncated, a
// flipped bit in the header and in the rows).
#include <filesystem>
#include <fstream>
#include <iterator>

#include "bprop/data/binary_data.h"
#include "corpus_file.h"

namespace {

Bytes converted(const bprop::Dataset& d, const bprop::BinaryDataInfo& info) {
  const std::filesystem::path path = std::filesystem::temp_directory_path() / "corpus.bpd";
  bprop::write_binary_data(path.string(), d, info);
  std::ifstream in(path, std::ios::binary);
  Bytes bytes{std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
  std::filesystem::remove(path);
  return bytes;
}

bprop::Dataset small(int rows, int features, bool classes) {
  bprop::Dataset d;
  d.inputs.resize(rows, features);
  d.targets.resize(rows, 1);
  for (int r = 0; r < rows; ++r) {
    for (int c = 0; c < features; ++c) d.inputs(r, c) = static_cast<float>(r - c) * 0.25f;
    d.targets(r, 0) = classes ? static_cast<float>(r % 2) : static_cast<float>(r) * 1.5f;
  }
  if (classes) d.class_names = {"no", "yes"};
  return d;
}

}  // namespace

void binary_data_corpus(const std::filesystem::path& root) {
  const auto put = [&](const std::string& name, const Bytes& bytes) {
    write_corpus_file(root, "binary_data", name, bytes);
  };
  const bprop::Dataset values = small(5, 2, false);
  put("valid-values", converted(values, bprop::binary_data_info(values, {}, {}, {})));
  bprop::Dataset named = small(8, 3, true);
  named.feature_names = {"a", "b", "colour=red"};
  named.target_names = {"label"};
  bprop::TabularEncoding tabular;
  tabular.na_values = {"NA"};
  tabular.columns = {{.name = "a", .fill = 0.5},
                     {.name = "b", .fill = 2.0},
                     {.name = "colour", .categories = {"red"}, .fill_category = 0}};
  tabular.targets = {"label"};
  const Bytes good = converted(
      named, bprop::binary_data_info(named, tabular, {.imputed = 3, .unseen = 1, .dropped_rows = 0},
                                     {.path = "d.csv", .size = 100, .options = "target="}));
  put("valid-classes-tabular", good);
  put("truncated", Bytes(good.begin(), good.end() - 9));
  Bytes header_flip = good;
  header_flip[30] ^= 4;
  put("header-bit-flip", header_flip);
  Bytes row_flip = good;
  row_flip[row_flip.size() - 70] ^= 1;
  put("row-bit-flip", row_flip);
}
