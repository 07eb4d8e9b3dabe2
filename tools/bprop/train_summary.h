// What `bprop train` prints on stdout when training ends: the notebook's XOR table and summary
// line for xor, and a train/validation/test metrics table with a summary line for other data.
#pragma once

#include <map>
#include <string>

#include "bprop/loss.h"
#include "bprop/network.h"
#include "bprop/train.h"
#include "train_args.h"
#include "train_data.h"

namespace bprop::cli {

// "XOR: 4/4 correct, loss <value>, <N> epochs, <seconds> s" after the per-sample table.
void print_xor_report(const Network& network, Loss& loss, const Dataset& data,
                      const TrainResult& result);

// The metrics table and "<data>: test accuracy 89.71 %, loss 0.30, 30 epochs, 55.1 s". Returns
// the metrics by name ("train_loss", "test_accuracy", ...) for the model file's metadata.
// Why training ended (with --patience): no improvement for N epochs, or the epoch limit.
void print_stop_reason(const TrainArgs& args, bool validation, const TrainResult& result);

std::map<std::string, std::string> print_summary(const Network& network, Loss& loss,
                                                 const TrainingData& data,
                                                 const TrainResult& result);

}  // namespace bprop::cli
