// IDX parsing. The header is validated and its sizes multiplied with overflow checks before any
// allocation; plain files are then compared with the exact size, gzip files are decompressed in
// chunks that never go past the declared size plus one byte (to detect trailing data). Well-formed
// gzip files take a faster whole-buffer path first.
#include "bprop/data/idx.h"

#include <libdeflate.h>

#include <cstdio>
#include <memory>
#include <optional>

#include "bprop/errors.h"
#include "bprop/io/atomic_file.h"
#include "bprop/io/read_file.h"
#include "gzip_reader.h"
#include "idx_whole.h"

namespace bprop {

namespace {

using Header = IdxHeader;

[[noreturn]] void fail(const std::string& name, std::size_t offset, const std::string& what) {
  throw DataError(name + ": at byte " + std::to_string(offset) + ": " + what);
}

std::string hex32(const unsigned char* b) {
  char text[16];
  std::snprintf(text, sizeof text, "%02x%02x%02x%02x", b[0], b[1], b[2], b[3]);
  return text;
}

// The 4-byte magic: 00 00 <type> <ndim>.
void check_magic(const unsigned char* m, const std::string& name) {
  if (m[0] != 0 || m[1] != 0) {
    fail(name, 0,
         "bad IDX magic " + hex32(m) +
             " (expected 00 00 08 0N: an MNIST-format file, plain or gzip-compressed)");
  }
  if (m[2] != 0x08) {
    char text[8];
    std::snprintf(text, sizeof text, "0x%02x", m[2]);
    fail(name, 2,
         std::string("unsupported IDX type code ") + text + " (supported: 0x08, unsigned byte)");
  }
  if (m[3] < 1 || m[3] > 4) {
    fail(name, 3, "IDX header declares " + std::to_string(m[3]) + " dimensions, expected 1 to 4");
  }
}

// Reads the dimensions (big-endian uint32 each) and multiplies them with overflow checks.
Header parse_dims(const unsigned char* d, int ndim, const std::string& name) {
  Header h;
  h.header_bytes = 4 + 4 * static_cast<std::size_t>(ndim);
  std::size_t product = 1;
  std::string text;
  for (int i = 0; i < ndim; ++i) {
    const unsigned char* b = d + 4 * i;
    const uint32_t dim =
        (uint32_t{b[0]} << 24) | (uint32_t{b[1]} << 16) | (uint32_t{b[2]} << 8) | uint32_t{b[3]};
    text += (i ? " x " : "") + std::to_string(dim);
    if (dim == 0)
      fail(name, 4 + 4 * static_cast<std::size_t>(i), "dimension " + std::to_string(i) + " is 0");
    if (__builtin_mul_overflow(product, std::size_t{dim}, &product)) {
      fail(name, 4, "IDX dimensions " + text + " overflow the size arithmetic");
    }
    h.dims.push_back(dim);
  }
  h.data_bytes = product;
  return h;
}

[[noreturn]] void size_mismatch(const std::string& name, const Header& h, std::size_t actual,
                                bool at_least) {
  fail(name, h.header_bytes,
       "IDX header declares " + std::to_string(h.data_bytes) + " bytes of data (" +
           std::to_string(h.dims.size()) + " dimensions), file has " +
           (at_least ? "more than " : "") + std::to_string(actual) +
           (actual > h.data_bytes ? " (trailing bytes)" : " (truncated)"));
}

IdxArray parse_gzip(std::span<const unsigned char> bytes, const std::string& name) {
  GzipReader gz(bytes, name);
  unsigned char head[20];
  if (gz.read(head, 4) < 4) {
    fail(name, 0,
         "decompressed data is " + std::to_string(gz.produced()) +
             " bytes, shorter than the 4-byte IDX header");
  }
  check_magic(head, name);
  const int ndim = head[3];
  if (gz.read(head + 4, 4 * static_cast<std::size_t>(ndim)) < 4 * static_cast<std::size_t>(ndim)) {
    fail(name, gz.produced(), "decompressed data ends inside the IDX header");
  }
  Header h = parse_dims(head + 4, ndim, name);
  IdxArray array;
  array.dims = h.dims;
  // Grows chunk by chunk: memory follows the data actually decompressed, never the declared size.
  constexpr std::size_t kChunk = std::size_t{1} << 20;
  while (array.data.size() < h.data_bytes) {
    const std::size_t used = array.data.size();
    const std::size_t want = std::min(kChunk, h.data_bytes - used);
    array.data.resize(used + want);
    const std::size_t got = gz.read(array.data.data() + used, want);
    if (got < want) size_mismatch(name, h, used + got, false);
  }
  unsigned char extra;
  if (gz.read(&extra, 1) != 0) size_mismatch(name, h, h.data_bytes + 1, true);
  return array;
}

// deflate expands its input at most 1032-fold (258 bytes from one 2-bit code).
constexpr std::size_t kMaxDeflateRatio = 1032;

std::optional<IdxArray> parse_gzip_whole(std::span<const unsigned char> bytes,
                                         const std::string& name) {
  const std::optional<IdxHeader> h = whole_gzip_header(bytes, name);
  if (!h) return std::nullopt;
  const std::size_t total = h->header_bytes + h->data_bytes;
  // Not zero-filled: memory is committed only as far as the stream really fills it.
  const std::unique_ptr<unsigned char[]> raw(new unsigned char[total]);
  if (!inflate_whole(bytes, raw.get(), total)) return std::nullopt;
  IdxArray array;
  array.dims = h->dims;
  array.data.assign(raw.get() + h->header_bytes, raw.get() + total);
  return array;
}

}  // namespace

std::optional<IdxHeader> whole_gzip_header(std::span<const unsigned char> bytes,
                                           const std::string& name) {
  Header h;
  {
    GzipReader gz(bytes, name);
    unsigned char head[20];
    if (gz.read(head, 4) < 4) return std::nullopt;
    check_magic(head, name);
    const std::size_t dims_bytes = 4 * static_cast<std::size_t>(head[3]);
    if (gz.read(head + 4, dims_bytes) < dims_bytes) return std::nullopt;
    h = parse_dims(head + 4, head[3], name);
  }
  const std::size_t total = h.header_bytes + h.data_bytes;
  if (bytes.size() < 18) return std::nullopt;  // a 10-byte gzip header, an 8-byte trailer
  const unsigned char* t = bytes.data() + bytes.size() - 4;  // gzip's ISIZE, little-endian
  const uint32_t isize =
      uint32_t{t[0]} | uint32_t{t[1]} << 8 | uint32_t{t[2]} << 16 | uint32_t{t[3]} << 24;
  if (total != isize || total / kMaxDeflateRatio > bytes.size()) return std::nullopt;
  return h;
}

bool inflate_whole(std::span<const unsigned char> bytes, unsigned char* out, std::size_t total) {
  const std::unique_ptr<libdeflate_decompressor, void (*)(libdeflate_decompressor*)> inflater(
      libdeflate_alloc_decompressor(), libdeflate_free_decompressor);
  std::size_t used = 0, produced = 0;
  return inflater &&
         libdeflate_gzip_decompress_ex(inflater.get(), bytes.data(), bytes.size(), out, total,
                                       &used, &produced) == LIBDEFLATE_SUCCESS &&
         used == bytes.size() && produced == total;
}

IdxArray parse_idx(std::span<const unsigned char> bytes, const std::string& name) {
  if (bytes.size() >= 2 && bytes[0] == 0x1f && bytes[1] == 0x8b) {
    if (std::optional<IdxArray> whole = parse_gzip_whole(bytes, name)) return std::move(*whole);
    return parse_gzip(bytes, name);
  }
  if (bytes.size() < 4) {
    fail(name, 0,
         "file is " + std::to_string(bytes.size()) + " bytes, shorter than the 4-byte IDX header");
  }
  check_magic(bytes.data(), name);
  const int ndim = bytes[3];
  if (bytes.size() < 4 + 4 * static_cast<std::size_t>(ndim)) {
    fail(name, bytes.size(),
         "file ends inside the IDX header (" + std::to_string(ndim) + " dimensions need " +
             std::to_string(4 + 4 * ndim) + " bytes)");
  }
  const Header h = parse_dims(bytes.data() + 4, ndim, name);
  const std::size_t actual = bytes.size() - h.header_bytes;
  if (actual != h.data_bytes) size_mismatch(name, h, actual, false);
  IdxArray array;
  array.dims = h.dims;
  array.data.assign(bytes.begin() + static_cast<std::ptrdiff_t>(h.header_bytes), bytes.end());
  return array;
}

std::vector<unsigned char> read_idx_bytes(const std::string& path) {
  constexpr std::size_t kMaxIdxFileBytes = std::size_t{1} << 32;
  try {
    return read_file(path, kMaxIdxFileBytes);
  } catch (const IoError& e) {
    throw DataError(e.what());
  }
}

IdxArray read_idx(const std::string& path) { return parse_idx(read_idx_bytes(path), path); }

}  // namespace bprop
