// Converting a data file to a binary data file: `bprop convert`, and `bprop train --cache`, which
// keeps a converted copy next to the CSV and rebuilds it when the CSV or the reading flags change
// (docs/data-formats.md, "Binary data files").
#pragma once

#include <optional>
#include <string>

#include "bprop/data/binary_data.h"
#include "train_args.h"

namespace bprop::cli {

// The flags that decide how a data file is read (target, columns, task, CSV format, tabular
// encoding), as one line: a cache made with other flags is stale.
std::string reading_options(const TrainArgs& args);

// What the cache compares: the source's size, modification time (ns), sampled checksum
// (source_sample_hash) and the reading options. Throws DataError when the source is unreadable.
BinaryDataSource source_stamp(const TrainArgs& args);

// Reads args.data as `bprop train` would (the tabular encoding fitted on it when it needs one)
// and writes it to `out`. Returns the data it read (in memory) and its encoding in `tabular`.
Dataset convert_to_binary(const TrainArgs& args, const std::string& out,
                          std::optional<TabularEncoding>& tabular);

// "" when `cache` holds args.data as the flags read it now; else why not ("missing", "the
// source's size changed", "corrupt: ...").
std::string cache_staleness(const TrainArgs& args, const std::string& cache);

// --cache: the path of args.data's cache (args.data + ".bpd"), rebuilt first when stale (said on
// stderr).
std::string use_cache(const TrainArgs& args);

}  // namespace bprop::cli
