// OrderedChunks and the one-process OrderedGradientSync (ordered_sync.h).
#include "bprop/ordered_sync.h"

#include <algorithm>
#include <climits>
#include <cstring>
#include <string>

#include "bprop/errors.h"

namespace bprop {

namespace {
// The loss sum (a double) rides at the end of each record, in this many values of T.
template <typename T>
constexpr std::size_t kLossSlots = (sizeof(double) + sizeof(T) - 1) / sizeof(T);

// Chunk c of a batch of `rows` rows cut into `parts`: rows [c·rows/parts, (c+1)·rows/parts).
std::size_t cut_point(std::size_t rows, std::size_t c, std::size_t parts) {
  return rows * c / parts;
}
}  // namespace

template <typename T>
OrderedChunks<T>::OrderedChunks(int chunks, int rank, int processes, std::size_t parameters)
    : parameters_(parameters), stride_(parameters + kLossSlots<T>), chunks_(chunks) {
  if (chunks < 1) {
    throw ConfigError("ordered reduction: the chunk count must be >= 1, got " +
                      std::to_string(chunks));
  }
  const auto c = static_cast<std::size_t>(chunks), n = static_cast<std::size_t>(processes);
  if (c * stride_ * sizeof(T) > static_cast<std::size_t>(INT_MAX)) {
    throw ConfigError("ordered reduction: " + std::to_string(chunks) + " chunks of " +
                      std::to_string(parameters) +
                      " gradients exceed 2 GiB per step; use fewer chunks");
  }
  records_.assign(c * stride_, T(0));
  rows_.assign(c, 0);
  for (std::size_t r = 0; r < n; ++r) {
    const std::size_t first = cut_point(c, r, n), end = cut_point(c, r + 1, n);
    byte_offsets_.push_back(static_cast<int>(first * stride_ * sizeof(T)));
    byte_counts_.push_back(static_cast<int>((end - first) * stride_ * sizeof(T)));
    if (r == static_cast<std::size_t>(rank)) {
      first_own_ = static_cast<int>(first);
      end_own_ = static_cast<int>(end);
    }
  }
}

template <typename T>
std::vector<RowRange> OrderedChunks<T>::cut(RowRange batch) {
  const auto c = static_cast<std::size_t>(chunks_);
  batch_rows_ = batch.size();
  std::vector<RowRange> own;
  kept_.clear();
  kept_next_ = 0;
  for (std::size_t i = 0; i < c; ++i) {
    const RowRange chunk{batch.begin + cut_point(batch.size(), i, c),
                         batch.begin + cut_point(batch.size(), i + 1, c)};
    rows_[i] = chunk.size();
    const bool mine =
        i >= static_cast<std::size_t>(first_own_) && i < static_cast<std::size_t>(end_own_);
    if (mine && chunk.size() > 0) {
      own.push_back(chunk);
      kept_.push_back(static_cast<int>(i));
    }
  }
  return own;
}

template <typename T>
void OrderedChunks<T>::keep(std::span<const T> gradients, std::size_t rows, double loss_sum) {
  if (kept_next_ >= kept_.size() || gradients.size() != parameters_) {
    throw ConfigError("ordered reduction: keep() called for a chunk cut() did not hand out");
  }
  T* record = records_.data() + static_cast<std::size_t>(kept_[kept_next_++]) * stride_;
  const T scale = static_cast<T>(rows);
  for (std::size_t i = 0; i < parameters_; ++i) record[i] = gradients[i] * scale;
  std::memcpy(record + parameters_, &loss_sum, sizeof loss_sum);
}

template <typename T>
double OrderedChunks<T>::combine(std::span<T> gradients) const {
  double loss_sum = 0.0;
  bool first = true;
  for (std::size_t c = 0; c < rows_.size(); ++c) {
    if (rows_[c] == 0) continue;
    const T* record = records_.data() + c * stride_;
    if (first) {
      std::memcpy(gradients.data(), record, parameters_ * sizeof(T));
    } else {
      for (std::size_t i = 0; i < parameters_; ++i) gradients[i] += record[i];
    }
    first = false;
    double chunk_loss = 0.0;
    std::memcpy(&chunk_loss, record + parameters_, sizeof chunk_loss);
    loss_sum += chunk_loss;
  }
  const T rows = static_cast<T>(batch_rows_);
  if (first) {
    std::fill(gradients.begin(), gradients.end(), T(0));
  } else {
    for (T& g : gradients) g /= rows;
  }
  return loss_sum;
}

template <typename T>
OrderedGradientSync<T>::OrderedGradientSync(const BasicNetwork<T>& network, Options options)
    : chunks_(options.chunks, 0, 1, network.gradient_arena().size()) {}

template class OrderedChunks<float>;
template class OrderedChunks<double>;
template class OrderedGradientSync<float>;
template class OrderedGradientSync<double>;

}  // namespace bprop
