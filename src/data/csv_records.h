// Internal to the CSV reader: walks the text record by record (LineRule: which lines are records),
// splits each record into fields under the quoting policy of bprop/data/csv.h, and formats the
// "file:line:col: " positions that every CSV error starts with.
#pragma once

#include <cmath>
#include <cstddef>
#include <cstdint>
#include <limits>
#include <string>
#include <string_view>
#include <vector>

#include "bprop/data/csv.h"

namespace bprop::csv {

struct Field {
  std::string_view text;  // unquoted, trimmed of spaces and tabs
  std::size_t column;     // 1-based byte column where the field starts
  bool quoted;
};

// A number parsed from a cell, or why it is not one.
struct CellNumber {
  enum class Status { kOk, kEmpty, kNotANumber, kOutOfRange };
  Status status = Status::kNotANumber;
  double value = 0.0;
  bool integer = false;  // written as an integer (no '.', no exponent) that fits a long long
  long long integer_value = 0;
};

// std::from_chars over the whole (trimmed) cell; a leading '+' is accepted, hex is not.
CellNumber parse_cell(std::string_view cell);
// parse_cell without the integer reading (CellNumber::integer stays false): the feature cells'
// path, which needs only the value.
CellNumber parse_number(std::string_view cell);

// Whether a parsed value may go into a float matrix: finite and within float range, or non-finite
// when that is allowed.
inline bool fits_float(double value, bool allow_nonfinite) {
  return std::isfinite(value) ? std::fabs(value) <= 3.4028234663852886e38 : allow_nonfinite;
}

// Which lines are records (docs/data-formats.md, "Records"). Lines before the first record, blank
// or starting with '#', are a leading comment block; blank lines after the file's last line that
// is not blank are its end; both are nothing. Between them a line starting with '#' is a record
// like any other, and a blank line is a record of one empty cell in a file of one column, else
// skipped and counted (the commands say how many).
struct LineRule {
  static constexpr std::uint64_t kUnknown = std::numeric_limits<std::uint64_t>::max();
  // The first record's byte offset in the file; kUnknown: the first line that is neither blank
  // nor starts with '#' (a reader from the file's start finds it, and sets it).
  std::uint64_t first_record = kUnknown;
  // Where the blank lines that end the file start (kUnknown: nowhere).
  std::uint64_t data_end = kUnknown;
  bool one_column = false;
};
enum class LineKind { kNothing, kRecord, kBlank };
// The text of a line ending at "\n", without the carriage returns before the "\n": "\r\n", and
// "\r\r\n" (a CRLF file converted to CRLF again), which pandas and Python's csv read as a line
// end too; kept, the "\r" made a last cell "a\r" a class or category apart from "a". A "\r"
// anywhere else is text.
inline std::string_view without_line_end(std::string_view line) {
  while (!line.empty() && line.back() == '\r') line.remove_suffix(1);
  return line;
}
// What the line (without its line end, without_line_end) at `offset` is; sets rule.first_record
// when it was kUnknown and this is the first record.
LineKind classify_line(std::string_view line, std::uint64_t offset, LineRule& rule);
// Where the blank lines that end `text` start (text.size() when it does not end in one).
std::uint64_t trailing_blank_start(std::string_view text);

class RecordReader {
 public:
  // `text` must outlive the reader; a UTF-8 BOM at its start is skipped.
  RecordReader(std::string_view text, const std::string& name, const CsvOptions& options);
  // A piece of a file that starts at a line start, at byte `offset`: its first line is line
  // first_line + 1, and a BOM is skipped only at the file's start. options.delimiter must be set.
  RecordReader(std::string_view piece, const std::string& name, const CsvOptions& options,
               std::size_t first_line, bool file_start, std::uint64_t offset, const LineRule& rule);

  // Moves to the next record; false at the end of the text. Throws DataError for an over-long
  // line, too many fields or a quoting error.
  bool next();
  // next() without splitting the record: text() is the record's line (no line end), and
  // split_text() then splits it as next() would have.
  bool next_line();
  std::string_view text() const { return line_text_; }
  void split_text() { split(line_text_); }
  std::size_t line() const { return line_; }
  std::uint64_t line_offset() const { return line_offset_; }  // the record's, in the file
  // Blank lines skipped so far (LineKind::kBlank).
  std::size_t blank_lines() const { return blank_lines_; }
  // Lines starting with '#' skipped before the first record (a leading comment block).
  std::size_t comment_lines() const { return comment_lines_; }
  // From now on blank lines inside the data are records of one empty cell (a one-column file).
  void set_one_column(bool one) { rule_.one_column = one; }
  // Lines from `offset` on are the file's end (when they are blank): a file read in pieces.
  void set_data_end(std::uint64_t offset) { rule_.data_end = offset; }
  const std::vector<Field>& fields() const { return fields_; }
  char delimiter() const { return delimiter_; }

 private:
  void split(std::string_view line);
  std::size_t quoted_field(std::string_view line, std::size_t pos);

  std::string_view text_;
  const std::string& name_;
  const CsvOptions& options_;
  std::size_t pos_ = 0;
  std::size_t line_ = 0;
  std::uint64_t offset_ = 0;  // text_'s in the file
  std::uint64_t line_offset_ = 0;
  LineRule rule_;
  std::size_t blank_lines_ = 0;
  std::size_t comment_lines_ = 0;
  std::string_view line_text_;
  std::vector<Field> fields_;
  std::string scratch_;  // unescaped quoted fields; reserved per line so views stay valid
  char delimiter_;       // options.delimiter, or the one detected from the text when it is 0
};

// "data.csv:3:7: " (col 0 leaves the column out).
std::string where(const std::string& name, std::size_t line, std::size_t col = 0);
// The cell in single quotes, shortened to 40 bytes, with control and non-ASCII bytes escaped.
std::string quote_cell(std::string_view cell);
[[noreturn]] void fail(const std::string& name, std::size_t line, std::size_t col,
                       const std::string& what);

}  // namespace bprop::csv
