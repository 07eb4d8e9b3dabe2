// Training on data larger than memory: a binary data file (.bpd) is always mapped, never read;
// when it does not fit --max-memory beside the network, its scaled inputs go to a mapped scratch
// file next to it instead of into memory, and every batch gathers its rows from the mappings.
// The Trainer is the same either way, so the model is bitwise the one in-memory training makes
// (docs/data-formats.md, "Training from data larger than memory").
#pragma once

#include "bprop/data/preprocess.h"
#include "train_args.h"
#include "train_data.h"

namespace bprop::cli {

// Bytes of a mapped data set's matrices (0 for data in memory).
uint64_t mapped_bytes(const Dataset& data);

// True when the mapped training data (plus mapped validation and test data) and the network's
// estimate exceed --max-memory; says so on stderr.
bool must_stream(const TrainArgs& args, const TrainingData& data);

// Applies `p` to `d`'s inputs: in place for data in memory; for mapped data into a copy in
// memory, or with `streaming` into a scratch file in the data's folder.
void scale_inputs(Dataset& d, const Preprocessor& p, bool streaming);

// Tells the kernel that `d`'s mapped rows are read in a shuffled order: no read-ahead, which
// would otherwise evict rows still needed to read neighbours that are not (with data larger than
// memory, every fault would read and evict far more than a row).
void advise_random_reads(const Dataset& d);

// --shuffle block: the rows of one 1 MiB block of inputs `width` wide; else 0.
int shuffle_block_rows(const TrainArgs& args, int width);

}  // namespace bprop::cli
