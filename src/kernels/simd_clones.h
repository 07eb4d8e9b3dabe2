// Run-time choice of the vector width for bprop's own memory-pass kernels. Release builds target
// the x86-64 baseline (SSE2, 4 floats per instruction); on a parameter-sized pass such as the SGD
// update or the finiteness check, the instruction count then bounds the loop as much as memory
// does. The compiler makes one copy of the function per listed ISA and the loader picks the best
// one once (an ifunc). AVX2, not AVX-512: these passes are bound by memory once the parameters
// outgrow L2, and there the AVX-512 copy was the slower (docs/design.md, "Kernels and fusion").
// The kernel sources compile with -ffp-contract=off, so no copy fuses a multiply and an add that
// the portable copy rounds twice: every copy gives the same bits. -DBPROP_SIMD_CLONES_OFF builds
// the portable copy alone (to compare).
// Under ThreadSanitizer the loader runs the ifunc resolvers before TSan's runtime is set up, and
// the instrumented resolvers crash at start; TSan builds therefore get the portable copy alone.
#pragma once

#if defined(__SANITIZE_THREAD__)
#define BPROP_SIMD_CLONES_OFF 1
#elif defined(__has_feature)
#if __has_feature(thread_sanitizer)
#define BPROP_SIMD_CLONES_OFF 1
#endif
#endif

// BPROP_SIMD_CLONES_WIDE adds an AVX-512 copy, for a pass bound by its arithmetic rather than by
// memory: Adam's square root and division per element ran in half the time at 512 bits, on 4,600
// parameters as on 235,000 (docs/design.md, "Run-time vector width").
#if defined(__x86_64__) && defined(__GNUC__) && !defined(BPROP_SIMD_CLONES_OFF)
#define BPROP_SIMD_CLONES __attribute__((target_clones("avx2", "default")))
#define BPROP_SIMD_CLONES_WIDE __attribute__((target_clones("avx512f", "avx2", "default")))
#else
#define BPROP_SIMD_CLONES
#define BPROP_SIMD_CLONES_WIDE
#endif
