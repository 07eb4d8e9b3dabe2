// CSV reading. The first records decide the delimiter, the header and every column's role
// (csv_layout.cpp). The file is then split at line starts into one part per thread; a first pass
// counts each part's lines and records, so every part knows its first line and row, and the
// matrices are allocated at their exact size; a second pass reads each part straight into them
// (csv_chunk.cpp). Errors are reported as a sequential reader would: the first structural error
// (a ragged row, a bad label, a quoting error) in the file, else the first bad cell.
#include "bprop/data/csv.h"

#include <sys/stat.h>

#include <algorithm>
#include <climits>
#include <exception>
#include <functional>
#include <memory>
#include <thread>

#include "bprop/data/data_file.h"
#include "bprop/errors.h"
#include "csv_chunk.h"
#include "csv_labels.h"
#include "csv_layout.h"
#include "csv_source.h"

namespace bprop {

namespace {

using csv::ChunkParser;
using csv::Layout;
using csv::TextSource;

// Runs part(k) for k in [0, parts), each on its own thread (part 0 on this one), and rethrows the
// first part's exception, if any.
void run_parts(int parts, const std::function<void(int)>& part) {
  std::vector<std::exception_ptr> errors(static_cast<std::size_t>(parts));
  auto run = [&](int k) {
    try {
      part(k);
    } catch (...) {
      errors[static_cast<std::size_t>(k)] = std::current_exception();
    }
  };
  std::vector<std::thread> threads;
  for (int k = 1; k < parts; ++k) threads.emplace_back(run, k);
  run(0);
  for (auto& t : threads) t.join();
  for (const auto& e : errors) {
    if (e) std::rethrow_exception(e);
  }
}

int thread_count(const CsvOptions& o, std::uint64_t bytes) {
  if (o.threads > 0) return o.threads;
  const std::uint64_t cores = std::max(1U, std::thread::hardware_concurrency());
  return static_cast<int>(std::clamp<std::uint64_t>(bytes / o.read_block_bytes, 1, cores));
}

// The file's parts: their bounds and line and record counts.
struct Parts {
  std::vector<std::uint64_t> bounds;
  std::vector<csv::LineCount> counts;
  int size() const { return static_cast<int>(counts.size()); }
};

Parts count_parts(const TextSource& source, const CsvOptions& o) {
  Parts p;
  p.bounds = csv::split_at_lines(source, thread_count(o, source.size()));
  p.counts.resize(p.bounds.size() - 1);
  run_parts(p.size(), [&](int k) {
    bool file_start = p.bounds[k] == 0;
    source.for_each_piece(p.bounds[k], p.bounds[k + 1], o.read_block_bytes,
                          [&](std::string_view piece) {
                            const csv::LineCount c = csv::count_lines(piece, file_start);
                            file_start = false;
                            p.counts[k].lines += c.lines;
                            p.counts[k].records += c.records;
                          });
  });
  return p;
}

void describe_columns(const Layout& l, const CsvOptions& o, const csv::LabelCollector& labels,
                      CsvColumns& columns) {
  columns.header = l.header;
  columns.delimiter = o.delimiter;
  columns.names = l.names;
  columns.targets = l.targets;
  columns.features = l.features;
  for (std::size_t c : l.ignored) columns.ignored.push_back(l.names[c]);
  columns.task = labels.task();
  columns.kept.resize(l.kept.size());
  for (std::size_t c : l.kept) {
    columns.kept_names.push_back(l.header ? l.names[c] : "column " + std::to_string(c));
  }
}

// An empty dataset of `rows` rows shaped and named by the layout (targets: one per column).
Dataset shaped_dataset(const Layout& l, const std::string& name, std::size_t rows) {
  if (rows > static_cast<std::size_t>(INT_MAX)) throw DataError(name + ": too many rows");
  Dataset data;
  data.name = name;
  const int n = static_cast<int>(rows);
  data.inputs = Matrix(n, static_cast<int>(l.features.size()));
  data.targets = Matrix(n, static_cast<int>(l.targets.size()));
  for (std::size_t c : l.features) {
    if (l.header) data.feature_names.push_back(l.names[c]);
  }
  for (std::size_t c : l.targets) {
    data.target_names.push_back(l.header ? l.names[c] : std::to_string(c));
  }
  return data;
}

// The first bad cell in file order; a target only counts when the targets are values.
const csv::CellError* first_bad_cell(const std::vector<std::unique_ptr<ChunkParser>>& parts,
                                     bool classes) {
  for (const auto& part : parts) {
    const auto& feature = part->feature_error();
    const auto& target = part->target_error();
    if (!classes && target && (!feature || target->row < feature->row)) return &*target;
    if (feature) return &*feature;
  }
  return nullptr;
}

// Joins the parts' labels into the first part's, decides whether they are classes and, if so,
// writes each row's class index.
bool settle_labels(std::vector<std::unique_ptr<ChunkParser>>& parts, const Layout& l,
                   Matrix& targets) {
  csv::LabelCollector& labels = parts.front()->labels();
  std::vector<std::vector<int>> ids(parts.size());
  for (std::size_t k = 1; k < parts.size(); ++k) ids[k] = labels.merge(parts[k]->labels());
  const bool classes = labels.decide_classes(l.targets.size());
  if (const csv::CellError* bad = first_bad_cell(parts, classes)) throw DataError(bad->message);
  if (!classes) return false;
  for (std::size_t k = 0; k < parts.size(); ++k) {
    const ChunkParser& part = *parts[k];
    for (std::size_t i = 0; i < part.rows(); ++i) {
      const int id = parts[k]->labels().id(i);
      const int row = static_cast<int>(part.first_row() + i);
      targets(row, 0) = static_cast<float>(labels.class_of(k == 0 ? id : ids[k][id]));
    }
  }
  return true;
}

Dataset parse_source(const TextSource& source, const std::string& name, const CsvOptions& options,
                     CsvColumns* columns) {
  const std::string head = source.head(2);
  CsvOptions o = options;
  o.delimiter = csv::detect_delimiter(head, options);
  const Layout l = csv::read_layout(head, name, o);
  const Parts p = count_parts(source, o);
  std::size_t records = 0, lines = 0;
  for (const auto& c : p.counts) records += c.records;
  const std::size_t rows = records - (l.header ? 1 : 0);
  Dataset data = shaped_dataset(l, name, rows);
  const bool fixed_classes =
      !o.class_names.empty() || o.target_kind == CsvOptions::Targets::kClasses;
  const csv::ReadPlan plan{name, l, o, !fixed_classes};
  std::vector<std::unique_ptr<ChunkParser>> parts;
  records = 0;
  for (int k = 0; k < p.size(); ++k) {
    const bool header_here = l.header && records == 0 && p.counts[k].records > 0;
    const std::size_t first_row = records - (l.header && records > 0 ? 1 : 0);
    parts.push_back(std::make_unique<ChunkParser>(plan, lines, first_row, header_here,
                                                  p.bounds[k] == 0, &data.inputs, &data.targets));
    lines += p.counts[k].lines;
    records += p.counts[k].records;
  }
  run_parts(p.size(), [&](int k) {
    source.for_each_piece(p.bounds[k], p.bounds[k + 1], o.read_block_bytes,
                          [&](std::string_view piece) { parts[k]->feed(piece); });
  });
  source.check_unchanged();
  for (const auto& part : parts) {
    if (part->structural_error()) throw DataError(*part->structural_error());
  }
  if (rows == 0) throw DataError(name + ": no data rows (only a header)");
  if (settle_labels(parts, l, data.targets)) {
    data.class_names = parts.front()->labels().class_names();
  }
  if (columns != nullptr) {
    describe_columns(l, o, parts.front()->labels(), *columns);
    for (const auto& part : parts) {
      for (std::size_t k = 0; k < l.kept.size(); ++k) {
        auto& from = part->kept()[k];
        columns->kept[k].insert(columns->kept[k].end(), std::make_move_iterator(from.begin()),
                                std::make_move_iterator(from.end()));
      }
    }
  }
  return data;
}

bool is_regular_file(const std::string& path) {
  struct stat info {};
  return path != "-" && ::stat(path.c_str(), &info) == 0 && S_ISREG(info.st_mode);
}

}  // namespace

Dataset parse_csv(std::string_view text, const std::string& name, const CsvOptions& options,
                  CsvColumns* columns) {
  const TextSource source(text);
  return parse_source(source, name, options, columns);
}

Dataset read_csv(const std::string& path, const CsvOptions& options, CsvColumns* columns) {
  const std::string name = path == "-" ? "<stdin>" : path;
  if (is_regular_file(path)) {
    const TextSource source(path, name, options.max_file_bytes);
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
