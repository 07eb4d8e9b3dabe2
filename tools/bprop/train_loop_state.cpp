// Encoding of the CLI loop state inside a checkpoint.
#include "train_loop_state.h"

#include <cstring>

#include "bprop/io/checkpoint.h"

namespace bprop::cli {

namespace {

// The loop state travels in CheckpointInfo::extra, inside the checkpoint's CRC. It is still
// parsed with bounds checks: a file can be crafted with a valid CRC.
constexpr char kLoopTag[] = "bprop-loop-1";

class Out {
 public:
  void u64(uint64_t v) {
    for (int i = 0; i < 8; ++i) text.push_back(static_cast<char>(v >> (8 * i)));
  }
  void f64(double v) {
    uint64_t bits;
    std::memcpy(&bits, &v, 8);
    u64(bits);
  }
  void matrix(const Matrix& m) {
    u64(static_cast<uint64_t>(m.rows()));
    u64(static_cast<uint64_t>(m.cols()));
    for (const float f : m.values()) {
      uint32_t bits;
      std::memcpy(&bits, &f, 4);
      for (int i = 0; i < 4; ++i) text.push_back(static_cast<char>(bits >> (8 * i)));
    }
  }
  std::string text;
};

class In {
 public:
  In(const std::string& text, const std::string& path) : text_(text), path_(path) {}
  [[noreturn]] void fail(const std::string& why) const {
    throw CheckpointError("checkpoint '" + path_ + "': loop state: " + why);
  }
  uint64_t u64() { return bytes(8); }
  double f64() {
    const uint64_t bits = u64();
    double v;
    std::memcpy(&v, &bits, 8);
    return v;
  }
  Matrix matrix() {
    const uint64_t rows = u64(), cols = u64();
    if (rows > INT32_MAX || cols > INT32_MAX || (rows != 0 && cols > left() / 4 / rows)) {
      fail("a matrix of " + std::to_string(rows) + "x" + std::to_string(cols) +
           " does not fit in the file");
    }
    Matrix m(static_cast<int>(rows), static_cast<int>(cols));
    for (float& f : m.values()) {
      const auto bits = static_cast<uint32_t>(bytes(4));
      std::memcpy(&f, &bits, 4);
    }
    return m;
  }
  std::size_t left() const { return text_.size() - pos_; }

 private:
  uint64_t bytes(int n) {
    if (left() < static_cast<std::size_t>(n)) fail("unexpected end");
    uint64_t v = 0;
    for (int i = 0; i < n; ++i)
      v |= uint64_t{static_cast<unsigned char>(text_[pos_ + i])} << (8 * i);
    pos_ += static_cast<std::size_t>(n);
    return v;
  }
  const std::string& text_;
  const std::string& path_;
  std::size_t pos_ = sizeof kLoopTag - 1;
};

}  // namespace

std::string encode_loop(const LoopSnapshot& s) {
  Out out;
  out.text = kLoopTag;
  out.f64(s.schedule.plateau_lr);
  out.f64(s.schedule.best);
  out.u64(s.schedule.has_best ? 1 : 0);
  out.u64(static_cast<uint64_t>(s.schedule.bad_epochs));
  out.u64(static_cast<uint64_t>(s.stopping.best_epoch));
  out.f64(s.stopping.best_loss);
  out.u64(static_cast<uint64_t>(s.stopping.bad_epochs));
  out.u64(s.stopping.best_values.size());
  for (const Matrix& m : s.stopping.best_values) out.matrix(m);
  out.u64(static_cast<uint64_t>(s.accuracy.correct));
  out.u64(static_cast<uint64_t>(s.accuracy.total));
  return out.text;
}

void decode_loop(const std::string& text, const std::string& path, LoopSnapshot& s) {
  In in(text, path);
  if (text.compare(0, sizeof kLoopTag - 1, kLoopTag) != 0) {
    in.fail("not written by `bprop train` (no " + std::string(kLoopTag) + " tag)");
  }
  auto count = [&](const char* what) {
    const uint64_t v = in.u64();
    if (v > INT32_MAX) in.fail(std::string("absurd ") + what + " " + std::to_string(v));
    return static_cast<int>(v);
  };
  s.schedule.plateau_lr = in.f64();
  s.schedule.best = in.f64();
  s.schedule.has_best = in.u64() != 0;
  s.schedule.bad_epochs = count("plateau count");
  s.stopping.best_epoch = count("best epoch");
  s.stopping.best_loss = in.f64();
  s.stopping.bad_epochs = count("early-stopping count");
  const uint64_t saved = in.u64();
  if (saved > in.left() / 16) in.fail("absurd number of saved parameters");
  s.stopping.best_values.clear();
  for (uint64_t i = 0; i < saved; ++i) s.stopping.best_values.push_back(in.matrix());
  s.accuracy.correct = static_cast<int64_t>(in.u64());
  s.accuracy.total = static_cast<int64_t>(in.u64());
  if (in.left() != 0) in.fail(std::to_string(in.left()) + " unexpected trailing bytes");
}

}  // namespace bprop::cli
