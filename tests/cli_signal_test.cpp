// Ctrl-C and SIGTERM sent to a running `bprop train` (docs/reliability.md B25): it finishes the
// step, saves a checkpoint, exits 130 (SIGINT) or 143 (SIGTERM) without being killed by the signal,
// writes no final model, and resuming from that checkpoint gives the uninterrupted run's model file
// byte for byte, wherever the signal landed.
#include <fcntl.h>
#include <gtest/gtest.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <chrono>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <thread>

#include "testing/fault.h"

namespace bprop {
namespace {

using Args = std::vector<std::string>;
using testing::read_bytes;
using testing::run_command;
using testing::ScratchDir;

// About 25,000 steps (half a second in a release build, ten under ASan): long enough to be
// interrupted in the middle.
Args run(const Args& extra) {
  Args args{BPROP_CLI_PATH, "train", "--data",     "moons",
            "--samples",    "2000",  "--layers",   "32,relu,dropout:0.2,32,relu,1",
            "--batch",      "8",     "--epochs",   "100",
            "--optimizer",  "adam",  "--schedule", "step",
            "--lr-step",    "50",    "--seed",     "3",
            "--threads",    "1"};
  args.insert(args.end(), extra.begin(), extra.end());
  return args;
}

// Starts argv with stdout and stderr in files; returns the pid.
pid_t spawn(const Args& argv, const std::string& out, const std::string& err) {
  const pid_t pid = ::fork();
  if (pid == 0) {
    const int o = ::open(out.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0644);
    const int e = ::open(err.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0644);
    if (o < 0 || e < 0 || ::dup2(o, 1) < 0 || ::dup2(e, 2) < 0) ::_exit(126);
    std::vector<char*> args;
    for (const auto& a : argv) args.push_back(const_cast<char*>(a.c_str()));
    args.push_back(nullptr);
    ::execv(args[0], args.data());
    ::_exit(127);
  }
  return pid;
}

// "" while the child has not created the file yet.
std::string text_of(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  return {std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
}

// Waits until `path` contains `text` (at most a minute, so a broken binary cannot hang the suite).
bool wait_for(const std::string& path, const std::string& text) {
  for (int i = 0; i < 12000; ++i) {
    if (text_of(path).find(text) != std::string::npos) return true;
    std::this_thread::sleep_for(std::chrono::milliseconds(5));
  }
  return false;
}

const std::vector<unsigned char>& reference() {
  static const std::vector<unsigned char> bytes = [] {
    ScratchDir dir;
    const auto r = run_command(run({"-q", "--out", dir.file("a.bprop")}));
    EXPECT_EQ(r.exit_code, 0) << r.err;
    return read_bytes(dir.file("a.bprop"));
  }();
  return bytes;
}

// Sends `signal` once training is under way. `checkpoint` empty: the default <out>.ckpt.
void interrupt_and_resume(int signal, int code, const std::string& checkpoint) {
  ScratchDir dir;
  const std::string out = dir.file("b.bprop");
  const std::string ckpt = checkpoint.empty() ? out + ".ckpt" : dir.file(checkpoint);
  Args flags{"--progress", "plain", "--out", out};
  if (!checkpoint.empty()) flags.insert(flags.end(), {"--checkpoint", ckpt});
  const pid_t pid = spawn(run(flags), dir.file("stdout"), dir.file("stderr"));
  ASSERT_GT(pid, 0);
  const bool started = wait_for(dir.file("stderr"), "epoch 2/100");
  if (started) ::kill(pid, signal);
  int status = 0;
  while (::waitpid(pid, &status, 0) < 0 && errno == EINTR) {
  }
  const std::string err = text_of(dir.file("stderr"));
  ASSERT_TRUE(started) << err;
  ASSERT_TRUE(WIFEXITED(status)) << "killed by signal " << WTERMSIG(status) << ": " << err;
  EXPECT_EQ(WEXITSTATUS(status), code) << err;
  EXPECT_NE(err.find("saved the checkpoint to " + ckpt), std::string::npos) << err;
  EXPECT_NE(err.find("resume with: bprop train"), std::string::npos) << err;
  EXPECT_FALSE(std::filesystem::exists(out)) << "an interrupted run writes no final model";

  const auto resumed = run_command(run({"-q", "--out", out, "--resume", ckpt}));
  ASSERT_EQ(resumed.exit_code, 0) << resumed.err;
  EXPECT_EQ(read_bytes(out), reference()) << "resumed from: " << err.substr(err.rfind("epoch "));
}

TEST(CliSignals, SigintSavesACheckpointExits130AndResumesBitwise) {
  interrupt_and_resume(SIGINT, 130, "run.ckpt");
}

TEST(CliSignals, SigtermSavesToTheDefaultCheckpointExits143AndResumesBitwise) {
  interrupt_and_resume(SIGTERM, 143, "");
}

}  // namespace
}  // namespace bprop
