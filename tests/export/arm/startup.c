/* A bare-metal start for the C export's self-test under QEMU (tests/export_c_test.cpp): the vector
 * table, a reset handler that copies .data, clears .bss and enables the FPU when there is one, and
 * semihosting (BKPT 0xAB) to print the result and end QEMU with the self-test's verdict. */
#include "model.h"

extern unsigned int __data_start, __data_end, __data_load, __bss_start, __bss_end, __stack_top;

enum { kSysWrite0 = 0x04, kSysExit = 0x18 };
enum { kExitSuccess = 0x20026, kExitFailure = 0x20023 }; /* ADP_Stopped_ApplicationExit, ..._RunTimeErrorUnknown */

static int semihost(int operation, const void *argument) {
  register int r0 __asm__("r0") = operation;
  register const void *r1 __asm__("r1") = argument;
  __asm__ volatile("bkpt 0xab" : "+r"(r0) : "r"(r1) : "memory");
  return r0;
}

void reset_handler(void);

__attribute__((section(".vectors"), used)) static const void *const vectors[2] = {
    &__stack_top, (const void *)reset_handler};

#ifdef BPROP_MEASURE
/* bench/arm/measure.c: times model_predict before the self-test (bench/run_int8.sh). */
void measure(void);
void print(const char *text) { semihost(kSysWrite0, text); }
#endif

static void run(void) {
  int failed;
#ifdef BPROP_MEASURE
  measure();
#endif
  failed = model_selftest();
  semihost(kSysWrite0, failed == 0 ? "selftest: passed\n" : "selftest: FAILED\n");
  semihost(kSysExit, (const void *)(failed == 0 ? kExitSuccess : kExitFailure));
}

void reset_handler(void) {
  unsigned int *src = &__data_load, *dst = &__data_start;
  while (dst < &__data_end) *dst++ = *src++;
  for (dst = &__bss_start; dst < &__bss_end;) *dst++ = 0;
#if defined(__ARM_FP)
  /* CPACR: full access to coprocessors 10 and 11 (the FPU), before any float instruction. */
  *(volatile unsigned int *)0xE000ED88u |= 0xFu << 20;
  __asm__ volatile("dsb\n\tisb");
#endif
  run(); /* a function of its own: the compiler may use FPU registers there, not before */
  for (;;) {
  }
}
