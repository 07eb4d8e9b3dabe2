// A range of a CSV file read by several threads: see csv_parts.h.
#include "csv_parts.h"

#include <algorithm>
#include <climits>
#include <exception>
#include <thread>

#include "bprop/errors.h"

namespace bprop::csv {

namespace {

int thread_count(const CsvOptions& o, std::uint64_t bytes) {
  if (o.threads > 0) return o.threads;
  const std::uint64_t cores = std::max(1U, std::thread::hardware_concurrency());
  return static_cast<int>(std::clamp<std::uint64_t>(bytes / o.read_block_bytes, 1, cores));
}

// The range's parts: their bounds and line and record counts.
struct Parts {
  std::vector<std::uint64_t> bounds;
  std::vector<LineCount> counts;
  int size() const { return static_cast<int>(counts.size()); }
};

Parts count_parts(const TextSource& source, const ReadPlan& plan, std::uint64_t begin,
                  std::uint64_t end) {
  const CsvOptions& o = plan.options;
  Parts p;
  p.bounds = split_at_lines(source, thread_count(o, end - begin), begin, end);
  p.counts.resize(p.bounds.size() - 1);
  run_parts(p.size(), [&](int k) {
    std::uint64_t at = p.bounds[k];
    LineRule rule = plan.rule;
    source.for_each_piece(p.bounds[k], p.bounds[k + 1], o.read_block_bytes,
                          [&](std::string_view piece) {
                            const LineCount c = count_lines(piece, at, rule);
                            at += piece.size();
                            p.counts[k].lines += c.lines;
                            p.counts[k].records += c.records;
                            p.counts[k].blank += c.blank;
                          });
  });
  return p;
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

// Data rows among the first `records` records of the file.
std::size_t rows_in(std::size_t records, bool header) {
  return records - (header && records > 0 ? 1 : 0);
}

// The first bad cell in file order; a target only counts when the targets are values.
const CellError* first_bad_cell(const std::vector<std::unique_ptr<ChunkParser>>& parts,
                                bool classes) {
  for (const auto& part : parts) {
    const auto& feature = part->feature_error();
    const auto& target = part->target_error();
    if (!classes && target && (!feature || target->row < feature->row)) return &*target;
    if (feature) return &*feature;
  }
  return nullptr;
}

}  // namespace

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

ParsedRange parse_range(const TextSource& source, const ReadPlan& plan, RangeStart start,
                        std::uint64_t end, bool check_only) {
  const Layout& l = plan.layout;
  const Parts p = count_parts(source, plan, start.offset, end);
  ParsedRange range;
  for (const auto& c : p.counts) range.records += c.records;
  for (const auto& c : p.counts) range.blank_lines += c.blank;
  const std::size_t rows_before = rows_in(start.records, l.header);
  const std::size_t rows = rows_in(start.records + range.records, l.header) - rows_before;
  range.data = shaped_dataset(l, plan.name, check_only ? 0 : rows);
  Matrix* inputs = check_only ? nullptr : &range.data.inputs;
  Matrix* targets = check_only ? nullptr : &range.data.targets;
  std::size_t records = start.records, lines = start.lines;
  for (int k = 0; k < p.size(); ++k) {
    const bool header_here = l.header && records == 0 && p.counts[k].records > 0;
    const std::size_t first_row = rows_in(records, l.header) - rows_before;
    range.parts.push_back(std::make_unique<ChunkParser>(plan, p.bounds[k], lines, first_row,
                                                        header_here, inputs, targets));
    lines += p.counts[k].lines;
    records += p.counts[k].records;
  }
  range.lines = lines - start.lines;
  run_parts(p.size(), [&](int k) {
    source.for_each_piece(p.bounds[k], p.bounds[k + 1], plan.options.read_block_bytes,
                          [&](std::string_view piece) { range.parts[k]->feed(piece); });
  });
  return range;
}

LineRule line_rule(const TextSource& source, std::string_view head, const std::string& name,
                   const CsvOptions& o, const Layout& l) {
  RecordReader reader(head, name, o);
  LineRule rule;
  if (reader.next_line()) rule.first_record = reader.line_offset();
  rule.data_end = source.data_end();
  rule.one_column = l.columns == 1;
  return rule;
}

void throw_structural(const ParsedRange& range) {
  for (const auto& part : range.parts) {
    if (part->structural_error()) throw DataError(*part->structural_error());
  }
}

bool settle_labels(ParsedRange& range, const Layout& l) {
  auto& parts = range.parts;
  if (parts.empty()) return false;
  LabelCollector& labels = parts.front()->labels();
  std::vector<std::vector<int>> ids(parts.size());
  for (std::size_t k = 1; k < parts.size(); ++k) ids[k] = labels.merge(parts[k]->labels());
  const bool classes = labels.decide_classes(l.targets.size());
  if (const CellError* bad = first_bad_cell(parts, classes)) throw DataError(bad->message);
  if (!classes) return false;
  for (std::size_t k = 0; k < parts.size(); ++k) {
    const ChunkParser& part = *parts[k];
    for (std::size_t i = 0; i < part.rows(); ++i) {
      const int id = parts[k]->labels().id(i);
      const int row = static_cast<int>(part.first_row() + i);
      range.data.targets(row, 0) = static_cast<float>(labels.class_of(k == 0 ? id : ids[k][id]));
    }
  }
  return true;
}

void describe_columns(const Layout& l, const CsvOptions& o, const LabelCollector& labels,
                      CsvColumns& columns) {
  columns.header = l.header;
  columns.delimiter = o.delimiter;
  columns.names = l.names;
  columns.targets = l.targets;
  columns.features = l.features;
  columns.comment_lines = l.comment_lines;
  for (std::size_t c : l.ignored) columns.ignored.push_back(l.names[c]);
  columns.task = labels.task();
  columns.kept.resize(l.kept.size());
  for (std::size_t c : l.kept) {
    columns.kept_names.push_back(l.header ? l.names[c] : "column " + std::to_string(c));
  }
}

void collect_kept(ParsedRange& range, std::vector<std::vector<std::string>>& kept) {
  for (const auto& part : range.parts) {
    for (std::size_t k = 0; k < kept.size(); ++k) {
      auto& from = part->kept()[k];
      kept[k].insert(kept[k].end(), std::make_move_iterator(from.begin()),
                     std::make_move_iterator(from.end()));
    }
  }
}

}  // namespace bprop::csv
