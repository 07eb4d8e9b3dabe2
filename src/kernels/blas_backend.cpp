// oneDNN's sgemm, opened with dlopen on first use (see blas_backend.h for why not at start-up).
// The thread count reaches oneDNN through its OpenMP runtime (omp_set_num_threads), which keeps
// that setting per calling thread, so each thread applies the current policy before its GEMM.
#include "kernels/blas_backend.h"

#include <atomic>
#include <cstdio>
#include <cstdlib>
#include <stdexcept>
#include <string>
#include <thread>

#include "bprop/threads.h"

#if BPROP_USE_BLAS
#include <dlfcn.h>
#include <oneapi/dnnl/dnnl.h>
#endif

namespace bprop {

namespace {
std::atomic<int> requested_threads{0};
}  // namespace

void set_num_threads(int n) {
  if (n < 0) {
    throw std::invalid_argument("set_num_threads: thread count must be >= 0 (0 = default), got " +
                                std::to_string(n));
  }
  requested_threads.store(n, std::memory_order_relaxed);
}

namespace kernels::detail {

namespace {

#if BPROP_USE_BLAS
#define BPROP_STR2(x) #x
#define BPROP_STR(x) BPROP_STR2(x)
constexpr const char* kLibrary = "libdnnl.so." BPROP_STR(DNNL_VERSION_MAJOR);

struct Library {
  decltype(&dnnl_sgemm) sgemm = nullptr;
  void (*set_threads)(int) = nullptr;
  int default_threads = 1;
  std::string name;
};

const Library& library() {
  static const Library lib = [] {
    Library l;
    void* handle = dlopen(kLibrary, RTLD_NOW | RTLD_LOCAL);
    if (handle == nullptr) {
      l.name.append("built-in loops (").append(kLibrary).append(" could not be loaded: ");
      l.name.append(dlerror()).append(")");
      return l;
    }
    l.sgemm = reinterpret_cast<decltype(&dnnl_sgemm)>(dlsym(handle, "dnnl_sgemm"));
    auto version = reinterpret_cast<decltype(&dnnl_version)>(dlsym(handle, "dnnl_version"));
    l.set_threads = reinterpret_cast<void (*)(int)>(dlsym(handle, "omp_set_num_threads"));
    auto max_threads = reinterpret_cast<int (*)()>(dlsym(handle, "omp_get_max_threads"));
    // One thread unless OMP_NUM_THREADS asks for more: on a shared machine a second GEMM thread
    // that is not scheduled stalls every call at OpenMP's barrier (docs/design.md, "Threads").
    l.default_threads =
        std::getenv("OMP_NUM_THREADS") != nullptr && max_threads != nullptr ? max_threads() : 1;
    if (l.sgemm == nullptr) {
      l.name.append("built-in loops (").append(kLibrary).append(" has no dnnl_sgemm)");
      return l;
    }
    // snprintf rather than string concatenation: g++ 12 -O3 flags the latter (-Wrestrict).
    char text[64] = "oneDNN";
    if (version != nullptr) {
      const dnnl_version_t* v = version();
      std::snprintf(text, sizeof text, "oneDNN %d.%d.%d", v->major, v->minor, v->patch);
    }
    l.name = text;
    l.name.append(" (").append(kLibrary).append(")");
    return l;
  }();
  return lib;
}
#endif

}  // namespace

bool blas_sgemm(bool trans_a, bool trans_b, int m, int n, int k, float alpha, const float* a,
                int lda, const float* b, int ldb, float beta, float* c, int ldc) {
#if BPROP_USE_BLAS
  const Library& lib = library();
  if (lib.sgemm == nullptr) return false;
  if (lib.set_threads != nullptr) {
    const int requested = requested_threads.load(std::memory_order_relaxed);
    const int threads = requested > 0 ? requested : lib.default_threads;
    thread_local int applied = -1;
    if (applied != threads) {
      lib.set_threads(threads);
      applied = threads;
    }
  }
  const dnnl_status_t status = lib.sgemm(trans_a ? 'T' : 'N', trans_b ? 'T' : 'N', m, n, k, alpha,
                                         a, lda, b, ldb, beta, c, ldc);
  if (status != dnnl_success) {
    throw std::runtime_error(
        "kernels::gemm: dnnl_sgemm failed with status " + std::to_string(static_cast<int>(status)) +
        " at m=" + std::to_string(m) + " n=" + std::to_string(n) + " k=" + std::to_string(k));
  }
  return true;
#else
  (void)trans_a, (void)trans_b, (void)m, (void)n, (void)k, (void)alpha, (void)a, (void)lda;
  (void)b, (void)ldb, (void)beta, (void)c, (void)ldc;
  return false;
#endif
}

std::string blas_name() {
#if BPROP_USE_BLAS
  return library().name;
#else
  return "built-in loops (built without BPROP_USE_BLAS)";
#endif
}

}  // namespace kernels::detail

int num_threads() {
  const int requested = requested_threads.load(std::memory_order_relaxed);
  if (requested > 0) return requested;
#if BPROP_USE_BLAS
  // Only OMP_NUM_THREADS needs the library's OpenMP to interpret it. Loading oneDNN just to answer
  // 1 would slow every process's start, XOR's included (the CLI records the count at start).
  if (std::getenv("OMP_NUM_THREADS") == nullptr) return 1;
  return kernels::detail::library().default_threads;
#else
  return 1;
#endif
}

}  // namespace bprop
