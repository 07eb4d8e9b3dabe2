// Micro benchmarks at three levels: kernels (GEMM at the Fashion-MNIST step shapes and tiny
// per-sample shapes, inference's batch-invariant product, each fused kernel, the matrix-vector
// kernel of each instruction set), layers (Dense forward/backward) and GFLOP/s for each; and
// per-sample XOR steps (SmallNet or layers). Run: build/<preset>/bench/bprop_bench
// [--benchmark_filter=...]
#include <benchmark/benchmark.h>

#include <random>

#include "bprop/kernels.h"
#include "bprop/kernels/matvec.h"
#include "bprop/layers/dense.h"
#include "bprop/losses/binary_cross_entropy.h"
#include "bprop/optimizers/sgd.h"
#include "bprop/registry.h"
#include "bprop/train.h"

namespace bprop {
namespace {

using kernels::Transpose;

Matrix random_matrix(int rows, int cols, unsigned seed) {
  std::mt19937 gen(seed);
  std::uniform_real_distribution<float> dist(-1.0f, 1.0f);
  Matrix m(rows, cols);
  for (float& v : m.values()) v = dist(gen);
  return m;
}

void set_flops(benchmark::State& state, double flop_per_iteration) {
  state.counters["GFLOP/s"] =
      benchmark::Counter(flop_per_iteration * 1e-9, benchmark::Counter::kIsIterationInvariantRate);
}

// {m, n, k, transA, transB, builtin}: kernels::gemm as the layers call it, or the built-in loops.
void BM_gemm(benchmark::State& state) {
  const int m = static_cast<int>(state.range(0)), n = static_cast<int>(state.range(1));
  const int k = static_cast<int>(state.range(2));
  const auto ta = state.range(3) ? Transpose::kYes : Transpose::kNo;
  const auto tb = state.range(4) ? Transpose::kYes : Transpose::kNo;
  const Matrix a = ta == Transpose::kNo ? random_matrix(m, k, 1) : random_matrix(k, m, 1);
  const Matrix b = tb == Transpose::kNo ? random_matrix(k, n, 2) : random_matrix(n, k, 2);
  Matrix c(m, n);
  using Gemm = void (*)(Transpose, Transpose, int, int, int, float, const float*, int, const float*,
                        int, float, float*, int);
  const Gemm fn =
      state.range(5) ? Gemm(&kernels::builtin::gemm<float>) : Gemm(&kernels::gemm<float>);
  for (auto _ : state) {
    fn(ta, tb, m, n, k, 1.0f, a.data(), a.cols(), b.data(), b.cols(), 0.0f, c.data(), n);
    benchmark::DoNotOptimize(c.data());
  }
  set_flops(state, 2.0 * m * n * k);
}
BENCHMARK(BM_gemm)
    ->ArgNames({"m", "n", "k", "tA", "tB", "builtin"})
    ->Args({128, 256, 784, 0, 1, 0})  // layer 1 forward
    ->Args({256, 784, 128, 1, 0, 0})  // layer 1 dW
    ->Args({128, 128, 256, 0, 1, 0})  // layer 2 forward
    ->Args({128, 256, 128, 1, 0, 0})  // layer 2 dW
    ->Args({128, 256, 128, 0, 0, 0})  // layer 2 dX
    ->Args({128, 10, 128, 0, 1, 0})   // layer 3 forward
    ->Args({10, 128, 128, 1, 0, 0})   // layer 3 dW
    ->Args({128, 128, 10, 0, 0, 0})   // layer 3 dX
    ->Args({1, 256, 784, 0, 1, 0})    // single-sample inference, layer 1
    ->Args({1, 64, 64, 0, 1, 0})      // per-sample 64-wide net (built-in: below the threshold)
    ->Args({1, 64, 64, 0, 1, 1})
    ->Args({32, 32, 32, 0, 1, 0})  // at the threshold: library
    ->Args({32, 32, 32, 0, 1, 1})  // ... and the built-in loops
    ->Args({16, 32, 32, 0, 1, 1})
    ->Args({1, 2, 2, 0, 1, 0})  // the notebook's 2-2-1 net
    // Small-tabular training (small_gemm, docs/design.md "Small products without the library"):
    // iris 4-100-3 at batch 112 (forward 1 and 2, dW 2, dX 2, dW 1), digits 64-100-10 at 200
    // (the same five: one step of bench/python/sklearn_vs_bprop.py, its GEMM floor in
    // docs/python.md).
    ->Args({112, 100, 4, 0, 1, 0})
    ->Args({112, 3, 100, 0, 1, 0})
    ->Args({3, 100, 112, 1, 0, 0})
    ->Args({112, 100, 3, 0, 0, 0})
    ->Args({100, 4, 112, 1, 0, 0})
    ->Args({200, 100, 64, 0, 1, 0})
    ->Args({200, 10, 100, 0, 1, 0})
    ->Args({10, 100, 200, 1, 0, 0})
    ->Args({200, 100, 10, 0, 0, 0})
    ->Args({100, 64, 200, 1, 0, 0});

// {m, n, k}: inference's batch-invariant product y = x·Wᵀ (kernels::gemm_row_invariant, the
// CPU's best form) at Fashion-MNIST's layer shapes for a 2,048-row block of Network::predict;
// BM_gemm's {m, n, k, 0, 1, 0} is the library at the same shape.
void BM_gemm_row_invariant(benchmark::State& state) {
  const int m = static_cast<int>(state.range(0)), n = static_cast<int>(state.range(1));
  const int k = static_cast<int>(state.range(2));
  const Matrix x = random_matrix(m, k, 1), w = random_matrix(n, k, 2);
  Matrix y(m, n);
  for (auto _ : state) {
    kernels::gemm_row_invariant(x, w, y);
    benchmark::DoNotOptimize(y.data());
  }
  set_flops(state, 2.0 * m * n * k);
}
BENCHMARK(BM_gemm_row_invariant)
    ->ArgNames({"m", "n", "k"})
    ->Args({2048, 256, 784})
    ->Args({2048, 128, 256})
    ->Args({2048, 10, 128})
    ->Args({1, 256, 784});
BENCHMARK(BM_gemm)
    ->ArgNames({"m", "n", "k", "tA", "tB", "builtin"})
    ->Args({2048, 256, 784, 0, 1, 0})
    ->Args({2048, 128, 256, 0, 1, 0})
    ->Args({2048, 10, 128, 0, 1, 0});

// Dense forward + backward at {batch, in, out}.
void BM_dense_forward_backward(benchmark::State& state) {
  const int batch = static_cast<int>(state.range(0)), in = static_cast<int>(state.range(1));
  const int out = static_cast<int>(state.range(2));
  Dense<float> layer(in, out);
  Rng rng(1);
  layer.initialize({}, rng);
  layer.set_needs_input_grad(true);
  const Matrix x = random_matrix(batch, in, 3), dy = random_matrix(batch, out, 4);
  for (auto _ : state) {
    layer.forward(x);
    benchmark::DoNotOptimize(layer.backward(dy).data());
  }
  set_flops(state, 3 * 2.0 * batch * in * out);  // forward, dW, dX
}
BENCHMARK(BM_dense_forward_backward)
    ->ArgNames({"batch", "in", "out"})
    ->Args({128, 784, 256})
    ->Args({128, 256, 128})
    ->Args({1, 2, 2});

void BM_bias_relu(benchmark::State& state) {
  const int rows = static_cast<int>(state.range(0)), cols = static_cast<int>(state.range(1));
  Matrix z = random_matrix(rows, cols, 5), y(rows, cols);
  const Matrix bias = random_matrix(1, cols, 6);
  for (auto _ : state) {
    kernels::bias_activation(kernels::FusedActivation::kRelu, z, bias, y);
    benchmark::DoNotOptimize(y.data());
  }
  set_flops(state, 2.0 * rows * cols);
}
BENCHMARK(BM_bias_relu)->Args({128, 256})->Args({1, 64});

void BM_softmax_cross_entropy(benchmark::State& state) {
  const int rows = static_cast<int>(state.range(0)), classes = static_cast<int>(state.range(1));
  const Matrix z = random_matrix(rows, classes, 7);
  Matrix labels(rows, 1), grad(rows, classes);
  for (int r = 0; r < rows; ++r) labels(r, 0) = static_cast<float>(r % classes);
  for (auto _ : state) {
    benchmark::DoNotOptimize(kernels::softmax_cross_entropy(z, labels, true, 1.0f / rows, grad));
  }
  set_flops(state, 5.0 * rows * classes);  // max, exp, sum, scale, subtract (exp counted once)
}
BENCHMARK(BM_softmax_cross_entropy)->Args({128, 10});

// Optimizer updates over the 235,146 parameters of 784-256-128-10.
constexpr int kParams = 235146;
void BM_sgd_momentum(benchmark::State& state) {
  Matrix w = random_matrix(1, kParams, 8), g = random_matrix(1, kParams, 9), v(1, kParams);
  for (auto _ : state) {
    kernels::sgd_update<float>(kParams, w.data(), g.data(), v.data(), 0.01f, 0.9f, 0.0f, false);
    benchmark::DoNotOptimize(w.data());
  }
  set_flops(state, 4.0 * kParams);
}
BENCHMARK(BM_sgd_momentum);

void BM_adam(benchmark::State& state) {
  Matrix w = random_matrix(1, kParams, 8), g = random_matrix(1, kParams, 9);
  Matrix m(1, kParams), v(1, kParams);
  for (auto _ : state) {
    kernels::adam_update<float>(kParams, w.data(), g.data(), m.data(), v.data(), 0.9f, 0.999f, 0.1f,
                                0.001f, 0.01f, 0.5f, 1e-8f, 0.0f, 1.0f, false);
    benchmark::DoNotOptimize(w.data());
  }
  set_flops(state, 12.0 * kParams);
}
BENCHMARK(BM_adam);

// {isa, n, k, tB}: the one-row product of each instruction set (0 baseline, 1 AVX2, 2 AVX-512),
// where this CPU has it. kernels::gemm picks the widest for m = 1 (BM_gemm's 1x256x784).
void BM_matvec(benchmark::State& state) {
  const auto isa = static_cast<kernels::matvec::Isa>(state.range(0));
  if (!kernels::matvec::cpu_supports(isa)) return state.SkipWithError("not on this CPU");
  const int n = static_cast<int>(state.range(1)), k = static_cast<int>(state.range(2));
  const auto tb = state.range(3) ? Transpose::kYes : Transpose::kNo;
  const Matrix x = random_matrix(1, k, 1);
  const Matrix b = tb == Transpose::kNo ? random_matrix(k, n, 2) : random_matrix(n, k, 2);
  Matrix y(1, n);
  for (auto _ : state) {
    kernels::matvec::sgemv(isa, tb, n, k, 1.0f, x.data(), b.data(), b.cols(), 0.0f, y.data());
    benchmark::DoNotOptimize(y.data());
  }
  set_flops(state, 2.0 * n * k);
}
BENCHMARK(BM_matvec)
    ->ArgNames({"isa", "n", "k", "tB"})
    ->Args({0, 256, 784, 1})  // inference layer 1, x·Wᵀ
    ->Args({1, 256, 784, 1})
    ->Args({2, 256, 784, 1})
    ->Args({2, 128, 256, 1})   // layer 2
    ->Args({2, 256, 784, 0})   // layer 1 with Wᵀ stored, as the Predictor keeps it
    ->Args({2, 128, 256, 0})   // layer 2, Wᵀ
    ->Args({2, 10, 128, 0})    // layer 3, Wᵀ
    ->Args({2, 784, 256, 0});  // per-sample dx = dy·W

// Per-sample training of the notebook's 2-2-1 sigmoid net (BCE, SGD), 1,000 epochs of 4 samples
// per iteration, through SmallNet (small_net:1; small_net:2 without computing the epoch losses,
// as the CLI trains when it prints none) or the layers (small_net:0). items/s = steps/s.
void BM_xor_steps(benchmark::State& state) {
  Network net = build_network<float>(2, "2,sigmoid,1");
  net.initialize(3);
  Matrix x(4, 2), y(4, 1);
  const float xs[] = {0, 0, 1, 1, 1, 0, 0, 1};
  for (int i = 0; i < 8; ++i) x.data()[i] = xs[i];
  for (int r = 0; r < 4; ++r) y(r, 0) = r < 2 ? 0.0f : 1.0f;
  BinaryCrossEntropy<float> loss;
  Sgd<float> sgd({.learning_rate = 0.01});
  // The loop computes the last epoch's loss; with epochs past the run, only the observer's wish
  // decides (arg 2: no epoch's loss, as the CLI trains when it prints none).
  const TrainOptions options{.epochs = 1 << 30, .batch_size = 1, .shuffle = false};
  TrainObservers observers;
  if (state.range(0) == 2) observers.loss_wanted.push_back([](int) { return false; });
  Trainer trainer(net, loss, sgd, options, observers);
  BasicGradientSync<float> identity;
  struct LayerPath : BasicGradientSync<float> {
    bool is_identity() const override { return false; }
  } layer_path;  // not the identity: the loop takes the layers
  trainer.set_gradient_sync(state.range(0) == 0 ? static_cast<GradientSync&>(layer_path)
                                                : identity);
  for (auto _ : state) {
    for (int e = 0; e < 1000; ++e) trainer.run_epoch(x, y);
  }
  state.SetItemsProcessed(state.iterations() * 4000);
}
BENCHMARK(BM_xor_steps)->ArgName("small_net")->Arg(2)->Arg(1)->Arg(0);

}  // namespace
}  // namespace bprop

BENCHMARK_MAIN();
