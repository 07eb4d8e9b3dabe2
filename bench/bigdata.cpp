// Data larger than memory (bench/run_bigdata.sh): writes a large synthetic binary data file block
// by block, and times loading a converted file against parsing the CSV it came from.
//   bprop_bigdata make OUT.bpd --rows N --features F [--seed S]
//   bprop_bigdata load DATA.csv DATA.bpd [--reps R]
// The synthetic data is learnable: the class is the largest of 10 fixed random projections of the
// features, so training on it shows a falling loss.
#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <string>
#include <vector>

#include "bprop/data/binary_data.h"
#include "bprop/data/csv.h"
#include "bprop/random.h"

namespace {

constexpr int kClasses = 10;
constexpr int kBlockRows = 65536;

long long flag(int argc, char** argv, const std::string& name, long long fallback) {
  for (int i = 0; i + 1 < argc; ++i) {
    if (argv[i] == name) return std::atoll(argv[i + 1]);
  }
  return fallback;
}

int make(const std::string& out, long long rows, int features, uint64_t seed) {
  bprop::Rng rng(seed);
  std::vector<float> teacher(static_cast<std::size_t>(kClasses) * features);
  for (float& w : teacher) w = static_cast<float>(rng.normal());
  bprop::BinaryDataInfo info{
      .rows = static_cast<uint64_t>(rows), .features = features, .target_cols = 1};
  for (int k = 0; k < kClasses; ++k) info.class_names.push_back(std::to_string(k));
  bprop::BinaryDataWriter writer(out, info);
  std::vector<float> inputs, targets;
  for (long long first = 0; first < rows; first += kBlockRows) {
    const int n = static_cast<int>(std::min<long long>(kBlockRows, rows - first));
    inputs.resize(static_cast<std::size_t>(n) * features);
    targets.resize(static_cast<std::size_t>(n));
    for (int r = 0; r < n; ++r) {
      float* x = &inputs[static_cast<std::size_t>(r) * features];
      for (int c = 0; c < features; ++c) x[c] = static_cast<float>(rng.normal());
      int best = 0;
      float best_score = -1e30f;
      for (int k = 0; k < kClasses; ++k) {
        float score = 0.0f;
        for (int c = 0; c < features; ++c)
          score += teacher[static_cast<std::size_t>(k) * features + c] * x[c];
        if (score > best_score) best_score = score, best = k;
      }
      targets[static_cast<std::size_t>(r)] = static_cast<float>(best);
    }
    writer.append(inputs, targets);
  }
  writer.commit();
  std::printf("wrote %lld rows x %d features to %s\n", rows, features, out.c_str());
  return 0;
}

template <typename F>
double median_seconds(int reps, F&& run) {
  std::vector<double> times;
  for (int i = 0; i < reps; ++i) {
    const auto start = std::chrono::steady_clock::now();
    run();
    times.push_back(
        std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count());
  }
  std::sort(times.begin(), times.end());
  return times[times.size() / 2];
}

int load(const std::string& csv, const std::string& bpd, int reps) {
  float sink = 0.0f;
  const double parse = median_seconds(reps, [&] { sink += bprop::read_csv(csv).inputs(0, 0); });
  // Opening verifies every checksum (one read of the whole file); the rows are then in place.
  const double open =
      median_seconds(reps, [&] { sink += bprop::open_binary_data(bpd).data.inputs(0, 0); });
  std::printf("load: parse %s %.3f s, open %s %.4f s: %.1fx faster (median of %d; %g)\n",
              csv.c_str(), parse, bpd.c_str(), open, parse / open, reps, static_cast<double>(sink));
  return 0;
}

}  // namespace

int main(int argc, char** argv) {
  const std::string mode = argc > 1 ? argv[1] : "";
  if (mode == "make" && argc > 2) {
    return make(argv[2], flag(argc, argv, "--rows", 1000),
                static_cast<int>(flag(argc, argv, "--features", 32)),
                static_cast<uint64_t>(flag(argc, argv, "--seed", 1)));
  }
  if (mode == "load" && argc > 3)
    return load(argv[2], argv[3], static_cast<int>(flag(argc, argv, "--reps", 5)));
  std::fprintf(stderr,
               "usage: bprop_bigdata make OUT.bpd --rows N --features F [--seed S]\n"
               "       bprop_bigdata load DATA.csv DATA.bpd [--reps R]\n");
  return 1;
}
