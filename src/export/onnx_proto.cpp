// ONNX message encoders. Only what an MLP export needs; every field number is onnx.proto's.
#include "export/onnx_proto.h"

#include <cstring>

namespace bprop::onnx {

namespace {

// Field numbers from onnx.proto.
namespace tensor_field {
constexpr int kDims = 1, kDataType = 2, kName = 8, kRawData = 9;
}
namespace node_field {
constexpr int kInput = 1, kOutput = 2, kName = 3, kOpType = 4, kAttribute = 5;
}
namespace attribute_field {
constexpr int kName = 1, kF = 2, kI = 3, kInts = 8, kType = 20;
constexpr int kTypeFloat = 1, kTypeInt = 2, kTypeInts = 7;
}  // namespace attribute_field

protobuf::Message tensor_header(std::string_view name, std::span<const int64_t> dims,
                                ElementType type) {
  protobuf::Message tensor;
  for (int64_t d : dims) tensor.int64(tensor_field::kDims, d);
  tensor.varint(tensor_field::kDataType, type);
  tensor.string(tensor_field::kName, name);
  return tensor;
}

// Little-endian bytes of `values`, whatever the host's byte order.
template <typename T, typename Bits>
std::vector<unsigned char> little_endian(std::span<const T> values) {
  std::vector<unsigned char> bytes(values.size() * sizeof(T));
  for (std::size_t i = 0; i < values.size(); ++i) {
    Bits bits;
    std::memcpy(&bits, &values[i], sizeof(T));
    for (std::size_t b = 0; b < sizeof(T); ++b) {
      bytes[i * sizeof(T) + b] = static_cast<unsigned char>(bits >> (8 * b));
    }
  }
  return bytes;
}

protobuf::Message attribute(const Attribute& a) {
  namespace f = attribute_field;
  protobuf::Message m;
  m.string(f::kName, a.name);
  switch (a.kind) {
    case Attribute::kFloat:
      m.float32(f::kF, a.f).varint(f::kType, f::kTypeFloat);
      break;
    case Attribute::kInt:
      m.int64(f::kI, a.i).varint(f::kType, f::kTypeInt);
      break;
    case Attribute::kInts:
      for (int64_t v : a.ints) m.int64(f::kInts, v);
      m.varint(f::kType, f::kTypeInts);
      break;
  }
  return m;
}

}  // namespace

protobuf::Message float_tensor(std::string_view name, std::span<const int64_t> dims,
                               std::span<const float> values) {
  return tensor_header(name, dims, kFloat)
      .bytes(tensor_field::kRawData, little_endian<float, uint32_t>(values));
}

protobuf::Message int64_tensor(std::string_view name, std::span<const int64_t> dims,
                               std::span<const int64_t> values) {
  return tensor_header(name, dims, kInt64)
      .bytes(tensor_field::kRawData, little_endian<int64_t, uint64_t>(values));
}

protobuf::Message value_info(std::string_view name, ElementType type,
                             std::span<const int64_t> dims) {
  // ValueInfoProto{name = 1, type = 2}; TypeProto{tensor_type = 1}; TypeProto.Tensor{elem_type =
  // 1, shape = 2}; TensorShapeProto{dim = 1}; Dimension{dim_value = 1, dim_param = 2}.
  protobuf::Message shape;
  for (int64_t d : dims) {
    protobuf::Message dim;
    if (d < 0) {
      dim.string(2, "N");
    } else {
      dim.int64(1, d);
    }
    shape.message(1, dim);
  }
  protobuf::Message tensor_type;
  tensor_type.varint(1, type).message(2, shape);
  protobuf::Message type_proto;
  type_proto.message(1, tensor_type);
  protobuf::Message info;
  info.string(1, name).message(2, type_proto);
  return info;
}

protobuf::Message node(std::string_view op_type, std::span<const std::string> inputs,
                       std::span<const std::string> outputs, std::string_view name,
                       std::span<const Attribute> attributes) {
  namespace f = node_field;
  protobuf::Message m;
  for (const auto& in : inputs) m.string(f::kInput, in);
  for (const auto& out : outputs) m.string(f::kOutput, out);
  m.string(f::kName, name).string(f::kOpType, op_type);
  for (const auto& a : attributes) m.message(f::kAttribute, attribute(a));
  return m;
}

protobuf::Message string_entry(std::string_view key, std::string_view value) {
  return protobuf::Message().string(1, key).string(2, value);
}

protobuf::Message opset(int64_t version) {
  // OperatorSetIdProto{domain = 1, version = 2}; the empty domain is ai.onnx.
  return protobuf::Message().string(1, "").int64(2, version);
}

}  // namespace bprop::onnx
