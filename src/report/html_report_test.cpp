#include "bprop/report/html_report.h"

#include <gtest/gtest.h>

#include "bprop/optimizers/adam.h"
#include "bprop/report/run_recorder.h"
#include "bprop/report/training_log.h"
#include "bprop/train.h"

namespace bprop {
namespace {

int count(const std::string& text, const std::string& needle) {
  int n = 0;
  for (auto at = text.find(needle); at != std::string::npos; at = text.find(needle, at + 1)) ++n;
  return n;
}

// Trains `layers` on XOR for a few epochs through a RunRecorder, as `bprop train --report` does.
RunRecord xor_run(const std::string& layers, const std::string& loss_name, int epochs = 20) {
  const Dataset data = xor_dataset();
  Network net = build_network<float>(2, layers);
  net.initialize(1);
  auto loss = make_loss<float>(loss_name);
  Adam<float> adam({.learning_rate = 0.05});
  TrainingConfig config{.loss = loss_name, .epochs = epochs, .batch_size = 4};
  config.dataset = "<xor & co>";
  describe_network(net, config);
  RunRecorder recorder(net, {.report_path = "", .measure_layers = true}, config);
  RunRecord record{.config = config};
  TrainObservers observers;
  observers.on_epoch.push_back([&](const EpochReport& r) {
    EpochMetrics m{.epoch = r.epoch, .train_loss = r.train_loss, .train_accuracy = 0.5};
    recorder.end_epoch(m);
    record.epochs.push_back(m);
  });
  observers.on_step.push_back([&](int, int64_t, int64_t) { recorder.after_backward(); });
  train(net, *loss, adam, data.inputs, data.targets, {.epochs = epochs, .batch_size = 4},
        observers);
  record.final = summarize_final(net, *loss, data, nullptr, {.grid_size = 20});
  return record;
}

// A log read back can disagree with itself (found by fuzz_training_log): here the network's input
// width is 3 but the first weight matrix has 2 columns. The diagram then draws boxes, not one
// edge per weight, rather than reading weights that are not there.
TEST(HtmlReport, WeightsThatDoNotJoinTheirColumnsAreNotDrawnAsEdges) {
  RunRecord run = xor_run("3,tanh,1", "bce", 2);
  run.final->input_width = 3;
  EXPECT_EQ(count(render_html_report(run), "<title>w = "), 0) << "no weight is drawn";
  for (const ReportFigure& f : report_figures(run)) {
    if (f.id == "network") {
      EXPECT_EQ(count(f.svg, "class=\"network large\""), 1) << f.svg;
    }
  }
}

TEST(HtmlReport, DrawsEveryFigureForASmallClassifier) {
  const RunRecord run = xor_run("3,tanh,1", "bce");
  const std::string page = render_html_report(run);
  EXPECT_EQ(page.rfind("<!DOCTYPE html>", 0), 0u);
  std::vector<std::string> ids;
  for (const ReportFigure& f : report_figures(run)) ids.push_back(f.id);
  EXPECT_EQ(ids, (std::vector<std::string>{"loss", "accuracy", "network", "boundary", "confusion",
                                           "gradients", "updates"}));
  EXPECT_EQ(count(page, "class=\"edge\""), 2 * 3 + 3 * 1);
  EXPECT_EQ(count(page, "class=\"neuron\""), 2 + 3 + 1);
  EXPECT_EQ(count(page, "class=\"point\""), 4);
  EXPECT_EQ(count(page, "class=\"confusion-cell\""), 4);
  EXPECT_EQ(count(page, "data-series=\"layer 0:dense:3\""), 2);  // gradient norms and ratios
  EXPECT_EQ(count(page, "<script"), 0);
  EXPECT_EQ(count(page, "&lt;xor &amp; co&gt;"), 3);  // escaped in the title, header and table
  EXPECT_EQ(count(page, "<xor"), 0);
}

TEST(HtmlReport, SummarizesLargeNetworksAndRegression) {
  const RunRecord run = xor_run("80,relu,80,relu,1", "mse", 2);
  ASSERT_FALSE(run.final->weights_included);  // 6,801 parameters
  const std::string page = render_html_report(run);
  EXPECT_EQ(count(page, "class=\"network large\""), 1);
  EXPECT_EQ(count(page, "class=\"layer-box\""), 4);  // input and three dense layers
  EXPECT_NE(page.find("6801 parameters"), std::string::npos);
  EXPECT_EQ(count(page, "class=\"confusion\""), 0);  // regression: no classes
  EXPECT_EQ(count(page, "class=\"boundary\""), 1);   // still 2-D: a heat map of the output
}

TEST(HtmlReport, DrawsTheCurvesOfARunThatStoppedEarly) {
  RunRecord run = xor_run("3,tanh,1", "bce", 5);
  run.final.reset();
  run.epochs[4].train_loss = std::numeric_limits<double>::quiet_NaN();  // diverged: a gap
  const std::string page = render_html_report(run);
  EXPECT_NE(page.find("stopped before it finished"), std::string::npos);
  EXPECT_EQ(count(page, "class=\"boundary\""), 0);
  EXPECT_EQ(count(page, "class=\"chart loss-curves\""), 1);
}

TEST(HtmlReport, IsTheSameFromALogAsFromMemory) {
  const RunRecord run = xor_run("3,tanh,1", "bce");
  std::string log = to_json_line(run.config) + "\n";
  for (const EpochMetrics& e : run.epochs) log += to_json_line(e) + "\n";
  log += to_json_line(*run.final) + "\n";
  EXPECT_EQ(render_html_report(parse_training_log(log, "mem")), render_html_report(run));
}

}  // namespace
}  // namespace bprop
