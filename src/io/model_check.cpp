// Model invariants shared by save and load, so a file this build writes always loads.
#include "model_check.h"

#include <zlib.h>

#include <algorithm>
#include <climits>

#include "bprop/registry.h"
#include "model_bytes.h"

namespace bprop::model_file {

void check_consistency(const Model& model, const std::string& what) {
  const Network& net = model.network;
  const auto fail = [&](const std::string& message) {
    throw ModelFileError(what + ": " + message);
  };
  const auto losses = loss_names();
  if (std::find(losses.begin(), losses.end(), model.loss) == losses.end()) {
    std::string known;
    for (const auto& l : losses) known += (known.empty() ? "" : ", ") + l;
    fail("unknown loss '" + model.loss + "' (known: " + known + ")");
  }
  if (net.input_width() <= 0 || static_cast<uint32_t>(net.input_width()) > kMaxWidth) {
    fail("input width " + std::to_string(net.input_width()) + " outside 1.." +
         std::to_string(kMaxWidth));
  }
  if (net.size() == 0 || net.size() > kMaxLayers) {
    fail(std::to_string(net.size()) + " layers, expected 1 to " + std::to_string(kMaxLayers));
  }
  int width = net.input_width();
  for (std::size_t i = 0; i < net.size(); ++i) {
    width = net.layer(i).output_width(width);
    if (width <= 0 || static_cast<uint32_t>(width) > kMaxWidth) {
      fail("layer " + std::to_string(i) + " (" + net.layer(i).spec() + ") has output width " +
           std::to_string(width) + ", outside 1.." + std::to_string(kMaxWidth));
    }
    if (net.layer(i).parameters().size() > kMaxParametersPerLayer) {
      fail("layer " + std::to_string(i) + " has more than " +
           std::to_string(kMaxParametersPerLayer) + " parameters");
    }
  }
  const Preprocessor& pre = model.preprocessor;
  if (pre.scaling() != Scaling::kNone && pre.width() != net.input_width()) {
    fail("preprocessing is fitted on " + std::to_string(pre.width()) +
         " features but the network takes " + std::to_string(net.input_width()));
  }
  const std::size_t classes = model.class_names.size();
  const bool binary = model.loss == "bce" && classes == 2 && width == 1;
  if (classes > 0 && model.loss != "mse" && !binary && classes != static_cast<std::size_t>(width)) {
    fail(std::to_string(classes) + " class names but the network has " + std::to_string(width) +
         " outputs (loss " + model.loss + ")");
  }
  if (!model.feature_names.empty() &&
      model.feature_names.size() != static_cast<std::size_t>(net.input_width())) {
    fail(std::to_string(model.feature_names.size()) + " feature names but the network takes " +
         std::to_string(net.input_width()) + " inputs");
  }
}

uint32_t crc32_of(std::span<const unsigned char> bytes) {
  uLong crc = crc32(0L, Z_NULL, 0);
  for (std::size_t done = 0; done < bytes.size();) {
    const uInt chunk = static_cast<uInt>(std::min<std::size_t>(bytes.size() - done, UINT_MAX));
    crc = crc32(crc, bytes.data() + done, chunk);
    done += chunk;
  }
  return static_cast<uint32_t>(crc);
}

}  // namespace bprop::model_file
