// Internal to the CSV reader: collects a target column's class labels, decides whether the column
// holds classes, and maps labels to class indices (sorted, so the mapping is deterministic). Each
// thread of the reader collects its part of the file; merge() joins them in file order.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "csv_records.h"

namespace bprop::csv {

class LabelCollector {
 public:
  LabelCollector(const std::string& name, const CsvOptions& options);

  // Records one label; throws DataError for an empty cell, or for a label outside the fixed
  // class mapping (CsvOptions::class_names).
  void add(const Field& field, std::size_t line);
  // Joins the labels `later` collected from the rest of the file; returns the id here of each
  // of its label ids (the identity for a fixed mapping).
  std::vector<int> merge(const LabelCollector& later);
  // Applies the CsvOptions::Targets rules to the labels seen; true when they are classes.
  // Throws DataError when classes are required but a label is a non-integer number.
  bool decide_classes(std::size_t target_count);
  // Valid after decide_classes() returned true.
  const std::vector<std::string>& class_names() const { return names_; }
  // The label id of this collector's row `row` (counted from its first add()), and the class
  // index of an id, here or from merge().
  int id(std::size_t row) const { return rows_[row]; }
  int class_of(int id) const { return fixed_ ? id : remap_[id]; }
  int index(std::size_t row) const { return class_of(id(row)); }
  // Why integer labels were read as values, when they were (empty otherwise).
  const std::string& task() const { return task_; }
  // For a first row that the header rule took as data: throws DataError when its label is text
  // that no other row has while every other class has several rows, the mark of a header whose
  // feature names are numbers (`400,410,420,label`), which the rule cannot tell from data.
  void refuse_header_as_class() const;

 private:
  const std::string& name_;
  const CsvOptions& options_;
  // Looks labels up by string_view, so a label already seen allocates nothing.
  struct Hash {
    using is_transparent = void;
    std::size_t operator()(std::string_view s) const { return std::hash<std::string_view>{}(s); }
  };
  int insert(std::string_view key, const CellNumber& n);
  std::unordered_map<std::string, int, Hash, std::equal_to<>> ids_;  // canonical label -> id
  std::vector<std::string> distinct_;                                // by first-seen id
  std::vector<CellNumber> numbers_;                                  // distinct_ read as numbers
  std::vector<long long> integers_;  // distinct_ as integers, while all are
  std::vector<int> rows_;            // each row's id (fixed: its class index)
  std::size_t row_count_ = 0;        // rows here and in merged collectors
  std::vector<int> remap_;           // first-seen id -> sorted class index
  std::vector<std::string> names_;
  // Rows per first-seen id, here and in merged collectors; where the first label was.
  std::vector<std::size_t> counts_;
  std::size_t first_line_ = 0, first_column_ = 0;
  bool fixed_ = false;
  bool exact_ = false;  // fixed names that are not one per integer: labels match by text
  bool any_text_ = false;
  bool all_integer_ = true;
  bool too_many_integers() const;

  std::string fraction_;  // position and text of the first non-integer number, if any
  std::string task_;
};

// A short decimal form of a bound for messages ("0", "1", "-inf").
std::string format_number(double value);

}  // namespace bprop::csv
