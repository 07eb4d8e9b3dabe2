// Writes the committed seed and regression corpora, fuzz/corpus/<target>/: valid files plus the
// bad inputs B1 to B23 of docs/reliability.md, named after their number (row09-* is B9), and for
// the training log the damaged and hostile lines its reader must refuse, named after what they
// are. Run from the fuzz build: build/fuzz/fuzz/make_corpus fuzz/corpus. Every file is
// reproducible from this program.
#include <zlib.h>

#include <cstring>
#include <filesystem>
#include <limits>
#include <string>
#include <vector>

#include "bprop/data/dataset.h"
#include "bprop/int8/quantize.h"
#include "bprop/io/checkpoint.h"
#include "bprop/io/model_file.h"
#include "bprop/registry.h"
#include "corpus_file.h"

namespace {

std::filesystem::path root;

void put(const std::string& target, const std::string& name, const Bytes& bytes) {
  write_corpus_file(root, target, name, bytes);
}

void csv(const std::string& name, const std::string& text, unsigned char mode = 0) {
  Bytes bytes{mode};
  bytes.insert(bytes.end(), text.begin(), text.end());
  put("csv", name, bytes);
}

Bytes be32(std::initializer_list<uint32_t> words) {
  Bytes out;
  for (const uint32_t w : words) {
    for (int s = 24; s >= 0; s -= 8) out.push_back(static_cast<unsigned char>(w >> s));
  }
  return out;
}

Bytes cat(Bytes a, const Bytes& b) {
  a.insert(a.end(), b.begin(), b.end());
  return a;
}

Bytes gzip(const Bytes& raw) {
  z_stream z{};
  deflateInit2(&z, 9, Z_DEFLATED, 15 + 16, 8, Z_DEFAULT_STRATEGY);
  Bytes out(deflateBound(&z, raw.size()) + 64);
  z.next_in = const_cast<unsigned char*>(raw.data());
  z.avail_in = static_cast<uInt>(raw.size());
  z.next_out = out.data();
  z.avail_out = static_cast<uInt>(out.size());
  deflate(&z, Z_FINISH);
  out.resize(z.total_out);
  deflateEnd(&z);
  return out;
}

// Rewrites the trailing CRC32 so a patched file reaches the check the patch is about.
Bytes fix_crc(Bytes b) {
  const uLong c = crc32(0, b.data(), static_cast<uInt>(b.size() - 4));
  for (int i = 0; i < 4; ++i) b[b.size() - 4 + i] = static_cast<unsigned char>(c >> (8 * i));
  return b;
}

void patch_u32(Bytes& b, std::size_t at, uint32_t v) {
  for (int i = 0; i < 4; ++i) b[at + i] = static_cast<unsigned char>(v >> (8 * i));
}

std::size_t find(const Bytes& b, const Bytes& needle) {
  for (std::size_t i = 0; i + needle.size() <= b.size(); ++i) {
    if (std::memcmp(b.data() + i, needle.data(), needle.size()) == 0) return i;
  }
  return std::string::npos;
}

Bytes float_bytes(float f) {
  Bytes b(4);
  std::memcpy(b.data(), &f, 4);
  return b;
}

constexpr float kMarker = 0.123456789f;  // a weight we can find in the serialized bytes

// The binary formats share the bad-input variants (B13 to B20 for the model file).
void binary_variants(const std::string& target, const Bytes& valid, std::size_t version_at,
                     const std::string& layer_spec) {
  put(target, "valid", valid);
  put(target, "row13-empty", {});
  const std::string text = "x,y\n1,2\n";
  put(target, "row13-csv-as-model", Bytes(text.begin(), text.end()));
  Bytes version = valid;
  patch_u32(version, version_at, 2);
  put(target, "row14-future-version", fix_crc(version));
  for (const std::size_t n :
       {std::size_t{4}, std::size_t{12}, valid.size() / 2, valid.size() - 1}) {
    put(target, "row15-truncated-" + std::to_string(n), Bytes(valid.begin(), valid.begin() + n));
  }
  for (const std::size_t bit : {std::size_t{70}, valid.size() * 4, valid.size() * 8 - 3}) {
    Bytes flipped = valid;
    flipped[bit / 8] ^= static_cast<unsigned char>(1u << (bit % 8));
    put(target, "row16-bitflip-" + std::to_string(bit), flipped);
  }
  const std::size_t spec = find(valid, Bytes(layer_spec.begin(), layer_spec.end()));
  if (spec != std::string::npos) {
    Bytes unknown = valid;
    unknown[spec + layer_spec.size() - 1] = 'q';  // "tanh" -> "tanq"
    put(target, "row19-unknown-layer", fix_crc(unknown));
  }
  const std::size_t weight = find(valid, float_bytes(kMarker));
  if (weight != std::string::npos) {
    for (const float bad :
         {std::numeric_limits<float>::quiet_NaN(), std::numeric_limits<float>::infinity()}) {
      Bytes nonfinite = valid;
      const Bytes b = float_bytes(bad);
      std::copy(b.begin(), b.end(), nonfinite.begin() + static_cast<std::ptrdiff_t>(weight));
      put(target, std::string("row20-") + (bad != bad ? "nan" : "inf") + "-weight",
          fix_crc(nonfinite));
    }
  }
}

bprop::Network small_network() {
  bprop::Network network = bprop::build_network<float>(3, "4,tanh,2");
  network.initialize(1);
  network.layer(0).parameters()[0].value(1, 2) = kMarker;
  return network;
}

void model_corpus() {
  bprop::Model model;
  model.network = small_network();
  model.loss = "softmax-ce";
  model.class_names = {"cat", "dog"};
  model.metadata = {{"seed", "1"}};
  const Bytes valid = bprop::serialize_model(model);
  binary_variants("model_file", valid, 8, "tanh");
  // B17: absurd counts with a valid checksum. Layout: magic, version, flags, size, loss str.
  const std::size_t width_at = 24 + 4 + model.loss.size();
  for (const auto& [name, at, value] : {std::tuple{"row17-layers-4e9", width_at + 4, 4000000000u},
                                        std::tuple{"row17-width-0", width_at, 0u},
                                        std::tuple{"row17-width-huge", width_at, 0xFFFFFFFFu}}) {
    Bytes b = valid;
    patch_u32(b, at, value);
    put("model_file", name, fix_crc(b));
  }
  Bytes arch = valid;  // B21: a dense width that disagrees with its stored shapes.
  const std::size_t dense = find(arch, {'d', 'e', 'n', 's', 'e', ':', '4'});
  if (dense != std::string::npos) {
    arch[dense + 6] = '5';
    put("model_file", "row21-arch-mismatch", fix_crc(arch));
  }
}

// An int8 model (format version 3): valid, truncated inside the int8 section, and a stage whose
// kind disagrees with its network (with a valid checksum).
void int8_model_corpus() {
  bprop::Model model;
  model.network = small_network();
  model.loss = "softmax-ce";
  bprop::Matrix calibration(8, 3);
  for (int r = 0; r < 8; ++r) {
    for (int c = 0; c < 3; ++c) calibration(r, c) = static_cast<float>((r * 3 + c) % 5) - 2.0f;
  }
  model.quantization = bprop::int8::quantize(model, calibration);
  const Bytes valid = bprop::serialize_model(model);
  put("model_file", "int8-valid", valid);
  put("model_file", "int8-truncated", Bytes(valid.begin(), valid.end() - 300));
  Bytes kind = valid;  // stage 0 follows the float part: marker, rows, seed, input, count, 3 u32
  model.quantization.reset();
  const std::size_t at = bprop::serialize_model(model).size() - 4 + 1 + 4 + 8 + 8 + 4 + 12;
  patch_u32(kind, at, 0);
  put("model_file", "int8-wrong-stage-kind", fix_crc(kind));
}

void checkpoint_corpus() {
  const bprop::Network network = small_network();
  bprop::TrainerState state;
  state.epoch = 2;
  state.step = 7;
  state.order = {2, 0, 1, 3};
  state.position = 2;
  binary_variants("checkpoint",
                  bprop::serialize_checkpoint(network, state, {"layers=4,tanh,2 lr=0.1", 99}), 8,
                  "tanh");
}

void csv_corpus() {
  csv("valid", "x1,x2,label\n0,0,0\n0,1,1\n1,0,1\n1,1,0\n");
  csv("valid-values", "a,b,t\n0.5,-1e3,0.25\n+1,2.5e-3,1\n", 1 + 3);
  csv("row01-empty", "");
  csv("row01-header-only", "a,b,label\n");
  csv("row01-blank-lines", "\n\n\r\n\n");
  csv("row02-ragged-more", "a,b,label\n1,2,0\n1,2,3,1\n");
  csv("row02-ragged-fewer", "a,b,label\n1,2,0\n1,1\n");
  for (const auto& [name, cell] : {std::pair{"abc", "abc"},
                                   {"empty", ""},
                                   {"5abc", "5abc"},
                                   {"hex", "0x1A"},
                                   {"leading-space", "  7"},
                                   {"decimal-comma", "\"1,5\""}}) {
    csv(std::string("row03-") + name, std::string("a,b,label\n1,") + cell + ",0\n2,3,1\n");
  }
  csv("row03-bom",
      "\xEF\xBB\xBF"
      "a,b,label\n1,2,0\n");
  csv("row03-bom-twice",
      "\xEF\xBB\xBF\xEF\xBB\xBF"
      "1,2,0\n");
  csv("row04-nan", "a,b,label\nnan,1,0\n");
  csv("row04-neg-inf", "a,b,label\n1,-inf,0\n");
  csv("row04-overflow", "a,b,label\n1e999,1,0\n");
  csv("row05-crlf-no-final-newline", "a,b,label\r\n1,2,0\r\n3,4,1");
  csv("row05-comments-quotes", "# comment\n\na,\"b\",label\n\"1\",2,0\n\n3,\"4\",1\n");
  csv("row05-hash-cells", "a,b,label\n1,2,0\n#3,4,1\n\n");
  csv("row05-bad-quote", "a,b,label\n1,\"2,0\n3,4\"x,1\n");
  csv("row06-label-negative", "a,label\n1,-1\n2,0\n", 3);
  csv("row06-label-fraction", "a,label\n1,2.5\n2,0\n", 3);
  csv("row07-long-line", "a,b\n" + std::string(5000, '1') + ",0\n");
  std::string wide = "0";
  for (int i = 0; i < 300; ++i) wide += ",1";
  csv("row07-many-columns", wide + "\n" + wide + "\n");
  csv("row07-header-wider-than-data", "a,b,c,d,label\n1,2,0\n");
}

void idx_corpus() {
  const Bytes images = cat(be32({0x00000803, 2, 2, 2}), {0, 64, 128, 255, 1, 2, 3, 4});
  put("idx", "valid-images", images);
  put("idx", "valid-labels", cat(be32({0x00000801, 2}), {7, 9}));
  put("idx", "valid-images-gz", gzip(images));
  put("idx", "row08-wrong-magic", cat(be32({0x01000803, 1, 1, 1}), {0}));
  put("idx", "row08-gzip-header-only", {0x1f, 0x8b, 0x08, 0x08});
  put("idx", "row09-allocation-bomb", cat(be32({0x00000803, 65536, 256, 256}), {7}));
  put("idx", "row10-dims-overflow", cat(be32({0x00000802, 65537, 65536}), {1, 2}));
  put("idx", "row10-dims-overflow-64",
      cat(be32({0x00000804, 0xFFFFFFFF, 0xFFFFFFFF, 0xFFFFFFFF, 0xFFFFFFFF}), {1}));
  put("idx", "row11-truncated", Bytes(images.begin(), images.end() - 3));
  put("idx", "row11-trailing", cat(images, {0}));
  put("idx", "row12-dim-zero", be32({0x00000802, 0, 5}));
  put("idx", "row12-ndim-zero", be32({0x00000800}));
  put("idx", "row12-ndim-five", cat(be32({0x00000805, 1, 1, 1, 1, 1}), {0}));
  put("idx", "row12-type-float", cat(be32({0x00000D01, 1}), {0, 0, 0, 0}));
  // A gzip bomb: 16 MiB of zeros behind a header declaring 4 bytes.
  put("idx", "row09-gzip-bomb", gzip(cat(be32({0x00000801, 4}), Bytes(16 << 20, 0))));
}

}  // namespace

int main(int argc, char** argv) {
  root = argc > 1 ? argv[1] : "fuzz/corpus";
  csv_corpus();
  idx_corpus();
  model_corpus();
  int8_model_corpus();
  checkpoint_corpus();
  training_log_corpus(root);
  binary_data_corpus(root);
  return 0;
}
