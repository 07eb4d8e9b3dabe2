// CSV reading. The first records decide the delimiter, the header and every column's role
// (csv_layout.cpp). The file is then read by one part per thread (csv_parts.h). Errors are reported
// as a sequential reader would: the first structural error (a ragged row, a bad label, a quoting
// error) in the file, else the first bad cell.
#include "bprop/data/csv.h"

#include <sys/stat.h>

#include "bprop/data/data_file.h"
#include "bprop/errors.h"
#include "csv_layout.h"
#include "csv_parts.h"

namespace bprop {

namespace {

Dataset parse_source(const csv::TextSource& source, const std::string& name,
                     const CsvOptions& options, CsvColumns* columns) {
  const std::string head = source.head(2);
  CsvOptions o = options;
  o.delimiter = csv::detect_delimiter(head, options);
  const csv::Layout l = csv::read_layout(head, name, o);
  const bool fixed_classes =
      !o.class_names.empty() || o.target_kind == CsvOptions::Targets::kClasses;
  const csv::ReadPlan plan{name, l, o, !fixed_classes, csv::line_rule(source, head, name, o, l)};
  csv::ParsedRange range = csv::parse_range(source, plan, {}, source.size());
  source.check_unchanged();
  csv::throw_structural(range);
  if (range.data.size() == 0) throw DataError(name + ": no data rows (only a header)");
  if (csv::settle_labels(range, l)) {
    const csv::LabelCollector& labels = range.parts.front()->labels();
    if (o.header == CsvOptions::Header::kAuto && !l.header) labels.refuse_header_as_class();
    range.data.class_names = labels.class_names();
  }
  if (columns != nullptr) {
    csv::describe_columns(l, o, range.parts.front()->labels(), *columns);
    columns->blank_lines = range.blank_lines;
    csv::collect_kept(range, columns->kept);
  }
  return std::move(range.data);
}

bool is_regular_file(const std::string& path) {
  struct stat info {};
  return path != "-" && ::stat(path.c_str(), &info) == 0 && S_ISREG(info.st_mode);
}

}  // namespace

Dataset parse_csv(std::string_view text, const std::string& name, const CsvOptions& options,
                  CsvColumns* columns) {
  const csv::TextSource source(text);
  return parse_source(source, name, options, columns);
}

Dataset read_csv(const std::string& path, const CsvOptions& options, CsvColumns* columns) {
  const std::string name = path == "-" ? "<stdin>" : path;
  if (is_regular_file(path)) {
    const csv::TextSource source(path, name, options.max_file_bytes);
    const std::string head = source.read(0, 4096);
    const auto bytes = std::span(reinterpret_cast<const unsigned char*>(head.data()), head.size());
    if (sniff_data_file(bytes) != DataFileKind::kGzip) {
      refuse_binary(bytes, name, "CSV");
      return parse_source(source, name, options, columns);
    }
  }
  const std::vector<unsigned char> bytes = read_data_file(path, options.max_file_bytes);
  refuse_binary(bytes, name, "CSV");
  const std::string_view text(reinterpret_cast<const char*>(bytes.data()), bytes.size());
  return parse_csv(text, name, options, columns);
}

CsvOptions::Targets parse_target_kind(std::string_view text) {
  if (text == "auto") return CsvOptions::Targets::kAuto;
  if (text == "classes") return CsvOptions::Targets::kClasses;
  if (text == "values") return CsvOptions::Targets::kValues;
  throw ConfigError("unknown target kind '" + std::string(text) +
                    "' (known: auto, classes, values)");
}

}  // namespace bprop
