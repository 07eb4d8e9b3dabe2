// Typed exceptions. The library reports every problem by throwing one of these (never exit());
// messages name the object, the shapes or the file and position, and say how to fix it.
#pragma once

#include <cstdint>
#include <stdexcept>
#include <string>
#include <utility>

namespace bprop {

// Shapes that do not fit: an input of the wrong width, a target of the wrong size.
class ShapeError : public std::invalid_argument {
 public:
  using std::invalid_argument::invalid_argument;
};

// A configuration that cannot be built: an unknown layer or loss name, a bad hyperparameter.
class ConfigError : public std::invalid_argument {
 public:
  using std::invalid_argument::invalid_argument;
};

// Training produced a non-finite loss or gradient. step counts optimizer steps from 1, batch
// counts batches within the epoch from 1; location names the first non-finite value found
// ("layer 3 (dense:1) output", "layer 1 (dense:8) weight gradient"). The failing step is never
// applied, so the network still holds the last finite weights.
class DivergenceError : public std::runtime_error {
 public:
  DivergenceError(const std::string& what, int64_t step, int epoch, int64_t batch = 0,
                  std::string location = {})
      : std::runtime_error(what),
        step_(step),
        epoch_(epoch),
        batch_(batch),
        location_(std::move(location)) {}
  int64_t step() const { return step_; }
  int epoch() const { return epoch_; }
  int64_t batch() const { return batch_; }
  const std::string& location() const { return location_; }

 private:
  int64_t step_;
  int epoch_;
  int64_t batch_;
  std::string location_;
};

// Data that cannot be read or is invalid: a malformed CSV cell, a bad IDX header, a label outside
// the known classes. The message starts with "file:line:col: " (CSV) or names the file and byte
// offset (IDX), then says what was expected and what was found.
class DataError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

// Data whose feature columns differ from what a model takes (a width, or names missing). The
// CLI reports it as a data error (exit 2) with a hint about the model's columns.
class InputWidthError : public DataError {
 public:
  using DataError::DataError;
};

// A model file that cannot be loaded or saved: wrong magic or version, truncation, a checksum
// mismatch, an absurd count, an unknown layer, non-finite weights, an architecture mismatch.
class ModelFileError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

}  // namespace bprop
