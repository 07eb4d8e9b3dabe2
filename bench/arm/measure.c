/* Instruction counts of NAME_predict under `qemu-system-arm -icount shift=0` (bench/run_int8.sh):
 * there every instruction advances the virtual clock by 1 ns, and the mps2-an386's CMSDK timer 0
 * (0x40000000) counts down at 25 MHz of that clock, one tick per 40 instructions. A loop of known
 * length is timed first, so the conversion is checked in the same run. Linked with
 * tests/export/arm/startup.c built with -DBPROP_MEASURE. */
#include "model.h"

void measure(void);
void print(const char *text);

#define TIMER ((volatile unsigned int *)0x40000000u) /* CTRL, VALUE, RELOAD */

static void print_count(const char *label, unsigned int ticks) {
  char text[64];
  unsigned long instructions = (unsigned long)ticks * 40ul;
  int n = 0, i;
  char digits[16];
  for (i = 0; label[i] != '\0' && n < 40; ++i) text[n++] = label[i];
  i = 0;
  do {
    digits[i++] = (char)('0' + (int)(instructions % 10ul));
    instructions /= 10ul;
  } while (instructions > 0ul && i < 15);
  while (i > 0) text[n++] = digits[--i];
  text[n++] = '\n';
  text[n] = '\0';
  print(text);
}

static unsigned int elapsed(unsigned int start) { return start - TIMER[1]; }

void measure(void) {
  static float x[MODEL_INPUTS], out[MODEL_OUTPUTS];
  unsigned int start, i;
  for (i = 0; i < MODEL_INPUTS; ++i) x[i] = (float)(i % 7u) * 0.125f;
  TIMER[2] = 0xFFFFFFFFu;
  TIMER[1] = 0xFFFFFFFFu;
  TIMER[0] = 1u;
  start = TIMER[1];
  /* 100,000 iterations of subs + bne: 200,000 instructions. */
  __asm__ volatile(".syntax unified\n\tldr r0, =100000\n1:\n\tsubs r0, r0, #1\n\tbne 1b" : : : "r0", "cc");
  print_count("loop of 200000 instructions: ", elapsed(start));
  start = TIMER[1];
  (void)model_predict(x, out);
  print_count("model_predict instructions: ", elapsed(start));
}
