// The encoder against byte sequences worked out by hand from the protobuf encoding spec (the
// spec's own examples: 150 -> 08 96 01, "testing" -> 12 07 74 65 73 74 69 6e 67).
#include "export/protobuf_writer.h"

#include <gtest/gtest.h>

namespace bprop::protobuf {
namespace {

using Bytes = std::vector<unsigned char>;

TEST(ProtobufWriter, VarintsMatchTheSpecExamples) {
  EXPECT_EQ(Message().varint(1, 150).bytes(), (Bytes{0x08, 0x96, 0x01}));
  EXPECT_EQ(Message().varint(1, 0).bytes(), (Bytes{0x08, 0x00}));
  EXPECT_EQ(Message().varint(1, 127).bytes(), (Bytes{0x08, 0x7f}));
  EXPECT_EQ(Message().varint(1, 128).bytes(), (Bytes{0x08, 0x80, 0x01}));
  // Field 16 needs a two-byte key: (16 << 3) | 0 = 128.
  EXPECT_EQ(Message().varint(16, 1).bytes(), (Bytes{0x80, 0x01, 0x01}));
}

TEST(ProtobufWriter, NegativeInt64TakesTenBytes) {
  const Bytes minus_one{0x08, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0x01};
  EXPECT_EQ(Message().int64(1, -1).bytes(), minus_one);
  EXPECT_EQ(Message().varint(1, UINT64_MAX).bytes(), minus_one);
}

TEST(ProtobufWriter, StringsAndNestedMessagesAreLengthDelimited) {
  EXPECT_EQ(Message().string(2, "testing").bytes(),
            (Bytes{0x12, 0x07, 't', 'e', 's', 't', 'i', 'n', 'g'}));
  const Message inner = Message().varint(1, 150);
  EXPECT_EQ(Message().message(3, inner).bytes(), (Bytes{0x1a, 0x03, 0x08, 0x96, 0x01}));
  EXPECT_EQ(Message().string(1, "").bytes(), (Bytes{0x0a, 0x00}));
}

TEST(ProtobufWriter, LongPayloadGetsAMultiByteLength) {
  const Bytes payload(300, 0xab);
  const Bytes out = Message().bytes(9, payload).bytes();
  ASSERT_EQ(out.size(), 3 + payload.size());
  EXPECT_EQ(out[0], 0x4a);  // (9 << 3) | 2
  EXPECT_EQ(out[1], 0xac);  // 300 = 0b10'0101100 -> ac 02
  EXPECT_EQ(out[2], 0x02);
}

TEST(ProtobufWriter, FloatIsFixed32LittleEndian) {
  EXPECT_EQ(Message().float32(2, 1.0f).bytes(), (Bytes{0x15, 0x00, 0x00, 0x80, 0x3f}));
  EXPECT_EQ(Message().float32(2, -0.5f).bytes(), (Bytes{0x15, 0x00, 0x00, 0x00, 0xbf}));
}

TEST(ProtobufWriter, RefusesFieldNumbersOutsideTheRange) {
  EXPECT_THROW(Message().varint(0, 1), std::invalid_argument);
  EXPECT_THROW(Message().varint(1 << 29, 1), std::invalid_argument);
}

}  // namespace
}  // namespace bprop::protobuf
