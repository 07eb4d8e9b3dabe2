// `bprop predict`: a saved model on new data, one CSV row per input: the predicted class and each
// class's probability, or the regression outputs, after any --keep columns. Columns the model does
// not use (a target, an ID) are ignored. The data is read, predicted and written chunk by chunk
// (model_data_stream.h); a row's numbers do not depend on its chunk (Dense::infer). With
// --format json each row is one JSON object keyed by the CSV header's names (JSON Lines).
#include <algorithm>
#include <cmath>
#include <cstdio>
#include <memory>
#include <nlohmann/json.hpp>

#include "bprop/io/atomic_file.h"
#include "bprop/training/memory_estimate.h"
#include "commands.h"
#include "exit_codes.h"
#include "model_data.h"
#include "model_data_stream.h"
#include "output_checks.h"
#include "output_format.h"

namespace bprop::cli {

namespace {

struct PredictArgs {
  ModelDataArgs data;
  std::string out = "-";
  std::vector<std::string> keep;  // columns copied into the output, e.g. an ID
  std::string chunk = "16M";      // input read and predicted at a time
  std::string format = "text";    // text: CSV; json: one object per row (JSON Lines)
};

// A CSV cell: quoted (RFC 4180) only when it holds a delimiter, a quote or a line break.
std::string csv_cell(const std::string& text) {
  if (text.find_first_of(",\"\r\n") == std::string::npos) return text;
  std::string quoted = "\"";
  for (char c : text) quoted += c == '"' ? std::string("\"\"") : std::string(1, c);
  return quoted + "\"";
}

// The model's output columns: the class and each class's probability (p_NAME), or its outputs.
std::vector<std::string> output_names(const Model& model) {
  std::vector<std::string> names;
  const int cols = model.network.output_width();
  if (is_classifier(model)) {
    names.push_back("class");
    for (const auto& n : class_names_of(model)) names.push_back(std::string("p_").append(n));
    return names;
  }
  const bool named = model.target_names.size() == static_cast<std::size_t>(cols);
  for (int c = 0; c < cols; ++c) {
    names.push_back(named ? model.target_names[c] : "output_" + std::to_string(c));
  }
  return names;
}

// The output's column names: the --keep columns, then the model's outputs. A name must identify
// one column (CSV readers take the first of two, JSON parsers often the last): a kept column
// named like an output (the target kept beside its prediction) or like an earlier kept column is
// written as NAME_kept (NAME_kept_kept, ...), with a note; the outputs keep their names.
std::vector<std::string> column_names(const Model& model, const std::vector<std::string>& kept) {
  const std::vector<std::string> outputs = output_names(model);
  std::vector<std::string> names;
  for (const std::string& name : kept) {
    std::string unique = name;
    const auto taken = [&](const std::string& n) {
      return std::find(outputs.begin(), outputs.end(), n) != outputs.end() ||
             std::find(names.begin(), names.end(), n) != names.end() ||
             (n != name && std::find(kept.begin(), kept.end(), n) != kept.end());
    };
    while (taken(unique)) unique += "_kept";
    if (unique != name) {
      std::fprintf(stderr,
                   "note: --keep: column '%s' is written as '%s': another output column is named "
                   "'%s'\n",
                   name.c_str(), unique.c_str(), name.c_str());
    }
    names.push_back(unique);
  }
  names.insert(names.end(), outputs.begin(), outputs.end());
  return names;
}

std::string header_line(const std::vector<std::string>& names) {
  std::string csv;
  for (const auto& name : names) {
    if (!csv.empty()) csv += ',';
    csv += csv_cell(name);
  }
  return csv + "\n";
}

// A JSON string: names and cells come from the user's files, so bytes that are not UTF-8 print
// as U+FFFD.
std::string json_string(const std::string& text) {
  return nlohmann::json(text).dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
}

// A CSV line of rows_text() as one JSON object: `keys` are the column names already written as
// JSON strings and colons; kept cells and the class are strings, every other cell a number written
// as in the CSV, null when not finite (format_float writes those as "nan", "inf", "-inf"). The
// class, cell `kept` when there is one, is null when empty (no class: NaN outputs).
std::string json_line(const std::vector<std::string>& keys, std::size_t kept, std::size_t strings,
                      const std::vector<std::string>& cells) {
  std::string json = "{";
  for (std::size_t i = 0; i < keys.size(); ++i) {
    if (i > 0) json += ',';
    json += keys[i];
    const bool finite = cells[i].find_first_of("ni") == std::string::npos;
    const bool no_class = i == kept && i < strings && cells[i].empty();
    json += no_class      ? std::string("null")
            : i < strings ? json_string(cells[i])
            : finite      ? cells[i]
                          : std::string("null");
  }
  return json + "}\n";
}

// Row r's cells, unquoted: the --keep cells, then the class and each probability, or the values.
// `classes`: the model's class names, empty for a regression model.
std::vector<std::string> row_cells(const Matrix& outputs, const std::vector<std::string>& classes,
                                   const std::vector<std::vector<std::string>>& kept, int r) {
  std::vector<std::string> cells;
  for (const auto& column : kept) cells.push_back(column[static_cast<std::size_t>(r)]);
  const int cols = outputs.cols();
  if (classes.empty()) {
    for (int c = 0; c < cols; ++c) cells.push_back(format_float(outputs(r, c)));
    return cells;
  }
  // A single bce output is P(class 1); write both probabilities.
  std::vector<double> p;
  if (cols == 1) {
    p = {1.0 - outputs(r, 0), outputs(r, 0)};
  } else {
    p.assign(outputs.row(r), outputs.row(r) + cols);
  }
  std::size_t best = 0;
  for (std::size_t k = 1; k < p.size(); ++k) {
    if (p[k] > p[best]) best = k;
  }
  if (cols == 1) best = outputs(r, 0) >= 0.5f ? 1 : 0;  // the threshold evaluate uses
  // NaN outputs (a NaN feature under --allow-nonfinite) have no class: the comparisons above
  // would name the first one, a plausible answer for a broken row. An empty cell (JSON null).
  const bool none = std::any_of(p.begin(), p.end(), [](double v) { return std::isnan(v); });
  cells.push_back(none ? std::string() : classes[best]);
  for (double v : p) cells.push_back(format_float(v));
  return cells;
}

// One line per row of `outputs`: CSV, or JSON objects keyed by `names` (--format json).
std::string rows_text(const Model& model, const Matrix& outputs,
                      const std::vector<std::vector<std::string>>& kept,
                      const std::vector<std::string>& names, bool json) {
  const std::vector<std::string> classes =
      is_classifier(model) ? class_names_of(model) : std::vector<std::string>{};
  std::vector<std::string> keys;  // "name": once per chunk, not per row
  if (json) {
    for (const auto& name : names) keys.push_back(json_string(name) + ':');
  }
  // The kept cells and the class are text; csv_cell quotes them only when they need it.
  const std::size_t strings = kept.size() + (classes.empty() ? 0 : 1);
  std::string text;
  for (int r = 0; r < outputs.rows(); ++r) {
    const std::vector<std::string> cells = row_cells(outputs, classes, kept, r);
    if (json) {
      text += json_line(keys, kept.size(), strings, cells);
      continue;
    }
    for (std::size_t i = 0; i < cells.size(); ++i) {
      if (i > 0) text += ',';
      text += i < strings ? csv_cell(cells[i]) : cells[i];
    }
    text += '\n';
  }
  return text;
}

// Where the predictions go: standard output as they come, or a file that appears only complete
// (a temporary file renamed over it by commit(); an error before that leaves the old file).
class PredictionSink {
 public:
  explicit PredictionSink(const std::string& path) {
    if (path != "-") file_ = std::make_unique<AtomicFileWriter>(path);
  }
  void write(const std::string& text) {
    const auto bytes = std::span(reinterpret_cast<const unsigned char*>(text.data()), text.size());
    if (file_) {
      file_->write_at(offset_, bytes);
    } else if (std::fwrite(text.data(), 1, text.size(), stdout) != text.size()) {
      throw IoError("cannot write the predictions to standard output");
    }
    offset_ += text.size();
  }
  void commit() {
    if (file_) file_->commit();
    if (!file_ && std::fflush(stdout) != 0) {
      throw IoError("cannot write the predictions to standard output");
    }
  }

