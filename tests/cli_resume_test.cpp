// `bprop train --checkpoint/--resume` through the CLI (docs/reliability.md B24, B25, B29): a run
// stopped at an epoch boundary or mid-epoch and resumed writes the same model file, byte for byte,
// as an uninterrupted run, with Adam, dropout, a cosine schedule, a validation split and early
// stopping in play; a checkpoint of another run, a damaged one, or a divergence is a clear error.
#include <gtest/gtest.h>

#include <algorithm>
#include <filesystem>

#include "testing/fault.h"

namespace bprop {
namespace {

using Args = std::vector<std::string>;
using testing::read_bytes;
using testing::run_command;
using testing::ScratchDir;

// 240 training samples (after the 20 % split) in batches of 16: 15 steps per epoch. Early stopping
// ends this run after epoch 12 and puts back epoch 9's weights, so a checkpoint after epoch 9 must
// carry the early-stopping state (best loss, bad epochs, best weights) too. `extra` overrides a
// flag's value or adds flags.
Args run(const Args& extra) {
  Args args{BPROP_CLI_PATH, "train",  "--data",      "moons",
            "--samples",    "300",    "--layers",    "16,relu,dropout:0.25,16,relu,1",
            "--optimizer",  "adam",   "--lr",        "0.05",
            "--schedule",   "cosine", "--epochs",    "14",
            "--batch",      "16",     "--val-split", "0.2",
            "--patience",   "3",      "--seed",      "7",
            "--threads",    "1",      "-q"};
  for (std::size_t i = 0; i < extra.size(); ++i) {
    const auto it =
        extra[i].rfind("--", 0) == 0 ? std::find(args.begin(), args.end(), extra[i]) : args.end();
    if (it != args.end() && i + 1 < extra.size()) {
      *(it + 1) = extra[++i];
    } else {
      args.push_back(extra[i]);
    }
  }
  return args;
}

bool exists(const std::string& path) { return std::filesystem::exists(path); }

// The uninterrupted run's model file, computed once.
const std::vector<unsigned char>& reference() {
  static const std::vector<unsigned char> bytes = [] {
    ScratchDir dir;
    const auto r = run_command(run({"--out", dir.file("a.bprop")}));
    EXPECT_EQ(r.exit_code, 0) << r.err;
    return read_bytes(dir.file("a.bprop"));
  }();
  return bytes;
}

// Stops after `stop` (e.g. "5" epochs or "37steps"), then resumes; returns the resumed model.
std::vector<unsigned char> stop_and_resume(const std::string& stop) {
  ScratchDir dir;
  const std::string ckpt = dir.file("run.ckpt"), out = dir.file("b.bprop");
  const auto first = run_command(run({"--checkpoint", ckpt, "--stop-after", stop, "--out", out}));
  EXPECT_EQ(first.exit_code, 0) << first.err;
  EXPECT_NE(first.err.find("--stop-after: stopped after step"), std::string::npos) << first.err;
  EXPECT_NE(first.err.find("resume with: bprop train"), std::string::npos) << first.err;
  EXPECT_FALSE(exists(out)) << "a stopped run writes no final model";
  const auto second = run_command(run({"--resume", ckpt, "--out", out}));
  EXPECT_EQ(second.exit_code, 0) << second.err;
  EXPECT_NE(second.err.find("resuming from " + ckpt), std::string::npos) << second.err;
  return exists(out) ? read_bytes(out) : std::vector<unsigned char>{};
}

TEST(CliResume, EpochBoundaryCheckpointResumesBitwise) {
  EXPECT_EQ(stop_and_resume("5"), reference());
  EXPECT_EQ(stop_and_resume("10"), reference()) << "after the best epoch (9)";
  EXPECT_EQ(stop_and_resume("1epoch"), reference());
}

TEST(CliResume, MidEpochStepCheckpointResumesBitwise) {
  EXPECT_EQ(stop_and_resume("37steps"), reference());  // epoch 3, batch 7 of 15
  EXPECT_EQ(stop_and_resume("1step"), reference());
  EXPECT_EQ(stop_and_resume("45steps"), reference()) << "the last step of epoch 3";
  EXPECT_EQ(stop_and_resume("158steps"), reference()) << "epoch 11, after the best epoch";
}

// Periodic checkpoints do not perturb training, and a chain of stops still ends identical.
TEST(CliResume, PeriodicCheckpointsAndChainedResumesMatch) {
  ScratchDir dir;
  const std::string ckpt = dir.file("c.ckpt");
  const auto full = run_command(
      run({"--checkpoint", ckpt, "--checkpoint-every", "7steps", "--out", dir.file("p")}));
  ASSERT_EQ(full.exit_code, 0) << full.err;
  EXPECT_EQ(read_bytes(dir.file("p")), reference());
  const std::string chain = dir.file("chain.ckpt");
  for (const char* stop : {"20steps", "3", "61steps"}) {
    const Args first = std::string(stop) == "20steps"
                           ? run({"--checkpoint", chain, "--stop-after", stop})
                           : run({"--resume", chain, "--stop-after", stop});
    const auto r = run_command(first);
    ASSERT_EQ(r.exit_code, 0) << stop << ": " << r.err;
  }
  const auto last = run_command(run({"--resume", chain, "--out", dir.file("q")}));
  ASSERT_EQ(last.exit_code, 0) << last.err;
  EXPECT_EQ(read_bytes(dir.file("q")), reference());
}

// Without cosine, --epochs may grow on resume: 4 epochs, then on to 9 equals 9 at once (SGD with
// Nesterov momentum and a step schedule).
TEST(CliResume, ExtendingEpochsMatchesALongerRun) {
  ScratchDir dir;
  const Args sgd{"--optimizer", "sgd",  "--momentum", "0.9", "--nesterov",
                 "--schedule",  "step", "--lr-step",  "3"};
  auto with = [&](Args extra) {
    Args all = sgd;
    all.insert(all.end(), extra.begin(), extra.end());
    return run(all);
  };
  ASSERT_EQ(run_command(with({"--epochs", "9", "--out", dir.file("a")})).exit_code, 0);
  const auto short_run = run_command(with({"--epochs", "4", "--checkpoint", dir.file("c")}));
  ASSERT_EQ(short_run.exit_code, 0) << short_run.err;
  const auto more =
      run_command(with({"--epochs", "9", "--resume", dir.file("c"), "--out", dir.file("b")}));
  ASSERT_EQ(more.exit_code, 0) << more.err;
  EXPECT_EQ(read_bytes(dir.file("b")), read_bytes(dir.file("a")));
}

// Per-sample SGD on an all-Dense network trains through the Trainer's SmallNet fast path: a stop
// mid-epoch there resumes bitwise too (the notebook's preset, shortened).
TEST(CliResume, PerSampleFastPathResumesBitwise) {
  ScratchDir dir;
  const Args seed{BPROP_CLI_PATH, "train", "--preset", "seed", "--epochs", "300", "-q"};
  auto with = [&](Args extra) {
    Args all = seed;
    all.insert(all.end(), extra.begin(), extra.end());
    return all;
  };
  ASSERT_EQ(run_command(with({"--out", dir.file("a")})).exit_code, 0);
  const std::string ckpt = dir.file("c");
  const auto stop = run_command(with({"--checkpoint", ckpt, "--stop-after", "601steps"}));
  ASSERT_EQ(stop.exit_code, 0) << stop.err;  // 4 steps per epoch: inside epoch 151
  const auto rest = run_command(with({"--resume", ckpt, "--out", dir.file("b")}));
  ASSERT_EQ(rest.exit_code, 0) << rest.err;
  EXPECT_EQ(read_bytes(dir.file("b")), read_bytes(dir.file("a")));
}

TEST(CliResume, AnotherRunsCheckpointIsRefusedUnlessForced) {
  ScratchDir dir;
  const std::string ckpt = dir.file("run.ckpt");
  ASSERT_EQ(run_command(run({"--checkpoint", ckpt, "--stop-after", "2"})).exit_code, 0);
  struct Case {
    Args flags;
    std::vector<std::string> named;
  };
  const std::vector<Case> cases{
      {{"--lr", "0.02"}, {"--lr 0.05 in the checkpoint, 0.02 now"}},
      {{"--batch", "8"}, {"--batch 16 in the checkpoint, 8 now"}},
      {{"--seed", "8"}, {"--seed 7"}},
      {{"--epochs", "13"}, {"--epochs 14"}},  // cosine anneals over --epochs
      {{"--samples", "301"}, {"training data differ"}},
      {{"--val-split", "0.25"}, {"training data differ"}},
  };
  for (const Case& c : cases) {
    Args flags = c.flags;
    flags.insert(flags.end(), {"--resume", ckpt});
    const auto r = run_command(run(flags));
    EXPECT_EQ(r.exit_code, 6) << c.flags[0] << ": " << r.err;
    EXPECT_NE(r.err.find("error: checkpoint '" + ckpt + "' belongs to another run"),
              std::string::npos)
        << r.err;
    EXPECT_NE(r.err.find("hint: "), std::string::npos) << r.err;
    for (const auto& part : c.named) EXPECT_NE(r.err.find(part), std::string::npos) << r.err;
  }
  const auto forced = run_command(run({"--lr", "0.02", "--resume", ckpt, "--force"}));
  EXPECT_EQ(forced.exit_code, 0) << forced.err;
  EXPECT_NE(forced.err.find("warning: --force"), std::string::npos) << forced.err;
  EXPECT_NE(forced.err.find("--lr 0.05"), std::string::npos) << forced.err;
  const auto layers =
      run_command(run({"--layers", "8,relu,1", "--resume", dir.file("run.ckpt"), "--force"}));
  EXPECT_EQ(layers.exit_code, 6) << layers.err;
  EXPECT_NE(layers.err.find("--force cannot change it"), std::string::npos) << layers.err;
}

TEST(CliResume, DamagedCheckpointIsAClearErrorNeverACrash) {
  ScratchDir dir;
  const std::string ckpt = dir.file("run.ckpt");
  ASSERT_EQ(run_command(run({"--checkpoint", ckpt, "--stop-after", "20steps"})).exit_code, 0);
  const auto good = read_bytes(ckpt);
  auto damaged = good;
  damaged[damaged.size() / 2] ^= 0x10;
  testing::write_bytes(dir.file("flipped"), damaged);
  testing::write_bytes(dir.file("truncated"),
                       std::vector<unsigned char>(good.begin(), good.begin() + good.size() / 2));
  testing::write_bytes(dir.file("empty"), {});
  testing::write_bytes(dir.file("model"), read_bytes(dir.file("run.ckpt")));
  const std::vector<std::pair<std::string, std::string>> cases{{"flipped", "checksum mismatch"},
                                                               {"truncated", "truncated"},
                                                               {"empty", "not a bprop checkpoint"},
                                                               {"missing", "cannot open"}};
  for (const auto& [name, why] : cases) {
    const auto r = run_command(run({"--resume", dir.file(name)}));
    EXPECT_EQ(r.exit_code, 3) << name << ": " << r.err;
    EXPECT_NE(r.err.find("error: "), std::string::npos) << r.err;
    EXPECT_NE(r.err.find(why), std::string::npos) << name << ": " << r.err;
  }
}

// B24: a divergence stops with exit 4; no model is written and the last good checkpoint, the
// one it resumed from and would have overwritten, stays byte-identical.
TEST(CliResume, DivergenceLeavesTheLastCheckpointUntouched) {
  ScratchDir dir;
  const std::string ckpt = dir.file("run.ckpt");
  ASSERT_EQ(run_command(run({"--checkpoint", ckpt, "--stop-after", "2"})).exit_code, 0);
  const auto good = read_bytes(ckpt);
  // Adam moves every weight by about --lr: the next forward pass overflows within the epoch,
  // before the epoch's periodic checkpoint.
  const auto r = run_command(run({"--lr", "1e30", "--resume", ckpt, "--force", "--checkpoint-every",
                                  "1", "--out", dir.file("m")}));
  EXPECT_EQ(r.exit_code, 4) << r.err;
  EXPECT_NE(r.err.find("error: training diverged at step 3"), std::string::npos) << r.err;
  EXPECT_EQ(read_bytes(ckpt), good);
  EXPECT_FALSE(exists(dir.file("m")));
  EXPECT_EQ(dir.list(), std::vector<std::string>{"run.ckpt"}) << "no temporary file is left";
}

// A resumed run continues its --log: one epoch record per epoch of the whole run.
TEST(CliResume, ResumedRunContinuesItsLog) {
  ScratchDir dir;
  const std::string ckpt = dir.file("c"), log = dir.file("run.jsonl");
  ASSERT_EQ(run_command(run({"--checkpoint", ckpt, "--stop-after", "4", "--log", log})).exit_code,
            0);
  ASSERT_EQ(run_command(run({"--resume", ckpt, "--log", log})).exit_code, 0);
  const auto bytes = read_bytes(log);
  const std::string text(bytes.begin(), bytes.end());
  std::size_t epochs = 0;
  for (std::size_t at = 0; (at = text.find("\"type\":\"epoch\"", at)) != std::string::npos; ++at) {
    ++epochs;
  }
  EXPECT_EQ(epochs, 12u) << "early stopping ends the run after epoch 12";
  const auto report = run_command({BPROP_CLI_PATH, "report", log, "-o", dir.file("r.html")});
  EXPECT_EQ(report.exit_code, 0) << report.err;
}

TEST(CliResume, CheckpointFlagsAreChecked) {
  for (const Args& flags : {Args{"--checkpoint-every", "5"}, Args{"--stop-after", "0"},
                            Args{"--checkpoint", "x", "--checkpoint-every", "5minutes"}}) {
    const auto r = run_command(run(flags));
    EXPECT_EQ(r.exit_code, 1) << flags[0] << ": " << r.err;
    EXPECT_NE(r.err.find("error: --"), std::string::npos) << r.err;
  }
}

}  // namespace
}  // namespace bprop
