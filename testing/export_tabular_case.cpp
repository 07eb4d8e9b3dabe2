// Export test cases with a tabular encoding: see make_tabular_export_case in export_check.h.
#include <charconv>
#include <cmath>
#include <fstream>
#include <limits>

#include "bprop/data/tabular.h"
#include "bprop/random.h"
#include "bprop/registry.h"
#include "testing/export_check.h"

namespace bprop::testing {

namespace {

constexpr float kMissing = std::numeric_limits<float>::quiet_NaN();

std::string shortest(float v) {
  char text[32];
  return {text, std::to_chars(text, text + sizeof text, v).ptr};
}

// One generated row: a number, a category and two more numbers; `unseen` allows a category that
// training never had. Missing cells are empty strings.
std::vector<std::string> random_row(Rng& rng, int r, bool unseen) {
  static const char* const kColors[] = {"red", "blue", "green", "purple"};
  const int color = static_cast<int>(rng.uniform() * (unseen ? 4 : 3)) % (unseen ? 4 : 3);
  std::vector<std::string> row{
      r % 7 == 3 ? "NA" : shortest(static_cast<float>(50.0 + 10.0 * rng.normal())),
      r % 5 == 2 ? "?" : kColors[color], shortest(static_cast<float>(rng.normal())),
      r % 9 == 4 ? "" : shortest(static_cast<float>(3.0 * rng.normal()))};
  return row;
}

std::string csv_of(const std::vector<std::vector<std::string>>& rows, bool with_target) {
  std::string text = with_target ? "size,color,x,y,target\n" : "size,color,x,y\n";
  for (std::size_t r = 0; r < rows.size(); ++r) {
    for (std::size_t c = 0; c < rows[r].size(); ++c) text.append(c ? "," : "").append(rows[r][c]);
    if (with_target) text.append(r % 2 ? ",yes\n" : ",no\n");
    if (!with_target) text += '\n';
  }
  return text;
}

// The encoded vector the exports take: numbers as they are, a category as 0/1 columns (all zeros
// when unseen), NaN for every column of a missing cell.
std::vector<float> encode(const std::vector<std::string>& row, const TabularEncoding& e) {
  std::vector<float> x;
  for (std::size_t c = 0; c < e.columns.size(); ++c) {
    const bool missing = row[c].empty() || row[c] == "NA" || row[c] == "?";
    const ColumnEncoding& column = e.columns[c];
    if (!column.is_categorical()) {
      x.push_back(missing ? kMissing : std::stof(row[c]));
      continue;
    }
    for (const std::string& category : column.categories) {
      x.push_back(missing ? kMissing : (category == row[c] ? 1.0f : 0.0f));
    }
  }
  return x;
}

}  // namespace

ExportCase make_tabular_export_case(const std::string& name, const std::string& layers,
                                    const std::string& loss) {
  Rng rng(std::hash<std::string>{}(name));
  std::vector<std::vector<std::string>> train, test;
  for (int r = 0; r < 200; ++r) train.push_back(random_row(rng, r, false));
  for (int r = 0; r < 300; ++r) test.push_back(random_row(rng, r, r % 11 == 5));
  const std::string train_csv = csv_of(train, true);
  const auto encoding = fit_tabular(train_csv, name, {}, CsvOptions{}, TabularOptions{});
  if (!encoding) throw std::logic_error("the tabular case needs an encoding");
  TabularCounts counts;
  const Dataset data = parse_tabular_csv(train_csv, name, *encoding, CsvOptions{}, counts);
  ExportCase ec{name, Model{}, Matrix(static_cast<int>(test.size()), data.inputs.cols()), {}};
  for (std::size_t r = 0; r < test.size(); ++r) {
    const std::vector<float> x = encode(test[r], *encoding);
    std::copy(x.begin(), x.end(), ec.inputs.row(static_cast<int>(r)));
  }
  ec.csv = csv_of(test, false);
  Model& m = ec.model;
  m.network = build_network<float>(data.inputs.cols(), layers);
  m.network.initialize(rng.next_u64());
  m.loss = loss;
  m.preprocessor = Preprocessor::fit(Scaling::kStandardize, data.inputs);
  m.feature_names = encoding->feature_names();
  m.tabular = encoding;
  if (loss == "bce") m.class_names = {"no", "yes"};
  m.target_names = {"target"};
  m.metadata = {{"case", name}};
  return ec;
}

void write_case_csv(const std::string& path, const ExportCase& c) {
  if (c.csv.empty()) return write_csv(path, c.inputs, c.model.feature_names);
  std::ofstream(path, std::ios::binary) << c.csv;
}

}  // namespace bprop::testing
