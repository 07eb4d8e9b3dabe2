// Fused element-wise kernels against kernels::reference on odd and tiny shapes.
#include <gtest/gtest.h>

#include <cmath>
#include <random>
#include <vector>

#include "bprop/kernels.h"
#include "kernels/elementwise.h"
#include "testing/random_matrix.h"

namespace bprop::kernels {
namespace {

using testing::random_matrix;

const int kShapes[][2] = {{1, 1}, {1, 2}, {3, 1}, {2, 7}, {5, 17}, {13, 33}, {128, 10}};

TEST(ElementwisePasses, BiasActivationEqualsReferenceBitForBit) {
  for (FusedActivation f :
       {FusedActivation::kRelu, FusedActivation::kSigmoid, FusedActivation::kTanh}) {
    for (const auto& s : kShapes) {
      Matrix z = random_matrix<float>(s[0], s[1], 1), bias = random_matrix<float>(1, s[1], 2);
      z(0, 0) = -40.0f;  // sigmoid's far tail: the negative branch
      Matrix z_ref = z, y(s[0], s[1]), y_ref(s[0], s[1]);
      bias_activation(f, z, bias, y);
      reference::bias_activation(f, z_ref, bias, y_ref);
      EXPECT_EQ(z, z_ref) << "bias add, shape " << s[0] << "x" << s[1];
      EXPECT_EQ(y, y_ref) << "activation " << static_cast<int>(f) << ", shape " << s[0] << "x"
                          << s[1];
    }
  }
}

// The vectorised ReLU pass keeps a NaN in every lane (a NaN feature gives NaN outputs, as the
// exports do; a max instruction with the wrong operand order would give 0) and the finite
// values' bits, -0 included.
TEST(ElementwisePasses, ReluPassKeepsNanInEveryLane) {
  const int n = 37;                            // full vectors and a tail
  Matrix z(2, n), bias(1, n, -0.0f), y(2, n);  // -0 + -0 stays -0
  for (int c = 0; c < n; ++c) {
    z(0, c) = std::nanf("");
    z(1, c) = c % 3 == 0 ? -0.0f : static_cast<float>(c % 5) - 2.0f;
  }
  bias_activation(FusedActivation::kRelu, z, bias, y);
  for (int c = 0; c < n; ++c) {
    EXPECT_TRUE(std::isnan(y(0, c))) << "column " << c;
    EXPECT_FALSE(std::signbit(y(1, c))) << "column " << c;
    EXPECT_EQ(y(1, c), z(1, c) > 0.0f ? z(1, c) : 0.0f) << "column " << c;
  }
}

template <typename T>
void expect_softmax_ce_matches(int rows, int classes, bool indices) {
  const BasicMatrix<T> z = random_matrix<T>(rows, classes, 3, T(20));
  BasicMatrix<T> target(rows, indices ? 1 : classes);
  for (int r = 0; r < rows; ++r) {
    if (indices) {
      target(r, 0) = static_cast<T>((r * 7) % classes);
    } else {
      for (int c = 0; c < classes; ++c) target(r, c) = T(1) / static_cast<T>(classes);
    }
  }
  const T scale = T(1) / static_cast<T>(rows);
  BasicMatrix<T> grad(rows, classes), grad_ref(rows, classes);
  const double loss = softmax_cross_entropy(z, target, indices, scale, grad);
  const double loss_ref = reference::softmax_cross_entropy(z, target, indices, scale, grad_ref);
  EXPECT_NEAR(loss, loss_ref, 1e-5 * (1 + std::abs(loss_ref)));
  for (std::size_t i = 0; i < grad.size(); ++i) {
    EXPECT_NEAR(grad.data()[i], grad_ref.data()[i], 1e-6) << "element " << i;
  }
}

TEST(ElementwisePasses, SoftmaxCrossEntropyMatchesReference) {
  for (const auto& s : kShapes) {
    if (s[1] < 2) continue;
    expect_softmax_ce_matches<float>(s[0], s[1], true);
    expect_softmax_ce_matches<float>(s[0], s[1], false);
    expect_softmax_ce_matches<double>(s[0], s[1], true);
  }
}

// The float kernel makes its exps in one vector pass over the batch, or, with class indices and
// at most 16 classes, 16 rows at a time, a lane per row (vector_exp.h), where the row formula
// calls std::exp per class: the gradients must be the same bits, and the loss equal (summed as
// the log of a product of the rows' sums there, of each row's log here). 37 rows: two groups of
// 16 and 5 rows left.
TEST(ElementwisePasses, SoftmaxCrossEntropyHasTheRowFormulasBits) {
  for (const bool indices : {true, false}) {
    for (const int classes : {2, 5, 10, 33}) {
      const int rows = 37;
      Matrix z = random_matrix<float>(rows, classes, 4, 30.0f);
      z(1, 0) = -200.0f;                   // an exp that underflows to 0
      for (int c = 0; c < classes; ++c) {  // ties: equal logits, and a largest +0 after a -0
        z(2, c) = 1.5f;
        z(3, c) = c == 0 ? -0.0f : (c == classes - 1 ? 0.0f : -1.0f);
      }
      Matrix target(rows, indices ? 1 : classes, 1.0f / static_cast<float>(classes));
      for (int r = 0; indices && r < rows; ++r) target(r, 0) = static_cast<float>(r % classes);
      Matrix grad(rows, classes), row_grad(rows, classes);
      const double loss = softmax_cross_entropy(z, target, indices, 0.25f, grad);
      double row_loss = 0.0;
      for (int r = 0; r < rows; ++r) {
        row_loss += elementwise::softmax_cross_entropy_row(z.row(r), target.row(r), indices,
                                                           classes, 0.25f, row_grad.row(r));
      }
      EXPECT_EQ(grad, row_grad) << classes << " classes, indices " << indices;
      EXPECT_NEAR(loss, row_loss, 1e-12 * std::abs(row_loss));
    }
  }
}

// Equal logits: every row's loss is log(classes). 400 rows of 1000 classes multiply their
// softmax denominators past double's range (1000^400), which the batched log must restart.
TEST(ElementwisePasses, SoftmaxCrossEntropyOfManyWideRowsStaysFinite) {
  const int rows = 400, classes = 1000;
  const Matrix z(rows, classes, 0.5f);
  Matrix target(rows, 1, 3.0f), grad(rows, classes);
  const double loss = softmax_cross_entropy(z, target, true, 1.0f, grad);
  EXPECT_NEAR(loss, rows * std::log(static_cast<double>(classes)), 1e-9 * rows);
  EXPECT_NEAR(grad(7, 3), 1.0 / classes - 1.0, 1e-7);
  EXPECT_NEAR(grad(7, 4), 1.0 / classes, 1e-9);
}

template <typename T>
void expect_near_vectors(const std::vector<T>& a, const std::vector<T>& b, const char* what) {
  ASSERT_EQ(a.size(), b.size());
  for (std::size_t i = 0; i < a.size(); ++i) {
    EXPECT_NEAR(a[i], b[i], 1e-6 * (1 + std::abs(b[i]))) << what << " element " << i;
  }
}

TEST(ElementwisePasses, SgdUpdateMatchesReference) {
  for (std::size_t n : {1u, 3u, 17u, 1000u}) {
    for (float mu : {0.0f, 0.9f}) {
      for (bool nesterov : {false, true}) {
        if (nesterov && mu == 0.0f) continue;
        const Matrix g = random_matrix<float>(1, static_cast<int>(n), 4);
        Matrix w = random_matrix<float>(1, static_cast<int>(n), 5);
        Matrix v = random_matrix<float>(1, static_cast<int>(n), 6);
        Matrix w_ref = w, v_ref = v;
        for (int step = 0; step < 3; ++step) {
          sgd_update(n, w.data(), g.data(), v.data(), 0.1f, mu, 0.01f, nesterov);
          reference::sgd_update(n, w_ref.data(), g.data(), v_ref.data(), 0.1f, mu, 0.01f, nesterov);
        }
        expect_near_vectors(std::vector<float>(w.values().begin(), w.values().end()),
                            std::vector<float>(w_ref.values().begin(), w_ref.values().end()), "w");
        expect_near_vectors(std::vector<float>(v.values().begin(), v.values().end()),
                            std::vector<float>(v_ref.values().begin(), v_ref.values().end()), "v");
      }
    }
  }
}

TEST(ElementwisePasses, AdamUpdateMatchesReference) {
  for (std::size_t n : {1u, 5u, 33u, 1000u}) {
    for (bool decoupled : {false, true}) {
      const Matrix g = random_matrix<float>(1, static_cast<int>(n), 7);
      Matrix w = random_matrix<float>(1, static_cast<int>(n), 8);
      Matrix m(1, static_cast<int>(n)), v(1, static_cast<int>(n));
      Matrix w_ref = w, m_ref = m, v_ref = v;
      for (int t = 1; t <= 3; ++t) {
        const float step = 0.01f / (1.0f - std::pow(0.9f, static_cast<float>(t)));
        const float c2 = std::sqrt(1.0f - std::pow(0.999f, static_cast<float>(t)));
        adam_update(n, w.data(), g.data(), m.data(), v.data(), 0.9f, 0.999f, 0.1f, 0.001f, step, c2,
                    1e-8f, 0.01f, 0.9999f, decoupled);
        reference::adam_update(n, w_ref.data(), g.data(), m_ref.data(), v_ref.data(), 0.9f, 0.999f,
                               0.1f, 0.001f, step, c2, 1e-8f, 0.01f, 0.9999f, decoupled);
      }
      expect_near_vectors(std::vector<float>(w.values().begin(), w.values().end()),
                          std::vector<float>(w_ref.values().begin(), w_ref.values().end()), "w");
      expect_near_vectors(std::vector<float>(m.values().begin(), m.values().end()),
                          std::vector<float>(m_ref.values().begin(), m_ref.values().end()), "m");
    }
  }
}

// adam_update runs the copy for this CPU's widest vectors (AVX-512 where there is one): every
// element must have the bits of the scalar formula, elementwise::adam_step, whatever the width
// and the tail.
TEST(ElementwisePasses, AdamUpdateHasTheScalarFormulasBits) {
  for (const std::size_t n :
       {std::size_t{1}, std::size_t{15}, std::size_t{17}, std::size_t{7510}}) {
    const Matrix g = random_matrix<float>(1, static_cast<int>(n), 9, 0.1f);
    Matrix w = random_matrix<float>(1, static_cast<int>(n), 10), m(1, static_cast<int>(n)),
           v(1, static_cast<int>(n));
    Matrix w_row = w, m_row = m, v_row = v;
    const elementwise::AdamCoefficients<float> c{0.9f,    0.999f,  0.1f, 0.001f,
                                                 0.0125f, 0.0447f, 1e-8f};
    for (int t = 0; t < 3; ++t) {
      adam_update(n, w.data(), g.data(), m.data(), v.data(), c.beta1, c.beta2, c.one_minus_beta1,
                  c.one_minus_beta2, c.step_size, c.sqrt_c2, c.epsilon, 1e-4f, 1.0f, false);
      for (std::size_t i = 0; i < n; ++i) {
        elementwise::adam_step(w_row.data()[i], m_row.data()[i], v_row.data()[i],
                               g.data()[i] + 1e-4f * w_row.data()[i], c);
      }
    }
    EXPECT_EQ(w, w_row) << n << " parameters";
    EXPECT_EQ(m, m_row) << n << " parameters";
    EXPECT_EQ(v, v_row) << n << " parameters";
  }
}

}  // namespace
}  // namespace bprop::kernels
