// Async-signal-safe stop flag: the handler writes one sig_atomic_t and, on a second signal,
// resets the action to the default and re-raises (all allowed in a handler).
#include "bprop/training/stop_signal.h"

#include <csignal>

namespace bprop {

namespace {

volatile std::sig_atomic_t g_signal = 0;
struct sigaction g_previous_int {};
struct sigaction g_previous_term {};
bool g_installed = false;

extern "C" void on_stop_signal(int signal) {
  if (g_signal != 0) {
    // Second request: die of it (delivered once this handler returns).
    std::signal(signal, SIG_DFL);
    std::raise(signal);
  }
  g_signal = signal;
}

}  // namespace

void install_stop_handlers() {
  g_signal = 0;
  if (g_installed) return;
  struct sigaction action {};
  action.sa_handler = on_stop_signal;
  sigemptyset(&action.sa_mask);
  action.sa_flags = SA_RESTART;  // blocking reads and writes continue; we stop between steps
  sigaction(SIGINT, &action, &g_previous_int);
  sigaction(SIGTERM, &action, &g_previous_term);
  g_installed = true;
}

void remove_stop_handlers() {
  if (!g_installed) return;
  sigaction(SIGINT, &g_previous_int, nullptr);
  sigaction(SIGTERM, &g_previous_term, nullptr);
  g_installed = false;
}

bool stop_requested() { return g_signal != 0; }
int stop_signal() { return g_signal; }
const volatile std::sig_atomic_t* stop_flag() { return &g_signal; }

}  // namespace bprop
