// int8 dense kernels (kernels/int8.h): the reference loop, the packing of the fast kernels'
// weights, the folding of the zero points into the bias, and the run-time choice of kernel.
#include "bprop/kernels/int8.h"

#include <stdexcept>

#include "kernels/int8_fast.h"
#include "kernels/isa_dispatch.h"

namespace bprop::kernels::int8 {

namespace {

Isa detect() {
#if defined(__x86_64__) && defined(__GNUC__)
  __builtin_cpu_init();
  if (__builtin_cpu_supports("avx512f") && __builtin_cpu_supports("avx512vnni")) {
    return Isa::kAvx512Vnni;
  }
  if (__builtin_cpu_supports("avx2")) return Isa::kAvx2;
#endif
  return Isa::kReference;
}

// The executable spec: acc = bias + Σ (x − x_zero) · w, in int32. The bounds of quantization.h
// keep every partial sum below 2^31.
void dense_reference(const PackedWeights& w, const int8_t* x, int rows, int ldx, int32_t x_zero,
                     const int32_t* bias, int32_t* acc) {
  for (int r = 0; r < rows; ++r) {
    const int8_t* xr = x + static_cast<std::ptrdiff_t>(r) * ldx;
    for (int o = 0; o < w.out; ++o) {
      const int8_t* wo = w.data.data() + static_cast<std::ptrdiff_t>(o) * w.in;
      int32_t sum = bias[o];
      for (int i = 0; i < w.in; ++i) sum += (int32_t{xr[i]} - x_zero) * int32_t{wo[i]};
      acc[static_cast<std::ptrdiff_t>(r) * w.out + o] = sum;
    }
  }
}

}  // namespace

using Dispatch = IsaDispatch<Isa, detect>;

bool cpu_supports(Isa isa) { return Dispatch::supports(isa); }

Isa best_isa() { return Dispatch::best(); }

const char* isa_name(Isa isa) {
  static const char* const kNames[] = {"reference", "avx2", "avx512-vnni"};
  return kNames[static_cast<int>(isa)];
}

PackedWeights pack(Isa isa, const int8_t* w, int in, int out) {
  if (!cpu_supports(isa)) throw std::invalid_argument("int8 pack: this CPU cannot run the kernel");
  PackedWeights p{isa, in, out, {}, std::vector<int32_t>(static_cast<std::size_t>(out), 0)};
  for (int o = 0; o < out; ++o) {
    for (int i = 0; i < in; ++i) p.row_sums[o] += w[static_cast<std::ptrdiff_t>(o) * in + i];
  }
  if (isa == Isa::kReference) {
    p.data.assign(w, w + static_cast<std::ptrdiff_t>(in) * out);
    return p;
  }
  const int blocks = (out + kBlock - 1) / kBlock, groups = padded_input(in) / kGroup;
  p.data.assign(static_cast<std::size_t>(blocks) * groups * kBlock * kGroup, 0);
  for (int o = 0; o < out; ++o) {
    for (int i = 0; i < in; ++i) {
      const std::size_t at =
          ((static_cast<std::size_t>(o / kBlock) * groups + i / kGroup) * kBlock + o % kBlock) *
              kGroup +
          i % kGroup;
      p.data[at] = w[static_cast<std::ptrdiff_t>(o) * in + i];
    }
  }
  return p;
}

void dense(const PackedWeights& w, const int8_t* x, int rows, int ldx, int32_t x_zero,
           const int32_t* bias, int32_t* acc) {
  if (w.isa == Isa::kReference) return dense_reference(w, x, rows, ldx, x_zero, bias, acc);
  // Σ (x − z)·w = Σ x'·w − (z + offset)·Σ w for x' = x + offset: VNNI multiplies x + 128 as u8.
  // The folded bias may leave int32 (it wraps, as the vector adds do); the final sums fit.
  const int64_t offset = w.isa == Isa::kAvx512Vnni ? 128 : 0;
  thread_local std::vector<int32_t> folded;
  folded.assign(static_cast<std::size_t>((w.out + kBlock - 1) / kBlock * kBlock), 0);
  for (int o = 0; o < w.out; ++o) {
    const int64_t b = bias[o] - (x_zero + offset) * w.row_sums[o];
    folded[o] = static_cast<int32_t>(static_cast<uint32_t>(b));
  }
  if (w.isa == Isa::kAvx2) return dense_avx2(w, x, rows, ldx, folded.data(), acc);
  dense_avx512_vnni(w, x, rows, ldx, folded.data(), acc);
}

}  // namespace bprop::kernels::int8
