// CSV ingest benchmark (bench/run_ingest.sh runs it beside numpy and PyTorch):
//   bprop_csv_ingest generate FILE [--rows N] [--features F] [--seed S]
//        writes a numeric CSV: a header, F standard-normal features with 5 decimals and a 0/1
//        target (the 500,000 x 30 file by default).
//   bprop_csv_ingest read FILE [--threads T] [--reps R]
//        bprop::read_csv of the file, R times: the median wall time and MB/s (file bytes / time),
//        and this process's peak RSS against the float data it holds.
#include <sys/resource.h>
#include <sys/stat.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <string>
#include <vector>

#include "bprop/data/csv.h"
#include "bprop/random.h"

namespace {

struct Args {
  std::string mode, file;
  long rows = 500000;
  int features = 30, threads = 0, reps = 3;
  unsigned long seed = 1;
};

Args parse(int argc, char** argv) {
  Args a;
  if (argc < 3) {
    std::fprintf(stderr,
                 "usage: bprop_csv_ingest generate|read FILE [--rows N] [--features F] [--seed S] "
                 "[--threads T] [--reps R]\n");
    std::exit(1);
  }
  a.mode = argv[1];
  a.file = argv[2];
  for (int i = 3; i + 1 < argc; i += 2) {
    const long v = std::atol(argv[i + 1]);
    if (!std::strcmp(argv[i], "--rows")) a.rows = v;
    if (!std::strcmp(argv[i], "--features")) a.features = static_cast<int>(v);
    if (!std::strcmp(argv[i], "--seed")) a.seed = static_cast<unsigned long>(v);
    if (!std::strcmp(argv[i], "--threads")) a.threads = static_cast<int>(v);
    if (!std::strcmp(argv[i], "--reps")) a.reps = static_cast<int>(v);
  }
  return a;
}

int generate(const Args& a) {
  std::FILE* out = std::fopen(a.file.c_str(), "w");
  if (out == nullptr) {
    std::perror(a.file.c_str());
    return 1;
  }
  for (int j = 0; j < a.features; ++j) std::fprintf(out, "f%d,", j);
  std::fprintf(out, "target\n");
  bprop::Rng rng(a.seed);
  for (long r = 0; r < a.rows; ++r) {
    double first_two = 0.0;
    for (int j = 0; j < a.features; ++j) {
      const double x = rng.normal();
      if (j < 2) first_two += x;
      std::fprintf(out, "%.5f,", x);
    }
    std::fprintf(out, "%d\n", first_two > 0.0 ? 1 : 0);
  }
  return std::fclose(out) == 0 ? 0 : 1;
}

int read(const Args& a) {
  struct stat info {};
  if (::stat(a.file.c_str(), &info) != 0) {
    std::perror(a.file.c_str());
    return 1;
  }
  const double megabytes = static_cast<double>(info.st_size) / 1e6;
  bprop::CsvOptions options;
  options.threads = a.threads;
  std::vector<double> seconds;
  std::size_t floats = 0;
  for (int rep = 0; rep < a.reps; ++rep) {
    const auto start = std::chrono::steady_clock::now();
    const bprop::Dataset d = bprop::read_csv(a.file, options);
    seconds.push_back(
        std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count());
    floats = d.inputs.size() + d.targets.size();
  }
  std::sort(seconds.begin(), seconds.end());
  const double median = seconds[seconds.size() / 2];
  struct rusage usage {};
  ::getrusage(RUSAGE_SELF, &usage);
  const double rss_mb = static_cast<double>(usage.ru_maxrss) / 1e3;
  const double data_mb = static_cast<double>(floats * sizeof(float)) / 1e6;
  std::printf(
      "bprop read_csv: threads %d, %.1f MB, median of %d %.3f s, %.0f MB/s; peak RSS %.1f MB "
      "for %.1f MB of floats (%.2fx)\n",
      a.threads, megabytes, a.reps, median, megabytes / median, rss_mb, data_mb, rss_mb / data_mb);
  return 0;
}

}  // namespace

int main(int argc, char** argv) {
  const Args a = parse(argc, argv);
  if (a.mode == "generate") return generate(a);
  if (a.mode == "read") return read(a);
  std::fprintf(stderr, "unknown mode '%s' (generate, read)\n", a.mode.c_str());
  return 1;
}
