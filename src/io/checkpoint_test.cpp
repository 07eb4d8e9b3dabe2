// Checkpoints: resume is bitwise identical to an uninterrupted run (docs/reliability.md B25, B29);
// a checkpoint for other data or settings is refused (29); corruption at any byte or bit is a clear
// error (15, 16); non-finite weights are never written (20, 24).
#include "bprop/io/checkpoint.h"

#include <gtest/gtest.h>

#include <limits>

#include "bprop/registry.h"
#include "testing/fault.h"

namespace bprop {
namespace {

struct Data {
  Matrix inputs{40, 3};
  Matrix targets{40, 1};
};

Data make_data() {
  Data d;
  Rng rng(11);
  for (int r = 0; r < 40; ++r) {
    for (int c = 0; c < 3; ++c) d.inputs(r, c) = static_cast<float>(rng.normal());
    d.targets(r, 0) = d.inputs(r, 0) * d.inputs(r, 1) > 0 ? 1.0f : 0.0f;
  }
  return d;
}

// 40 samples in batches of 8: 5 steps per epoch, 20 epochs = 100 steps.
const TrainOptions kOptions{.epochs = 20, .batch_size = 8, .shuffle = true, .seed = 3};

std::vector<unsigned char> train_through(const OptimizerConfig& config, int64_t interrupt_at,
                                         const std::string& checkpoint_path) {
  const Data data = make_data();
  const CheckpointInfo info{"test config", checksum_data(data.inputs, data.targets)};
  // Dropout's mask generator advances every step: the checkpoint must carry it.
  Network network = build_network<float>(3, "6,tanh,dropout:0.3,1");
  network.initialize(2);
  const auto loss = make_loss<float>("bce");
  auto optimizer = make_optimizer<float>(config);
  TrainOptions options = kOptions;
  if (interrupt_at > 0) options.stop_after = {.every = interrupt_at, .in_steps = true};
  Trainer trainer(network, *loss, *optimizer, options);
  const TrainResult first = trainer.run(data.inputs, data.targets);
  if (interrupt_at < 0) {
    EXPECT_EQ(first.steps, 100);
    return serialize_checkpoint(network, trainer.state(), info);
  }
  EXPECT_TRUE(first.interrupted);
  EXPECT_EQ(first.steps, interrupt_at);
  save_checkpoint(checkpoint_path, network, trainer.state(), info);

  // A fresh process would start here: nothing but the file and the same configuration.
  Checkpoint resumed = load_checkpoint(checkpoint_path);
  check_resumable(resumed, info, checkpoint_path);
  EXPECT_EQ(resumed.trainer, trainer.state());
  auto fresh_optimizer = make_optimizer<float>(config);
  Trainer second(resumed.network, *loss, *fresh_optimizer, kOptions);
  second.restore(resumed.trainer);
  const TrainResult rest = second.run(data.inputs, data.targets);
  EXPECT_FALSE(rest.interrupted);
  EXPECT_EQ(rest.steps, 100);
  EXPECT_EQ(rest.epochs, 20);
  return serialize_checkpoint(resumed.network, second.state(), info);
}

TEST(Checkpoint, ResumeIsBitwiseIdenticalToAnUninterruptedRun) {
  testing::ScratchDir dir;
  const std::vector<OptimizerConfig> configs{
      {.name = "adam", .learning_rate = 0.01},
      {.name = "sgd", .learning_rate = 0.1, .momentum = 0.9, .nesterov = true}};
  for (const auto& config : configs) {
    const auto uninterrupted = train_through(config, -1, "");
    // Step 52 is mid-epoch (epoch 11, batch 2); step 50 ends epoch 10.
    for (const int64_t at : {52, 50, 1}) {
      EXPECT_EQ(train_through(config, at, dir.file("ckpt")), uninterrupted)
          << config.name << ", interrupted after step " << at;
    }
  }
}

TEST(Checkpoint, RefusesOtherDataOrConfiguration) {
  const Data data = make_data();
  Network network = build_network<float>(3, "4,1");
  network.initialize(1);
  const CheckpointInfo info{"lr=0.1", checksum_data(data.inputs, data.targets)};
  const auto bytes = serialize_checkpoint(network, {}, info);
  const Checkpoint c = parse_checkpoint(bytes, "c");
  EXPECT_NO_THROW(check_resumable(c, info, "c"));
  Matrix other = data.inputs;
  other(7, 2) += 1e-6f;
  EXPECT_THROW(check_resumable(c, {"lr=0.1", checksum_data(other, data.targets)}, "c"),
               CheckpointError);
  try {
    check_resumable(c, {"lr=0.2", info.data_checksum}, "c");
    FAIL();
  } catch (const CheckpointError& e) {
    EXPECT_NE(std::string(e.what()).find("lr=0.1' vs now 'lr=0.2"), std::string::npos) << e.what();
  }
}

TEST(Checkpoint, NeverWritesNonFiniteWeights) {
  testing::ScratchDir dir;
  Network network = build_network<float>(2, "3,1");
  network.initialize(1);
  save_checkpoint(dir.file("good"), network, {}, {});
  const auto good = testing::read_bytes(dir.file("good"));
  network.layer(1).parameters()[0].value(0, 2) = std::numeric_limits<float>::quiet_NaN();
  EXPECT_THROW(save_checkpoint(dir.file("good"), network, {}, {}), CheckpointError);
  EXPECT_EQ(testing::read_bytes(dir.file("good")), good) << "the last good checkpoint is untouched";
}

// Every prefix and every single-bit flip of a small checkpoint (with Adam moments and a sample
// order) is a CheckpointError: never a crash, never a silent load.
TEST(Checkpoint, EveryTruncationAndEveryBitFlipIsRejected) {
  const Data data = make_data();
  Network network = build_network<float>(3, "2,relu,dropout:0.5,1");
  network.initialize(1);
  const auto loss = make_loss<float>("bce");
  const auto adam = make_optimizer<float>({.name = "adam"});
  Trainer trainer(network, *loss, *adam, {.epochs = 1, .batch_size = 16});
  trainer.run(data.inputs, data.targets);
  const auto bytes = serialize_checkpoint(network, trainer.state(), {"cfg", 42});
  ASSERT_NO_THROW(parse_checkpoint(bytes, "c"));
  for (std::size_t n = 0; n < bytes.size(); ++n) {
    EXPECT_THROW(parse_checkpoint(std::span(bytes).first(n), "c"), CheckpointError) << n;
  }
  auto flipped = bytes;
  for (std::size_t bit = 0; bit < bytes.size() * 8; ++bit) {
    flipped[bit / 8] ^= static_cast<unsigned char>(1u << (bit % 8));
    EXPECT_THROW(parse_checkpoint(flipped, "c"), CheckpointError) << "bit " << bit;
    flipped[bit / 8] = bytes[bit / 8];
  }
  auto padded = bytes;
  padded.push_back(0);
  EXPECT_THROW(parse_checkpoint(padded, "c"), CheckpointError);
}

}  // namespace
}  // namespace bprop
