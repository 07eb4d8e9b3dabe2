// The loop's part of a checkpoint beyond epoch, step, generator and order: the learning-rate
// schedule, early stopping with its best weights, and the epoch's accuracy counts. Version 2 files
// keep it as one length-prefixed block tagged "bprop-loop-1" (it was the CLI's opaque blob before
// the loop moved into the library); the bytes are unchanged, so old checkpoints still load.
#include <cstring>

#include "checkpoint_codec.h"

namespace bprop::checkpoint_codec {

namespace {
constexpr char kLoopTag[] = "bprop-loop-1";
constexpr std::size_t kTagSize = sizeof kLoopTag - 1;
}  // namespace

std::string encode_loop_state(const TrainerState& s) {
  Writer w;
  w.raw(kLoopTag, kTagSize);
  w.f64(s.schedule.plateau_lr);
  w.f64(s.schedule.best);
  w.u64(s.schedule.has_best ? 1 : 0);
  w.u64(static_cast<uint64_t>(s.schedule.bad_epochs));
  w.u64(static_cast<uint64_t>(s.stopping.best_epoch));
  w.f64(s.stopping.best_loss);
  w.u64(static_cast<uint64_t>(s.stopping.bad_epochs));
  w.u64(s.stopping.best_values.size());
  for (const Matrix& m : s.stopping.best_values) w.floats(m);
  w.u64(static_cast<uint64_t>(s.accuracy.correct));
  w.u64(static_cast<uint64_t>(s.accuracy.total));
  return {w.bytes().begin(), w.bytes().end()};
}

void decode_loop_state(const std::string& block, const std::string& name, const Network& network,
                       TrainerState& s) {
  if (block.empty()) return;  // written through the library API before 2026-12: no loop state
  const std::span<const unsigned char> bytes(reinterpret_cast<const unsigned char*>(block.data()),
                                             block.size());
  Reader r(bytes, name, kTagSize);
  if (block.compare(0, kTagSize, kLoopTag) != 0) {
    r.fail("loop state: no " + std::string(kLoopTag) + " tag");
  }
  auto count = [&](const char* what) {
    const uint64_t v = r.u64(std::string("loop state: ") + what);
    if (v > INT32_MAX) r.fail(std::string("loop state: absurd ") + what + " " + std::to_string(v));
    return static_cast<int>(v);
  };
  s.schedule.plateau_lr = r.f64("loop state: plateau rate");
  s.schedule.best = r.f64("loop state: plateau best loss");
  s.schedule.has_best = r.u64("loop state: plateau flag") != 0;
  s.schedule.bad_epochs = count("plateau count");
  s.stopping.best_epoch = count("best epoch");
  s.stopping.best_loss = r.f64("loop state: best loss");
  s.stopping.bad_epochs = count("early-stopping count");
  const auto params = network.parameters();
  const uint64_t saved = r.u64("loop state: snapshot count");
  if (saved != 0 && saved != params.size()) {
    r.fail("the early-stopping snapshot has " + std::to_string(saved) +
           " parameters, the network " + std::to_string(params.size()));
  }
  s.stopping.best_values.clear();
  for (uint64_t i = 0; i < saved; ++i) {
    Matrix m(params[i]->value.rows(), params[i]->value.cols());
    r.floats(m, "the early-stopping snapshot of parameter " + std::to_string(i + 1));
    s.stopping.best_values.push_back(std::move(m));
  }
  s.accuracy.correct = static_cast<int64_t>(r.u64("loop state: accuracy counts"));
  s.accuracy.total = static_cast<int64_t>(r.u64("loop state: accuracy counts"));
  if (r.left() != 0)
    r.fail("loop state: " + std::to_string(r.left()) + " unexpected trailing bytes");
}

}  // namespace bprop::checkpoint_codec
