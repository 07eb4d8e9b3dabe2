// oneDNN's sgemm, opened with dlopen on first use (see blas_backend.h for why not at start-up).
// oneDNN always runs on one thread (its OpenMP setting is per calling thread, so each thread sets
// it once); more threads split a product by rows (row_split.h), which keeps its bits.
#include "kernels/blas_backend.h"

#include <pthread.h>

#include <algorithm>
#include <atomic>
#include <csignal>
#include <cstdio>
#include <cstdlib>
#include <stdexcept>
#include <string>
#include <thread>

#include "bprop/threads.h"
#include "kernels/row_split.h"

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
// This thread's open SignalsHeldAcrossCalls scopes, and the mask to restore once they close when
// a library call inside them held the signals.
struct AcrossCalls {
  int depth = 0;
  bool held = false;
  sigset_t previous{};
};
thread_local AcrossCalls across_calls;
}  // namespace

SignalsHeldAcrossCalls::SignalsHeldAcrossCalls() { ++across_calls.depth; }

SignalsHeldAcrossCalls::~SignalsHeldAcrossCalls() {
  if (--across_calls.depth == 0 && across_calls.held) {
    across_calls.held = false;
    pthread_sigmask(SIG_SETMASK, &across_calls.previous, nullptr);
  }
}

#if BPROP_USE_BLAS
namespace {

#define BPROP_STR2(x) #x
#define BPROP_STR(x) BPROP_STR2(x)
constexpr const char* kLibrary = "libdnnl.so." BPROP_STR(DNNL_VERSION_MAJOR);

struct Library {
  decltype(&dnnl_sgemm) sgemm = nullptr;
  void (*set_threads)(int) = nullptr;
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

// Products smaller than this (multiply-adds) or with fewer rows per part run on one thread: below
// it, handing a part to a helper costs more than the part.
constexpr double kMinSplitWork = 1 << 18;
constexpr int kMinRowsPerPart = 32;
constexpr int kRowAlignment = 16;  // parts start on a 64-byte row boundary of A's columns

// Holds back asynchronous signals on this thread for its lifetime. oneDNN 2.x's JIT GEMM kernels
// point rsp into a heap buffer while they run (oneDNN issue 4845, fixed in 3.11; Debian 12 ships
// 2.6): a handler that runs then writes its frame over the heap. A signal sent meanwhile waits
// until the call returns, or goes to another thread. Faults (SIGSEGV, ...) stay deliverable.
// Inside a SignalsHeldAcrossCalls scope the first one holds them for the rest of the scope.
class AsyncSignalsHeld {
 public:
  AsyncSignalsHeld() {
    if (across_calls.held) return;
    sigset_t held;
    sigfillset(&held);
    for (const int fault : {SIGSEGV, SIGBUS, SIGFPE, SIGILL, SIGTRAP, SIGSYS})
      sigdelset(&held, fault);
    pthread_sigmask(SIG_BLOCK, &held, &previous_);
    if (across_calls.depth > 0) {
      across_calls.held = true;  // SignalsHeldAcrossCalls's destructor restores the mask
      across_calls.previous = previous_;
    } else {
      restore_ = true;
    }
  }
  ~AsyncSignalsHeld() {
    if (restore_) pthread_sigmask(SIG_SETMASK, &previous_, nullptr);
  }
  AsyncSignalsHeld(const AsyncSignalsHeld&) = delete;
  AsyncSignalsHeld& operator=(const AsyncSignalsHeld&) = delete;

 private:
  sigset_t previous_;
  bool restore_ = false;
};

// One single-threaded library call; returns its status (a part on a helper thread must not throw).
dnnl_status_t library_sgemm(const Library& lib, bool trans_a, bool trans_b, int m, int n, int k,
                            float alpha, const float* a, int lda, const float* b, int ldb,
                            float beta, float* c, int ldc) {
  if (lib.set_threads != nullptr) {  // the library's own threads stay at one: see row_split.h
    thread_local bool applied = false;
    if (!applied) lib.set_threads(1);
    applied = true;
  }
  const AsyncSignalsHeld signals_held;
  return lib.sgemm(trans_a ? 'T' : 'N', trans_b ? 'T' : 'N', m, n, k, alpha, a, lda, b, ldb, beta,
                   c, ldc);
}

}  // namespace

bool blas_sgemm(bool trans_a, bool trans_b, int m, int n, int k, float alpha, const float* a,
                int lda, const float* b, int ldb, float beta, float* c, int ldc) {
  const Library& lib = library();
  if (lib.sgemm == nullptr) return false;
  const int threads = num_threads();
  const int parts = std::min(threads, m / kMinRowsPerPart);
  dnnl_status_t status = dnnl_success;
  if (parts < 2 || static_cast<double>(m) * n * k < kMinSplitWork) {
    status = library_sgemm(lib, trans_a, trans_b, m, n, k, alpha, a, lda, b, ldb, beta, c, ldc);
  } else {
    // Whole 16-row blocks, the last part taking the rest: every part keeps at least
    // kMinRowsPerPart rows (a one-row part would go to the library's matrix-vector path).
    const int rows = m / parts / kRowAlignment * kRowAlignment;
    std::atomic<int> failed{dnnl_success};
    run_parts(threads, parts, [&](int part) {
      const int first = part * rows;
      const int count = part + 1 < parts ? rows : m - first;
      const float* a_part = trans_a ? a + first : a + static_cast<std::ptrdiff_t>(first) * lda;
      const dnnl_status_t s =
          library_sgemm(lib, trans_a, trans_b, count, n, k, alpha, a_part, lda, b, ldb, beta,
                        c + static_cast<std::ptrdiff_t>(first) * ldc, ldc);
      if (s != dnnl_success) failed.store(s, std::memory_order_relaxed);
    });
    status = static_cast<dnnl_status_t>(failed.load(std::memory_order_relaxed));
  }
  if (status != dnnl_success) {
    throw std::runtime_error(
        "kernels::gemm: dnnl_sgemm failed with status " + std::to_string(static_cast<int>(status)) +
        " at m=" + std::to_string(m) + " n=" + std::to_string(n) + " k=" + std::to_string(k));
  }
  return true;
}
#else
bool blas_sgemm(bool, bool, int, int, int, float, const float*, int, const float*, int, float,
                float*, int) {
  return false;
}
#endif

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
  static const int default_threads = [] {
    const char* env = std::getenv("OMP_NUM_THREADS");
    return env != nullptr && std::atoi(env) > 0 ? std::atoi(env) : 1;
  }();
  return default_threads;
}

}  // namespace bprop
