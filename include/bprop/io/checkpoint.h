// Checkpoints: everything needed to continue training bitwise-exactly. The architecture (input
// width and layer specs), every Parameter's value and optimizer slots (both moments and the step
// count), the Trainer's state (epoch, step, shuffling generator, sample order and position, the
// epoch's loss so far, the schedule, early stopping and accuracy counts), each Dropout layer's
// generator, the training configuration and a checksum of the training data, so a resume with
// other data or settings is refused.
//
// File layout (little-endian): "BPROPCKP", u32 version, u64 payload size, payload, u32 CRC-32 of
// everything before it. The declared size must match the file size exactly and the CRC must
// match before anything is parsed; every count is bounded by the bytes that remain.
#pragma once

#include <cstdint>
#include <span>
#include <stdexcept>
#include <string>
#include <vector>

#include "bprop/matrix.h"
#include "bprop/network.h"
#include "bprop/train.h"

namespace bprop {

// A checkpoint that cannot be read or does not fit the run; the message names the file and why.
class CheckpointError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

struct CheckpointInfo {
  std::string config;          // the training configuration, as canonical text
  uint64_t data_checksum = 0;  // checksum_data() of the training set
};

struct Checkpoint {
  Network network{1};
  TrainerState trainer;
  CheckpointInfo info;
};

// FNV-1a 64 over the shapes and the bytes of inputs and targets.
uint64_t checksum_data(const Matrix& inputs, const Matrix& targets);

// Refuses (CheckpointError) a network with a non-finite weight or optimizer moment.
std::vector<unsigned char> serialize_checkpoint(const Network& network, const TrainerState& state,
                                                const CheckpointInfo& info);
// `name` is used in messages (the file path).
Checkpoint parse_checkpoint(std::span<const unsigned char> bytes, const std::string& name);

// Atomic save (write_file_atomically) and load.
void save_checkpoint(const std::string& path, const Network& network, const TrainerState& state,
                     const CheckpointInfo& info);
Checkpoint load_checkpoint(const std::string& path);

// Throws CheckpointError naming what differs between the checkpoint and this run.
void check_resumable(const Checkpoint& checkpoint, const CheckpointInfo& run,
                     const std::string& path);

}  // namespace bprop
