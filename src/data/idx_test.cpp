// IDX reader: the format, gzip, and the bad inputs B8 to B12 of docs/reliability.md.
#include "bprop/data/idx.h"

#include <gtest/gtest.h>
#include <zlib.h>

#include <fstream>

#include "bprop/errors.h"
#include "testing/expect_error.h"

namespace bprop {
namespace {

using Bytes = std::vector<unsigned char>;
using testing::expect_error;

Bytes idx(std::vector<uint32_t> dims, Bytes data, unsigned char type = 0x08) {
  Bytes b{0, 0, type, static_cast<unsigned char>(dims.size())};
  for (uint32_t d : dims) {
    for (int s = 24; s >= 0; s -= 8) b.push_back(static_cast<unsigned char>(d >> s));
  }
  b.insert(b.end(), data.begin(), data.end());
  return b;
}

Bytes gzip(const Bytes& in) {
  z_stream s{};
  EXPECT_EQ(deflateInit2(&s, 9, Z_DEFLATED, 16 + MAX_WBITS, 8, Z_DEFAULT_STRATEGY), Z_OK);
  Bytes out(deflateBound(&s, in.size()) + 64);
  s.next_in = const_cast<unsigned char*>(in.data());
  s.avail_in = static_cast<uInt>(in.size());
  s.next_out = out.data();
  s.avail_out = static_cast<uInt>(out.size());
  EXPECT_EQ(deflate(&s, Z_FINISH), Z_STREAM_END);
  out.resize(s.total_out);
  deflateEnd(&s);
  return out;
}

void write_bytes(const std::string& path, const Bytes& b) {
  std::ofstream(path, std::ios::binary)
      .write(reinterpret_cast<const char*>(b.data()), static_cast<std::streamsize>(b.size()));
}

void expect_idx_error(const Bytes& bytes, std::initializer_list<std::string> fragments) {
  expect_error<DataError>([&] { parse_idx(bytes, "x.idx"); }, fragments);
}

TEST(Idx, ParsesPlainAndGzip) {
  const Bytes file = idx({2, 2, 2}, {0, 255, 1, 2, 3, 4, 5, 6});
  for (const Bytes& bytes : {file, gzip(file)}) {
    const IdxArray a = parse_idx(bytes, "x.idx");
    EXPECT_EQ(a.dims, (std::vector<uint32_t>{2, 2, 2}));
    EXPECT_EQ(a.data, (Bytes{0, 255, 1, 2, 3, 4, 5, 6}));
  }
}

TEST(Idx, DatasetScalesImagesAndKeepsLabels) {
  const IdxArray images = parse_idx(idx({2, 1, 2}, {0, 255, 51, 102}), "i");
  const IdxArray labels = parse_idx(idx({2}, {3, 0}), "l");
  const Dataset d = make_idx_dataset(images, labels, "i", "l");
  EXPECT_EQ(d.inputs, (Matrix{{0, 1}, {0.2f, 0.4f}}));
  EXPECT_EQ(d.targets, (Matrix{{3}, {0}}));
  EXPECT_EQ(d.class_names, (std::vector<std::string>{"0", "1", "2", "3"}));
}

// A gzip'd image file is decompressed straight into the float matrix: the same data set as
// from the parsed arrays; a file it cannot take that way goes the general way and its error.
TEST(Idx, LoadedGzipImagesEqualTheParsedArrays) {
  const Bytes image_bytes =
      idx({3, 2, 3}, {0, 255, 51, 102, 7, 8, 9, 10, 11, 12, 13, 200, 1, 2, 3, 4, 5, 6});
  const Bytes label_bytes = idx({3}, {2, 0, 1});
  const std::string dir = ::testing::TempDir();
  const auto write = [&](const std::string& name, const Bytes& b) {
    write_bytes(dir + name, b);
    return dir + name;
  };
  const std::string labels = write("l.idx", label_bytes);
  const Dataset expected =
      make_idx_dataset(parse_idx(image_bytes, "i"), parse_idx(label_bytes, "l"), "i", "l");
  for (const Bytes& file : {image_bytes, gzip(image_bytes)}) {
    const Dataset d = load_idx_dataset(write("i.idx.gz", file), labels);
    EXPECT_EQ(d.inputs, expected.inputs);
    EXPECT_EQ(d.targets, expected.targets);
    EXPECT_EQ(d.class_names, expected.class_names);
  }
  Bytes forged = gzip(image_bytes);
  forged[forged.size() - 4] ^= 1;
  expect_error<DataError>([&] { load_idx_dataset(write("f.idx.gz", forged), labels); },
                          {"f.idx.gz", "gzip"});
}

// B8: wrong magic.
TEST(Idx, WrongMagicIsExplained) {
  expect_idx_error({'a', 'b', 'c', 'd', 'e'}, {"x.idx", "byte 0", "bad IDX magic 61626364"});
  expect_idx_error({0, 0}, {"x.idx", "shorter than the 4-byte IDX header"});
  expect_idx_error({}, {"x.idx", "file is 0 bytes"});
  // A gzip header with a broken body is reported as gzip, not as a bad magic.
  expect_idx_error({0x1f, 0x8b, 8, 8, 1, 2, 3}, {"x.idx", "gzip"});
}

// B9: the 17-byte allocation bomb (65536 x 256 x 256).
TEST(Idx, HugeDeclaredSizeIsRefusedBeforeAllocation) {
  const Bytes bomb{0, 0, 8, 3, 0, 1, 0, 0, 0, 0, 1, 0, 0, 0, 1, 0, 7};
  expect_idx_error(bomb, {"x.idx", "declares 4294967296 bytes", "file has 1"});
  // The same header compressed: decompression stops at the real data, it never allocates 4 GiB.
  expect_idx_error(gzip(bomb), {"x.idx", "declares 4294967296 bytes", "file has 1"});
}

// B10: dimension products that overflow 32 and 64 bits.
TEST(Idx, DimensionOverflowIsCaught) {
  const Bytes file = idx({0xffffffff, 0xffffffff, 0xffffffff}, {1});
  expect_idx_error(file, {"x.idx", "overflow"});
  expect_idx_error(idx({65537, 65536}, {1}), {"x.idx", "declares 4295032832 bytes"});
}

// B11: truncated bodies and trailing bytes, plain and compressed.
TEST(Idx, ExactSizeIsRequired) {
  expect_idx_error(idx({2, 2}, {1, 2, 3}),
                   {"x.idx", "declares 4 bytes", "file has 3", "truncated"});
  expect_idx_error(idx({2, 2}, {1, 2, 3, 4, 5}), {"x.idx", "file has 5", "trailing"});
  expect_idx_error(gzip(idx({2, 2}, {1, 2, 3})), {"x.idx", "truncated"});
  expect_idx_error(gzip(idx({2, 2}, {1, 2, 3, 4, 5})), {"x.idx", "trailing"});
  Bytes cut = gzip(idx({2, 2}, {1, 2, 3, 4}));
  cut.resize(cut.size() - 6);
  expect_idx_error(cut, {"x.idx", "truncated gzip stream"});
  Bytes extra = gzip(idx({2, 2}, {1, 2, 3, 4}));
  extra.push_back(0);
  expect_idx_error(extra, {"x.idx", "after the end of the gzip stream"});
  expect_idx_error({0, 0, 8, 3, 0, 0}, {"x.idx", "ends inside the IDX header"});
}

// Well-formed gzip files are decompressed in one call (libdeflate), sized by the header once the
// trailer's size agrees: a trailer that lies is caught, and a large file reads back exactly.
TEST(Idx, GzipSizeTrailerMustAgreeAndLargeFilesReadWhole) {
  Bytes forged = gzip(idx({2, 2}, {1, 2, 3, 4}));
  forged[forged.size() - 4] ^= 1;  // ISIZE, the uncompressed size mod 2^32
  expect_idx_error(forged, {"x.idx", "gzip"});
  Bytes body(300 * 1000);
  for (std::size_t i = 0; i < body.size(); ++i) body[i] = static_cast<unsigned char>(i * 7 % 251);
  const IdxArray a = parse_idx(gzip(idx({300, 1000}, body)), "big.idx");
  EXPECT_EQ(a.dims, (std::vector<uint32_t>{300, 1000}));
  EXPECT_EQ(a.data, body);
}

// B12: counts, zero dims, ndim, type code, label ndim.
TEST(Idx, HeaderFieldsAndPairingAreChecked) {
  expect_idx_error(idx({2, 0}, {}), {"x.idx", "byte 8", "dimension 1 is 0"});
  expect_idx_error(idx({}, {}), {"x.idx", "byte 3", "0 dimensions, expected 1 to 4"});
  expect_idx_error(idx({1, 1, 1, 1, 1}, {1}), {"x.idx", "5 dimensions"});
  expect_idx_error(idx({1}, {1}, 0x0d), {"x.idx", "byte 2", "type code 0x0d", "0x08"});
  const IdxArray images = parse_idx(idx({2, 2}, {1, 2, 3, 4}), "i");
  expect_error<DataError>(
      [&] {
        make_idx_dataset(images, parse_idx(idx({3}, {0, 1, 2}), "l"), "i", "l");
      },
      {"i holds 2 images", "l holds 3 labels"});
  expect_error<DataError>(
      [&] {
        make_idx_dataset(images, parse_idx(idx({2, 1}, {0, 1}), "l"), "i", "l");
      },
      {"l: labels need exactly 1 dimension"});
  expect_error<DataError>(
      [&] {
        make_idx_dataset(parse_idx(idx({2}, {0, 1}), "i"), images, "i", "l");
      },
      {"i: images need at least 2 dimensions"});
}

}  // namespace
}  // namespace bprop
