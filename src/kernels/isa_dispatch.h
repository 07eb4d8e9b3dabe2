// Run-time choice among a kernel's instruction-set variants (kernels/matvec.h, kernels/int8.h).
// Each keeps an enum of its variants ordered by what they need from the CPU, so a CPU that runs one
// runs every variant declared before it, and a detect() that asks the CPU for the best one. The
// CPU is asked once per process: the answer cannot change, and kernels are chosen per call.
#pragma once

namespace bprop::kernels {

template <typename Isa, Isa (*detect)()>
struct IsaDispatch {
  // detect()'s answer, computed on the first call (a thread-safe static) and kept.
  static Isa best() {
    static const Isa isa = detect();
    return isa;
  }
  // Whether this CPU runs `isa`: every variant up to best() does.
  static bool supports(Isa isa) { return static_cast<int>(isa) <= static_cast<int>(best()); }
};

}  // namespace bprop::kernels
