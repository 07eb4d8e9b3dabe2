// The HTML report in a real browser: trains XOR and spirals with `bprop train --report`, has
// Debian's Chromium (headless) parse the page (--dump-dom) and draw it (--screenshot), then checks
// that the expected SVG elements exist in the browser's DOM and that the screenshot shows real
// pictures: many colours, the heat map's class colours, not a blank page.
// Without Chromium the tests are SKIPPED with a message saying so (scripts/setup installs it).
#include <gtest/gtest.h>
#include <png.h>
#include <unistd.h>

#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <set>
#include <stdexcept>
#include <string>
#include <vector>

#include "testing/run_command.h"

namespace bprop {
namespace {

using testing::run_command;

// BPROP_CHROMIUM overrides the browser (an empty or missing path tests the skip).
std::string find_chromium() {
  if (const char* env = std::getenv("BPROP_CHROMIUM")) {
    return access(env, X_OK) == 0 ? env : "";
  }
  for (const char* path : {"/usr/bin/chromium", "/usr/bin/chromium-browser"}) {
    if (access(path, X_OK) == 0) return path;
  }
  return "";
}

std::string chromium_command(const std::string& chromium, const std::string& profile,
                             const std::string& args) {
  // A fresh profile and no background traffic: the page must render with no network at all.
  return "timeout 120 " + chromium +
         " --headless --no-sandbox --disable-gpu --no-first-run --disable-background-networking"
         " --disable-component-update --disable-sync --disable-dev-shm-usage"
         " --user-data-dir='" +
         profile + "' " + args;
}

int count(const std::string& text, const std::string& needle) {
  int n = 0;
  for (std::size_t at = text.find(needle); at != std::string::npos;
       at = text.find(needle, at + needle.size()))
    ++n;
  return n;
}

struct Image {
  int width = 0, height = 0;
  std::vector<uint8_t> rgb;             // width * height * 3, row-major from the top
  uint32_t pixel(int x, int y) const {  // 0xRRGGBB
    const std::size_t i = (static_cast<std::size_t>(y) * width + x) * 3;
    return (uint32_t{rgb[i]} << 16) | (uint32_t{rgb[i + 1]} << 8) | rgb[i + 2];
  }
};

// The screenshot as 8-bit RGB, through libpng's simplified API (it converts any PNG colour type
// and bit depth, and composes alpha over black).
Image read_png(const std::string& path) {
  png_image png{};
  png.version = PNG_IMAGE_VERSION;
  Image image;
  if (png_image_begin_read_from_file(&png, path.c_str()) != 0) {
    png.format = PNG_FORMAT_RGB;
    image.width = static_cast<int>(png.width);
    image.height = static_cast<int>(png.height);
    image.rgb.resize(PNG_IMAGE_SIZE(png));
    if (png_image_finish_read(&png, nullptr, image.rgb.data(), 0, nullptr) != 0) return image;
  }
  const std::string message = png.message;
  png_image_free(&png);
  throw std::runtime_error("cannot read PNG '" + path + "': " + message);
}

// Pixels within a small distance of `rgb`.
int near_color(const Image& image, int r, int g, int b) {
  int n = 0;
  for (std::size_t i = 0; i + 2 < image.rgb.size(); i += 3) {
    if (std::abs(image.rgb[i] - r) + std::abs(image.rgb[i + 1] - g) +
            std::abs(image.rgb[i + 2] - b) <=
        24)
      ++n;
  }
  return n;
}

struct Expected {
  int points;  // training points drawn on the decision boundary
  int edges;   // weights drawn as edges (0: the network is drawn as boxes)
  const char* network_class;
  int classes = 2;
};

void render_and_check(const std::string& name, const std::string& train_flags,
                      const Expected& expected) {
  const std::string chromium = find_chromium();
  if (chromium.empty()) {
    GTEST_SKIP() << "SKIPPED: Chromium is not installed (Debian package 'chromium', listed in "
                    "scripts/packages.txt); the HTML report was not checked in a browser";
  }
  const std::string dir = testing::temp_folder();
  const std::string html = dir + "/" + name + ".html";
  const auto trained =
      run_command(testing::bprop_cli() + " train " + train_flags + " --report '" + html + "'");
  ASSERT_EQ(trained.exit_code, 0) << trained.out << trained.err;

  const auto dom = run_command(
      chromium_command(chromium, dir + "/profile-dom", "--dump-dom 'file://" + html + "'"));
  ASSERT_EQ(dom.exit_code, 0) << dom.err;
  const std::string& d = dom.out;
  EXPECT_GE(count(d, "<svg"), 6) << "loss, accuracy, network, boundary, confusion, gradients";
  for (const char* cls :
       {"class=\"chart loss-curves\"", "class=\"chart accuracy-curves\"", "class=\"boundary\"",
        "class=\"confusion\"", "class=\"chart gradient-norms\"", "class=\"chart update-ratios\""}) {
    EXPECT_EQ(count(d, cls), 1) << cls;
  }
  EXPECT_EQ(count(d, std::string("class=\"") + expected.network_class + "\""), 1);
  EXPECT_EQ(count(d, "class=\"point\""), expected.points);
  EXPECT_EQ(count(d, "class=\"edge\""),
            expected.edges > 0 ? expected.edges : count(d, "class=\"edge\""));
  EXPECT_GE(count(d, "class=\"cell\""), 80) << "the heat map has at least one run per row";
  EXPECT_EQ(count(d, "class=\"confusion-cell\""), expected.classes * expected.classes);
  EXPECT_EQ(count(d, "class=\"series\" data-series=\"training\" d=\"M"), 2)
      << "training loss and accuracy curves are drawn";
  EXPECT_EQ(count(d, "<script"), 0);
  EXPECT_EQ(count(d, "http://") + count(d, "https://"), count(d, "http://www.w3.org/2000/svg"))
      << "nothing is loaded from the network";

  const std::string png = dir + "/" + name + ".png";
  const auto shot =
      run_command(chromium_command(chromium, dir + "/profile-shot",
                                   "--hide-scrollbars --window-size=1200,2400 --screenshot='" +
                                       png + "' 'file://" + html + "'"));
  ASSERT_EQ(shot.exit_code, 0) << shot.err;
  const Image image = read_png(png);
  EXPECT_EQ(image.width, 1200);
  EXPECT_EQ(image.height, 2400);
  std::set<uint32_t> colors;
  int ink = 0;  // pixels that are neither the page background nor a card's white
  for (int y = 0; y < image.height; ++y) {
    for (int x = 0; x < image.width; ++x) {
      const uint32_t p = image.pixel(x, y);
      colors.insert(p);
      ink += p != 0xf3f4f6 && p != 0xffffff;
    }
  }
  EXPECT_GT(colors.size(), 200u) << "a blank or single-colour page";
  EXPECT_GT(ink, image.width * image.height / 50) << "less than 2% of the page is drawn";
  // The heat map's confident regions: 80% of each class colour over white.
  EXPECT_GT(near_color(image, 75, 146, 195), 2000) << "class 0's blue region is missing";
  EXPECT_GT(near_color(image, 255, 153, 62), 2000) << "class 1's orange region is missing";
  if (expected.classes > 2) {
    EXPECT_GT(near_color(image, 86, 179, 86), 2000) << "class 2's green region is missing";
  }
  if (const char* keep = std::getenv("BPROP_REPORT_SHOTS")) {  // to look at them afterwards
    run_command("cp '" + png + "' '" + html + "' '" + keep + "/'");
  }
  std::printf(
      "%s: %zu colours, %.1f%% of the page drawn; (set BPROP_REPORT_SHOTS=DIR to keep the "
      "screenshot)\n",
      name.c_str(), colors.size(), 100.0 * ink / (image.width * image.height));
}

TEST(ReportBrowser, XorReportRendersInChromium) {
  render_and_check("xor", "--epochs 300",
                   {.points = 4, .edges = 24, .network_class = "network small"});
}

TEST(ReportBrowser, SpiralsReportRendersInChromium) {
  render_and_check("spirals",
                   "--data spirals --samples 600 --val-split 0.2 --layers 32,tanh,32,tanh,1 "
                   "--lr 0.01 --epochs 60 --progress none",
                   {.points = 480, .edges = 0, .network_class = "network large"});
}

// Three Gaussian blobs, one per class, written as CSV: the report's multi-class pictures (softmax
// output, three class colours in the boundary map, a 3 x 3 confusion matrix).
TEST(ReportBrowser, ThreeClassReportRendersInChromium) {
  const std::string csv = testing::temp_folder() + "/blobs.csv";
  std::FILE* f = std::fopen(csv.c_str(), "w");
  ASSERT_NE(f, nullptr);
  std::fprintf(f, "x,y,label\n");
  const double centres[3][2] = {{-1, -1}, {1, -1}, {0, 1}};
  for (int c = 0; c < 3; ++c) {
    for (int i = 0; i < 100; ++i) {  // a deterministic spiral of offsets around each centre
      const double r = 0.45 * std::sqrt((i + 0.5) / 100.0), a = 2.39996 * i;
      std::fprintf(f, "%.5f,%.5f,%d\n", centres[c][0] + r * std::cos(a),
                   centres[c][1] + r * std::sin(a), c);
    }
  }
  ASSERT_EQ(std::fclose(f), 0);
  render_and_check(
      "blobs3", "--data '" + csv + "' --layers 16,tanh,3 --lr 0.05 --epochs 60 --progress none",
      {.points = 300, .edges = 2 * 16 + 16 * 3, .network_class = "network small", .classes = 3});
}

// A regression run on a three-feature CSV: no decision boundary or confusion matrix, but the
// predicted-vs-actual scatter with one dot per row and the diagonal.
TEST(ReportBrowser, RegressionReportDrawsThePredictedVsActualScatter) {
  const std::string chromium = find_chromium();
  if (chromium.empty()) GTEST_SKIP() << "SKIPPED: Chromium is not installed";
  const std::string dir = testing::temp_folder();
  const std::string csv = dir + "/reg.csv", html = dir + "/reg.html";
  std::FILE* f = std::fopen(csv.c_str(), "w");
  ASSERT_NE(f, nullptr);
  std::fprintf(f, "a,b,c,y\n");
  for (int i = 0; i < 200; ++i) {  // y = 3a - 2b + c/2 + a deterministic wobble
    const double a = std::sin(0.7 * i), b = std::cos(1.3 * i), c = (i % 17) / 8.0;
    std::fprintf(f, "%.5f,%.5f,%.5f,%.5f\n", a, b, c,
                 3 * a - 2 * b + c / 2 + 0.1 * std::sin(5.1 * i));
  }
  ASSERT_EQ(std::fclose(f), 0);
  const auto trained = run_command(testing::bprop_cli() + " train --data '" + csv +
                                   "' --epochs 40 --progress none --report '" + html + "'");
  ASSERT_EQ(trained.exit_code, 0) << trained.out << trained.err;
  EXPECT_NE(trained.out.find("RMSE"), std::string::npos) << trained.out;
  const auto dom = run_command(
      chromium_command(chromium, dir + "/profile-dom", "--dump-dom 'file://" + html + "'"));
  ASSERT_EQ(dom.exit_code, 0) << dom.err;
  EXPECT_EQ(count(dom.out, "class=\"chart scatter\""), 1);
  EXPECT_EQ(count(dom.out, "class=\"point\""), 200) << "one dot per training row";
  EXPECT_EQ(count(dom.out, "class=\"diagonal\""), 1);
  EXPECT_EQ(count(dom.out, "class=\"confusion\""), 0);
  EXPECT_NE(dom.out.find("R²"), std::string::npos);

  const std::string png = dir + "/reg.png";
  const auto shot =
      run_command(chromium_command(chromium, dir + "/profile-shot",
                                   "--hide-scrollbars --window-size=1200,2400 --screenshot='" +
                                       png + "' 'file://" + html + "'"));
  ASSERT_EQ(shot.exit_code, 0) << shot.err;
  // The dots: Tableau blue at 60 % opacity over white.
  EXPECT_GT(near_color(read_png(png), 121, 173, 210), 300) << "the scatter's dots are not drawn";
}

}  // namespace
}  // namespace bprop
