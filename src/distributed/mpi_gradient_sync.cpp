// MpiGradientSync: the data-parallel side of the training loop's seam (distributed.h).
// Built only with Open MPI.
#include <mpi.h>

#include <algorithm>
#include <array>
#include <string>

#include "bprop/distributed.h"

namespace bprop {

namespace {

template <typename T>
MPI_Datatype mpi_type();
template <>
MPI_Datatype mpi_type<float>() {
  return MPI_FLOAT;
}
template <>
MPI_Datatype mpi_type<double>() {
  return MPI_DOUBLE;
}

void check(int code, const char* what) {
  if (code == MPI_SUCCESS) return;
  char text[MPI_MAX_ERROR_STRING];
  int length = 0;
  MPI_Error_string(code, text, &length);
  throw std::runtime_error(std::string(what) + " failed: " + std::string(text, length));
}

}  // namespace

template <typename T>
MpiGradientSync<T>::MpiGradientSync(const MpiSession& session, const BasicNetwork<T>& network,
                                    Options options)
    : network_(network),
      options_(options),
      rank_(session.rank()),
      size_(session.size()),
      step_(options.first_step) {
  if (options.ordered) {
    chunks_.emplace(options.chunks, rank_, size_, network.gradient_arena().size());
  }
}

template <typename T>
RowRange MpiGradientSync<T>::share(RowRange batch) {
  // Rank r takes rows [r·B/N, (r+1)·B/N) of the batch: contiguous, sizes differ by at most one,
  // empty for some ranks when B < N; together exactly the batch, in order.
  const std::size_t rows = batch.size();
  const auto r = static_cast<std::size_t>(rank_), n = static_cast<std::size_t>(size_);
  global_rows_ = rows;
  return {batch.begin + rows * r / n, batch.begin + rows * (r + 1) / n};
}

template <typename T>
double MpiGradientSync<T>::sum(double local) {
  double total = 0.0;
  check(MPI_Allreduce(&local, &total, 1, MPI_DOUBLE, MPI_SUM, MPI_COMM_WORLD), "MPI_Allreduce");
  return total;
}

template <typename T>
void MpiGradientSync<T>::begin_step() {
  if (options_.check_every > 0 && step_ > options_.first_step &&
      step_ % options_.check_every == 0) {
    check_replicas(step_);  // the weights the previous step left, before this one changes them
  }
  ++step_;
}

template <typename T>
void MpiGradientSync<T>::reduce(std::span<T> gradients, int rows) {
  begin_step();
  // The loss averaged this rank's rows; the global batch's gradient is the sum of every rank's
  // per-sample sums over the global row count.
  const T scale = static_cast<T>(rows);
  for (T& g : gradients) g *= scale;
  check(MPI_Allreduce(MPI_IN_PLACE, gradients.data(), static_cast<int>(gradients.size()),
                      mpi_type<T>(), MPI_SUM, MPI_COMM_WORLD),
        "MPI_Allreduce");
  const T global = static_cast<T>(global_rows_);
  for (T& g : gradients) g /= global;
}

template <typename T>
double MpiGradientSync<T>::combine_chunks(std::span<T> gradients) {
  begin_step();
  // Every process's records land in place beside its own: all chunks, in chunk order.
  check(MPI_Allgatherv(MPI_IN_PLACE, 0, MPI_DATATYPE_NULL, chunks_->all_records().data(),
                       chunks_->byte_counts().data(), chunks_->byte_offsets().data(), MPI_BYTE,
                       MPI_COMM_WORLD),
        "MPI_Allgatherv");
  return chunks_->combine(gradients);
}

template <typename T>
bool MpiGradientSync<T>::any(bool local) {
  int value = local ? 1 : 0, result = 0;
  check(MPI_Allreduce(&value, &result, 1, MPI_INT, MPI_LOR, MPI_COMM_WORLD), "MPI_Allreduce");
  return result != 0;
}

template <typename T>
bool MpiGradientSync<T>::hashes_differ(uint64_t local) {
  // One call finds both the largest hash and the smallest (the largest complement).
  std::array<uint64_t, 2> values{local, ~local};
  check(MPI_Allreduce(MPI_IN_PLACE, values.data(), 2, MPI_UINT64_T, MPI_MAX, MPI_COMM_WORLD),
        "MPI_Allreduce");
  return values[0] != ~values[1];
}

template <typename T>
void MpiGradientSync<T>::check_replicas(int64_t step) {
  uint64_t local = replica_hash(network_);
  if (step == inject_at_) local ^= 1;
  if (hashes_differ(local)) {
    throw ReplicaMismatchError("the " + std::to_string(size_) +
                               " replicas' weights and optimizer state differ after step " +
                               std::to_string(step) + " (replica hash check)");
  }
}

template <typename T>
void MpiGradientSync<T>::check_same_data(const BasicMatrix<T>& inputs,
                                         const BasicMatrix<T>& targets) {
  uint64_t h = 0;
  for (const BasicMatrix<T>* m : {&inputs, &targets}) {
    const std::array<int, 2> shape{m->rows(), m->cols()};
    h = hash_bytes(shape.data(), sizeof shape, h);
    h = hash_bytes(m->values().data(), m->values().size_bytes(), h);
  }
  if (hashes_differ(h)) {
    throw ReplicaMismatchError("the " + std::to_string(size_) +
                               " processes read different training data (checksums differ): "
                               "every process must see the same file");
  }
}

template class MpiGradientSync<float>;
template class MpiGradientSync<double>;

}  // namespace bprop
