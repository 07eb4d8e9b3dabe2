// SIGINT/SIGTERM during training: the step in progress completes, the loop stops at a step
// boundary with a state that resumes exactly (docs/reliability.md B25, B29). Runs in a child:
// signals are global.
#include "bprop/training/stop_signal.h"

#include <gtest/gtest.h>
#include <signal.h>

#include "bprop/io/checkpoint.h"
#include "bprop/registry.h"
#include "testing/fault.h"

namespace bprop {
namespace {

std::string interrupted_training(int signal_number) {
  install_stop_handlers();
  Network network = build_network<float>(2, "4,tanh,1");
  network.initialize(1);
  const auto loss = make_loss<float>("bce");
  const auto adam = make_optimizer<float>({.name = "adam"});
  const Matrix inputs{{0, 0}, {0, 1}, {1, 0}, {1, 1}};
  const Matrix targets{{0}, {1}, {1}, {0}};
  TrainObservers observers;
  observers.on_step.push_back([&](int epoch, int64_t done, int64_t) {
    // The signal arrives in the middle of step 7 (the third of epoch 2).
    if (epoch == 2 && done == 3) ::raise(signal_number);
  });
  Trainer trainer(network, *loss, *adam, {.epochs = 1000, .batch_size = 1, .stop_on_signal = true},
                  observers);
  const TrainResult result = trainer.run(inputs, targets);
  remove_stop_handlers();
  if (!result.interrupted) return "not interrupted";
  if (result.steps != 7) return "stopped after step " + std::to_string(result.steps);
  if (stop_signal() != signal_number) return "wrong signal recorded";
  // The state is a consistent checkpoint: serializable and mid-epoch (position 3 of 4).
  const TrainerState state = trainer.state();
  if (state.position != 3 || state.epoch != 2) return "unexpected position";
  (void)serialize_checkpoint(network, state, {});
  return "ok";
}

TEST(StopSignal, SigintFinishesTheStepAndStopsAtItsBoundary) {
  EXPECT_EQ(testing::run_in_child([] { return interrupted_training(SIGINT); }), "ok");
}

TEST(StopSignal, SigtermLikewise) {
  EXPECT_EQ(testing::run_in_child([] { return interrupted_training(SIGTERM); }), "ok");
}

TEST(StopSignal, SecondSignalRestoresTheDefaultAction) {
  EXPECT_EQ(testing::run_in_child([] {
              install_stop_handlers();
              ::raise(SIGINT);
              if (!stop_requested()) return std::string("first SIGINT not recorded");
              ::raise(SIGINT);  // default action: the child dies of SIGINT
              return std::string("survived a second SIGINT");
            }),
            "died: signal 2");
}

}  // namespace
}  // namespace bprop
