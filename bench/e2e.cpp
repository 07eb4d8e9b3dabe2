// End-to-end driver timed by bench/run_*.sh against the peers, on synthetic data of
// Fashion-MNIST's shape (60,000 x 784 in [0, 1], 10 classes):
//   bprop_e2e fmnist [--epochs N] [--threads T]  s/epoch of 784-256-128-10 ReLU, softmax-CE,
//        batch 128, SGD momentum 0.9 lr 0.05; then the GEMM floor: the same GEMM calls alone.
//   bprop_e2e infer [--reps N] [--rows R]         single-sample (or R-row) latency of that net:
//                                                 Predictor and Network::predict, taking turns
//                                                 with reading their weights' bytes alone.
//   bprop_e2e scale --batch B --width W [--samples N]  one epoch of 784-W-W-10; s/epoch scaled to
//        60,000 samples, and this process's peak RSS.
#include <sys/resource.h>
#include <time.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <string>
#include <vector>

#include "bprop/kernels.h"
#include "bprop/losses/softmax_cross_entropy.h"
#include "bprop/optimizers/sgd.h"
#include "bprop/registry.h"
#include "bprop/threads.h"
#include "bprop/train.h"
#include "bprop/training/predictor.h"
#include "gemm_floor.h"
#include "read_floor.h"

namespace {

using bprop::Matrix;
using Clock = std::chrono::steady_clock;

struct Args {
  std::string mode;
  int epochs = 3, threads = 0, reps = 20000, batch = 128, width = 256, samples = 60000, rows = 1;
};

Args parse(int argc, char** argv) {
  Args a;
  if (argc < 2) {
    std::fprintf(stderr,
                 "usage: bprop_e2e fmnist|infer|scale [--epochs N] [--threads T] "
                 "[--reps N] [--batch B] [--width W] [--samples N] [--rows R]\n");
    std::exit(1);
  }
  a.mode = argv[1];
  for (int i = 2; i + 1 < argc; i += 2) {
    const int v = std::atoi(argv[i + 1]);
    if (!std::strcmp(argv[i], "--epochs"))
      a.epochs = v;
    else if (!std::strcmp(argv[i], "--threads"))
      a.threads = v;
    else if (!std::strcmp(argv[i], "--reps"))
      a.reps = v;
    else if (!std::strcmp(argv[i], "--batch"))
      a.batch = v;
    else if (!std::strcmp(argv[i], "--width"))
      a.width = v;
    else if (!std::strcmp(argv[i], "--samples"))
      a.samples = v;
    else if (!std::strcmp(argv[i], "--rows"))
      a.rows = v;
    else {
      std::fprintf(stderr, "unknown option %s\n", argv[i]);
      std::exit(1);
    }
  }
  return a;
}

void synthetic(int samples, Matrix& x, Matrix& y) {
  bprop::Rng rng(7);
  x.resize(samples, 784);
  y.resize(samples, 1);
  for (float& v : x.values()) v = static_cast<float>(rng.uniform());
  for (int r = 0; r < samples; ++r) y(r, 0) = static_cast<float>(r % 10);
}

// CPU seconds of this process (all threads): the work done, whatever else the shared machine runs
// meanwhile; the peers' scripts report the same (Python's time.process_time()).
double thread_cpu_seconds() {
  timespec ts{};
  clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &ts);
  return static_cast<double>(ts.tv_sec) + 1e-9 * static_cast<double>(ts.tv_nsec);
}

double median(std::vector<double> v) {
  std::sort(v.begin(), v.end());
  return v.empty() ? 0.0 : v[v.size() / 2];
}

int run_fmnist(const Args& a) {
  Matrix x, y;
  synthetic(60000, x, y);
  bprop::Network net = bprop::build_network<float>(784, "256,relu,128,relu,10");
  net.initialize(0);
  bprop::SoftmaxCrossEntropy<float> loss;
  bprop::Sgd<float> sgd({.learning_rate = 0.05, .momentum = 0.9});
  bprop::Trainer trainer(net, loss, sgd, {.batch_size = 128, .seed = 0});
  std::vector<double> epochs, floors, epochs_cpu, floors_cpu;
  for (int e = 0; e < a.epochs; ++e) {
    double cpu = thread_cpu_seconds();
    epochs.push_back(trainer.run_epoch(x, y).seconds);
    epochs_cpu.push_back(thread_cpu_seconds() - cpu);
    cpu = thread_cpu_seconds();
    floors.push_back(bench::gemm_floor_epoch(60000, 128, {784, 256, 128, 10}));
    floors_cpu.push_back(thread_cpu_seconds() - cpu);
    std::printf("epoch %d: %.4f s (cpu %.4f), GEMM floor %.4f s (cpu %.4f)\n", e + 1, epochs.back(),
                epochs_cpu.back(), floors.back(), floors_cpu.back());
  }
  std::printf(
      "bprop fmnist: median epoch %.4f s (min %.4f max %.4f), GEMM floor %.4f s, "
      "epoch/floor %.3f; process CPU: epoch %.4f s, floor %.4f s, ratio %.3f; threads %d, "
      "backend %s\n",
      median(epochs), *std::min_element(epochs.begin(), epochs.end()),
      *std::max_element(epochs.begin(), epochs.end()), median(floors),
      median(epochs) / median(floors), median(epochs_cpu), median(floors_cpu),
      median(epochs_cpu) / median(floors_cpu), bprop::num_threads(),
      bprop::kernels::gemm_backend().c_str());
  return 0;
}

