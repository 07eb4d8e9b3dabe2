/* The notebook's XOR run in FANN 2.2 (docs/benchmarks.md, section 1):
 * 2-2-1 FANN_SIGMOID (steepness 0.5 = logistic), FANN_TRAIN_INCREMENTAL (per-sample updates),
 * lr 0.01, 50,000 epochs, FANN's default init (uniform +-0.1) made repeatable with srand(seed).
 * Usage: xor_fann [--seed N] [--lr X] [--epochs N]. Prints the four outputs and the training time. */
#include <fann.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

int main(int argc, char** argv) {
  unsigned seed = 3;
  float lr = 0.01f;
  int epochs = 50000;
  for (int i = 1; i + 1 < argc; i += 2) {
    if (strcmp(argv[i], "--seed") == 0) seed = (unsigned)atoi(argv[i + 1]);
    else if (strcmp(argv[i], "--lr") == 0) lr = (float)atof(argv[i + 1]);
    else if (strcmp(argv[i], "--epochs") == 0) epochs = atoi(argv[i + 1]);
    else { fprintf(stderr, "unknown option %s\n", argv[i]); return 1; }
  }
  srand(seed);
  struct fann* ann = fann_create_standard(3, 2, 2, 1);
  fann_set_activation_function_hidden(ann, FANN_SIGMOID);
  fann_set_activation_function_output(ann, FANN_SIGMOID);
  fann_set_training_algorithm(ann, FANN_TRAIN_INCREMENTAL);
  fann_set_learning_rate(ann, lr);
  fann_randomize_weights(ann, -0.1f, 0.1f);
  /* The notebook's sample order: (0,0) (1,1) (1,0) (0,1). */
  fann_type in[4][2] = {{0, 0}, {1, 1}, {1, 0}, {0, 1}};
  fann_type out[4][1] = {{0}, {0}, {1}, {1}};
  struct fann_train_data* data = fann_create_train(4, 2, 1);
  for (int i = 0; i < 4; ++i) {
    data->input[i][0] = in[i][0];
    data->input[i][1] = in[i][1];
    data->output[i][0] = out[i][0];
  }
  struct timespec t0, t1;
  clock_gettime(CLOCK_MONOTONIC, &t0);
  for (int e = 0; e < epochs; ++e) fann_train_epoch(ann, data);
  clock_gettime(CLOCK_MONOTONIC, &t1);
  int correct = 0;
  for (int i = 0; i < 4; ++i) {
    fann_type* y = fann_run(ann, in[i]);
    correct += (y[0] >= 0.5f) == (out[i][0] >= 0.5f);
    printf("%g %g -> %.6f\n", in[i][0], in[i][1], y[0]);
  }
  printf("FANN XOR: %d/4 correct, %d epochs, %.3f s\n", correct, epochs,
         (double)(t1.tv_sec - t0.tv_sec) + 1e-9 * (double)(t1.tv_nsec - t0.tv_nsec));
  fann_destroy_train(data);
  fann_destroy(ann);
  return 0;
}
