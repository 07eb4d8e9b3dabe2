// Class labels: integers are canonicalised ("07" and "7" are one class) and sorted by value;
// names are sorted bytewise. A model's class names, when given, fix the mapping instead.
#include "csv_labels.h"

#include <algorithm>
#include <cstdio>
#include <numeric>

#include "bprop/errors.h"

namespace bprop::csv {

namespace {

// The label's identity: integers by value, anything else by its text.
std::string canonical(std::string_view text, const CellNumber& n) {
  if (n.status == CellNumber::Status::kOk && n.integer) return std::to_string(n.integer_value);
  return std::string(text);
}

}  // namespace

std::string format_number(double value) {
  char text[32];
  std::snprintf(text, sizeof text, "%g", value);
  return text;
}

LabelCollector::LabelCollector(const std::string& name, const CsvOptions& options)
    : name_(name), options_(options), fixed_(!options.class_names.empty()) {
  for (std::size_t i = 0; i < options.class_names.size(); ++i) {
    const std::string& n = options.class_names[i];
    ids_.emplace(canonical(n, parse_cell(n)), static_cast<int>(i));
  }
}

void LabelCollector::add(const Field& field, std::size_t line) {
  if (options_.target_kind == CsvOptions::Targets::kValues && !fixed_) return;
  const CellNumber n = parse_cell(field.text);
  if (n.status == CellNumber::Status::kEmpty) {
    fail(name_, line, field.column, "empty cell, expected a target");
  }
  const std::string key = canonical(field.text, n);
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
  const auto [it, inserted] = ids_.emplace(key, static_cast<int>(distinct_.size()));
  if (inserted) {
    distinct_.push_back(key);
    all_integer_ = all_integer_ && integer;
    if (all_integer_) integers_.push_back(n.integer_value);
  }
  rows_.push_back(it->second);
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
            std::to_string(rows_.size()) + " rows, so a quantity";
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
  return distinct_.size() > 20 && distinct_.size() * 10 > rows_.size();
}

int LabelCollector::index(std::size_t row) const {
  return fixed_ ? rows_[row] : remap_[rows_[row]];
}

}  // namespace bprop::csv
