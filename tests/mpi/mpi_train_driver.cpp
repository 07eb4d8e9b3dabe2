// A data-parallel training through the library API, for tests/mpi/run.sh: under `mpirun -np N` it
// trains with MpiGradientSync, run alone it is the plain single-process run. Rank 0 writes the
// final weights (raw floats) to --out and the replica hash to --out.hash.
//   bprop_mpi_driver --rows R --batch B --epochs E --out FILE [faults]
//   bprop_mpi_driver --compare A B RTOL     (no MPI: ||A-B|| <= RTOL·||B||, weights files)
// --ordered C: ordered reduction in C chunks per batch (--reduce ordered).
// --stop-after S --checkpoint FILE: stop after step S, rank 0 saves a checkpoint; --resume FILE.
// Faults: --diverge-rank R (that rank's targets overflow the loss, after the data check),
// --differ-rank R (that rank reads different data), --inject-mismatch STEP (rank 1 reports a wrong
// replica hash),
// --stop-rank R --stop-step S (SIGINT reaches that rank alone during step S), --pid-dir D (each
// rank writes D/rank.pid),
// --slow-ms M (each step sleeps; gives a test time to kill a rank).
// Exit codes: 0 done, 4 diverged, 8 replicas or data differ, 130 stopped, 1 anything else.
#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <cmath>
#include <csignal>
#include <cstdio>
#include <cstring>
#include <fstream>
#include <iostream>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <thread>
#include <vector>

#include "bprop/bprop.h"
#include "bprop/distributed.h"
#include "bprop/io/checkpoint.h"

namespace {

using Args = std::map<std::string, std::string>;

long arg(const Args& a, const std::string& name, long fallback) {
  const auto it = a.find(name);
  return it == a.end() ? fallback : std::stol(it->second);
}

// R rows of 4 inputs and 1 target (a smooth function of the inputs), fixed by the seed.
void make_data(int rows, bprop::Matrix& inputs, bprop::Matrix& targets) {
  bprop::Rng rng(7);
  inputs.resize(rows, 4);
  targets.resize(rows, 1);
  for (int i = 0; i < rows; ++i) {
    float s = 0;
    for (int j = 0; j < 4; ++j) {
      inputs(i, j) = static_cast<float>(rng.uniform(-1, 1));
      s += inputs(i, j) * static_cast<float>(j + 1);
    }
    targets(i, 0) = std::tanh(s) + 0.1f * inputs(i, 0) * inputs(i, 1);
  }
}

std::vector<float> read_floats(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::vector<char> bytes((std::istreambuf_iterator<char>(in)), {});
  std::vector<float> values(bytes.size() / sizeof(float));
  std::memcpy(values.data(), bytes.data(), values.size() * sizeof(float));
  return values;
}

// Relative distance of two weight files in the 2-norm; prints it.
int compare(const std::string& a, const std::string& b, double rtol) {
  const std::vector<float> x = read_floats(a), y = read_floats(b);
  if (x.size() != y.size() || x.empty()) {
    std::fprintf(stderr, "compare: %s and %s differ in size\n", a.c_str(), b.c_str());
    return 1;
  }
  double diff = 0, norm = 0;
  for (std::size_t i = 0; i < x.size(); ++i) {
    diff += (double(x[i]) - double(y[i])) * (double(x[i]) - double(y[i]));
    norm += double(y[i]) * double(y[i]);
  }
  const double rel = std::sqrt(diff / norm);
  std::printf("relative distance %.3g (tolerance %.3g)\n", rel, rtol);
  return rel <= rtol ? 0 : 1;
}

void write_result(const bprop::Network& network, const std::string& path) {
  std::ofstream(path, std::ios::binary)
      .write(reinterpret_cast<const char*>(network.parameter_arena().data()),
             static_cast<std::streamsize>(network.parameter_arena().size_bytes()));
  std::ofstream(path + ".hash") << std::hex << bprop::replica_hash(network) << "\n";
}

// The sync the flags ask for: MpiGradientSync under mpirun (ordered with --ordered C), the
// one-process OrderedGradientSync for --ordered alone, else none (the plain loop).
struct Syncs {
  std::unique_ptr<bprop::MpiGradientSync<float>> mpi;
  std::optional<bprop::OrderedGradientSync<float>> ordered;

