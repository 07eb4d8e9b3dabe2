#include "bprop/report/training_log.h"

#include <gtest/gtest.h>
#include <unistd.h>

#include <algorithm>
#include <cmath>
#include <filesystem>
#include <fstream>
#include <sstream>

#include "bprop/io/atomic_file.h"
#include "bprop/optimizers/adam.h"
#include "bprop/report/metrics.h"
#include "bprop/train.h"

namespace bprop {
namespace {

std::string temp_path(const std::string& name) {
  return (std::filesystem::temp_directory_path() /
          ("bprop_log_" + std::to_string(getpid()) + "_" + name))
      .string();
}

std::string read_all(const std::string& path) {
  std::ifstream in(path);
  std::stringstream s;
  s << in.rdbuf();
  return s.str();
}

struct XorRun {
  Dataset data = xor_dataset();
  Network net = build_network<float>(2, "4,tanh,1");
  std::unique_ptr<Loss> loss = make_loss<float>("bce");
  TrainingConfig config;
  XorRun() {
    net.initialize(3);
    config.command_line = "bprop train --log x.jsonl";
    config.loss = "bce";
    config.epochs = 2;
    config.batch_size = 4;
    config.seed = 3;
    config.dataset = "xor";
    config.train_size = 4;
    config.class_names = {"0", "1"};
    config.optimizer.name = "adam";
    config.optimizer.learning_rate = 0.05;
    describe_network(net, config);
  }
};

TEST(TrainingLog, RoundTripsEveryRecord) {
  XorRun run;
  const std::string path = temp_path("roundtrip.jsonl");
  EpochMetrics e1{.epoch = 1,
                  .train_loss = 0.7,
                  .train_accuracy = 0.5,
                  .learning_rate = 0.05,
                  .seconds = 0.001,
                  .samples_per_second = 4000,
                  .layers = {{"0:dense:4", 0.25, 0.01}, {"2:dense:1", 0.5, 0.02}}};
  EpochMetrics e2{.epoch = 2, .train_loss = std::nan(""), .val_loss = 0.9, .val_accuracy = 1.0};
  FinalSummary written;
  {
    TrainingLog log(path);
    log.config(run.config);
    log.epoch(e1);
    log.epoch(e2);
    written = log.final(run.net, *run.loss, run.data, nullptr, {.grid_size = 10});
  }
  const std::string text = read_all(path);
  EXPECT_EQ(std::count(text.begin(), text.end(), '\n'), 4);
  const RunRecord r = read_training_log(path);
  EXPECT_EQ(r.config.command_line, run.config.command_line);
  EXPECT_EQ(r.config.network, "2 -> dense:4 -> tanh -> dense:1");
  EXPECT_EQ(r.config.layers, (std::vector<std::string>{"dense:4", "tanh", "dense:1"}));
  EXPECT_EQ(r.config.parameter_count, 17u);
  EXPECT_EQ(r.config.optimizer.learning_rate, 0.05);
  EXPECT_EQ(r.config.class_names, run.config.class_names);
  ASSERT_EQ(r.epochs.size(), 2u);
  EXPECT_EQ(r.epochs[0].train_accuracy, 0.5);
  EXPECT_FALSE(r.epochs[0].val_loss.has_value());
  ASSERT_EQ(r.epochs[0].layers.size(), 2u);
  EXPECT_EQ(r.epochs[0].layers[1].layer, "2:dense:1");
  EXPECT_EQ(r.epochs[0].layers[1].update_ratio, 0.02);
  EXPECT_TRUE(std::isnan(r.epochs[1].train_loss));  // written as null, read back as NaN
  EXPECT_EQ(r.epochs[1].val_accuracy, 1.0);
  EXPECT_TRUE(r.epochs[1].layers.empty());

  ASSERT_TRUE(r.final.has_value());
  const FinalSummary& f = *r.final;
  EXPECT_EQ(f.classes, 2);
  EXPECT_TRUE(f.weights_included);
  ASSERT_EQ(f.layers.size(), 3u);
  EXPECT_EQ(f.layers[0].input_width, 2);
  EXPECT_EQ(f.layers[0].output_width, 4);
  ASSERT_EQ(f.layers[0].parameters.size(), 2u);
  EXPECT_EQ(f.layers[0].parameters[0].value, run.net.layer(0).parameters()[0].value);  // bit-exact
  EXPECT_TRUE(f.layers[1].parameters.empty());
  EXPECT_EQ(f.train_loss, written.train_loss);
  ASSERT_TRUE(f.boundary.has_value());
  EXPECT_EQ(f.boundary->values, written.boundary->values);
  EXPECT_EQ(f.boundary->values.size(), 100u);
  EXPECT_EQ(f.points.x.size(), 4u);
  ASSERT_TRUE(f.confusion.has_value());
  EXPECT_EQ(f.confusion->counts, written.confusion->counts);
  std::filesystem::remove(path);
}

TEST(TrainingLog, FinalSummaryDescribesTheModel) {
  XorRun run;
  Adam<float> adam({.learning_rate = 0.05});
  train(run.net, *run.loss, adam, run.data.inputs, run.data.targets,
        {.epochs = 300, .batch_size = 4});
  const FinalSummary s = summarize_final(run.net, *run.loss, run.data, nullptr);
  EXPECT_EQ(s.train_accuracy, 1.0);
  ASSERT_TRUE(s.boundary.has_value());
  const DecisionGrid& g = *s.boundary;
  EXPECT_EQ(g.nx, 80);
  EXPECT_LT(g.x_min, 0.0);  // padded around the data's range [0, 1]
  EXPECT_GT(g.x_max, 1.0);
  // The corners (0,0) and (1,1) are class 0, (1,0) and (0,1) class 1.
  auto at = [&](int ix, int iy) { return g.values[iy * g.nx + ix]; };
  EXPECT_LT(at(10, 10), 0.5f);
  EXPECT_LT(at(69, 69), 0.5f);
  EXPECT_GT(at(69, 10), 0.5f);
  EXPECT_GT(at(10, 69), 0.5f);
  EXPECT_EQ(s.confusion->on, "training");
  EXPECT_EQ(s.confusion->counts, (std::vector<int64_t>{2, 0, 0, 2}));

  // A large network keeps sizes but not its weights.
  Network big = build_network<float>(2, "100,relu,100,relu,1");
  big.initialize(1);
  const FinalSummary b = summarize_final(big, *run.loss, run.data, &run.data);
  EXPECT_FALSE(b.weights_included);
  EXPECT_EQ(b.layers[2].parameter_count, 10100u);
  EXPECT_TRUE(b.layers[2].parameters.empty());
  EXPECT_EQ(b.confusion->on, "validation");
  EXPECT_TRUE(b.val_loss.has_value());
}

TEST(TrainingLog, ToleratesATruncatedLastLineOnly) {
  XorRun run;
  const std::string config = to_json_line(run.config);
  const std::string epoch = to_json_line(EpochMetrics{.epoch = 1, .train_loss = 0.5});
  const RunRecord r = parse_training_log(config + "\n" + epoch + "\n" + epoch.substr(0, 20), "t");
  EXPECT_EQ(r.epochs.size(), 1u);
  EXPECT_FALSE(r.final.has_value());
  try {
    parse_training_log(config + "\n" + epoch.substr(0, 20) + "\n" + epoch + "\n", "run.jsonl");
    FAIL();
  } catch (const TrainingLogError& e) {
    EXPECT_NE(std::string(e.what()).find("run.jsonl:2"), std::string::npos) << e.what();
  }
  EXPECT_THROW(parse_training_log(epoch + "\n", "t"), TrainingLogError);  // no config
  std::string v2 = config;
  v2.replace(v2.find("\"version\":1"), 11, "\"version\":2");
  EXPECT_THROW(parse_training_log(v2 + "\n", "t"), TrainingLogError);
  EXPECT_THROW(read_training_log(temp_path("does-not-exist")), IoError);
}

// A run resumed from a checkpoint appends to its log; epochs it redoes (a killed run had logged
// them after the checkpoint) replace the earlier records.
TEST(TrainingLog, AResumedRunAppendsAndRedoneEpochsReplaceEarlierOnes) {
  XorRun run;
  const std::string path = temp_path("resumed.jsonl");
  {
    TrainingLog first(path);
    first.config(run.config);
    for (int e = 1; e <= 3; ++e) first.epoch({.epoch = e, .train_loss = 1.0});
  }
  {
    TrainingLog resumed(path, true);
    resumed.config(run.config);
    for (int e = 2; e <= 4; ++e) resumed.epoch({.epoch = e, .train_loss = 2.0});
  }
  const RunRecord r = read_training_log(path);
  ASSERT_EQ(r.epochs.size(), 4u);
  for (int e = 1; e <= 4; ++e) {
    EXPECT_EQ(r.epochs[e - 1].epoch, e);
    EXPECT_EQ(r.epochs[e - 1].train_loss, e == 1 ? 1.0 : 2.0);
  }
}

TEST(TrainingLog, CreateFailureNamesThePath) {
  try {
    TrainingLog log("/nonexistent-dir/x.jsonl");
    FAIL();
  } catch (const IoError& e) {
    EXPECT_NE(std::string(e.what()).find("/nonexistent-dir/x.jsonl"), std::string::npos);
  }
}

}  // namespace
}  // namespace bprop
