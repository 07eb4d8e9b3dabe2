// The ONNX messages an export writes, built on the protobuf encoder. Field numbers are onnx.proto's
// (ONNX 1.12, IR version 8): ModelProto, GraphProto, NodeProto, AttributeProto, TensorProto,
// ValueInfoProto, TypeProto.Tensor, TensorShapeProto, OperatorSetIdProto, StringStringEntryProto.
#pragma once

#include <cstdint>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "export/protobuf_writer.h"

namespace bprop::onnx {

// TensorProto.DataType values.
enum ElementType : int { kFloat = 1, kBool = 9, kInt64 = 7, kDouble = 11 };

// A node attribute: one of int, float or ints (AttributeProto.type INT = 2, FLOAT = 1, INTS = 7).
struct Attribute {
  std::string name;
  enum Kind { kInt, kFloat, kInts } kind = kInt;
  int64_t i = 0;
  float f = 0.0f;
  std::vector<int64_t> ints;
};

// A float initializer, its data as little-endian raw_data bytes.
protobuf::Message float_tensor(std::string_view name, std::span<const int64_t> dims,
                               std::span<const float> values);
protobuf::Message int64_tensor(std::string_view name, std::span<const int64_t> dims,
                               std::span<const int64_t> values);
// A graph input or output. A dimension < 0 is the symbolic batch size "N".
protobuf::Message value_info(std::string_view name, ElementType type,
                             std::span<const int64_t> dims);
protobuf::Message node(std::string_view op_type, std::span<const std::string> inputs,
                       std::span<const std::string> outputs, std::string_view name,
                       std::span<const Attribute> attributes = {});
protobuf::Message string_entry(std::string_view key, std::string_view value);
protobuf::Message opset(int64_t version);  // the default ("ai.onnx") domain

}  // namespace bprop::onnx