// Network::predict, the Predictor (its frozen copy with Wᵀ) and the read floor (one pass over as
// many floats as the net has parameters, bench/read_floor.h) take turns in blocks of reps/4 calls
// (A B C A B C), so all see the same machine; each has its own 940 KB, so a block's first calls
// warm them again as a server's would after other work.
int run_infer(const Args& a) {
  bprop::Network net = bprop::build_network<float>(784, "256,relu,128,relu,10");
  net.initialize(0);
  const bprop::Predictor predictor(net);
  const std::size_t weights = (net.parameter_count() + 63) / 64 * 64;
  float* floor_block = bench::read_buffer(weights);
  Matrix x(std::max(1, a.rows), 784, 0.5f);
  for (int i = 0; i < 200; ++i) net.predict(x);  // warm-up: loads the GEMM library, warms caches
  std::vector<double> us[3];
  float sink = 0;
  const int block = std::max(1, a.reps / 4);
  for (int b = 0; b < 6; ++b) {
    const int which = b % 3;  // 0: Predictor, 1: Network::predict, 2: the read floor
    for (int r = 0; r < block; ++r) {
      const auto t0 = Clock::now();
      if (which == 2) {
        sink += bench::read_all(floor_block, weights);
      } else {
        const Matrix out = which == 0 ? predictor.predict(x) : net.predict(x);
        sink += out(0, 0);
      }
      us[which].push_back(std::chrono::duration<double, std::micro>(Clock::now() - t0).count());
    }
  }
  std::free(floor_block);
  const char* names[2] = {"Predictor::predict", "Network::predict"};
  for (std::vector<double>& t : us) std::sort(t.begin(), t.end());
  const double floor_us = us[2][us[2].size() / 2];
  for (int w = 0; w < 2; ++w) {
    const std::vector<double>& t = us[w];
    std::printf(
        "bprop infer (%s): median %.2f us (p10 %.2f, p90 %.2f) over %zu calls of %d row%s "
        "(%.0f rows/s), threads %d",
        names[w], t[t.size() / 2], t[t.size() / 10], t[t.size() * 9 / 10], t.size(), x.rows(),
        x.rows() == 1 ? "" : "s", x.rows() * 1e6 / t[t.size() / 2], bprop::num_threads());
    // One row reads each weight once and does little else: the read floor bounds it.
    if (x.rows() == 1) std::printf("; %.2fx the read floor", t[t.size() / 2] / floor_us);
    std::printf("\n");
  }
  std::printf(
      "read floor: reading the net's %zu KB of floats once: median %.2f us (p10 %.2f), "
      "%.1f GB/s\n",
      weights * sizeof(float) / 1024, floor_us, us[2][us[2].size() / 10],
      static_cast<double>(weights * sizeof(float)) / floor_us / 1e3);
  std::printf("(checksum %g)\n", static_cast<double>(sink) * 0);
  return 0;
}

int run_scale(const Args& a) {
  Matrix x, y;
  synthetic(a.samples, x, y);
  const std::string w = std::to_string(a.width);
  bprop::Network net = bprop::build_network<float>(784, w + ",relu," + w + ",relu,10");
  net.initialize(0);
  bprop::SoftmaxCrossEntropy<float> loss;
  bprop::Sgd<float> sgd({.learning_rate = 0.01, .momentum = 0.9});
  bprop::Trainer trainer(net, loss, sgd, {.batch_size = a.batch, .seed = 0});
  trainer.run_epoch(x, y);  // warm-up
  const double s = trainer.run_epoch(x, y).seconds;
  rusage usage{};
  getrusage(RUSAGE_SELF, &usage);
  std::printf(
      "bprop scale: batch %d width %d: %.4f s per %d samples = %.3f s per 60k-sample "
      "epoch, peak RSS %.1f MiB\n",
      a.batch, a.width, s, a.samples, s * 60000.0 / a.samples, usage.ru_maxrss / 1024.0);
  return 0;
}

}  // namespace

int main(int argc, char** argv) {
  const Args a = parse(argc, argv);
  bprop::set_num_threads(a.threads);
  if (a.mode == "fmnist") return run_fmnist(a);
  if (a.mode == "infer") return run_infer(a);
  if (a.mode == "scale") return run_scale(a);
  std::fprintf(stderr, "unknown mode %s\n", a.mode.c_str());
  return 1;
}