  void make(const Args& a, const std::optional<bprop::MpiSession>& session,
            const bprop::Network& network, int64_t first_step) {
    const int chunks = static_cast<int>(arg(a, "--ordered", 0));
    if (session) {
      mpi = std::make_unique<bprop::MpiGradientSync<float>>(
          *session, network,
          bprop::MpiGradientSync<float>::Options{.check_every = 5,
                                                 .first_step = first_step,
                                                 .ordered = chunks > 0,
                                                 .chunks = std::max(chunks, 1)});
      if (session->rank() == 1) mpi->inject_mismatch_for_test(arg(a, "--inject-mismatch", -1));
    } else if (chunks > 0) {
      ordered.emplace(network, bprop::OrderedGradientSync<float>::Options{.chunks = chunks});
    }
  }
  void attach(bprop::Trainer& trainer) {
    if (mpi) trainer.set_gradient_sync(*mpi);
    if (ordered) trainer.set_gradient_sync(*ordered);
  }
};

// --slow-ms, --stop-rank/--stop-step and rank 0's --checkpoint; `running` is set once the
// trainer exists.
bprop::TrainObservers observers(const Args& a, int rank, const bprop::Network& network,
                                const bprop::Trainer*& running) {
  const long stop_rank = arg(a, "--stop-rank", -1), stop_step = arg(a, "--stop-step", -1);
  const long slow_ms = arg(a, "--slow-ms", 0);
  bprop::TrainObservers result;
  result.on_step.push_back([=, &running](int, int64_t, int64_t) {
    if (slow_ms > 0) std::this_thread::sleep_for(std::chrono::milliseconds(slow_ms));
    if (rank == stop_rank && running->step() == stop_step) std::raise(SIGINT);  // this rank only
  });
  if (rank == 0 && a.count("--checkpoint")) {
    result.on_checkpoint = [path = a.at("--checkpoint"), &network](const bprop::TrainerState& s) {
      bprop::save_checkpoint(path, network, s, {});
    };
  }
  return result;
}

int train(const Args& a) {
  const int world = bprop::launched_world_size();
  std::optional<bprop::MpiSession> session;
  if (world > 1) session.emplace();
  const int rank = session ? session->rank() : 0;
  if (a.count("--pid-dir")) {
    std::ofstream(a.at("--pid-dir") + "/" + std::to_string(rank) + ".pid") << getpid() << "\n";
  }
  bprop::Matrix inputs, targets;
  make_data(static_cast<int>(arg(a, "--rows", 64)), inputs, targets);
  if (rank == arg(a, "--differ-rank", -1)) inputs(0, 0) += 1e-3f;
  bprop::Network network = bprop::build_network<float>(4, "8,tanh,1");
  network.initialize(3);
  std::optional<bprop::Checkpoint> resumed;
  if (a.count("--resume")) {
    resumed = bprop::load_checkpoint(a.at("--resume"));
    network = std::move(resumed->network);
  }
  auto loss = bprop::make_loss<float>("mse");
  auto optimizer = bprop::make_optimizer<float>({.name = "adam", .learning_rate = 0.01});
  const long stop_rank = arg(a, "--stop-rank", -1);
  Syncs syncs;
  syncs.make(a, session, network, resumed ? resumed->trainer.step : 0);
  if (syncs.mpi) syncs.mpi->check_same_data(inputs, targets);
  if (rank == arg(a, "--diverge-rank", -1)) {  // a squared error of 1e60: inf in float
    for (int i = 0; i < targets.rows(); ++i) targets(i, 0) = 1e30f;
  }
  if (stop_rank >= 0) bprop::install_stop_handlers();
  const bprop::TrainOptions options{
      .epochs = static_cast<int>(arg(a, "--epochs", 3)),
      .batch_size = static_cast<int>(arg(a, "--batch", 8)),
      .seed = 11,
      .stop_after = {.every = arg(a, "--stop-after", 0), .in_steps = true},
      .stop_on_signal = stop_rank >= 0};
  const bprop::Trainer* running = nullptr;
  bprop::Trainer trainer(network, *loss, *optimizer, options, observers(a, rank, network, running));
  running = &trainer;
  if (resumed) trainer.restore(resumed->trainer);
  syncs.attach(trainer);
  const bprop::TrainResult result = trainer.run(inputs, targets);
  if (syncs.mpi) syncs.mpi->check_replicas(trainer.step());
  if (rank == 0 && a.count("--out")) write_result(network, a.at("--out"));
  if (result.interrupted) {
    std::fprintf(stderr, "rank %d: stopped after step %lld\n", rank,
                 static_cast<long long>(trainer.step()));
    return 130;
  }
  return 0;
}

}  // namespace

int main(int argc, char** argv) {
  const std::vector<std::string> words(argv + 1, argv + argc);
  if (words.size() == 4 && words[0] == "--compare") {
    return compare(words[1], words[2], std::stod(words[3]));
  }
  Args args;
  for (std::size_t i = 0; i + 1 < words.size(); i += 2) args[words[i]] = words[i + 1];
  try {
    return train(args);
  } catch (const bprop::DivergenceError& e) {
    std::fprintf(stderr, "error: %s\n", e.what());
    return 4;
  } catch (const bprop::ReplicaMismatchError& e) {
    std::fprintf(stderr, "error: %s\n", e.what());
    return 8;
  } catch (const std::exception& e) {
    std::fprintf(stderr, "error: %s\n", e.what());
    return 1;
  }
}
