// The library in ten lines: learn XOR and print the probabilities. Quoted in the README.
#include <bprop/bprop.h>

#include <cstdio>

int main() {
  bprop::Matrix x{{0, 0}, {0, 1}, {1, 0}, {1, 1}}, y{{0}, {1}, {1}, {0}};
  bprop::Network net(2);
  net.add<bprop::Dense>(8).add<bprop::Tanh>().add<bprop::Dense>(1);
  net.initialize(/*seed=*/1, {.scheme = bprop::InitScheme::kXavierUniform});
  bprop::BinaryCrossEntropy<float> loss;  // takes logits: the sigmoid lives in the loss
  bprop::Adam<float> adam({.learning_rate = 0.05});
  bprop::train(net, loss, adam, x, y, {.epochs = 300, .batch_size = 4});
  bprop::Matrix p;
  loss.output(net.predict(x), p);
  for (int i = 0; i < 4; ++i) std::printf("%g xor %g -> %.4f\n", x(i, 0), x(i, 1), p(i, 0));
  return p(0, 0) < 0.5f && p(1, 0) > 0.5f && p(2, 0) > 0.5f && p(3, 0) < 0.5f ? 0 : 1;
}
