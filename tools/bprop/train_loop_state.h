// The CLI loop's part of a checkpoint (LoopSnapshot minus the Trainer's state, which the library
// stores): the learning-rate schedule, early stopping with its best weights, and the epoch's
// accuracy counts, as bytes for CheckpointInfo::extra.
#pragma once

#include <string>

#include "train_loop.h"

namespace bprop::cli {

std::string encode_loop(const LoopSnapshot& snapshot);
// Fills snapshot's schedule, stopping and accuracy; throws CheckpointError naming `path`.
void decode_loop(const std::string& text, const std::string& path, LoopSnapshot& snapshot);

}  // namespace bprop::cli
