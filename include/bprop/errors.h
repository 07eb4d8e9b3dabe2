// Typed exceptions. The library reports every problem by throwing one of these (never exit());
// messages name the object, the shapes or the file and position, and say how to fix it.
#pragma once

#include <cstdint>
#include <stdexcept>
#include <string>

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

// Training produced a non-finite loss. step counts optimizer steps from 1.
class DivergenceError : public std::runtime_error {
 public:
  DivergenceError(const std::string& what, int64_t step, int epoch)
      : std::runtime_error(what), step_(step), epoch_(epoch) {}
  int64_t step() const { return step_; }
  int epoch() const { return epoch_; }

 private:
  int64_t step_;
  int epoch_;
};

// Data that cannot be read or is invalid: a malformed CSV cell, a bad IDX header, a label outside
// the known classes. The message starts with "file:line:col: " (CSV) or names the file and byte
// offset (IDX), then says what was expected and what was found.
class DataError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

// Data whose feature count differs from what a model takes. A DataError, but the CLI reports it
// with the model-file exit code (bad-inputs.md row 21: an architecture mismatch).
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
