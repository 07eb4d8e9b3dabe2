// `bprop evaluate`: a saved model on labelled data: the loss; for classifiers accuracy, macro-F1,
// balanced accuracy, per-class precision and recall and the confusion matrix; for regression RMSE,
// MAE and R²; as text or as one JSON object. With --compare, two models side by side
// (compare_models.h).
#include <cstdio>
#include <iostream>
#include <nlohmann/json.hpp>
#include <optional>

#include "bprop/registry.h"
#include "bprop/report/block_scores.h"
#include "bprop/report/scores.h"
#include "bprop/training/memory_estimate.h"
#include "commands.h"
#include "compare_models.h"
#include "exit_codes.h"
#include "model_data.h"
#include "model_data_stream.h"

namespace bprop::cli {

namespace {

struct EvaluateArgs {
  ModelDataArgs data;
  std::string format = "text";
  std::string compare;        // another model to compare with on the same data
  std::string chunk = "16M";  // input read and scored at a time
};

// What run_evaluate measured, for either output format.
struct Measured {
  int64_t rows = 0;
  double loss = 0.0;
  std::vector<std::string> names;  // class names; empty unless a classifier
  std::vector<int64_t> counts;     // confusion counts
  double accuracy = 0.0;
  ClassScores class_scores;
  std::optional<RegressionScores> regression;  // mse models
};

struct ClassStats {
  int64_t support = 0, predicted = 0, correct = 0;
  double precision() const { return predicted ? static_cast<double>(correct) / predicted : 0.0; }
  double recall() const { return support ? static_cast<double>(correct) / support : 0.0; }
};

std::vector<ClassStats> class_stats(const std::vector<int64_t>& counts, int classes) {
  std::vector<ClassStats> stats(static_cast<std::size_t>(classes));
  for (int t = 0; t < classes; ++t) {
    for (int p = 0; p < classes; ++p) {
      const int64_t n = counts[static_cast<std::size_t>(t) * classes + p];
      stats[t].support += n;
      stats[p].predicted += n;
      if (t == p) stats[t].correct += n;
    }
  }
  return stats;
}

void print_text(const EvaluateArgs& a, const Model& model, const std::string& data,
                const Measured& m) {
  std::printf("model: %s (%s, loss %s)\n", a.data.model.c_str(), model.network.describe().c_str(),
              model.loss.c_str());
  std::printf("data: %s, %lld samples\n", data.c_str(), static_cast<long long>(m.rows));
  std::printf("loss: %s\n", format_float(m.loss).c_str());
  if (m.regression) {
    std::printf("RMSE: %s\nMAE: %s\nR²: %.4f\n", format_float(m.regression->rmse).c_str(),
                format_float(m.regression->mae).c_str(), m.regression->r2);
  }
  if (m.names.empty()) return;
  const std::vector<std::string>& names = m.names;
  const std::vector<int64_t>& counts = m.counts;
  const int k = static_cast<int>(names.size());
  const auto stats = class_stats(counts, k);
  int64_t correct = 0;
  for (const auto& s : stats) correct += s.correct;
  std::printf("accuracy: %.4f (%lld/%lld)\n", m.accuracy, static_cast<long long>(correct),
              static_cast<long long>(m.rows));
  std::printf("macro F1: %.4f\nbalanced accuracy: %.4f\n", m.class_scores.macro_f1,
              m.class_scores.balanced_accuracy);
  std::size_t w = 5;
  for (const auto& n : names) w = std::max(w, n.size());  // labels are never cut
  const int width = static_cast<int>(w);
  std::printf("\n%-*s %9s %9s %9s\n", width, "class", "precision", "recall", "support");
  for (int c = 0; c < k; ++c) {
    std::printf("%-*.*s %9.4f %9.4f %9lld\n", width, width, names[c].c_str(), stats[c].precision(),
                stats[c].recall(), static_cast<long long>(stats[c].support));
  }
  // Each count column is as wide as its label (at least 9), so no label is cut.
  std::printf("\nconfusion matrix (rows: true class, columns: predicted)\n%-*s", width, "");
  std::vector<int> cell(static_cast<std::size_t>(k));
  for (int c = 0; c < k; ++c) {
    cell[c] = std::max(9, static_cast<int>(names[c].size()));
    std::printf(" %*s", cell[c], names[c].c_str());
  }
  std::printf("\n");
  for (int t = 0; t < k; ++t) {
    std::printf("%-*.*s", width, width, names[t].c_str());
    for (int p = 0; p < k; ++p) {
      std::printf(" %*lld", cell[p],
                  static_cast<long long>(counts[static_cast<std::size_t>(t) * k + p]));
    }
    std::printf("\n");
  }
}

void print_json(const EvaluateArgs& a, const Model& model, const std::string& data,
                const Measured& m) {
  using Json = nlohmann::ordered_json;  // members in the order written
  Json result = {
      {"model", a.data.model},       {"data", data},      {"network", model.network.describe()},
      {"loss_function", model.loss}, {"samples", m.rows}, {"loss", m.loss}};
  if (m.regression) {
    result["rmse"] = m.regression->rmse;
    result["mae"] = m.regression->mae;
    result["r2"] = m.regression->r2;
  }
  if (!m.names.empty()) {
    const int k = static_cast<int>(m.names.size());
    const auto stats = class_stats(m.counts, k);
    Json classes = Json::array(), confusion = Json::array();
    for (int c = 0; c < k; ++c) {
      classes.push_back({{"name", m.names[c]},
                         {"precision", stats[c].precision()},
                         {"recall", stats[c].recall()},
                         {"support", stats[c].support}});
      confusion.push_back(
          std::vector<int64_t>(m.counts.begin() + c * k, m.counts.begin() + (c + 1) * k));
    }
    result["accuracy"] = m.accuracy;
    result["macro_f1"] = m.class_scores.macro_f1;
    result["balanced_accuracy"] = m.class_scores.balanced_accuracy;
    result["classes"] = std::move(classes);
    result["confusion"] = std::move(confusion);
  }
  // As the training log writes JSON: NaN and infinities as null, bytes that are not UTF-8 (a
  // Latin-1 file name or class name) as U+FFFD, so the output is always valid JSON.
  std::cout << result.dump(-1, ' ', false, Json::error_handler_t::replace) << "\n";
}

// The data's scores, read and predicted chunk by chunk; they do not depend on the chunks
// (report/block_scores.h).
Measured measure(const Model& model, ModelDataStream& data) {
  const auto loss = make_loss<float>(model.loss);
  const int width = model.network.output_width();
  const bool classifier = is_classifier(model);
  Measured m;
  if (classifier) m.names = class_names_of(model);
  const int k = static_cast<int>(m.names.size());
  std::optional<BlockScores> scores;
  std::vector<std::vector<std::string>> kept;
  ChunkOutputs predicted(model);
  for (;;) {
    Dataset chunk;
    if (!data.next(chunk, kept)) break;
    if (!scores) scores.emplace(*loss, width, chunk.targets.cols(), k, model.loss == "mse");
    scores->add(predicted.raw(chunk.inputs), chunk.targets);
    if (predicted.overflowed_rows() > 0) {
      throw CliError(kExitData,
                     data.name() + ": " + overflowed_text(predicted) + ", which cannot be scored",
                     "compare the row's values with the training data's range");
    }
  }
  const BlockScoreTotals totals = scores ? scores->finish() : BlockScoreTotals{};
  m.rows = totals.rows;
  m.loss = totals.loss;
  m.regression = totals.regression;
  if (classifier) {
    m.counts = totals.counts;
    int64_t correct = 0;
    for (int c = 0; c < k; ++c) correct += m.counts[static_cast<std::size_t>(c) * k + c];
    m.accuracy =
        totals.rows > 0 ? static_cast<double>(correct) / static_cast<double>(totals.rows) : 0.0;
    m.class_scores = class_scores(m.counts, k);
  }
  return m;
}

int run_evaluate(const EvaluateArgs& a) {
  if (!a.compare.empty()) return compare_models(a.data, a.compare, a.format);
  const Model model = load_model(a.data.model);
  ModelDataStream data(model, a.data, true, {}, parse_byte_size(a.chunk));
  const Measured m = measure(model, data);
  if (a.format == "json") {
    print_json(a, model, data.name(), m);
  } else {
    print_text(a, model, data.name(), m);
  }
  return kExitOk;
}

}  // namespace

Command add_evaluate_command(CLI::App& app) {
  auto args = std::make_shared<EvaluateArgs>();
  CLI::App* cmd = app.add_subcommand("evaluate",
                                     "Measure a saved model on labelled data: loss, accuracy, "
                                     "macro-F1, per-class metrics; RMSE, MAE, R² for regression");
  cmd->footer(std::string("Example: bprop evaluate --model iris.bprop --data test.csv\n") +
              kExitCodeHelp);
  add_model_data_flags(*cmd, args->data, false);
  cmd->add_option("--format", args->format, "Output format")
      ->check(CLI::IsMember({"text", "json"}))
      ->capture_default_str();
  add_chunk_flag(*cmd, args->chunk);
  cmd->add_option("--compare", args->compare,
                  "Another model (e.g. its int8 version) on the same data: each accuracy, the "
                  "share of predictions changed, the largest output difference");
  return [args] { return run_evaluate(*args); };
}

}  // namespace bprop::cli
