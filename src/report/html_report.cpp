// The report page: a summary table, then the figures (see figures.h) in a two-column grid, each
// with a caption that says what to look for. Everything is inline: the file can be mailed,
// archived or opened offline and looks the same.
#include "bprop/report/html_report.h"

#include <cmath>
#include <span>

#include "bprop/io/atomic_file.h"
#include "figures.h"

namespace bprop {

namespace {

constexpr const char* kCss =
    "body{font-family:'DejaVu Sans',Helvetica,Arial,sans-serif;color:#111827;background:#f3f4f6;"
    "margin:0;padding:24px}main{max-width:1160px;margin:0 auto}h1{font-size:24px;margin:0 0 4px}"
    ".sub{color:#4b5563;margin:0 0 16px}table.summary{border-collapse:collapse;background:#fff;"
    "border-radius:8px;overflow:hidden;margin-bottom:18px;font-size:13px}"
    "table.summary th{text-align:left;color:#4b5563;font-weight:600;padding:5px 14px 5px 12px}"
    "table.summary td{padding:5px 12px;font-family:'DejaVu Sans Mono',monospace}"
    "table.summary tr:nth-child(odd){background:#f9fafb}"
    ".figures{display:grid;grid-template-columns:repeat(auto-fill,minmax(560px,1fr));gap:16px}"
    "figure{margin:0;background:#fff;border-radius:8px;padding:8px;box-shadow:0 1px 2px "
    "rgba(0,0,0,.08);overflow-x:auto}figure.wide{grid-column:1/-1}"
    "figure "
    "svg{max-width:100%;height:auto;display:block}figcaption{font-size:13px;color:#374151;padding:"
    "4px 6px 2px;line-height:1.45}"
    ".warning{background:#fef3c7;border:1px solid #f59e0b;padding:8px 12px;border-radius:6px;"
    "margin-bottom:14px}";

std::string metric(const std::optional<double>& v, bool percent = false) {
  if (!v) return "—";
  return percent ? svg::num(100 * *v, 4) + "%" : svg::num(*v, 5);
}

std::string summary_table(const RunRecord& run) {
  const TrainingConfig& c = run.config;
  std::vector<std::pair<std::string, std::string>> rows{
      {"network", c.network + "  (" + std::to_string(c.parameter_count) + " parameters)"},
      {"data", c.dataset + ": " + std::to_string(c.train_size) + " training rows" +
                   (c.val_size > 0 ? ", " + std::to_string(c.val_size) + " validation rows" : "")},
      {"loss", c.loss},
      {"optimizer",
       c.optimizer.name + ", lr " + svg::num(c.optimizer.learning_rate, 6) +
           (c.optimizer.momentum > 0 ? ", momentum " + svg::num(c.optimizer.momentum) : "") +
           (c.optimizer.weight_decay > 0 ? ", weight decay " + svg::num(c.optimizer.weight_decay)
                                         : "")},
      {"schedule", std::to_string(run.epochs.size()) + " of " + std::to_string(c.epochs) +
                       " epochs, batch " + std::to_string(c.batch_size) + ", seed " +
                       std::to_string(c.seed)}};
  if (run.final) {
    const FinalSummary& f = *run.final;
    std::string result = "training loss " + svg::num(f.train_loss, 5);
    if (f.train_accuracy) result += ", accuracy " + metric(f.train_accuracy, true);
    if (f.val_loss) result += "; validation loss " + metric(f.val_loss);
    if (f.val_accuracy) result += ", accuracy " + metric(f.val_accuracy, true);
    if (f.regression) {
      result += "; " + f.regression->on + " RMSE " + svg::num(f.regression->rmse, 5) + ", MAE " +
                svg::num(f.regression->mae, 5) + ", R² " + svg::num(f.regression->r2, 4);
    }
    rows.push_back({"result", result});
  }
  double seconds = 0;
  for (const EpochMetrics& e : run.epochs) seconds += e.seconds;
  if (!run.epochs.empty()) {
    rows.push_back({"time", svg::num(seconds, 4) + " s training, " +
                                std::to_string(std::llround(run.epochs.back().samples_per_second)) +
                                " samples/s"});
  }
  if (!c.command_line.empty()) rows.push_back({"command", c.command_line});
  std::string out = "<table class=\"summary\">";
  for (const auto& [name, value] : rows) {
    out += "<tr><th>" + svg::escape(name) + "</th><td>" + svg::escape(value) + "</td></tr>";
  }
  return out + "</table>";
}

}  // namespace

std::vector<ReportFigure> report_figures(const RunRecord& run) {
  std::vector<ReportFigure> figures;
  auto add = [&](std::string id, std::string svg, std::string caption) {
    if (!svg.empty()) figures.push_back({std::move(id), std::move(svg), std::move(caption)});
  };
  add("loss", figures::loss_curves(run),
      "Mean loss per epoch. Training loss should fall; a validation loss that turns upward while "
      "the training loss keeps falling is overfitting. A flat plateau is a saddle or a local "
      "minimum.");
  add("accuracy", figures::accuracy_curves(run),
      "Fraction of samples whose most probable class is the true one.");
  if (run.final) {
    add("network", figures::network_diagram(*run.final),
        "The trained network, input on the left. Each edge is one weight w: blue positive, red "
        "negative, thicker for larger |w|. Each neuron's fill is its bias.");
    add("boundary", figures::decision_boundary(*run.final),
        "What the network predicts over the whole input plane; the white band is where it is "
        "undecided (p = 0.5), the decision boundary. Dots are training points in their true "
        "class's colour: a dot on the wrong colour is a training error.");
    add("confusion", figures::confusion_matrix(*run.final),
        "Rows are the true classes, columns the predicted ones; the diagonal counts correct "
        "predictions. Shade is the share of the row.");
    add("scatter", figures::predicted_vs_actual(*run.final),
        "Each dot is one row: its actual target on the x axis, the prediction on the y axis. "
        "Dots on the dashed diagonal are exact; a cloud flatter than the diagonal regresses "
        "towards the mean.");
  }
  add("gradients", figures::gradient_norms(run),
      "Mean norm of each layer's gradient ∂L/∂θ, as backpropagation computes it layer by layer "
      "from the output back to the input (the chain rule). Norms that shrink by orders of "
      "magnitude towards the input are vanishing gradients; norms that grow without bound are "
      "exploding ones.");
  add("updates", figures::update_ratios(run),
      "Size of each optimizer step relative to the weights, ‖Δθ‖/‖θ‖. Around 1e-3 is healthy; "
      "far above 1e-2 the learning rate is too high, far below 1e-5 the layer has stopped "
      "learning.");
  return figures;
}

std::string render_html_report(const RunRecord& run) {
  const std::string title = "bprop report: " + run.config.dataset + ", " + run.config.network;
  std::string page =
      "<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">"
      "<meta name=\"viewport\" content=\"width=device-width\"><title>" +
      svg::escape(title) + "</title><style>" + kCss + "</style></head><body><main>";
  page += "<h1>bprop training report</h1><p class=\"sub\">" + svg::escape(run.config.dataset) +
          " · " + svg::escape(run.config.network) + "</p>";
  if (!run.final) {
    page +=
        "<p class=\"warning\">This run stopped before it finished (the log has no final "
        "record): the curves show the epochs up to that point.</p>";
  }
  page += summary_table(run) + "<section class=\"figures\">";
  for (const ReportFigure& f : report_figures(run)) {
    const bool wide = f.id == "network";
    page += "<figure id=\"" + f.id + "\"" + (wide ? " class=\"wide\"" : "") + ">" + f.svg +
            "<figcaption>" + svg::escape(f.caption) + "</figcaption></figure>";
  }
  return page + "</section></main></body></html>\n";
}

void write_html_report(const std::string& path, const RunRecord& run) {
  const std::string page = render_html_report(run);
  write_file_atomically(
      path, std::span(reinterpret_cast<const unsigned char*>(page.data()), page.size()));
}

}  // namespace bprop
