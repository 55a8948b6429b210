// The editor end to end, through `plinth editor` (an X11 host with a real run loop) on
// the built examples: every editor opens and is captured, a synthetic drag edits the
// parameter as hosts expect, repeated open/close leaves nothing behind, and a parent
// destroyed before removed() is survived.
#include <gtest/gtest.h>

#include <algorithm>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <optional>
#include <string>
#include <vector>

#include "plinth_command.h"
#include "xvfb_display.h"

namespace {

namespace fs = std::filesystem;
using plinth::test::run_plinth;

plinth::test::XvfbDisplay& display() {
  static plinth::test::XvfbDisplay d;
  return d;
}

#define REQUIRE_DISPLAY() \
  if (!display().available()) GTEST_SKIP() << plinth::test::no_display_message()

std::vector<fs::path> example_bundles() {
  std::vector<fs::path> out;
  for (const auto& e : fs::directory_iterator(PLINTH_BUNDLE_DIR))
    if (e.path().extension() == ".vst3") out.push_back(e.path());
  std::sort(out.begin(), out.end());
  return out;
}

#if defined(__SANITIZE_ADDRESS__)
constexpr bool address_sanitized = true;
#elif defined(__has_feature)
#if __has_feature(address_sanitizer)
constexpr bool address_sanitized = true;
#else
constexpr bool address_sanitized = false;
#endif
#else
constexpr bool address_sanitized = false;
#endif

// A small pattern: literal text with {} for a field (up to the next literal, on one line);
// the fields of the first place in `text` it matches. Not std::regex: g++ 12 under ASan
// warns falsely inside it.
std::optional<std::vector<std::string>> scan(const std::string& text, const std::string& pattern) {
  std::vector<std::string> literals;
  for (std::size_t at = 0;;) {
    const std::size_t hole = pattern.find("{}", at);
    literals.push_back(pattern.substr(at, hole == std::string::npos ? std::string::npos : hole - at));
    if (hole == std::string::npos) break;
    at = hole + 2;
  }
  for (std::size_t start = text.find(literals[0]); start != std::string::npos;
       start = text.find(literals[0], start + 1)) {
    std::vector<std::string> fields;
    std::size_t at = start + literals[0].size();
    bool ok = true;
    for (std::size_t i = 1; i < literals.size() && ok; ++i) {
      const std::size_t next = literals[i].empty() ? text.find_first_of(" \n", at) : text.find(literals[i], at);
      const std::string field = text.substr(at, next == std::string::npos ? std::string::npos : next - at);
      ok = next != std::string::npos && !field.empty() && field.find('\n') == std::string::npos;
      fields.push_back(field);
      at = next + literals[i].size();
    }
    if (ok) return fields;
  }
  return std::nullopt;
}

std::string bundle(const char* name) { return (fs::path(PLINTH_BUNDLE_DIR) / name).string(); }

TEST(Editor, EveryExampleOpensAndIsCaptured) {
  REQUIRE_DISPLAY();
  const auto bundles = example_bundles();
  ASSERT_GE(bundles.size(), 10u);
  for (const auto& b : bundles) {
    SCOPED_TRACE(b.string());
    const fs::path png = fs::temp_directory_path() / ("plinth_editor_" + b.stem().string() + ".png");
    fs::remove(png);
    const auto r = run_plinth("editor " + b.string() + " --screenshot " + png.string());
    ASSERT_EQ(r.status, 0) << r.out;
    ASSERT_TRUE(fs::exists(png));
    std::ifstream file(png, std::ios::binary);
    std::string head(24, '\0');
    file.read(head.data(), 24);
    EXPECT_EQ(head.substr(0, 8), std::string("\x89PNG\r\n\x1a\n", 8));
    // Width and height (big-endian in IHDR) match what the tool reported, and the window
    // held many colours when captured: the editor painted before the capture.
    const auto be32 = [&](std::size_t at) {
      return (static_cast<unsigned char>(head[at]) << 24) | (static_cast<unsigned char>(head[at + 1]) << 16) |
             (static_cast<unsigned char>(head[at + 2]) << 8) | static_cast<unsigned char>(head[at + 3]);
    };
    const std::string size = std::to_string(be32(16)) + "x" + std::to_string(be32(20));
    const auto m = scan(r.out, "({}, {} colours)");
    ASSERT_TRUE(m) << r.out;
    EXPECT_EQ((*m)[0], size);
    EXPECT_GT(std::stoi((*m)[1]), 20) << r.out;  // antialiased knobs and text, not a blank window
    EXPECT_GT(be32(16), 200u);
    EXPECT_GT(be32(20), 100u);
    file.seekg(0, std::ios::end);
    EXPECT_GT(static_cast<long>(file.tellg()), 1000);
    fs::remove(png);
  }
}

TEST(Editor, TwiceTheScaleIsTwiceTheWidth) {
  REQUIRE_DISPLAY();
  for (const char* scale : {"1", "2"}) {
    SCOPED_TRACE(scale);
    const fs::path png = fs::temp_directory_path() / (std::string("plinth_editor_scale") + scale + ".png");
    const auto r = run_plinth("editor " + bundle("PlinthCompressor.vst3") + " --scale " + scale + " --screenshot " +
                              png.string());
    ASSERT_EQ(r.status, 0) << r.out;
    const auto m = scan(r.out, ".png ({}x{},");
    ASSERT_TRUE(m) << r.out;
    const int w = std::stoi((*m)[0]);
    // 2x is twice as wide as 1x (the layout scales, it is not cropped).
    static int width_at_1x = 0;
    if (std::string(scale) == "1")
      width_at_1x = w;
    else
      EXPECT_NEAR(w, 2 * width_at_1x, 2);
    fs::remove(png);
  }
}

// One drag on a knob: exactly one begin and one end, performs that only rise, and the
// processor's next blocks run with the value the editor set.
TEST(Editor, XTestDragEditsAsHostsExpect) {
  REQUIRE_DISPLAY();
  const auto r = run_plinth("editor " + bundle("PlinthGain.vst3") + " --drag Gain=12");
  ASSERT_EQ(r.status, 0) << r.out;
  const auto found = scan(r.out, "drag {}: from {} begin {} perform {} ({}) end {} last {} controller {} processor {}\n");
  ASSERT_TRUE(found) << r.out;
  const auto& f = *found;
  EXPECT_EQ(std::stoi(f[2]), 1) << r.out;
  EXPECT_GE(std::stoi(f[3]), 5) << r.out;
  EXPECT_EQ(f[4], "increasing") << r.out;
  EXPECT_EQ(std::stoi(f[5]), 1) << r.out;
  const double from = std::stod(f[1]), last = std::stod(f[6]);
  EXPECT_GT(last, from + 0.05) << r.out;
  EXPECT_DOUBLE_EQ(std::stod(f[7]), last) << r.out;
  EXPECT_DOUBLE_EQ(std::stod(f[8]), last) << r.out;
}

// A host resize goes through check_size_constraint (never below the minimum width, never
// shorter than the controls need) and on_size; a scale set after attached() asks the host
// for the new size once, through resize_view.
// A double-click through X (two presses within 400 ms) restores the default in one
// gesture; its first click alone edits nothing.
TEST(Editor, XTestDoubleClickRestoresTheDefault) {
  REQUIRE_DISPLAY();
  const auto r = run_plinth("editor " + bundle("PlinthGain.vst3") + " --drag Gain=12 --double-click Gain");
  ASSERT_EQ(r.status, 0) << r.out;
  const auto found = scan(r.out, "double-click 1: from {} begin {} perform {} ({}) end {} last {} ");
  ASSERT_TRUE(found) << r.out;
  const auto& f = *found;
  EXPECT_GT(std::stod(f[0]), 0.75) << r.out;  // where the drag left it
  EXPECT_EQ(std::stoi(f[1]), 1) << r.out;
  EXPECT_EQ(std::stoi(f[2]), 1) << r.out;
  EXPECT_EQ(std::stoi(f[4]), 1) << r.out;
  EXPECT_NEAR(std::stod(f[5]), 60.0 / 84.0, 1e-4) << r.out;  // 0 dB on -60..+24
}

TEST(Editor, ResizesWithinLimitsAndRescalesThroughTheFrame) {
  REQUIRE_DISPLAY();
  const auto small = run_plinth("editor " + bundle("PlinthCompressor.vst3") + " --resize 50x50");
  ASSERT_EQ(small.status, 0) << small.out;
  const auto m = scan(small.out, "constrained to {}x{}, size {}x{}\n");
  ASSERT_TRUE(m) << small.out;
  EXPECT_GE(std::stoi((*m)[0]), 200);
  EXPECT_GE(std::stoi((*m)[1]), 300);  // narrower, so more rows
  EXPECT_EQ((*m)[0], (*m)[2]);
  EXPECT_EQ((*m)[1], (*m)[3]);

  const auto wide = run_plinth("editor " + bundle("PlinthCompressor.vst3") + " --resize 900x700");
  ASSERT_EQ(wide.status, 0) << wide.out;
  EXPECT_NE(wide.out.find("constrained to 900x700, size 900x700"), std::string::npos) << wide.out;

  const auto one = run_plinth("editor " + bundle("PlinthCompressor.vst3") + " --screenshot /dev/null");
  const auto late = run_plinth("editor " + bundle("PlinthCompressor.vst3") + " --late-scale 2");
  ASSERT_EQ(late.status, 0) << late.out;
  const auto l = scan(late.out, ": {} resize request(s), size {}x{}\n");
  ASSERT_TRUE(l) << late.out;
  EXPECT_EQ(std::stoi((*l)[0]), 1);
  const auto o = scan(one.out, "/dev/null ({}x{},");
  ASSERT_TRUE(o) << one.out;
  EXPECT_NEAR(std::stoi((*l)[1]), 2 * std::stoi((*o)[0]), 2);
}

std::string read_file(const fs::path& path) {
  std::ifstream file(path, std::ios::binary);
  return {std::istreambuf_iterator<char>(file), std::istreambuf_iterator<char>()};
}

// The compressor's custom panel shows levels its processor sends from the audio thread
// (send_to_controller): with audio running the capture differs from one without. The
// audio thread, under the real-time trap while the editor is open and dragged, makes no
// allocation, lock, wait or I/O call.
TEST(Editor, CustomPanelShowsAudioThreadDataAndTheAudioThreadStaysClean) {
  REQUIRE_DISPLAY();
  const fs::path quiet = fs::temp_directory_path() / "plinth_editor_quiet.png";
  const fs::path playing = fs::temp_directory_path() / "plinth_editor_playing.png";
  const auto a = run_plinth("editor " + bundle("PlinthCompressor.vst3") + " --screenshot " + quiet.string());
  ASSERT_EQ(a.status, 0) << a.out;
  const auto b = run_plinth("editor " + bundle("PlinthCompressor.vst3") + " --play --screenshot " + playing.string() +
                            " --drag Threshold=-30");
  ASSERT_EQ(b.status, 0) << b.out;
  EXPECT_NE(b.out.find("begin 1 perform"), std::string::npos) << b.out;
  const auto m = scan(b.out, "audio thread: {} blocks with the editor open, {} ");
  ASSERT_TRUE(m) << b.out;
  EXPECT_GT(std::stol((*m)[0]), 20) << b.out;
  EXPECT_EQ(std::stol((*m)[1]), 0) << b.out;
  // Output parameters reach the controller, as a host forwards them: the Reduction meter
  // reads the compression of a -6 dBFS sine (RMS -9 dBFS) after the drag (threshold
  // -30 dB, ratio 4, knee 6 dB): (-9 + 30) * (1 - 1/4) = 15.75 dB of static reduction,
  // a little deeper on each block's deepest point as the RMS detector ripples.
  const auto fed = scan(b.out, "meters: {} output parameter values forwarded");
  ASSERT_TRUE(fed) << b.out;
  EXPECT_GT(std::stol((*fed)[0]), 10) << b.out;
  const auto reduction = scan(b.out, "meter Reduction: {}\n");
  ASSERT_TRUE(reduction) << b.out;
  EXPECT_LT(std::stod((*reduction)[0]), -14.0) << b.out;
  EXPECT_GT(std::stod((*reduction)[0]), -20.0) << b.out;
  const std::string pa = read_file(quiet), pb = read_file(playing);
  ASSERT_EQ(pa.size(), pb.size());  // same size, uncompressed: only pixels can differ
  EXPECT_NE(pa, pb);
  fs::remove(quiet);
  fs::remove(playing);
}

TEST(Editor, FiftyOpenCloseCyclesLeaveNothingBehind) {
  REQUIRE_DISPLAY();
  const auto r = run_plinth("editor " + bundle("PlinthChannelStrip.vst3") + " --cycles 50");
  ASSERT_EQ(r.status, 0) << r.out;
  const auto m = scan(r.out, "open files {} -> {}; resident {} -> {} kB");
  ASSERT_TRUE(m) << r.out;
  EXPECT_EQ((*m)[0], (*m)[1]) << r.out;  // every X connection closed
  // A canvas is 1.5 MB here: one kept per cycle would add 70 MB. (Under AddressSanitizer
  // freed memory waits in its quarantine, so resident memory says nothing there; its leak
  // check at exit does the job instead.)
  if (!address_sanitized) {
    EXPECT_LT(std::stol((*m)[3]) - std::stol((*m)[2]), 8 * 1024) << r.out;
  }
}

TEST(Editor, ParentDestroyedBeforeRemovedIsSurvived) {
  REQUIRE_DISPLAY();
  const auto r = run_plinth("editor " + bundle("PlinthSynth.vst3") + " --destroy-parent-first");
  EXPECT_EQ(r.status, 0) << r.out;
}

TEST(Editor, NoDisplayIsAClearError) {
  std::string out;
  std::FILE* pipe = popen(("env -u DISPLAY " + std::string(PLINTH_PLINTH_CMD) + " editor " +
                           bundle("PlinthGain.vst3") + " 2>&1").c_str(), "r");
  ASSERT_NE(pipe, nullptr);
  plinth::test::detail::read_all(pipe, out);
  const int status = pclose(pipe);
  EXPECT_TRUE(WIFEXITED(status) && WEXITSTATUS(status) == 1) << out;
  EXPECT_NE(out.find("no X display"), std::string::npos) << out;
}

}  // namespace
