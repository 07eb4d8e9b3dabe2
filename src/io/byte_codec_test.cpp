// The shared byte codec: the little-endian layout both file formats rely on, and reads that
// never pass the end of their range, whatever the counts in the file say.
#include "byte_codec.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <functional>
#include <limits>
#include <stdexcept>

namespace bprop::byte_codec {
namespace {

struct CodecError : std::runtime_error {
  using std::runtime_error::runtime_error;
};

void fail_for_test(const std::string& name, std::size_t offset, const std::string& what) {
  throw CodecError(name + "@" + std::to_string(offset) + ": " + what);
}

std::string error_of(const std::function<void()>& read) {
  try {
    read();
  } catch (const CodecError& e) {
    return e.what();
  }
  return "no error";
}

TEST(ByteCodec, WritesLittleEndianAndReadsItBack) {
  Writer w;
  w.u8(0xab);
  w.u32(0x01020304);
  w.u64(0x1122334455667788ull);
  w.f32(-1.5f);
  w.f64(0.1);
  w.raw("hi", 2);
  const std::vector<unsigned char> expected_start = {0xab, 0x04, 0x03, 0x02, 0x01, 0x88, 0x77,
                                                     0x66, 0x55, 0x44, 0x33, 0x22, 0x11};
  const auto& bytes = w.bytes();
  ASSERT_EQ(bytes.size(), 1u + 4 + 8 + 4 + 8 + 2);
  EXPECT_TRUE(std::equal(expected_start.begin(), expected_start.end(), bytes.begin()));
  const std::string name = "f.bin";
  Reader r(bytes, 0, bytes.size(), name, fail_for_test);
  EXPECT_EQ(r.u8("a"), 0xab);
  EXPECT_EQ(r.u32("b"), 0x01020304u);
  EXPECT_EQ(r.u64("c"), 0x1122334455667788ull);
  float f = 0;
  r.f32s({&f, 1}, "d");
  EXPECT_EQ(f, -1.5f);
  EXPECT_EQ(r.f64("e"), 0.1);
  EXPECT_EQ(r.text(2, "f"), "hi");
  EXPECT_EQ(r.left(), 0u);
}

TEST(ByteCodec, PatchesAFieldWrittenBefore) {
  Writer w;
  w.u64(0);
  w.u32(7);
  w.patch_u64(0, w.bytes().size());
  EXPECT_EQ(read_le64(w.bytes().data()), 12u);
  EXPECT_THROW(w.patch_u64(8, 1), std::out_of_range);  // would run past the end
}

TEST(ByteCodec, ReadsStopAtTheEndOfTheRangeAndNameTheOffset) {
  const std::vector<unsigned char> bytes = {1, 0, 0, 0, 9, 9, 9, 9};
  const std::string name = "m.bprop";
  Reader r(bytes, 0, 6, name, fail_for_test);  // the last two bytes are outside, e.g. a checksum
  EXPECT_EQ(r.u32("width"), 1u);
  EXPECT_EQ(error_of([&] { r.u32("height"); }),
            "m.bprop@4: height needs 1 x 4 bytes, but only 2 are left");
  EXPECT_EQ(r.offset(), 4u);  // a failed read moves nothing
  EXPECT_EQ(error_of([&] { r.text(3, "name"); }),
            "m.bprop@4: name needs 3 x 1 bytes, but only 2 are left");
}

TEST(ByteCodec, CountsAreCheckedBeforeAnythingIsAllocated) {
  const std::vector<unsigned char> bytes = {0xff, 0xff, 0xff, 0xff, 5, 0, 0, 0};
  const std::string name = "c.ckpt";
  Reader r(bytes, 0, bytes.size(), name, fail_for_test);
  EXPECT_EQ(error_of([&] { r.count("layer count", 1, 1024); }),
            "c.ckpt@0: layer count is 4294967295, expected 1 to 1024");
  // count x size overflowing size_t is an error, not a small product.
  const std::size_t huge = std::numeric_limits<std::size_t>::max() / 2;
  EXPECT_NE(error_of([&] { r.need(huge, 4, "values"); }).find("values needs"), std::string::npos);
  std::vector<float> two(2);
  EXPECT_NE(error_of([&] { r.f32s(two, "weights"); }).find("weights needs 2 x 4"),
            std::string::npos);
}

TEST(ByteCodec, AFailFunctionThatReturnsIsAnError) {
  const std::vector<unsigned char> bytes;
  const std::string name = "x";
  Reader r(bytes, 0, 0, name, [](const std::string&, std::size_t, const std::string&) {});
  EXPECT_THROW(r.u8("byte"), std::logic_error);
}

}  // namespace
}  // namespace bprop::byte_codec
