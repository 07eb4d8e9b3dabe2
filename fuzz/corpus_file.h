// Writes one corpus file, fuzz/corpus/<target>/<name>, for make_corpus's parts.
#pragma once

#include <filesystem>
#include <fstream>
#include <string>
#include <vector>

using Bytes = std::vector<unsigned char>;

inline void write_corpus_file(const std::filesystem::path& root, const std::string& target,
                              const std::string& name, const Bytes& bytes) {
  std::filesystem::create_directories(root / target);
  std::ofstream out(root / target / name, std::ios::binary | std::ios::trunc);
  out.write(reinterpret_cast<const char*>(bytes.data()),
            static_cast<std::streamsize>(bytes.size()));
}

// The training-log corpus (make_corpus_log.cpp).
void training_log_corpus(const std::filesystem::path& root);

// The binary data file corpus (make_corpus_bpd.cpp).
void binary_data_corpus(const std::filesystem::path& root);
