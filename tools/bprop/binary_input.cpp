// Binary data files in the CLI: see binary_input.h.
#include "binary_input.h"

#include <memory>

#include "bprop/data/data_file.h"
#include "bprop/errors.h"

namespace bprop::cli {

namespace {

std::string listed(const std::vector<std::string>& names) {
  std::string text;
  for (std::size_t i = 0; i < names.size() && i < 10; ++i) text += (i ? ", " : "") + names[i];
  if (names.size() > 10) text += ", ... (" + std::to_string(names.size()) + " in all)";
  return text;
}

bool same_encoding(const TabularEncoding& a, const TabularEncoding& b) {
  if (a.na_values != b.na_values || a.targets != b.targets ||
      a.columns.size() != b.columns.size() || a.strict_categories != b.strict_categories) {
    return false;
  }
  for (std::size_t i = 0; i < a.columns.size(); ++i) {
    const ColumnEncoding& x = a.columns[i];
    const ColumnEncoding& y = b.columns[i];
    if (x.name != y.name || x.categories != y.categories || x.fill != y.fill ||
        x.fill_category != y.fill_category) {
      return false;
    }
  }
  return true;
}

void check_features(const std::string& path, const BinaryDataInfo& info,
                    const CsvOptions& expected) {
  if (!expected.feature_names.empty() && !info.feature_names.empty() &&
      info.feature_names != expected.feature_names) {
    throw InputWidthError(path + ": its features (" + listed(info.feature_names) +
                          ") are not the ones expected (" + listed(expected.feature_names) +
                          "), in that order");
  }
  if (expected.feature_count >= 0 && info.features != expected.feature_count) {
    throw InputWidthError(path + ": " + std::to_string(info.features) + " features, but " +
                          std::to_string(expected.feature_count) + " are expected");
  }
}

void check_targets(const std::string& path, const BinaryDataInfo& info,
                   const CsvOptions& expected) {
  if (expected.presence != CsvOptions::Presence::kRequired) return;  // predict ignores them
  const bool classes = !info.class_names.empty();
  if (expected.target_kind == CsvOptions::Targets::kClasses && !classes) {
    throw DataError(path + ": its targets are values, but class labels are expected");
  }
  if (expected.target_kind == CsvOptions::Targets::kValues && classes) {
    throw DataError(path + ": its targets are classes (" + listed(info.class_names) +
                    "), but values are expected");
  }
  if (!expected.class_names.empty() && classes && info.class_names != expected.class_names) {
    throw DataError(path + ": its classes (" + listed(info.class_names) +
                    ") are not the ones expected (" + listed(expected.class_names) + ")");
  }
}

}  // namespace

bool is_binary_data_file(const std::string& path) {
  // Only a regular file is sniffed: a stream (a pipe, /dev/stdin) is never one (it is mapped),
  // and reading its head here would take those bytes from the reader that comes next.
  return sniff_regular_file(path) == DataFileKind::kBinaryData;
}

Dataset read_binary_dataset(const std::string& path, const CsvOptions& expected,
                            const TabularEncoding* encoding, BinaryDataInfo* info_out) {
  BinaryData b = open_binary_data(path);
  check_features(path, b.info, expected);
  check_targets(path, b.info, expected);
  if (encoding != nullptr && (!b.info.tabular || !same_encoding(*encoding, *b.info.tabular))) {
    throw DataError(path + ": it was converted " +
                    (b.info.tabular ? "through another tabular encoding (other medians or "
                                      "categories) than"
                                    : "without the tabular encoding of") +
                    " the training data, so its numbers mean something else; convert its CSV "
                    "with `bprop convert FILE.csv --like TRAIN.bpd` (or --like MODEL)");
  }
  if (info_out != nullptr) *info_out = std::move(b.info);
  return std::move(b.data);
}

void replace_matrix(Matrix& slot, Matrix&& value) {
  std::destroy_at(&slot);
  std::construct_at(&slot, std::move(value));
}

std::string describe_binary_data(const BinaryDataInfo& info) {
  // Appended piece by piece: g++ 12 warns falsely (-Wrestrict) on "literal" + std::string chains.
  std::string text = "binary data file";
  if (!info.source.path.empty()) text += " (from " + info.source.path + ")";
  text += ", ";
  text += std::to_string(info.features);
  text += " features; target ";
  if (info.target_names.empty()) {
    text += "unnamed";
  } else {
    text += '\'';
    text += listed(info.target_names);
    text += '\'';
  }
  if (info.class_names.empty()) {
    text += ": values";
    return text;
  }
  text += ": ";
  text += std::to_string(info.class_names.size());
  text += " classes (";
  text += listed(info.class_names);
  text += ")";
  return text;
}

}  // namespace bprop::cli
