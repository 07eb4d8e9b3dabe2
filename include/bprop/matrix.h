// Matrix: a dense row-major 2-D array. Rows are the samples of a batch, columns are features.
// Templated on the scalar so the same code trains in float and gradient-checks in double.
#pragma once

#include <algorithm>
#include <cstddef>
#include <new>
#include <span>
#include <string>
#include <vector>

namespace bprop {

// Matrix storage starts on a 64-byte boundary (a cache line, one AVX-512 register): with malloc's
// 16-byte alignment every other vector load of a parameter-sized pass straddles two cache lines,
// which slowed the SGD update and the finiteness check (docs/design.md, "Aligned storage").
template <typename T>
struct CacheAlignedAllocator {
  using value_type = T;
  static constexpr std::align_val_t kAlignment{64};
  CacheAlignedAllocator() = default;
  template <typename U>
  CacheAlignedAllocator(const CacheAlignedAllocator<U>&) noexcept {}
  T* allocate(std::size_t n) { return static_cast<T*>(::operator new(n * sizeof(T), kAlignment)); }
  void deallocate(T* p, std::size_t) noexcept { ::operator delete(p, kAlignment); }
  friend bool operator==(const CacheAlignedAllocator&, const CacheAlignedAllocator&) = default;
};

template <typename T>
class BasicMatrix {
 public:
  using value_type = T;

  BasicMatrix() = default;
  BasicMatrix(int rows, int cols, T fill = T(0));
  // Builds a matrix from nested rows, e.g. {{0, 1}, {1, 0}}; every row must have the same length.
  BasicMatrix(std::initializer_list<std::initializer_list<T>> rows);

  // A matrix can be a view of storage owned elsewhere: a Network keeps every parameter and every
  // gradient in one arena each, and each Parameter's matrices are views into it (docs/design.md,
  // "The training loop"). A view keeps pointing there when moved (a layer's parameters may be
  // moved); a copy of a view owns its elements; assigning into a view copies the elements and
  // keeps it a view, so the shape must then match. Only the element count is fixed: resize()
  // may reshape a view but not grow it.
  BasicMatrix(const BasicMatrix& other);
  BasicMatrix(BasicMatrix&& other) noexcept;
  BasicMatrix& operator=(const BasicMatrix& other);
  BasicMatrix& operator=(BasicMatrix&& other);
  ~BasicMatrix() = default;
  // Copies the elements to `storage` (size() of them, not overlapping this matrix) and from then
  // on is a view of it.
  void move_into(T* storage);
  bool is_view() const { return view_; }

  int rows() const { return rows_; }
  int cols() const { return cols_; }
  std::size_t size() const { return static_cast<std::size_t>(rows_) * cols_; }
  bool empty() const { return size() == 0; }

  T* data() { return ptr_; }
  const T* data() const { return ptr_; }
  std::span<T> values() { return {ptr_, size()}; }
  std::span<const T> values() const { return {ptr_, size()}; }
  T* row(int r) { return ptr_ + static_cast<std::size_t>(r) * cols_; }
  const T* row(int r) const { return ptr_ + static_cast<std::size_t>(r) * cols_; }

  T& operator()(int r, int c) { return ptr_[static_cast<std::size_t>(r) * cols_ + c]; }
  T operator()(int r, int c) const { return ptr_[static_cast<std::size_t>(r) * cols_ + c]; }

  // Changes the shape. Capacity is kept, so once the largest batch has been seen no call allocates.
  // Contents are unspecified after a resize that changes the shape.
  // Inline when the element count is unchanged: per-sample training resizes every step.
  void resize(int rows, int cols) {
    if (rows >= 0 && cols >= 0 && static_cast<std::size_t>(rows) * cols == size()) {
      rows_ = rows;
      cols_ = cols;
      return;
    }
    resize_storage(rows, cols);
  }
  void fill(T value);

  // "3x4", for error messages.
  std::string shape() const;

  friend bool operator==(const BasicMatrix& a, const BasicMatrix& b) {
    return a.rows_ == b.rows_ && a.cols_ == b.cols_ &&
           std::equal(a.ptr_, a.ptr_ + a.size(), b.ptr_);
  }

 private:
  void resize_storage(int rows, int cols);

  int rows_ = 0;
  int cols_ = 0;
  std::vector<T, CacheAlignedAllocator<T>> data_;  // empty in a view
  T* ptr_ = nullptr;                               // data_.data(), or the viewed storage
  bool view_ = false;
};

using Matrix = BasicMatrix<float>;
using MatrixD = BasicMatrix<double>;

// Converts between scalar types (float weights into a double gradient check and back).
template <typename To, typename From>
BasicMatrix<To> matrix_cast(const BasicMatrix<From>& m);

}  // namespace bprop
