// `bprop predict`: a saved model on new data, one CSV row per input: the predicted class and each
// class's probability, or the regression outputs, after any --keep columns. Columns the model does
// not use (a target, an ID) are ignored.
#include "bprop/io/atomic_file.h"
#include "bprop/registry.h"
#include "commands.h"
#include "exit_codes.h"
#include "model_data.h"
#include "output_checks.h"

namespace bprop::cli {

namespace {

struct PredictArgs {
  ModelDataArgs data;
  std::string out = "-";
  std::vector<std::string> keep;  // columns copied into the output, e.g. an ID
};

// A CSV cell: quoted (RFC 4180) only when it holds a delimiter, a quote or a line break.
std::string csv_cell(const std::string& text) {
  if (text.find_first_of(",\"\r\n") == std::string::npos) return text;
  std::string quoted = "\"";
  for (char c : text) quoted += c == '"' ? std::string("\"\"") : std::string(1, c);
  return quoted + "\"";
}

// The --keep columns' header cells (row -1) or one row's cells, each followed by a comma.
std::string kept_cells(const CsvColumns& columns, int row) {
  std::string text;
  for (std::size_t k = 0; k < columns.kept.size(); ++k) {
    text += csv_cell(row < 0 ? columns.kept_names[k] : columns.kept[k][row]);
    text += ',';
  }
  return text;
}

std::string render(const Model& model, const Matrix& outputs, const CsvColumns& kept) {
  std::string csv;
  const int cols = outputs.cols();
  if (is_classifier(model)) {
    const auto names = class_names_of(model);
    csv += kept_cells(kept, -1) + "class";
    for (const auto& n : names) {
      csv += ',';  // appended piece by piece: g++ 12 -O3 warns falsely on "," + std::string
      csv += csv_cell(std::string("p_").append(n));
    }
    csv += "\n";
    for (int r = 0; r < outputs.rows(); ++r) {
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
      csv += kept_cells(kept, r) + csv_cell(names[best]);
      for (double v : p) {
        csv += ',';
        csv += format_float(v);
      }
      csv += "\n";
    }
    return csv;
  }
  csv += kept_cells(kept, -1);
  for (int c = 0; c < cols; ++c) {
    const bool named = model.target_names.size() == static_cast<std::size_t>(cols);
    if (c > 0) csv += ',';
    csv += csv_cell(named ? model.target_names[c] : "output_" + std::to_string(c));
  }
  csv += "\n";
  for (int r = 0; r < outputs.rows(); ++r) {
    csv += kept_cells(kept, r);
    for (int c = 0; c < cols; ++c) {
      if (c > 0) csv += ',';
      csv += format_float(outputs(r, c));
    }
    csv += "\n";
  }
  return csv;
}

int run_predict(const PredictArgs& a) {
  check_output_folder("--out", a.out);
  const Model model = load_model(a.data.model);
  CsvColumns columns;
  const Dataset data = load_model_data(model, a.data, false, a.keep, &columns);
  if (!a.keep.empty() && columns.kept.size() != a.keep.size()) {
    throw CliError(kExitUsage, "--keep copies CSV columns, but " + a.data.data + " is not CSV",
                   "leave out --keep for IDX images");
  }
  const std::string csv = render(model, model_outputs(model, data.inputs), columns);
  write_file_atomically(a.out,
                        std::span(reinterpret_cast<const unsigned char*>(csv.data()), csv.size()));
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
  return [args] { return run_predict(*args); };
}

}  // namespace bprop::cli
