// The GEMM library behind kernels::gemm, loaded on the first GEMM large enough to need it. Loading
// lazily keeps tiny networks' processes free of the library's start-up cost (several ms of
// relocations and thread-pool set-up: docs/design.md, "GEMM library").
#pragma once

#include <string>

namespace bprop::kernels::detail {

// C = alpha·op(A)·op(B) + beta·C in float, row-major, through the library. Returns false (and
// does nothing) when the build has no library or it could not be loaded.
bool blas_sgemm(bool trans_a, bool trans_b, int m, int n, int k, float alpha, const float* a,
                int lda, const float* b, int ldb, float beta, float* c, int ldc);

// The library's name and version, or why there is none.
std::string blas_name();

// Each library call holds back asynchronous signals while it runs (blas_backend.cpp says why),
// which costs two system calls. While one of these is alive on a thread, the first library call
// there holds them and they stay held until the scope ends: a training step's GEMMs then pay two
// system calls in all. A signal waits at most until the scope ends, so a scope must not wait on
// anything outside the process (a collective, a file). Scopes nest; without a library call inside,
// a scope makes no system call.
class SignalsHeldAcrossCalls {
 public:
  SignalsHeldAcrossCalls();
  ~SignalsHeldAcrossCalls();
  SignalsHeldAcrossCalls(const SignalsHeldAcrossCalls&) = delete;
  SignalsHeldAcrossCalls& operator=(const SignalsHeldAcrossCalls&) = delete;
};

}  // namespace bprop::kernels::detail
