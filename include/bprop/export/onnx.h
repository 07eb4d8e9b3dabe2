// ONNX export: a trained model as one self-contained .onnx file that ONNX Runtime (any language)
// runs with the model's preprocessing inside.
//
// Graph: `input` float [N, F] in the training data's units -> the stored scaling (Sub, Mul) ->
// Gemm(transB = 1) and the activation for each layer -> outputs:
//   classifiers (softmax-ce, or bce with one output):
//     `probabilities` float [N, C], `label` int64 [N] (the class index; names in metadata),
//     `logits` float [N, outputs]
//   otherwise (mse, multi-output bce): `prediction` float [N, outputs], `logits`
// (float64: the same graph between a Cast to double after the preprocessing and Casts back).
// exactly as `bprop predict` reads them. metadata_props carry the feature, target and class names,
// the bprop version, the model file's CRC32 and the training metadata (docs/export.md).
// The bytes depend only on the model and the options: exporting twice gives identical files.
#pragma once

#include <string>
#include <vector>

#include "bprop/io/model_file.h"

namespace bprop {

inline constexpr int kOnnxMinOpset = 13;      // Softmax over one axis, Squeeze's axes as an input
inline constexpr int kOnnxMaxOpset = 20;      // the first with a Gelu operator
inline constexpr int kOnnxDefaultOpset = 17;  // the newest Debian 12's python3-onnx 1.12 checks

struct OnnxExportOptions {
  int opset = kOnnxDefaultOpset;  // opsets below 20 write GELU as Mul, Erf, Add, Mul, Mul
  // The network in float64 inside the graph: the preprocessed input and the float weights are
  // cast to double once (the file keeps float weights), and the outputs cast back to float. A
  // float32 graph's sums round in ONNX Runtime's own order, which on wide layers is as far from
  // the exact value as bprop's own rounding is; in float64 only bprop's rounding is left
  // (docs/export.md has both figures). GELU's erf stays float: ONNX Runtime has no double Erf.
  bool float64 = false;
};

// The IR version written for `opset`: the lowest that allows it (7 up to opset 14, 8 up to 18, 9).
int onnx_ir_version(int opset);

// Throws ConfigError for an opset outside [kOnnxMinOpset, kOnnxMaxOpset] or a layer with no ONNX
// equivalent (every registered layer has one).
std::vector<unsigned char> export_onnx(const Model& model, const OnnxExportOptions& options = {});

// export_onnx, then write_file_atomically: on any error no file (and no partial file) is left and a
// previous file at `path` is kept. Throws ConfigError, IoError.
void save_onnx(const std::string& path, const Model& model, const OnnxExportOptions& options = {});

}  // namespace bprop
