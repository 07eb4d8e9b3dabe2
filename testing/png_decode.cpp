// decode_png_file: see png_decode.h. PNG spec: https://www.w3.org/TR/png/ (chunks, filters).
#include "testing/png_decode.h"

#include <zlib.h>

#include <cstdlib>
#include <cstring>
#include <fstream>
#include <iterator>
#include <stdexcept>

namespace bprop::testing {

namespace {

uint32_t be32(const uint8_t* p) {
  return (uint32_t{p[0]} << 24) | (uint32_t{p[1]} << 16) | (uint32_t{p[2]} << 8) | p[3];
}

std::vector<uint8_t> inflate_all(const std::vector<uint8_t>& in, std::size_t expected) {
  std::vector<uint8_t> out(expected);
  uLongf size = static_cast<uLongf>(out.size());
  if (uncompress(out.data(), &size, in.data(), static_cast<uLong>(in.size())) != Z_OK ||
      size != expected) {
    throw std::runtime_error("PNG: the IDAT stream does not inflate to the image's size");
  }
  return out;
}

uint8_t paeth(int a, int b, int c) {
  const int p = a + b - c, pa = std::abs(p - a), pb = std::abs(p - b), pc = std::abs(p - c);
  return static_cast<uint8_t>(pa <= pb && pa <= pc ? a : pb <= pc ? b : c);
}

}  // namespace

Image decode_png_file(const std::string& path) {
  std::ifstream file(path, std::ios::binary);
  const std::vector<uint8_t> bytes((std::istreambuf_iterator<char>(file)),
                                   std::istreambuf_iterator<char>());
  static constexpr uint8_t kSignature[8] = {0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n'};
  if (bytes.size() < 8 || std::memcmp(bytes.data(), kSignature, 8) != 0) {
    throw std::runtime_error(path + ": not a PNG file");
  }
  Image image;
  int depth = 0, color = 0, interlace = 0;
  std::vector<uint8_t> idat;
  for (std::size_t pos = 8; pos + 12 <= bytes.size();) {
    const uint32_t length = be32(&bytes[pos]);
    if (pos + 12 + length > bytes.size()) throw std::runtime_error(path + ": truncated chunk");
    const std::string type(reinterpret_cast<const char*>(&bytes[pos + 4]), 4);
    const uint8_t* data = &bytes[pos + 8];
    if (type == "IHDR") {
      image.width = static_cast<int>(be32(data));
      image.height = static_cast<int>(be32(data + 4));
      depth = data[8];
      color = data[9];
      interlace = data[12];
    } else if (type == "IDAT") {
      idat.insert(idat.end(), data, data + length);
    } else if (type == "IEND") {
      break;
    }
    pos += 12 + length;
  }
  const int channels = color == 0 ? 1 : color == 2 ? 3 : color == 4 ? 2 : color == 6 ? 4 : 0;
  if (depth != 8 || channels == 0 || interlace != 0 || image.width <= 0 || image.height <= 0) {
    throw std::runtime_error(path + ": unsupported PNG (depth " + std::to_string(depth) +
                             ", colour type " + std::to_string(color) + ", interlace " +
                             std::to_string(interlace) + ")");
  }
  const std::size_t stride = static_cast<std::size_t>(image.width) * channels;
  std::vector<uint8_t> raw = inflate_all(idat, (stride + 1) * image.height);
  std::vector<uint8_t> previous(stride, 0), current(stride);
  image.rgb.resize(static_cast<std::size_t>(image.width) * image.height * 3);
  for (int y = 0; y < image.height; ++y) {
    const uint8_t filter = raw[y * (stride + 1)];
    const uint8_t* line = &raw[y * (stride + 1) + 1];
    for (std::size_t i = 0; i < stride; ++i) {
      const int a = i >= static_cast<std::size_t>(channels) ? current[i - channels] : 0;
      const int b = previous[i];
      const int c = i >= static_cast<std::size_t>(channels) ? previous[i - channels] : 0;
      int predicted = 0;
      switch (filter) {
        case 0:
          predicted = 0;
          break;
        case 1:
          predicted = a;
          break;
        case 2:
          predicted = b;
          break;
        case 3:
          predicted = (a + b) / 2;
          break;
        case 4:
          predicted = paeth(a, b, c);
          break;
        default:
          throw std::runtime_error(path + ": bad scanline filter");
      }
      current[i] = static_cast<uint8_t>(line[i] + predicted);
    }
    for (int x = 0; x < image.width; ++x) {
      uint8_t* out = &image.rgb[(static_cast<std::size_t>(y) * image.width + x) * 3];
      const uint8_t* in = &current[static_cast<std::size_t>(x) * channels];
      if (channels <= 2) {
        out[0] = out[1] = out[2] = in[0];
      } else {
        std::memcpy(out, in, 3);
      }
    }
    std::swap(previous, current);
  }
  return image;
}

}  // namespace bprop::testing
