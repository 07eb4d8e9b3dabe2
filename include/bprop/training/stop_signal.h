// Graceful stop on SIGINT/SIGTERM: the handlers only set a flag, which the training loop polls
// after each step (TrainOptions::stop_on_signal), so the current step finishes, a checkpoint is
// written and the CLI exits 130. A second signal while a stop is pending restores the default
// action, so a stuck process can still be killed with a second Ctrl-C.
#pragma once

#include <csignal>

namespace bprop {

// Installs the handlers (idempotent) and clears any pending request.
void install_stop_handlers();
// Restores the previous handlers.
void remove_stop_handlers();
// True once SIGINT or SIGTERM arrived after install_stop_handlers().
bool stop_requested();
// The signal number that asked to stop, or 0.
int stop_signal();
// The flag itself (nonzero once a stop was requested), for a loop that polls it without a call
// (the Trainer's, with TrainOptions::stop_on_signal).
const volatile std::sig_atomic_t* stop_flag();

}  // namespace bprop
