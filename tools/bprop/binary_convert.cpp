// Converting to binary data files, and the --cache next to a CSV: see binary_convert.h.
#include "binary_convert.h"

#include <sys/stat.h>

#include <cstdio>
#include <cstring>

#include "bprop/data/data_file.h"
#include "bprop/errors.h"
#include "train_data.h"

namespace bprop::cli {

namespace {

std::string joined(const std::vector<std::string>& list) {
  std::string text;
  for (const auto& item : list) text += (text.empty() ? "" : ",") + item;
  return text;
}

}  // namespace

std::string reading_options(const TrainArgs& a) {
  return "target=" + joined(a.target) + ";drop=" + joined(a.drop) + ";task=" + a.task +
         ";header=" + a.csv.header + ";delimiter=" + a.csv.delimiter +
         ";na-values=" + joined(a.na_values) + ";impute=" + a.impute +
         ";categorical=" + joined(a.categorical) +
         ";max-categories=" + std::to_string(a.max_categories) +
         ";strict-categories=" + (a.strict_categories ? "yes" : "no");
}

BinaryDataSource source_stamp(const TrainArgs& a) {
  struct stat st {};
  if (::stat(a.data.c_str(), &st) != 0) {
    throw DataError(a.data + ": cannot read: " + std::strerror(errno));
  }
  return {.path = a.data,
          .size = static_cast<uint64_t>(st.st_size),
          .mtime_ns = static_cast<int64_t>(st.st_mtim.tv_sec) * 1'000'000'000 + st.st_mtim.tv_nsec,
          .sampled_hash = source_sample_hash(a.data),
          .options = reading_options(a)};
}

Dataset convert_to_binary(const TrainArgs& a, const std::string& out,
                          std::optional<TabularEncoding>& tabular) {
  const BinaryDataSource source = source_stamp(a);  // before reading: a change during it shows
  TabularCounts counts;
  Dataset d = read_training_file(a, tabular, &counts);
  write_binary_data(out, d, binary_data_info(d, tabular, counts, source));
  return d;
}

std::string cache_staleness(const TrainArgs& a, const std::string& cache) {
  struct stat st {};
  if (::stat(cache.c_str(), &st) != 0) return "it does not exist yet";
  BinaryDataInfo info;
  try {
    info = read_binary_data_info(cache);
  } catch (const DataError& e) {
    return std::string("it is unreadable (") + e.what() + ")";
  }
  const BinaryDataSource now = source_stamp(a);
  if (info.source.path != now.path) return "it was converted from " + info.source.path;
  if (info.source.options != now.options) return "it was read with other flags";
  if (info.source.size != now.size) return "the CSV's size changed";
  if (info.source.mtime_ns != now.mtime_ns) return "the CSV's modification time changed";
  if (info.source.sampled_hash != now.sampled_hash) return "the CSV's sampled checksum changed";
  return "";
}

std::string use_cache(const TrainArgs& a) {
  const std::string cache = a.data + ".bpd";
  const std::string stale = cache_staleness(a, cache);
  if (stale.empty()) return cache;
  std::fprintf(stderr, "note: (re)building the cache %s: %s\n", cache.c_str(), stale.c_str());
  std::optional<TabularEncoding> tabular;
  convert_to_binary(a, cache, tabular);
  // The cache is checked like any binary data file: a bad write is found at once.
  if (!cache_staleness(a, cache).empty()) {
    throw DataError(a.data + ": changed while it was being converted to " + cache +
                    "; run again once it is complete");
  }
  return cache;
}

}  // namespace bprop::cli
