/* Host driver for the C export tests (tests/export_c_test.cpp): runs the self-test of a model
 * exported with --name model, then model_predict on argv[2] rows of raw float32 inputs read from
 * argv[1], writing the outputs as raw float32 to argv[3] and the returned labels as int32 to
 * argv[3].label. Exit status: 0, 1 when the self-test fails, 2 on a file error. */
#include <stdio.h>
#include <stdlib.h>

#include "model.h"

int main(int argc, char **argv) {
  float x[MODEL_INPUTS], out[MODEL_OUTPUTS];
  FILE *in, *values, *labels;
  char label_path[4096];
  long r, rows;
  const int failed = model_selftest();
  printf("selftest: %d of %d rows differ\n", failed, MODEL_TEST_ROWS);
  if (failed != 0) return 1;
  if (argc != 4) return 0;
  rows = strtol(argv[2], NULL, 10);
  snprintf(label_path, sizeof label_path, "%s.label", argv[3]);
  in = fopen(argv[1], "rb");
  values = fopen(argv[3], "wb");
  labels = fopen(label_path, "wb");
  if (!in || !values || !labels) return 2;
  for (r = 0; r < rows; ++r) {
    int label;
    if (fread(x, sizeof x, 1, in) != 1) return 2;
    label = model_predict(x, out);
    fwrite(out, sizeof out, 1, values);
    fwrite(&label, sizeof label, 1, labels);
  }
  fclose(in);
  fclose(values);
  fclose(labels);
  return 0;
}
