// The fused Dense+activation path must leave every layer exactly as the unfused path would.
#include <gtest/gtest.h>

#include "bprop/losses/softmax_cross_entropy.h"
#include "bprop/registry.h"

namespace bprop {
namespace {

Matrix random_batch(int rows, int cols, uint64_t seed) {
  Rng rng(seed);
  Matrix x(rows, cols);
  for (float& v : x.values()) v = static_cast<float>(rng.uniform(-2, 2));
  return x;
}

std::vector<Matrix> gradients(Network& net) {
  std::vector<Matrix> grads;
  for (const auto* p : net.parameters()) grads.push_back(p->grad);
  return grads;
}

TEST(NetworkFusion, FusedForwardAndBackwardEqualTheLayerByLayerPath) {
  // Big enough (40x48x64 and up) that the GEMMs reach the library too.
  Network net = build_network<float>(48, "64,relu,32,sigmoid,16,tanh,7,leaky_relu,5");
  net.initialize(3, {.bias = 0.1});
  const Matrix x = random_batch(40, 48, 4);
  const Matrix labels = [] {
    Matrix y(40, 1);
    for (int r = 0; r < 40; ++r) y(r, 0) = static_cast<float>(r % 5);
    return y;
  }();
  SoftmaxCrossEntropy<float> loss;

  // Unfused: each layer's own forward() and backward().
  const Matrix* h = &x;
  for (std::size_t i = 0; i < net.size(); ++i) h = &net.layer(i).forward(*h);
  const Matrix unfused_out = *h;
  const float unfused_loss = loss.forward(unfused_out, labels);
  const Matrix* g = &loss.backward();  // and each layer's own backward()
  for (std::size_t i = net.size(); i-- > 0;) g = &net.layer(i).backward(*g);
  const std::vector<Matrix> unfused_grads = gradients(net);

  const Matrix fused_out = net.forward(x);
  EXPECT_EQ(fused_out, unfused_out);
  EXPECT_EQ(loss.forward(fused_out, labels), unfused_loss);
  net.backward(loss.backward());
  const std::vector<Matrix> fused_grads = gradients(net);
  ASSERT_EQ(fused_grads.size(), unfused_grads.size());
  for (std::size_t i = 0; i < fused_grads.size(); ++i) EXPECT_EQ(fused_grads[i], unfused_grads[i]);

  // Inference (unfused infer() calls) agrees to rounding: its products are summed in one fixed
  // order for every row count (kernels::gemm_row_invariant), the training forward's by the GEMM
  // library at this size.
  const Matrix predicted = net.predict(x);
  ASSERT_EQ(predicted.rows(), fused_out.rows());
  for (int r = 0; r < predicted.rows(); ++r) {
    for (int c = 0; c < predicted.cols(); ++c) {
      EXPECT_NEAR(predicted(r, c), fused_out(r, c), 1e-5) << r << "," << c;
    }
  }
}

}  // namespace
}  // namespace bprop
