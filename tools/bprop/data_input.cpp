// Data files for every command that reads them.
#include "data_input.h"

#include <sys/stat.h>

#include <algorithm>
#include <cstdio>
#include <string_view>

#include "bprop/data/data_file.h"
#include "bprop/data/idx.h"
#include "bprop/errors.h"
#include "exit_codes.h"

namespace bprop::cli {

namespace {

char parse_delimiter(const std::string& text) {
  if (text == "auto") return 0;
  if (text == "tab" || text == "\\t") return '\t';
  if (text == "space") return ' ';
  return text.size() == 1 ? text[0] : 0;
}

std::string shown(char delimiter) {
  if (delimiter == '\t') return "tab";
  if (delimiter == ' ') return "space";
  return std::string("'") + delimiter + "'";
}

std::string join(const std::vector<std::string>& names) {
  std::string text;
  for (std::size_t i = 0; i < names.size() && i < 20; ++i) text += (i ? ", " : "") + names[i];
  if (names.size() > 20) text += ", ... (" + std::to_string(names.size()) + " in all)";
  return text;
}

}  // namespace

void add_csv_format_flags(CLI::App& cmd, CsvFormatArgs& a) {
  cmd.add_option("--header", a.header,
                 "Whether the CSV's first row names the columns (auto: when a cell of it is text "
                 "over a number)")
      ->check(CLI::IsMember({"auto", "yes", "no"}))
      ->capture_default_str();
  cmd.add_option("--delimiter", a.delimiter,
                 "CSV field separator: one character, tab or space; auto = ',' unless the first "
                 "row is separated by ';' or tabs")
      ->check(CLI::Validator(
          [](std::string& text) -> std::string {
            if (text == "auto" || parse_delimiter(text) != 0) return {};
            return "expected one character, tab, space or auto, got '" + text + "'";
          },
          "CHAR"))
      ->capture_default_str();
}

CsvOptions csv_options(const CsvFormatArgs& a) {
  CsvOptions o;
  o.header = a.header == "yes"  ? CsvOptions::Header::kYes
             : a.header == "no" ? CsvOptions::Header::kNo
                                : CsvOptions::Header::kAuto;
  o.delimiter = parse_delimiter(a.delimiter);
  return o;
}

Dataset read_data(const std::string& path, const std::string& labels, const CsvOptions& options,
                  CsvColumns* columns, bool need_labels) {
  if (!labels.empty()) return load_idx_dataset(path, labels);
  // A plain text file is parsed in blocks, never read whole into memory.
  if (sniff_regular_file(path) == DataFileKind::kText) return read_csv(path, options, columns);
  const std::vector<unsigned char> bytes = read_data_file(path, options.max_file_bytes);
  return parse_data(bytes, path == "-" ? "<stdin>" : path, options, columns, need_labels);
}

bool is_stream(const std::string& path) {
  struct stat info {};
  return path == "-" ||
         (::stat(path.c_str(), &info) == 0 && !S_ISREG(info.st_mode) && !S_ISDIR(info.st_mode));
}

Dataset parse_data(std::span<const unsigned char> bytes, const std::string& name,
                   const CsvOptions& options, CsvColumns* columns, bool need_labels) {
  if (sniff_data_file(bytes) == DataFileKind::kIdx) {
    if (need_labels) {
      throw CliError(kExitUsage, name + " holds IDX images, which need their labels here",
                     "add --labels LABELS.idx (gzip-compressed or not)");
    }
    const IdxArray images = parse_idx(bytes, name);
    const IdxArray none{{images.dims.front()}, std::vector<unsigned char>(images.dims.front())};
    return make_idx_dataset(images, none, name, name);
  }
  refuse_binary(bytes, name, "CSV");
  const std::string_view text(reinterpret_cast<const char*>(bytes.data()), bytes.size());
  return parse_csv(text, name, options, columns);
}

void match_idx_reference(Dataset& d, int features, const std::vector<std::string>& class_names) {
  if (d.inputs.cols() != features) {
    throw InputWidthError(d.name + " holds images of " + std::to_string(d.inputs.cols()) +
                          " pixels, but the data it is read like has " + std::to_string(features) +
                          " features");
  }
  if (class_names.empty()) return;
  for (std::size_t k = 0; k < class_names.size(); ++k) {
    if (class_names[k] != std::to_string(k)) {
      throw DataError(d.name +
                      ": IDX labels are class indices, but the classes it is read like "
                      "are named (" +
                      join(class_names) + ")");
    }
  }
  for (int r = 0; r < d.size(); ++r) {
    if (d.targets(r, 0) >= static_cast<float>(class_names.size())) {
      throw DataError(d.name + ": image " + std::to_string(r) + " has label " +
                      std::to_string(static_cast<int>(d.targets(r, 0))) + ", but there are only " +
                      std::to_string(class_names.size()) + " classes (0-" +
                      std::to_string(class_names.size() - 1) + ")");
    }
  }
  d.class_names = class_names;
}

namespace {

// "'y' (column 3), 'z' (column 4)", or "column 3, column 4" without a header.
std::string targets_text(const CsvColumns& columns) {
  std::string text;
  for (std::size_t c : columns.targets) {
    text += (text.empty() ? "" : ", ") +
            (columns.header ? "'" + columns.names[c] + "' (column " + std::to_string(c) + ")"
                            : "column " + std::to_string(c));
  }
  return text;
}

// "3 blank lines between records skipped".
std::string blank_lines_text(std::size_t lines) {
  return std::to_string(lines) + " blank line" + (lines == 1 ? "" : "s") +
         " between records skipped";
}

// "2 comment lines ('#' before the first record) skipped".
std::string comment_lines_text(std::size_t lines) {
  return std::to_string(lines) + " comment line" + (lines == 1 ? "" : "s") +
         " ('#' before the first record) skipped";
}

// Columns taken by position where nothing could check them: a header the model cannot match
// (it has no names), or a target that is the last column only by default.
void note_unchecked(const Dataset& data, const CsvColumns& columns, bool by_model_names,
                    bool default_target) {
  const std::string target = targets_text(columns);
  if (!by_model_names && columns.header) {
    std::vector<std::string> features;
    for (std::size_t c : columns.features) features.push_back(columns.names[c]);
    std::fprintf(stderr,
                 "note: %s: the model has no column names, so the header is not checked: its "
                 "%zu feature columns are used by position (%s)%s%s\n",
                 data.name.c_str(), columns.features.size(), join(features).c_str(),
                 target.empty() ? "" : "; target ", target.c_str());
  } else if (default_target && !target.empty()) {
    std::fprintf(stderr,
                 "note: %s: the model records no target column, so the last one, %s, is the "
                 "target (--target chooses another)\n",
                 data.name.c_str(), target.c_str());
  }
}

}  // namespace

void note_columns(const Dataset& data, const CsvColumns& columns, bool by_model_names,
                  const std::vector<std::string>& unsaid, bool default_target) {
  note_unchecked(data, columns, by_model_names, default_target);
  if (columns.comment_lines > 0) {
    std::fprintf(stderr, "note: %s: %s\n", data.name.c_str(),
                 comment_lines_text(columns.comment_lines).c_str());
  }
  if (columns.blank_lines > 0) {
    std::fprintf(stderr, "note: %s: %s\n", data.name.c_str(),
                 blank_lines_text(columns.blank_lines).c_str());
  }
  std::vector<std::string> ignored;
  for (const std::string& name : columns.ignored) {
    if (std::find(unsaid.begin(), unsaid.end(), name) == unsaid.end()) ignored.push_back(name);
  }
  if (!ignored.empty()) {
    std::fprintf(stderr, "note: %s: ignoring %zu column(s) the model does not use: %s\n",
                 data.name.c_str(), ignored.size(), join(ignored).c_str());
  }
  if (by_model_names && !columns.header) {
    std::fprintf(stderr,
                 "note: %s has no header row: its %zu feature columns are used by position, in "
                 "the model's order\n",
                 data.name.c_str(), columns.features.size());
  }
}

std::string describe_columns(const Dataset& data, const CsvColumns& columns) {
  std::string text = columns.header ? "header: yes" : "header: no (columns go by position)";
  if (columns.delimiter != ',') text += ", delimiter " + shown(columns.delimiter);
  text += "; target " + targets_text(columns) + ": " + describe_target_kind(data, columns.task);
  if (columns.comment_lines > 0) text += "; " + comment_lines_text(columns.comment_lines);
  if (columns.blank_lines > 0) text += "; " + blank_lines_text(columns.blank_lines);
  return text;
}

std::string describe_target_kind(const Dataset& data, const std::string& task) {
  if (!data.class_names.empty()) {
    return std::to_string(data.class_names.size()) + " classes (" + join(data.class_names) + ")";
  }
  if (task.empty()) return "regression";
  return "regression (" + task + "; --task classify reads them as classes)";
}

}  // namespace bprop::cli
