// One part of a CSV file, read in one pass: see csv_chunk.h.
#include "csv_chunk.h"

#include <charconv>
#include <cmath>
#include <cstring>

#include "bprop/errors.h"

namespace bprop::csv {

namespace {

using Status = CellNumber::Status;

// A cell that is not a number, with what the reader can tell about why.
std::string not_a_number(const Field& f, const std::string& what, char delimiter) {
  std::string text = "expected " + what + ", got " + quote_cell(f.text);
  const std::string_view cell = f.text;
  const std::size_t comma = cell.find(',');
  const bool decimal_comma = comma != std::string_view::npos && comma > 0 &&
                             parse_cell(cell.substr(0, comma)).status == Status::kOk &&
                             parse_cell(cell.substr(comma + 1)).status == Status::kOk;
  if (decimal_comma) {
    text +=
        " (a decimal comma? bprop reads only '.' as the decimal point: convert the file, "
        "e.g. export it from the spreadsheet with a '.' decimal separator)";
  } else if (delimiter == ',' && (cell.find(';') != std::string_view::npos ||
                                  cell.find('\t') != std::string_view::npos)) {
    text += " (is the file separated by ';' or tabs? pass --delimiter)";
  }
  return text;
}

// "column 'x': " for a header, else "column 3: ", so a message says which column is wrong.
std::string column_name(const Layout& l, std::size_t c) {
  return l.header ? "column '" + l.names[c] + "': " : "column " + std::to_string(c) + ": ";
}

// Why a cell that parse_number() did not accept as a finite float is refused.
std::string bad_number(const ReadPlan& plan, const Field& f, std::size_t column,
                       const CellNumber& n, const std::string& what) {
  const std::string col = column_name(plan.layout, column);
  if (n.status == Status::kEmpty) return col + "empty cell, expected " + what;
  if (n.status == Status::kNotANumber) {
    return col + not_a_number(f, what, plan.options.delimiter);
  }
  if (n.status == Status::kOutOfRange || std::isfinite(n.value)) {
    return col + quote_cell(f.text) + " is out of range for a float";
  }
  return col + "non-finite value " + quote_cell(f.text) + ", expected a finite " + what;
}

// A cell the plain path may take as it is: not empty, no quote, no blank at either end.
bool plain_text(std::string_view cell) {
  const auto blank = [](char c) { return c == ' ' || c == '\t'; };
  return !cell.empty() && !blank(cell.front()) && !blank(cell.back()) &&
         cell.find('"') == std::string_view::npos;
}

std::vector<int> slots(std::size_t columns, const std::vector<std::size_t>& chosen) {
  std::vector<int> slot(columns, -1);
  for (std::size_t j = 0; j < chosen.size(); ++j) slot[chosen[j]] = static_cast<int>(j);
  return slot;
}

// The cell as a float in `out`, or false with `error` set (the message after "file:line:col: ").
bool read_number(const ReadPlan& plan, const Field& f, std::size_t column, bool allow_nonfinite,
                 const char* what, float& out, std::string& error) {
  const CellNumber n = parse_number(f.text);
  if (n.status == Status::kOk && fits_float(n.value, allow_nonfinite)) {
    out = static_cast<float>(n.value);
    return true;
  }
  error = bad_number(plan, f, column, n, what);
  return false;
}

}  // namespace

ChunkParser::ChunkParser(const ReadPlan& plan, std::uint64_t offset, std::size_t first_line,
                         std::size_t first_row, bool skip_header, Matrix* inputs, Matrix* targets)
    : plan_(plan),
      offset_(offset),
      line_(first_line),
      first_row_(first_row),
      skip_header_(skip_header),
      inputs_(inputs),
      targets_(targets),
      scratch_(plan.layout.features.size() + plan.layout.targets.size()),
      plain_ok_(std::string_view("0123456789+-.eEinfatyINFATYxX()_").find(plan.options.delimiter) ==
                std::string_view::npos),
      feature_of_column_(slots(plan.layout.columns, plan.layout.features)),
      target_of_column_(slots(plan.layout.columns, plan.layout.targets)),
      cells_(plan.layout.columns),
      labels_(plan.name, plan.options),
      kept_(plan.layout.kept.size()) {}

bool ChunkParser::feed(std::string_view piece) {
  if (structural_) return false;
  RecordReader reader(piece, plan_.name, plan_.options, line_, offset_ == 0, offset_, plan_.rule);
  offset_ += piece.size();
  try {
    while (reader.next_line()) {
      if (skip_header_) {
        skip_header_ = false;
        continue;
      }
      if (plain_ok_ && !numbers_stopped_ && read_plain_record(reader.text(), reader.line())) {
        continue;
      }
      reader.split_text();
      read_record(reader);
    }
  } catch (const DataError& e) {
    structural_ = e.what();
    return false;
  }
  line_ = reader.line();
  return true;
}

// A record of plain cells read without splitting it first: std::from_chars finds where each number
// ends, which must be a delimiter or the line's end, so every byte is looked at once. Anything
// else (quotes, blanks, a bad or missing cell, a ragged row) returns false with nothing recorded,
// and the general path reads the record instead, giving the same values or the same errors.
bool ChunkParser::read_plain_record(std::string_view line, std::size_t line_number) {
  const Layout& l = plan_.layout;
  const CsvOptions& o = plan_.options;
  const bool values = plan_.values_possible && !target_error_;
  const int at = static_cast<int>(first_row_ + rows_);
  float* x = inputs_ != nullptr ? inputs_->row(at) : scratch_.data();
  float* y = targets_ != nullptr ? targets_->row(at) : scratch_.data() + l.features.size();
  const char* p = line.data();
  const char* const end = p + line.size();
  for (std::size_t c = 0; c < l.columns; ++c) {
    double value = 0.0;
    auto [next, ec] = std::from_chars(p, end, value);
    const bool number = ec == std::errc() && (next == end || *next == o.delimiter);
    if (!number) {
      next =
          static_cast<const char*>(std::memchr(p, o.delimiter, static_cast<std::size_t>(end - p)));
      if (next == nullptr) next = end;
    }
    cells_[c] = std::string_view(p, static_cast<std::size_t>(next - p));
    if (!number && !plain_text(cells_[c])) return false;
    if (const int j = feature_of_column_[c]; j >= 0) {
      if (!number || !fits_float(value, o.allow_nonfinite)) return false;
      x[j] = static_cast<float>(value);
    }
    if (const int j = target_of_column_[c]; j >= 0 && values) {
      if (!number || !fits_float(value, false)) return false;
      y[j] = static_cast<float>(value);
      if (!(y[j] >= o.target_min && y[j] <= o.target_max)) return false;
    }
    if ((next == end) != (c + 1 == l.columns)) return false;  // too few or too many fields
    p = next + 1;
  }
  if (l.targets.size() == 1) {
    const std::string_view label = cells_[l.targets[0]];
    labels_.add({label, static_cast<std::size_t>(label.data() - line.data()) + 1, false},
                line_number);
  }
  for (std::size_t k = 0; k < l.kept.size(); ++k) kept_[k].emplace_back(cells_[l.kept[k]]);
  ++rows_;
  return true;
}

void ChunkParser::read_record(const RecordReader& reader) {
  const Layout& l = plan_.layout;
  const auto& fields = reader.fields();
  if (fields.size() != l.columns) {
    fail(plan_.name, reader.line(), 0,
         "expected " + std::to_string(l.columns) + " fields (as in the " +
             (l.header ? "header" : "first row") + "), got " + std::to_string(fields.size()) +
             (reader.text().starts_with('#')
                  ? " (a line starting with '#' is a comment only before the first record)"
                  : ""));
  }
  if (l.targets.size() == 1) labels_.add(fields[l.targets[0]], reader.line());
  for (std::size_t k = 0; k < l.kept.size(); ++k) kept_[k].emplace_back(fields[l.kept[k]].text);
  const std::size_t row = rows_++;
  if (numbers_stopped_) return;
  const int at = static_cast<int>(first_row_ + row);
  float* x = inputs_ != nullptr ? inputs_->row(at) : scratch_.data();
  if (!read_features(fields, reader.line(), x)) return;
  if (plan_.values_possible && !target_error_ && !l.targets.empty()) {
    read_targets(fields, reader.line(),
                 targets_ != nullptr ? targets_->row(at) : scratch_.data() + l.features.size());
  }
}

bool ChunkParser::read_features(const std::vector<Field>& fields, std::size_t line, float* x) {
  const Layout& l = plan_.layout;
  const bool nonfinite = plan_.options.allow_nonfinite;
  std::string error;
  for (std::size_t j = 0; j < l.features.size(); ++j) {
    const std::size_t c = l.features[j];
    if (!read_number(plan_, fields[c], c, nonfinite, "a number", x[j], error)) {
      feature_error_ =
          CellError{first_row_ + rows_ - 1, where(plan_.name, line, fields[c].column) + error};
      numbers_stopped_ = true;
      return false;
    }
  }
  return true;
}

void ChunkParser::read_targets(const std::vector<Field>& fields, std::size_t line, float* y) {
  const Layout& l = plan_.layout;
  const CsvOptions& o = plan_.options;
  std::string error;
  for (std::size_t j = 0; j < l.targets.size(); ++j) {
    const std::size_t c = l.targets[j];
    const Field& f = fields[c];
    if (read_number(plan_, f, c, false, "a numeric target", y[j], error)) {
      if (y[j] >= o.target_min && y[j] <= o.target_max) continue;
      error = column_name(l, c) + "target " + quote_cell(f.text) + " outside [" +
              format_number(o.target_min) + ", " + format_number(o.target_max) + "]";
    }
    target_error_ = CellError{first_row_ + rows_ - 1, where(plan_.name, line, f.column) + error};
    return;
  }
}

}  // namespace bprop::csv
