#include "bprop/training/schedule.h"

#include <gtest/gtest.h>

#include <cmath>
#include <numbers>

#include "bprop/errors.h"

namespace bprop {
namespace {

TEST(LrSchedule, WarmUpRampsLinearlyStepByStepToTheScheduledRate) {
  // Goyal et al.: from the unscaled rate 0.1 to the scaled 0.8 over 2 epochs of 4 steps.
  const LrSchedule s({.base_lr = 0.8, .warmup_epochs = 2, .warmup_start_lr = 0.1});
  EXPECT_DOUBLE_EQ(s.warmup_rate(1, 0, 4), 0.1);
  EXPECT_DOUBLE_EQ(s.warmup_rate(1, 4, 4), 0.45);
  EXPECT_DOUBLE_EQ(s.warmup_rate(2, 7, 4), 0.1 + 0.7 * 7 / 8);
  EXPECT_DOUBLE_EQ(s.warmup_rate(3, 8, 4), 0.8);
  EXPECT_DOUBLE_EQ(LrSchedule({.base_lr = 0.8}).warmup_rate(1, 0, 4), 0.8);  // no warm-up
  EXPECT_THROW(LrSchedule({.warmup_epochs = 1}), ConfigError);               // no start rate
  EXPECT_THROW(LrSchedule({.warmup_epochs = -1, .warmup_start_lr = 0.1}), ConfigError);
}

TEST(LrSchedule, NoneKeepsTheBaseRate) {
  const LrSchedule s({.kind = ScheduleKind::kNone, .base_lr = 0.1});
  EXPECT_DOUBLE_EQ(s.rate(1), 0.1);
  EXPECT_DOUBLE_EQ(s.rate(1000), 0.1);
}

TEST(LrSchedule, StepDecaysByGammaEveryStepSizeEpochs) {
  const LrSchedule s({.kind = ScheduleKind::kStep, .base_lr = 0.1, .step_size = 3, .gamma = 0.5});
  EXPECT_DOUBLE_EQ(s.rate(1), 0.1);
  EXPECT_DOUBLE_EQ(s.rate(3), 0.1);
  EXPECT_DOUBLE_EQ(s.rate(4), 0.05);
  EXPECT_DOUBLE_EQ(s.rate(6), 0.05);
  EXPECT_DOUBLE_EQ(s.rate(7), 0.025);
}

TEST(LrSchedule, CosineStartsAtBaseHalvesMidwayAndEndsNearTheFloor) {
  const LrSchedule s({.kind = ScheduleKind::kCosine, .base_lr = 1.0, .epochs = 10, .min_lr = 0.0});
  EXPECT_DOUBLE_EQ(s.rate(1), 1.0);
  EXPECT_NEAR(s.rate(6), 0.5, 1e-12);  // 5 of 10 epochs run
  EXPECT_NEAR(s.rate(10), (1.0 + std::cos(std::numbers::pi * 0.9)) / 2.0, 1e-12);
  EXPECT_GT(s.rate(10), 0.0);
  const LrSchedule floored(
      {.kind = ScheduleKind::kCosine, .base_lr = 1.0, .epochs = 4, .min_lr = 0.2});
  EXPECT_NEAR(floored.rate(3), 0.2 + 0.8 * 0.5, 1e-12);
  EXPECT_NEAR(floored.rate(50), 0.2, 1e-12);  // beyond the anneal it stays at the floor
}

TEST(LrSchedule, PlateauReducesAfterPatienceEpochsWithoutImprovement) {
  LrSchedule s(
      {.kind = ScheduleKind::kPlateau, .base_lr = 1.0, .gamma = 0.5, .min_lr = 0.2, .patience = 2});
  s.observe(1.0);  // best
  s.observe(0.9);  // better
  EXPECT_DOUBLE_EQ(s.rate(3), 1.0);
  s.observe(0.95);  // bad 1
  s.observe(0.9);   // bad 2 (not better than the best)
  EXPECT_DOUBLE_EQ(s.rate(5), 1.0);
  s.observe(0.91);  // bad 3 > patience: halve
  EXPECT_DOUBLE_EQ(s.rate(6), 0.5);
  for (int i = 0; i < 3; ++i) s.observe(0.92);
  EXPECT_DOUBLE_EQ(s.rate(9), 0.25);
  for (int i = 0; i < 3; ++i) s.observe(0.92);
  EXPECT_DOUBLE_EQ(s.rate(12), 0.2);  // the floor
  s.observe(0.1);                     // an improvement resets the count, not the rate
  EXPECT_DOUBLE_EQ(s.rate(13), 0.2);
}

TEST(LrSchedule, StateRoundTripsForCheckpoints) {
  LrSchedule a({.kind = ScheduleKind::kPlateau, .base_lr = 1.0, .gamma = 0.5, .patience = 0});
  a.observe(1.0);
  a.observe(2.0);
  LrSchedule b(a.options());
  b.set_state(a.state());
  EXPECT_DOUBLE_EQ(b.rate(3), 0.5);
}

TEST(LrSchedule, BadOptionsAndNamesAreRefused) {
  EXPECT_THROW(LrSchedule({.kind = ScheduleKind::kStep, .step_size = 0}), ConfigError);
  EXPECT_THROW(LrSchedule({.kind = ScheduleKind::kStep, .gamma = 1.5}), ConfigError);
  EXPECT_THROW(LrSchedule({.base_lr = -1.0}), ConfigError);
  EXPECT_THROW(parse_schedule_kind("linear"), ConfigError);
  EXPECT_EQ(parse_schedule_kind("cosine"), ScheduleKind::kCosine);
  EXPECT_EQ(schedule_kind_name(ScheduleKind::kPlateau), "plateau");
}

}  // namespace
}  // namespace bprop
