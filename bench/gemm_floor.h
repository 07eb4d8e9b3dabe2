// The GEMM floor of a training epoch: exactly the matrix products one epoch of an MLP needs
// (forward and weight gradient of every Dense layer, input gradient of all but the first), through
// the same bprop::kernels::gemm, the same thread count and Matrix storage as the trainer, with
// nothing else. Shared by bprop_e2e (the floor beside each epoch) and bprop_floor (alone).
#pragma once

#include <chrono>
#include <vector>

#include "bprop/kernels.h"
#include "bprop/matrix.h"

namespace bench {

// FLOP of one epoch's GEMMs: 2·b·in·out per product, three products per layer but the first's two.
inline double epoch_gemm_flop(int samples, const std::vector<int>& widths) {
  double flop = 0.0;
  for (std::size_t l = 0; l + 1 < widths.size(); ++l) {
    const double per_product = 2.0 * samples * widths[l] * widths[l + 1];
    flop += per_product * (l == 0 ? 2 : 3);
  }
  return flop;
}

// Wall seconds of one epoch's GEMMs at batch `batch` (the last batch smaller when `samples` is not
// a multiple). Buffers are made before the clock starts.
inline double gemm_floor_epoch(int samples, int batch, const std::vector<int>& widths) {
  using bprop::Matrix;
  using bprop::kernels::Transpose;
  struct Buffers {
    std::vector<Matrix> act, grad;
  };
  auto make = [&](int b) {
    Buffers buf;
    for (int width : widths) {
      buf.act.emplace_back(b, width, 0.5f);
      buf.grad.emplace_back(b, width, 0.1f);
    }
    return buf;
  };
  std::vector<Matrix> w, dw;
  for (std::size_t l = 0; l + 1 < widths.size(); ++l) {
    w.emplace_back(widths[l + 1], widths[l], 0.01f);
    dw.emplace_back(widths[l + 1], widths[l]);
  }
  Buffers full = make(batch), last = make(samples % batch == 0 ? batch : samples % batch);
  const auto start = std::chrono::steady_clock::now();
  for (int begin = 0; begin < samples; begin += batch) {
    Buffers& buf = samples - begin >= batch ? full : last;
    for (std::size_t l = 0; l < w.size(); ++l) {
      bprop::kernels::gemm(Transpose::kNo, Transpose::kYes, 1.0f, buf.act[l], w[l], 0.0f,
                           buf.act[l + 1]);
    }
    for (std::size_t l = w.size(); l-- > 0;) {
      bprop::kernels::gemm(Transpose::kYes, Transpose::kNo, 1.0f, buf.grad[l + 1], buf.act[l], 0.0f,
                           dw[l]);
      if (l > 0) {
        bprop::kernels::gemm(Transpose::kNo, Transpose::kNo, 1.0f, buf.grad[l + 1], w[l], 0.0f,
                             buf.grad[l]);
      }
    }
  }
  return std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
}

}  // namespace bench
