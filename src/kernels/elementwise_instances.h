// The explicit instantiations of the element-wise passes, written once for the fast kernels
// (elementwise_passes.cpp) and their reference twins (reference.cpp), which define the same
// functions in their own namespaces (include/bprop/kernels.h). Expanded inside that namespace.
#pragma once

#define BPROP_INSTANTIATE_ELEMENTWISE_PASSES(T)                                                   \
  template void bias_activation<T>(FusedActivation, BasicMatrix<T>&, const BasicMatrix<T>&,       \
                                   BasicMatrix<T>&);                                              \
  template double softmax_cross_entropy<T>(const BasicMatrix<T>&, const BasicMatrix<T>&, bool, T, \
                                           BasicMatrix<T>&);                                      \
  template double binary_cross_entropy<T>(const BasicMatrix<T>&, const BasicMatrix<T>&, T,        \
                                          BasicMatrix<T>&);                                       \
  template void sgd_update<T>(std::size_t, T*, const T*, T*, T, T, T, bool);                      \
  template void adam_update<T>(std::size_t, T*, const T*, T*, T*, T, T, T, T, T, T, T, T, T, bool);