 private:
  std::unique_ptr<AtomicFileWriter> file_;
  uint64_t offset_ = 0;
};

int run_predict(const PredictArgs& a) {
  check_output_folder("--out", a.out);
  const Model model = load_model(a.data.model);
  ModelDataStream data(model, a.data, false, a.keep, parse_byte_size(a.chunk));
  if (!a.keep.empty() && data.kept_names().size() != a.keep.size()) {
    throw CliError(kExitUsage, "--keep copies CSV columns, but " + a.data.data + " is not CSV",
                   "leave out --keep for IDX images");
  }
  PredictionSink out(a.out);
  const bool json = a.format == "json";
  const std::vector<std::string> names = column_names(model, data.kept_names());
  std::string text = json ? std::string() : header_line(names);
  std::vector<std::vector<std::string>> kept;
  ChunkOutputs predicted(model);
  for (;;) {
    Dataset chunk;
    if (!data.next(chunk, kept)) break;
    text += rows_text(model, predicted.outputs(chunk.inputs), kept, names, json);
    out.write(text);
    text.clear();
  }
  out.write(text);
  out.commit();
  if (predicted.overflowed_rows() > 0) {  // their class is empty (row_cells)
    std::fprintf(stderr, "note: %s: %s; they have no class\n", data.name().c_str(),
                 overflowed_text(predicted).c_str());
  }
  return kExitOk;
}

}  // namespace

Command add_predict_command(CLI::App& app) {
  auto args = std::make_shared<PredictArgs>();
  CLI::App* cmd = app.add_subcommand(
      "predict", "Apply a saved model to data: one CSV row of class and probabilities per input");
  cmd->footer(std::string("Example: bprop predict --model iris.bprop --data new.csv -o out.csv\n") +
              kExitCodeHelp);
  add_model_data_flags(*cmd, args->data, true);
  cmd->add_option("-o,--out", args->out, "Output CSV ('-' = standard output)")
      ->capture_default_str();
  cmd->add_option("--keep", args->keep,
                  "Copy these input columns (names or 0-based indices, comma-separated), e.g. an "
                  "ID, into the output's first columns")
      ->delimiter(',');
  add_chunk_flag(*cmd, args->chunk);
  add_format_flag(*cmd, args->format, "CSV with a header line",
                  "one JSON object per input row, keyed by the CSV's column names: JSON Lines");
  return [args] { return run_predict(*args); };
}

}  // namespace bprop::cli
