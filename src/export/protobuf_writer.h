// A protocol-buffers encoder for the subset of the wire format an ONNX file needs: varints,
// fixed32 floats and length-delimited fields (strings, bytes, nested messages). Write-only: bprop
// never parses protobuf, so there is no decoder to fuzz. Fields come out in the order they are
// written, so the same calls always give the same bytes (docs/design.md, "ONNX export").
#pragma once

#include <cstdint>
#include <span>
#include <string_view>
#include <vector>

namespace bprop::protobuf {

// The wire types used here (protobuf encoding spec): a field's key is (number << 3) | type.
enum WireType : uint32_t { kVarint = 0, kLengthDelimited = 2, kFixed32 = 5 };

class Message {
 public:
  // int32, int64, uint64, bool and enum fields. A negative int64 takes ten bytes, as protobuf
  // writes it (two's complement, never zigzag: that is only for sint64).
  Message& varint(int field, uint64_t value);
  Message& int64(int field, int64_t value) { return varint(field, static_cast<uint64_t>(value)); }
  // A `float` field: four little-endian IEEE-754 bytes.
  Message& float32(int field, float value);
  Message& bytes(int field, std::span<const unsigned char> data);
  Message& string(int field, std::string_view text);
  Message& message(int field, const Message& nested) { return bytes(field, nested.bytes_); }

  const std::vector<unsigned char>& bytes() const { return bytes_; }

 private:
  void key(int field, WireType type);
  void raw_varint(uint64_t value);

  std::vector<unsigned char> bytes_;
};

}  // namespace bprop::protobuf
