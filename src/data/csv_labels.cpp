// Class labels: integers are canonicalised ("07" and "7" are one class) and sorted by value;
// names are sorted bytewise. A model's class names, when given, fix the mapping instead.
#include "csv_labels.h"

#include <algorithm>
#include <charconv>
#include <cstdio>
#include <numeric>

#include "bprop/errors.h"

namespace bprop::csv {

namespace {

// The label's identity: integers by value, anything else by its text. `digits` holds the
// integer's text, so no label allocates.
std::string_view canonical(std::string_view text, const CellNumber& n, char (&digits)[24]) {
  if (n.status != CellNumber::Status::kOk || !n.integer) return text;
  const auto end = std::to_chars(digits, digits + sizeof digits, n.integer_value).ptr;
  return std::string_view(digits, static_cast<std::size_t>(end - digits));
}

}  // namespace

std::string format_number(double value) {
  char text[32];
  std::snprintf(text, sizeof text, "%g", value);
  return text;
}

LabelCollector::LabelCollector(const std::string& name, const CsvOptions& options)
    : name_(name), options_(options), fixed_(!options.class_names.empty()) {
  for (std::size_t i = 0; i < options.class_names.size() && !exact_; ++i) {
    const std::string& n = options.class_names[i];
    char digits[24];
    exact_ = !ids_.emplace(canonical(n, parse_cell(n), digits), static_cast<int>(i)).second;
  }
  // Two names of one integer ("07" and "7", a Python model's string labels) are two classes:
  // reading both by value would score every "7" as "07", so labels then match by their text.
  if (exact_) {
    ids_.clear();
    for (std::size_t i = 0; i < options.class_names.size(); ++i) {
      ids_.emplace(options.class_names[i], static_cast<int>(i));
    }
  }
}

void LabelCollector::add(const Field& field, std::size_t line) {
  if (options_.target_kind == CsvOptions::Targets::kValues && !fixed_) return;
  const CellNumber n = parse_cell(field.text);
  if (n.status == CellNumber::Status::kEmpty) {
    fail(name_, line, field.column, "empty cell, expected a target");
  }
  char digits[24];
  const std::string_view key = exact_ ? field.text : canonical(field.text, n, digits);
  if (row_count_++ == 0) first_line_ = line, first_column_ = field.column;
  if (fixed_) {
    const auto it = ids_.find(key);
    if (it == ids_.end()) {
      std::string known;
      for (std::size_t i = 0; i < options_.class_names.size() && i < 20; ++i) {
        known += (i ? ", " : "") + options_.class_names[i];
      }
      if (options_.class_names.size() > 20) known += ", ...";
      fail(name_, line, field.column,
           "label " + quote_cell(field.text) + " is not one of the model's " +
               std::to_string(options_.class_names.size()) + " classes (" + known + ")");
    }
    rows_.push_back(it->second);
    return;
  }
  const bool integer = n.status == CellNumber::Status::kOk && n.integer;
  if (n.status == CellNumber::Status::kNotANumber) any_text_ = true;
  if (!integer && n.status != CellNumber::Status::kNotANumber && fraction_.empty()) {
    fraction_ = where(name_, line, field.column) + "class label " + quote_cell(field.text);
  }
  rows_.push_back(insert(key, n));
  ++counts_[rows_.back()];
}

int LabelCollector::insert(std::string_view key, const CellNumber& n) {
  const auto it = ids_.find(key);
  if (it != ids_.end()) return it->second;
  const int id = static_cast<int>(distinct_.size());
  ids_.emplace(std::string(key), id);
  distinct_.emplace_back(key);
  numbers_.push_back(n);
  counts_.push_back(0);
  all_integer_ = all_integer_ && n.status == CellNumber::Status::kOk && n.integer;
  if (all_integer_) integers_.push_back(n.integer_value);
  return id;
}

std::vector<int> LabelCollector::merge(const LabelCollector& later) {
  if (row_count_ == 0) first_line_ = later.first_line_, first_column_ = later.first_column_;
  row_count_ += later.row_count_;
  std::vector<int> ids(later.distinct_.size());
  if (fixed_) {
    ids.resize(options_.class_names.size());
    std::iota(ids.begin(), ids.end(), 0);
    return ids;
  }
  any_text_ = any_text_ || later.any_text_;
  if (fraction_.empty()) fraction_ = later.fraction_;
  for (std::size_t i = 0; i < later.distinct_.size(); ++i) {
    ids[i] = insert(later.distinct_[i], later.numbers_[i]);
    counts_[ids[i]] += later.counts_[i];
  }
  return ids;
}

void LabelCollector::refuse_header_as_class() const {
  if (fixed_ || distinct_.size() < 2 || counts_[0] != 1 ||
      numbers_[0].status != CellNumber::Status::kNotANumber) {
    return;
  }
  for (std::size_t id = 1; id < counts_.size(); ++id) {
    if (counts_[id] < 2) return;  // single-row classes are this file's way, the first's too
  }
  throw DataError(where(name_, first_line_, first_column_) + "class label " +
                  quote_cell(distinct_[0]) +
                  " is in the first row only, while every other class has several rows: is the "
                  "first row a header whose column names are numbers? Pass --header yes if it "
                  "is, --header no if it is data");
}

bool LabelCollector::decide_classes(std::size_t target_count) {
  using Targets = CsvOptions::Targets;
  if (target_count == 0) return false;
  const bool wanted = fixed_ || options_.target_kind == Targets::kClasses;
  if (wanted && target_count != 1) {
    throw DataError(name_ + ": class labels need exactly one target column, got " +
                    std::to_string(target_count));
  }
  if (fixed_) {
    names_ = options_.class_names;
    return true;
  }
  if (target_count != 1 || options_.target_kind == Targets::kValues) return false;
  if (!wanted && !any_text_ && !all_integer_) return false;  // auto: fractional numbers
  if (!wanted && !any_text_ && too_many_integers()) {
    task_ = std::to_string(distinct_.size()) + " distinct whole numbers in " +
            std::to_string(row_count_) + " rows, so a quantity";
    return false;
  }
  if (!fraction_.empty()) {
    throw DataError(fraction_ +
                    " is not an integer; class labels are integers or names (numeric targets "
                    "need a regression loss)");
  }
  std::vector<int> order(distinct_.size());
  std::iota(order.begin(), order.end(), 0);
  if (all_integer_) {
    std::sort(order.begin(), order.end(),
              [&](int a, int b) { return integers_[a] < integers_[b]; });
  } else {
    std::sort(order.begin(), order.end(),
              [&](int a, int b) { return distinct_[a] < distinct_[b]; });
  }
  remap_.assign(distinct_.size(), 0);
  for (std::size_t i = 0; i < order.size(); ++i) {
    remap_[order[i]] = static_cast<int>(i);
    names_.push_back(distinct_[order[i]]);
  }
  return true;
}

bool LabelCollector::too_many_integers() const {
  // Class labels repeat: more than 20 distinct values and more than one per 10 rows is a count
  // or a measurement written without decimals (a disease progression score, a price).
  return distinct_.size() > 20 && distinct_.size() * 10 > row_count_;
}

}  // namespace bprop::csv
