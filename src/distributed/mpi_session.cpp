// MpiSession: MPI's lifetime in one object (distributed.h). Built only with Open MPI.
#include <mpi.h>

#include <cstdlib>
#include <stdexcept>
#include <string>

#include "bprop/distributed.h"

namespace bprop {

MpiSession::MpiSession() {
  int provided = MPI_THREAD_SINGLE;
  // FUNNELED: the GEMM threads never call MPI; only the training thread does.
  if (MPI_Init_thread(nullptr, nullptr, MPI_THREAD_FUNNELED, &provided) != MPI_SUCCESS) {
    throw std::runtime_error("MPI_Init_thread failed");
  }
  if (provided < MPI_THREAD_FUNNELED) {
    MPI_Finalize();
    throw std::runtime_error("this MPI library does not support MPI_THREAD_FUNNELED");
  }
  // Errors in a collective (a peer died) return codes instead of aborting silently, so the
  // caller can name what failed; MpiGradientSync turns them into exceptions.
  MPI_Comm_set_errhandler(MPI_COMM_WORLD, MPI_ERRORS_RETURN);
  MPI_Comm_rank(MPI_COMM_WORLD, &rank_);
  MPI_Comm_size(MPI_COMM_WORLD, &size_);
}

MpiSession::~MpiSession() { MPI_Finalize(); }

void MpiSession::abort(int exit_code) const {
  MPI_Abort(MPI_COMM_WORLD, exit_code);
  std::_Exit(exit_code);  // MPI_Abort does not return in Open MPI; this is for the others
}

}  // namespace bprop
