// The read floor of a matrix-vector product: how long this core takes just to read a block of
// floats that is already in its caches, with the widest loads it has and several independent
// sums. One sample's inference reads every weight once, so it cannot beat reading them; bprop_e2e
// infer quotes its latency as a ratio to this, and bprop_bandwidth prints it for sizes from L1 to
// memory. Used by the bench programs only.
#pragma once

#include <cstddef>
#include <cstdlib>
#include <new>

#ifdef __linux__
#include <sys/mman.h>
#endif
#if defined(__x86_64__) || defined(__i386__)
#include <immintrin.h>
#endif

namespace bench {

// Sum of p[0, count): count a multiple of 64, p 64-byte aligned. Returned so the reads are not
// optimised away.
#if defined(__x86_64__) || defined(__i386__)
__attribute__((target("avx512f"), noinline)) inline float read_avx512(const float* p,
                                                                      std::size_t count) {
  __m512 a0 = _mm512_setzero_ps(), a1 = a0, a2 = a0, a3 = a0;
  for (std::size_t i = 0; i < count; i += 64) {
    a0 = _mm512_add_ps(a0, _mm512_load_ps(p + i));
    a1 = _mm512_add_ps(a1, _mm512_load_ps(p + i + 16));
    a2 = _mm512_add_ps(a2, _mm512_load_ps(p + i + 32));
    a3 = _mm512_add_ps(a3, _mm512_load_ps(p + i + 48));
  }
  alignas(64) float lanes[16];  // not _mm512_reduce_add_ps: GCC 12 warns inside it
  _mm512_store_ps(lanes, _mm512_add_ps(_mm512_add_ps(a0, a1), _mm512_add_ps(a2, a3)));
  float s = 0;
  for (float v : lanes) s += v;
  return s;
}
#endif

__attribute__((noinline)) inline float read_portable(const float* p, std::size_t count) {
  float a[16] = {};
  for (std::size_t i = 0; i < count; i += 16) {
    for (int j = 0; j < 16; ++j) a[j] += p[i + j];
  }
  float s = 0;
  for (float v : a) s += v;
  return s;
}

inline float read_all(const float* p, std::size_t count) {
#if defined(__x86_64__) || defined(__i386__)
  if (__builtin_cpu_supports("avx512f")) return read_avx512(p, count);
#endif
  return read_portable(p, count);
}

// `count` floats (rounded up to 64), 2 MiB-aligned with the transparent-huge-page hint, as the
// Predictor allocates its weights; filled with small values. Free with std::free.
inline float* read_buffer(std::size_t count) {
  const std::size_t rounded = (count + 63) / 64 * 64;
  const std::size_t align = std::size_t{2} << 20;
  const std::size_t bytes = (rounded * sizeof(float) + align - 1) / align * align;
  auto* p = static_cast<float*>(std::aligned_alloc(align, bytes));
  if (p == nullptr) throw std::bad_alloc();
#ifdef __linux__
  madvise(p, bytes, MADV_HUGEPAGE);
#endif
  for (std::size_t i = 0; i < bytes / sizeof(float); ++i) p[i] = 1e-6f * static_cast<float>(i % 7);
  return p;
}

}  // namespace bench
