// A signal handled while the GEMM library runs must not corrupt the heap: Ctrl-C during training,
// Python's own signal handling and sampling profilers all deliver signals mid-GEMM. Without the
// signal hold in blas_backend.cpp this test aborts ("corrupted size vs. prev_size") or crashes.
#include "kernels/blas_backend.h"

#include <gtest/gtest.h>
#include <pthread.h>

#include <atomic>
#include <chrono>
#include <csignal>
#include <thread>
#include <vector>

#include "bprop/kernels.h"
#include "kernels/small_gemm.h"

namespace bprop::kernels {
namespace {

std::atomic<long> g_handled{0};
extern "C" void count_signal(int) { g_handled.fetch_add(1, std::memory_order_relaxed); }

// Sends SIGUSR1 to one thread every `period` until destroyed; restores the previous action.
class SignalStorm {
 public:
  SignalStorm(pthread_t target, std::chrono::microseconds period) {
    struct sigaction action {};
    action.sa_handler = count_signal;
    sigemptyset(&action.sa_mask);
    sigaction(SIGUSR1, &action, &previous_);
    sender_ = std::thread([this, target, period] {
      while (!stop_.load()) {
        pthread_kill(target, SIGUSR1);
        std::this_thread::sleep_for(period);
      }
    });
  }
  ~SignalStorm() {
    stop_.store(true);
    sender_.join();
    sigaction(SIGUSR1, &previous_, nullptr);
  }
  SignalStorm(const SignalStorm&) = delete;
  SignalStorm& operator=(const SignalStorm&) = delete;

 private:
  struct sigaction previous_ {};
  std::atomic<bool> stop_{false};
  std::thread sender_;
};

TEST(BlasBackend, SignalsDuringLibraryGemmsLeaveHeapAndResultsIntact) {
  // Training-like shapes: a batch of 256 through a 128-wide layer, forward and weight gradient,
  // above small_gemm::kMaxWork so the library runs them.
  constexpr int batch = 256, in = 128, out = 80;
  static_assert(static_cast<long long>(batch) * in * out > small_gemm::kMaxWork);
  std::vector<float> x(batch * in), w(out * in), y(batch * out), grad(out * in);
  for (std::size_t i = 0; i < x.size(); ++i) x[i] = static_cast<float>(i % 13) * 0.125f - 0.75f;
  for (std::size_t i = 0; i < w.size(); ++i) w[i] = static_cast<float>(i % 7) * 0.25f - 0.5f;
  auto step = [&] {
    gemm(Transpose::kNo, Transpose::kYes, batch, out, in, 1.0f, x.data(), in, w.data(), in, 0.0f,
         y.data(), out);
    gemm(Transpose::kYes, Transpose::kNo, out, in, batch, 1.0f, y.data(), out, x.data(), in, 0.0f,
         grad.data(), in);
  };
  step();
  const std::vector<float> expected_y = y, expected_grad = grad;
  {
    const SignalStorm storm(pthread_self(), std::chrono::microseconds(50));
    const auto end = std::chrono::steady_clock::now() + std::chrono::milliseconds(400);
    while (std::chrono::steady_clock::now() < end) {
      std::vector<float> heap_neighbour(1000 + static_cast<std::size_t>(g_handled.load() % 997));
      step();
      ASSERT_EQ(y, expected_y);
      ASSERT_EQ(grad, expected_grad);
    }
  }
  EXPECT_GT(g_handled.load(), 0) << "no signal reached the thread: the test proved nothing";
  if (detail::blas_name().find("built-in") != std::string::npos) {
    GTEST_SKIP() << "no GEMM library in this build (" << detail::blas_name() << ")";
  }
}

bool usr1_held() {
  sigset_t mask;
  pthread_sigmask(SIG_BLOCK, nullptr, &mask);
  return sigismember(&mask, SIGUSR1) == 1;
}

// One library-sized product (200x20x64 multiply-adds).
void library_gemm() {  // above small_gemm::kMaxWork: the library's
  static_assert(200LL * 200 * 64 > small_gemm::kMaxWork);
  std::vector<float> a(200 * 64, 0.5f), b(200 * 64, 0.25f), c(200 * 200);
  gemm(Transpose::kNo, Transpose::kYes, 200, 200, 64, 1.0f, a.data(), 64, b.data(), 64, 0.0f,
       c.data(), 200);
}

TEST(BlasBackend, SignalsHeldAcrossCallsHoldFromTheFirstCallToTheOutermostScopeEnd) {
  ASSERT_FALSE(usr1_held());
  if (detail::blas_name().find("built-in") != std::string::npos) {
    GTEST_SKIP() << "no GEMM library in this build (" << detail::blas_name() << ")";
  }
  library_gemm();
  EXPECT_FALSE(usr1_held()) << "a call outside any scope restores the mask";
  {
    const detail::SignalsHeldAcrossCalls outer;
    EXPECT_FALSE(usr1_held()) << "no library call yet: nothing held";
    {
      const detail::SignalsHeldAcrossCalls inner;
      library_gemm();
      EXPECT_TRUE(usr1_held());
    }
    EXPECT_TRUE(usr1_held()) << "held until the outermost scope ends";
    library_gemm();
    EXPECT_TRUE(usr1_held());
  }
  EXPECT_FALSE(usr1_held());
}

TEST(BlasBackend, ASignalSentInsideTheScopeArrivesWhenItEnds) {
  const long before = g_handled.load();
  struct sigaction action {
  }, previous{};
  action.sa_handler = count_signal;
  sigemptyset(&action.sa_mask);
  sigaction(SIGUSR1, &action, &previous);
  {
    const detail::SignalsHeldAcrossCalls scope;
    library_gemm();
    pthread_kill(pthread_self(), SIGUSR1);
    if (usr1_held()) {
      EXPECT_EQ(g_handled.load(), before) << "held: not handled yet";
    }
  }
  EXPECT_EQ(g_handled.load(), before + 1);
  sigaction(SIGUSR1, &previous, nullptr);
}

}  // namespace
}  // namespace bprop::kernels
