// `bprop predict`: a saved model on new data, one CSV row per input: the predicted class and each
// class's probability, or the regression outputs, after any --keep columns. Columns the model does
// not use (a target, an ID) are ignored. The data is read, predicted and written chunk by chunk
// (model_data_stream.h); a row's numbers do not depend on its chunk (Dense::infer).
#include <cstdio>
#include <memory>

#include "bprop/io/atomic_file.h"
#include "bprop/training/memory_estimate.h"
#include "commands.h"
#include "exit_codes.h"
#include "model_data.h"
#include "model_data_stream.h"
#include "output_checks.h"

namespace bprop::cli {

namespace {

struct PredictArgs {
  ModelDataArgs data;
  std::string out = "-";
  std::vector<std::string> keep;  // columns copied into the output, e.g. an ID
  std::string chunk = "16M";      // input read and predicted at a time
};

// A CSV cell: quoted (RFC 4180) only when it holds a delimiter, a quote or a line break.
std::string csv_cell(const std::string& text) {
  if (text.find_first_of(",\"\r\n") == std::string::npos) return text;
  std::string quoted = "\"";
  for (char c : text) quoted += c == '"' ? std::string("\"\"") : std::string(1, c);
  return quoted + "\"";
}

// The --keep columns' header cells, each followed by a comma.
std::string kept_header(const std::vector<std::string>& names) {
  std::string text;
  for (const auto& name : names) text += csv_cell(name) + ',';
  return text;
}

// Row r's --keep cells, each followed by a comma.
std::string kept_cells(const std::vector<std::vector<std::string>>& kept, int r) {
  std::string text;
  for (const auto& column : kept) text += csv_cell(column[static_cast<std::size_t>(r)]) + ',';
  return text;
}

std::string header_line(const Model& model, const std::vector<std::string>& kept_names) {
  std::string csv = kept_header(kept_names);
  const int cols = model.network.output_width();
  if (is_classifier(model)) {
    csv += "class";
    for (const auto& n : class_names_of(model)) {
      csv += ',';  // appended piece by piece: g++ 12 -O3 warns falsely on "," + std::string
      csv += csv_cell(std::string("p_").append(n));
    }
    return csv + "\n";
  }
  const bool named = model.target_names.size() == static_cast<std::size_t>(cols);
  for (int c = 0; c < cols; ++c) {
    if (c > 0) csv += ',';
    csv += csv_cell(named ? model.target_names[c] : "output_" + std::to_string(c));
  }
  return csv + "\n";
}

// One line per row of `outputs`: the class and each probability, or the values.
std::string rows_text(const Model& model, const Matrix& outputs,
                      const std::vector<std::vector<std::string>>& kept) {
  std::string csv;
  const int cols = outputs.cols();
  const bool classifier = is_classifier(model);
  const auto names = classifier ? class_names_of(model) : std::vector<std::string>{};
  for (int r = 0; r < outputs.rows(); ++r) {
    csv += kept_cells(kept, r);
    if (!classifier) {
      for (int c = 0; c < cols; ++c) {
        if (c > 0) csv += ',';
        csv += format_float(outputs(r, c));
      }
      csv += "\n";
      continue;
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
    csv += csv_cell(names[best]);
    for (double v : p) {
      csv += ',';
      csv += format_float(v);
    }
    csv += "\n";
  }
  return csv;
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
  std::string text = header_line(model, data.kept_names());
  std::vector<std::vector<std::string>> kept;
  for (;;) {
    Dataset chunk;
    if (!data.next(chunk, kept)) break;
    text += rows_text(model, model_outputs(model, chunk.inputs), kept);
    out.write(text);
    text.clear();
  }
  out.write(text);
  out.commit();
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
  return [args] { return run_predict(*args); };
}

}  // namespace bprop::cli
