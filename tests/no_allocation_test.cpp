// Training allocates nothing per step once the first batch has run: this TU replaces the global
// operator new/delete with counting versions (for the whole test binary; they only count) and
// checks the count stays flat over further epochs, ragged last batch included. The GEMM library
// runs on one thread here: with two, oneDNN's OpenMP dispatch news one small block per call (freed
// in the call), which is the library's, not bprop's (docs/design.md, "GEMM library").
#include <gtest/gtest.h>

#include <atomic>
#include <cstdlib>
#include <new>

#include "bprop/losses/binary_cross_entropy.h"
#include "bprop/losses/softmax_cross_entropy.h"
#include "bprop/registry.h"
#include "bprop/threads.h"
#include "bprop/train.h"

namespace {
std::atomic<long long> allocations{0};

void* counted_alloc(std::size_t size) {
  allocations.fetch_add(1, std::memory_order_relaxed);
  if (void* p = std::malloc(size == 0 ? 1 : size)) return p;
  throw std::bad_alloc();
}
}  // namespace

void* operator new(std::size_t size) { return counted_alloc(size); }
void* operator new[](std::size_t size) { return counted_alloc(size); }
void operator delete(void* p) noexcept { std::free(p); }
void operator delete[](void* p) noexcept { std::free(p); }
void operator delete(void* p, std::size_t) noexcept { std::free(p); }
void operator delete[](void* p, std::size_t) noexcept { std::free(p); }
// The nothrow forms too (std::stable_sort's temporary buffer uses them): otherwise the runtime's
// operator new would pair with the free() above, which AddressSanitizer reports as a mismatch.
void* operator new(std::size_t size, const std::nothrow_t&) noexcept {
  allocations.fetch_add(1, std::memory_order_relaxed);
  return std::malloc(size == 0 ? 1 : size);
}
void* operator new[](std::size_t size, const std::nothrow_t& tag) noexcept {
  return operator new(size, tag);
}
void operator delete(void* p, const std::nothrow_t&) noexcept { std::free(p); }
void operator delete[](void* p, const std::nothrow_t&) noexcept { std::free(p); }
// The aligned forms, which Matrix storage uses (64-byte aligned, matrix.h).
void* operator new(std::size_t size, std::align_val_t alignment) {
  allocations.fetch_add(1, std::memory_order_relaxed);
  const std::size_t a = static_cast<std::size_t>(alignment);
  if (void* p = std::aligned_alloc(a, (size + a - 1) / a * a)) return p;
  throw std::bad_alloc();
}
void* operator new[](std::size_t size, std::align_val_t alignment) {
  return operator new(size, alignment);
}
void operator delete(void* p, std::align_val_t) noexcept { std::free(p); }
void operator delete[](void* p, std::align_val_t) noexcept { std::free(p); }
void operator delete(void* p, std::size_t, std::align_val_t) noexcept { std::free(p); }
void operator delete[](void* p, std::size_t, std::align_val_t) noexcept { std::free(p); }

namespace bprop {
namespace {

struct Case {
  const char* layers;
  int inputs, batch;
  const char* optimizer;
  bool classes;
};

long long allocations_during_epochs(const Case& c) {
  Rng rng(1);
  const int samples = 3 * c.batch + 1;  // a ragged last batch of 1
  Matrix x(samples, c.inputs), y(samples, 1);
  for (float& v : x.values()) v = static_cast<float>(rng.uniform());
  for (int r = 0; r < samples; ++r) y(r, 0) = static_cast<float>(r % 2);
  Network net = build_network<float>(c.inputs, c.layers);
  net.initialize(1);
  std::unique_ptr<Loss> loss = make_loss<float>(c.classes ? "softmax-ce" : "bce");
  auto optimizer = make_optimizer<float>({.name = c.optimizer,
                                          .learning_rate = 0.01,
                                          .momentum = std::string(c.optimizer) == "sgd" ? 0.9 : 0});
  Trainer trainer(net, *loss, *optimizer, {.batch_size = c.batch, .seed = 1});
  trainer.run_epoch(x, y);  // warm-up: buffers and optimizer slots reach their size
  const long long before = allocations.load();
  for (int epoch = 0; epoch < 3; ++epoch) trainer.run_epoch(x, y);
  return allocations.load() - before;
}

TEST(NoAllocation, TrainingStepsAllocateNothingAfterTheFirstEpoch) {
  const Case cases[] = {
      {"2,sigmoid,1", 2, 1, "sgd", false},              // the notebook's per-sample net
      {"16,tanh,8,relu,2", 5, 4, "adam", true},         // small, built-in GEMMs
      {"128,relu,64,relu,10", 96, 64, "sgd", true},     // library GEMMs
      {"64,leaky_relu,gelu,3", 40, 50, "adamw", true},  // unfused activations
  };
  for (const int threads : {1, 2}) {  // two: products split over bprop's GEMM threads
    set_num_threads(threads);
    for (const Case& c : cases) {
      EXPECT_EQ(allocations_during_epochs(c), 0)
          << c.layers << " batch " << c.batch << ", " << threads << " threads";
    }
  }
  set_num_threads(0);
}

TEST(NoAllocation, TheCounterSeesAllocations) {
  const long long before = allocations.load();
  auto* p = new std::vector<int>(10);
  delete p;
  EXPECT_GE(allocations.load() - before, 2);
  const long long before_matrix = allocations.load();
  { const Matrix m(4, 4); }  // Matrix storage takes the aligned operator new
  EXPECT_EQ(allocations.load() - before_matrix, 1);
}

}  // namespace
}  // namespace bprop
