// Record splitting and cell parsing for the CSV reader.
#include "csv_records.h"

#include <charconv>
#include <cmath>
#include <cstdio>
#include <cstring>

#include "bprop/errors.h"
#include "csv_layout.h"

namespace bprop::csv {

namespace {

bool is_blank(char c) { return c == ' ' || c == '\t'; }

std::string_view trim(std::string_view s) {
  while (!s.empty() && is_blank(s.front())) s.remove_prefix(1);
  while (!s.empty() && is_blank(s.back())) s.remove_suffix(1);
  return s;
}

// The cell trimmed; from_chars rejects '+', so it is dropped when a digit or '.' follows ("+-1"
// stays an error).
std::string_view number_text(std::string_view cell) {
  cell = trim(cell);
  if (cell.size() > 1 && cell[0] == '+' && cell[1] != '-' && cell[1] != '+') cell.remove_prefix(1);
  return cell;
}

}  // namespace

std::string where(const std::string& name, std::size_t line, std::size_t col) {
  // Appends piece by piece: g++ 12 -O3 warns falsely (-Wrestrict) on ":" + std::string.
  std::string text = name;
  text += ':';
  text += std::to_string(line);
  if (col > 0) {
    text += ':';
    text += std::to_string(col);
  }
  text += ": ";
  return text;
}

std::string quote_cell(std::string_view cell) {
  constexpr std::size_t kMax = 40;
  std::string text = "'";
  for (std::size_t i = 0; i < cell.size() && i < kMax; ++i) {
    const auto c = static_cast<unsigned char>(cell[i]);
    if (c < 0x20 || c >= 0x7f) {
      char hex[8];
      std::snprintf(hex, sizeof hex, "\\x%02x", c);
      text += hex;
    } else {
      text += static_cast<char>(c);
    }
  }
  if (cell.size() > kMax) text += "...";
  return text + "'";
}

void fail(const std::string& name, std::size_t line, std::size_t col, const std::string& what) {
  throw DataError(where(name, line, col) + what);
}

CellNumber parse_cell(std::string_view cell) {
  CellNumber n = parse_number(cell);
  if (n.status == CellNumber::Status::kOk) {
    cell = number_text(cell);
    const char* last = cell.data() + cell.size();
    const auto [iend, iec] = std::from_chars(cell.data(), last, n.integer_value);
    n.integer = iec == std::errc() && iend == last;
  }
  return n;
}

LineKind classify_line(std::string_view line, std::uint64_t offset, LineRule& rule) {
  if (offset >= rule.data_end) return LineKind::kNothing;  // only blank lines lie there
  const bool blank = trim(line).empty();
  if (rule.first_record == LineRule::kUnknown) {
    if (blank || line.front() == '#') return LineKind::kNothing;
    rule.first_record = offset;
    return LineKind::kRecord;
  }
  if (offset < rule.first_record) return LineKind::kNothing;
  if (!blank) return LineKind::kRecord;
  return rule.one_column ? LineKind::kRecord : LineKind::kBlank;
}

std::uint64_t trailing_blank_start(std::string_view text) {
  const std::size_t last = text.find_last_not_of(" \t\r\n");
  if (last == std::string_view::npos) return 0;
  const std::size_t newline = text.find('\n', last);
  return newline == std::string_view::npos ? text.size() : newline + 1;
}

CellNumber parse_number(std::string_view cell) {
  CellNumber n;
  cell = number_text(cell);
  if (cell.empty()) {
    n.status = CellNumber::Status::kEmpty;
    return n;
  }
  const char* first = cell.data();
  const char* last = first + cell.size();
  const auto [end, ec] = std::from_chars(first, last, n.value);
  if (end != last || (ec != std::errc() && ec != std::errc::result_out_of_range)) {
    n.status = CellNumber::Status::kNotANumber;
    return n;
  }
  if (ec == std::errc::result_out_of_range) {
    n.status = CellNumber::Status::kOutOfRange;
    return n;
  }
  n.status = CellNumber::Status::kOk;
  return n;
}

RecordReader::RecordReader(std::string_view text, const std::string& name,
                           const CsvOptions& options)
    : text_(text), name_(name), options_(options), delimiter_(detect_delimiter(text, options)) {
  if (text_.substr(0, 3) == "\xEF\xBB\xBF") pos_ = 3;
  rule_.data_end = trailing_blank_start(text);
}

RecordReader::RecordReader(std::string_view piece, const std::string& name,
                           const CsvOptions& options, std::size_t first_line, bool file_start,
                           std::uint64_t offset, const LineRule& rule)
    : text_(piece),
      name_(name),
      options_(options),
      line_(first_line),
      offset_(offset),
      rule_(rule),
      delimiter_(options.delimiter) {
  if (file_start && text_.substr(0, 3) == "\xEF\xBB\xBF") pos_ = 3;
}

bool RecordReader::next() {
  if (!next_line()) return false;
  split(line_text_);
  return true;
}

bool RecordReader::next_line() {
  while (pos_ < text_.size()) {
    const std::size_t newline = text_.find('\n', pos_);
    const std::size_t end = newline == std::string_view::npos ? text_.size() : newline;
    std::string_view line = text_.substr(pos_, end - pos_);
    const std::uint64_t at = offset_ + pos_;
    pos_ = end + 1;
    ++line_;
    line = without_line_end(line);
    if (line.size() > options_.max_line_bytes) {
      fail(name_, line_, 0,
           "line is " + std::to_string(line.size()) + " bytes long, over the limit of " +
               std::to_string(options_.max_line_bytes) + " bytes (max_line_bytes)");
    }
    const LineKind kind = classify_line(line, at, rule_);
    blank_lines_ += kind == LineKind::kBlank;
    // After the first record a '#' line is a record, so a skipped one is a leading comment.
    comment_lines_ += kind == LineKind::kNothing && line.starts_with('#');
    if (kind != LineKind::kRecord) continue;
    line_offset_ = at;
    line_text_ = line;
    return true;
  }
  return false;
}

void RecordReader::split(std::string_view line) {
  fields_.clear();
  scratch_.clear();
  scratch_.reserve(line.size());  // never reallocates below, so views into it stay valid
  const char delimiter = delimiter_;
  // Space-separated files align their columns with runs of spaces: a run is one delimiter, and
  // spaces at either end of the line separate nothing.
  const bool space_runs = delimiter == ' ';
  std::size_t pos = 0;
  while (space_runs && !line.empty() && (line.back() == ' ' || line.back() == '\r')) {
    line.remove_suffix(1);
  }
  while (space_runs && pos < line.size() && line[pos] == ' ') ++pos;
  while (true) {
    if (fields_.size() >= options_.max_columns) {
      fail(name_, line_, pos + 1,
           "more than " + std::to_string(options_.max_columns) + " fields (max_columns)");
    }
    std::size_t start = pos;
    while (start < line.size() && is_blank(line[start]) && line[start] != delimiter) ++start;
    if (start < line.size() && line[start] == '"') {
      pos = quoted_field(line, start);
    } else {
      std::size_t end = start;
      while (end < line.size() && line[end] != delimiter) {
        if (line[end] == '"') {
          fail(name_, line_, end + 1,
               "a double quote inside an unquoted field; quote the whole field (\"a \"\"b\"\"\") "
               "or remove the quote");
        }
        ++end;
      }
      fields_.push_back({trim(line.substr(start, end - start)), start + 1, false});
      pos = end;
    }
    if (pos >= line.size()) return;
    ++pos;  // past the delimiter; a trailing delimiter makes one more, empty field
    while (space_runs && pos < line.size() && line[pos] == ' ') ++pos;
    if (pos == line.size()) {
      if (fields_.size() >= options_.max_columns) {
        fail(name_, line_, pos + 1,
             "more than " + std::to_string(options_.max_columns) + " fields (max_columns)");
      }
      fields_.push_back({{}, pos + 1, false});
      return;
    }
  }
}

// Reads the quoted field starting at line[start] == '"'; returns the position after it.
std::size_t RecordReader::quoted_field(std::string_view line, std::size_t start) {
  const std::size_t begin = scratch_.size();
  std::size_t pos = start + 1;
  while (true) {
    if (pos >= line.size()) {
      fail(name_, line_, start + 1, "unterminated quoted field (a quoted field cannot span lines)");
    }
    if (line[pos] == '"') {
      if (pos + 1 < line.size() && line[pos + 1] == '"') {
        scratch_ += '"';
        pos += 2;
        continue;
      }
      ++pos;
      break;
    }
    scratch_ += line[pos++];
  }
  while (pos < line.size() && is_blank(line[pos]) && line[pos] != delimiter_) ++pos;
  if (pos < line.size() && line[pos] != delimiter_) {
    fail(name_, line_, pos + 1, "unexpected text after a closing quote, expected a delimiter");
  }
  const std::string_view text(scratch_.data() + begin, scratch_.size() - begin);
  fields_.push_back({trim(text), start + 1, true});
  return pos;
}

}  // namespace bprop::csv
