// The protobuf wire format, written by hand for the few field kinds ONNX uses.
#include "export/protobuf_writer.h"

#include <cstring>
#include <stdexcept>
#include <string>

namespace bprop::protobuf {

void Message::raw_varint(uint64_t value) {
  // Seven bits per byte, least significant group first; the high bit says "more follows".
  while (value >= 0x80) {
    bytes_.push_back(static_cast<unsigned char>(value | 0x80));
    value >>= 7;
  }
  bytes_.push_back(static_cast<unsigned char>(value));
}

void Message::key(int field, WireType type) {
  // Field numbers are 1 .. 2^29 - 1; ONNX's are all below 32.
  if (field < 1 || field >= (1 << 29)) {
    throw std::invalid_argument("protobuf: field number " + std::to_string(field) +
                                " is out of range");
  }
  raw_varint((static_cast<uint64_t>(field) << 3) | type);
}

Message& Message::varint(int field, uint64_t value) {
  key(field, kVarint);
  raw_varint(value);
  return *this;
}

Message& Message::float32(int field, float value) {
  key(field, kFixed32);
  uint32_t bits;
  std::memcpy(&bits, &value, 4);
  for (int i = 0; i < 4; ++i) bytes_.push_back(static_cast<unsigned char>(bits >> (8 * i)));
  return *this;
}

Message& Message::bytes(int field, std::span<const unsigned char> data) {
  key(field, kLengthDelimited);
  raw_varint(data.size());
  bytes_.insert(bytes_.end(), data.begin(), data.end());
  return *this;
}

Message& Message::string(int field, std::string_view text) {
  const auto* begin = reinterpret_cast<const unsigned char*>(text.data());
  return bytes(field, std::span(begin, text.size()));
}

}  // namespace bprop::protobuf
