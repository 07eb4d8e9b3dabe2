// int8 against float on one model, side by side in one process (bench/run_int8.sh runs it):
//   bprop_int8_bench FLOAT.bprop INT8.bprop [--reps N] [--batches N]
// Single-sample latency: the float Predictor and the int8 Predictor take turns in blocks of calls
// on the same random rows (median, p10, p90 in µs). Batch-256 throughput: the same, in rows/s.
// Both are timed on the network alone (inputs already preprocessed), one thread.
#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <string>
#include <vector>

#include "bprop/io/model_file.h"
#include "bprop/kernels/int8.h"
#include "bprop/random.h"
#include "bprop/threads.h"
#include "bprop/training/predictor.h"

namespace {

using bprop::Matrix;
using Clock = std::chrono::steady_clock;

Matrix random_rows(int rows, int cols, uint64_t seed) {
  bprop::Rng rng(seed);
  Matrix x(rows, cols);
  for (float& v : x.values()) v = static_cast<float>(rng.uniform());
  return x;
}

double percentile(std::vector<double> v, double p) {
  std::sort(v.begin(), v.end());
  return v[static_cast<std::size_t>(p * static_cast<double>(v.size() - 1))];
}

// Seconds per call of each predictor on `x`, alternating blocks so load changes hit both alike.
std::vector<double> time_calls(const bprop::Predictor* const (&p)[2], const Matrix& x, int calls,
                               std::vector<double> (&seconds)[2]) {
  const int block = std::max(1, calls / 8);
  volatile float sink = 0.0f;
  for (int b = 0; b < 8; ++b) {
    const int which = b % 2;
    for (int r = 0; r < block; ++r) {
      const auto t0 = Clock::now();
      sink = sink + p[which]->predict(x).data()[0];
      seconds[which].push_back(std::chrono::duration<double>(Clock::now() - t0).count());
    }
  }
  return {percentile(seconds[0], 0.5), percentile(seconds[1], 0.5)};
}

}  // namespace

int main(int argc, char** argv) {
  if (argc < 3) {
    std::fprintf(stderr,
                 "usage: bprop_int8_bench FLOAT.bprop INT8.bprop [--reps N] [--batches N]\n");
    return 1;
  }
  int reps = 20000, batches = 400;
  for (int i = 3; i + 1 < argc; i += 2) {
    if (!std::strcmp(argv[i], "--reps")) reps = std::atoi(argv[i + 1]);
    if (!std::strcmp(argv[i], "--batches")) batches = std::atoi(argv[i + 1]);
  }
  bprop::set_num_threads(1);
  const bprop::Model f = bprop::load_model(argv[1]), q = bprop::load_model(argv[2]);
  if (!q.quantization) {
    std::fprintf(stderr, "%s is not an int8 model (bprop quantize)\n", argv[2]);
    return 1;
  }
  const bprop::Predictor float_predictor(f.network), int8_predictor(*q.quantization);
  const bprop::Predictor* const both[2] = {&float_predictor, &int8_predictor};
  const char* names[2] = {"float", "int8"};
  const Matrix row = random_rows(1, f.network.input_width(), 1);
  const Matrix batch = random_rows(256, f.network.input_width(), 2);
  std::vector<double> warm[2];
  time_calls(both, row, 400, warm);
  time_calls(both, batch, 20, warm);
  std::vector<double> single[2], many[2];
  const std::vector<double> s = time_calls(both, row, reps, single);
  const std::vector<double> m = time_calls(both, batch, batches, many);
  std::printf("network %s, int8 kernel %s, 1 thread\n", f.network.describe().c_str(),
              bprop::kernels::int8::isa_name(bprop::kernels::int8::best_isa()));
  for (int w = 0; w < 2; ++w) {
    std::printf("%-5s single sample: median %.2f us (p10 %.2f, p90 %.2f); batch 256: %.0f rows/s\n",
                names[w], 1e6 * s[w], 1e6 * percentile(single[w], 0.1),
                1e6 * percentile(single[w], 0.9), 256.0 / m[w]);
  }
  std::printf("int8/float latency %.3f, int8/float batch-256 throughput %.2f\n", s[1] / s[0],
              m[0] / m[1]);
  return 0;
}
