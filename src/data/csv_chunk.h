// Internal to the CSV reader: one thread's part of the file, read in one pass. Each record's field
// count and class label are checked (the "structural" checks) and its cells parsed straight into
// the final matrices. The first structural error stops the part; the first bad cell only stops
// the number parsing, so that the reader can still report what a sequential reader would have
// reported first: any structural error in the file before any bad cell (csv.cpp).
#pragma once

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "bprop/matrix.h"
#include "csv_labels.h"
#include "csv_layout.h"
#include "csv_records.h"

namespace bprop::csv {

// What every part shares (read-only).
struct ReadPlan {
  const std::string& name;
  const Layout& layout;
  const CsvOptions& options;  // with the delimiter decided
  bool values_possible;       // the targets may turn out to be values: parse them as numbers
  LineRule rule;              // which lines are records (csv_parts.h, line_rule)
};

// A bad cell: which data row (0-based, in the whole file) and the message.
struct CellError {
  std::size_t row = 0;
  std::string message;
};

class ChunkParser {
 public:
  // The part starts at byte `offset` of the file, and its first line is line first_line + 1;
  // skip_header: the part holds the header record (first). Rows go to row first_row + i of
  // `inputs` and `targets`, or nowhere when they are null (checking only).
  ChunkParser(const ReadPlan& plan, std::uint64_t offset, std::size_t first_line,
              std::size_t first_row, bool skip_header, Matrix* inputs, Matrix* targets);

  // Reads a piece of whole lines that follows the previous one. Returns false once a structural
  // error stopped the part.
  bool feed(std::string_view piece);

  std::size_t rows() const { return rows_; }
  std::size_t first_row() const { return first_row_; }
  const std::optional<std::string>& structural_error() const { return structural_; }
  const std::optional<CellError>& feature_error() const { return feature_error_; }
  const std::optional<CellError>& target_error() const { return target_error_; }
  LabelCollector& labels() { return labels_; }
  std::vector<std::vector<std::string>>& kept() { return kept_; }

 private:
  bool read_plain_record(std::string_view line, std::size_t line_number);
  void read_record(const RecordReader& reader);
  bool read_features(const std::vector<Field>& fields, std::size_t line, float* x);
  void read_targets(const std::vector<Field>& fields, std::size_t line, float* y);

  const ReadPlan& plan_;
  std::uint64_t offset_;  // of the next piece
  std::size_t line_;
  std::size_t first_row_;
  bool skip_header_;
  Matrix* inputs_;
  Matrix* targets_;
  std::vector<float> scratch_;           // the row when there is no output
  bool plain_ok_;                        // the delimiter cannot be part of a number
  std::vector<int> feature_of_column_;   // each column's feature index, or -1
  std::vector<int> target_of_column_;    // each column's target index, or -1
  std::vector<std::string_view> cells_;  // read_plain_record's cells
  std::size_t rows_ = 0;
  bool numbers_stopped_ = false;
  std::optional<std::string> structural_;
  std::optional<CellError> feature_error_;
  std::optional<CellError> target_error_;
  LabelCollector labels_;
  std::vector<std::vector<std::string>> kept_;
};

}  // namespace bprop::csv
