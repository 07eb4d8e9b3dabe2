// bprop: feed-forward neural networks trained by backpropagation.
//
// A five-minute tour (see README.md for the CLI):
//
//   #include <bprop/bprop.h>
//   bprop::Matrix x{{0, 0}, {0, 1}, {1, 0}, {1, 1}};          // rows are samples
//   bprop::Matrix y{{0}, {1}, {1}, {0}};
//   bprop::Network net(/*input_width=*/2);
//   net.add<bprop::Dense>(8).add<bprop::Tanh>().add<bprop::Dense>(1);
//   net.initialize(/*seed=*/1, {.scheme = bprop::InitScheme::kXavierUniform});
//   bprop::BinaryCrossEntropy<float> loss;                    // from logits: no final sigmoid
//   bprop::Adam<float> adam({.learning_rate = 0.05});
//   bprop::train(net, loss, adam, x, y, {.epochs = 300, .batch_size = 4});
//   bprop::Matrix p;  loss.output(net.predict(x), p);         // probabilities
//
// The loop inside train() is the notebook's: loss.forward(net.forward(x), y);
// net.backward(loss.backward()); net.step(optimizer). Everything is templated on the scalar:
// Network/Matrix are float, NetworkD/MatrixD double (used by gradient checks).
#pragma once

#include "bprop/data/dataset.h"
#include "bprop/errors.h"
#include "bprop/gradient_check.h"
#include "bprop/init.h"
#include "bprop/kernels.h"
#include "bprop/layer.h"
#include "bprop/layers/dense.h"
#include "bprop/layers/gelu.h"
#include "bprop/layers/identity.h"
#include "bprop/layers/leaky_relu.h"
#include "bprop/layers/relu.h"
#include "bprop/layers/sigmoid.h"
#include "bprop/layers/tanh.h"
#include "bprop/loss.h"
#include "bprop/losses/binary_cross_entropy.h"
#include "bprop/losses/mean_squared_error.h"
#include "bprop/losses/softmax_cross_entropy.h"
#include "bprop/matrix.h"
#include "bprop/network.h"
#include "bprop/optimizer.h"
#include "bprop/optimizers/adam.h"
#include "bprop/optimizers/sgd.h"
#include "bprop/parameter.h"
#include "bprop/random.h"
#include "bprop/registry.h"
#include "bprop/train.h"
#include "bprop/training/predictor.h"
