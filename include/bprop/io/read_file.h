// Reading a whole file into memory with a size cap, for the data and model readers (which then
// check every declared size against the real one before allocating anything else).
#pragma once

#include <cstddef>
#include <string>
#include <vector>

namespace bprop {

// Reads `path` ("-" = standard input). Throws IoError naming the path and the system's reason when
// it cannot be opened or read (a folder, a missing file), or when it is longer than max_bytes.
std::vector<unsigned char> read_file(const std::string& path, std::size_t max_bytes);

}  // namespace bprop
