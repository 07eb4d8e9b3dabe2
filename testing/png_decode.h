// A minimal PNG decoder for tests: 8-bit greyscale, RGB or RGBA, non-interlaced (what Chromium's
// --screenshot writes). It inflates the IDAT stream with zlib and undoes the five scanline
// filters, so tests can look at real pixels (e.g. that a rendered report is not blank).
#pragma once

#include <cstdint>
#include <string>
#include <vector>

namespace bprop::testing {

struct Image {
  int width = 0, height = 0;
  std::vector<uint8_t> rgb;             // width * height * 3, row-major from the top
  uint32_t pixel(int x, int y) const {  // 0xRRGGBB
    const std::size_t i = (static_cast<std::size_t>(y) * width + x) * 3;
    return (uint32_t{rgb[i]} << 16) | (uint32_t{rgb[i + 1]} << 8) | rgb[i + 2];
  }
};

// Throws std::runtime_error naming the problem (not a PNG, unsupported format, corrupt data).
Image decode_png_file(const std::string& path);

}  // namespace bprop::testing
