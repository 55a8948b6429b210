// The rasterizer: exact fills on pixel edges, one pixel of antialiasing on curved
// edges, arcs that cover their sweep and nothing else, and text from the embedded font.
#include "plinth/ui/canvas.h"

#include <gtest/gtest.h>

#include <cmath>
#include <numbers>

namespace {

using namespace plinth::ui;

constexpr Color black = rgb(0, 0, 0);
constexpr Color white = rgb(255, 255, 255);

int red(Color c) { return static_cast<int>((c >> 16) & 0xFF); }

TEST(Canvas, PixelAlignedRectIsExact) {
  Canvas c;
  c.resize(20, 10);
  c.clear(black);
  c.fill_rect({2, 3, 5, 4}, white);
  for (int y = 0; y < 10; ++y)
    for (int x = 0; x < 20; ++x) {
      const bool inside = x >= 2 && x < 7 && y >= 3 && y < 7;
      EXPECT_EQ(c.pixel(x, y), inside ? white : black) << x << "," << y;
    }
}

TEST(Canvas, HalfPixelEdgeIsHalfCovered) {
  Canvas c;
  c.resize(10, 4);
  c.clear(black);
  c.fill_rect({0, 0, 2.5f, 4}, white);
  EXPECT_EQ(c.pixel(1, 1), white);
  EXPECT_NEAR(red(c.pixel(2, 1)), 128, 1);
  EXPECT_EQ(c.pixel(3, 1), black);
}

TEST(Canvas, CircleAreaAndSoftEdge) {
  Canvas c;
  c.resize(64, 64);
  c.clear(black);
  const float r = 20.0f;
  c.fill_circle(32, 32, r, white);
  double covered = 0;
  int partial = 0;
  for (int y = 0; y < 64; ++y)
    for (int x = 0; x < 64; ++x) {
      const int v = red(c.pixel(x, y));
      covered += v / 255.0;
      if (v > 0 && v < 255) ++partial;
    }
  // Coverage sums to the disc's area within a pixel's worth of rounding around the rim.
  EXPECT_NEAR(covered, std::numbers::pi * r * r, 2 * std::numbers::pi * r * 0.05);
  EXPECT_GT(partial, 60);  // the rim is antialiased, not a staircase
  EXPECT_EQ(c.pixel(32, 32), white);
  EXPECT_EQ(c.pixel(0, 0), black);
}

TEST(Canvas, ArcCoversItsSweepOnly) {
  Canvas c;
  c.resize(60, 60);
  c.clear(black);
  // The right half, 12 o'clock to 6 o'clock, clockwise.
  c.arc(30, 30, 20, 0.0f, std::numbers::pi_v<float>, 4, white);
  EXPECT_EQ(c.pixel(50, 30), white);  // 3 o'clock, on the ring
  EXPECT_EQ(c.pixel(9, 30), black);   // 9 o'clock is outside the sweep
  EXPECT_EQ(c.pixel(30, 30), black);  // the centre is not on the ring
}

TEST(Canvas, ClipsShapesToTheCanvas) {
  Canvas c;
  c.resize(8, 8);
  c.clear(black);
  c.fill_circle(-100, -100, 500, white);  // covers everything, reaches far outside
  c.line(-50, 4, 50, 4, 3, black);
  EXPECT_EQ(c.pixel(0, 0), white);
  EXPECT_EQ(c.pixel(4, 4), black);
}

TEST(Canvas, TextUsesTheEmbeddedFont) {
  Canvas c;
  c.resize(40, 20);
  c.clear(black);
  const Font font = Font::pick(1.0f);
  EXPECT_EQ(font.advance(), 6);
  EXPECT_EQ(Canvas::text_width("Hz", font), 12);
  EXPECT_EQ(Canvas::text_width("\xC2\xB0" "C", font), 12);  // UTF-8 degree sign is one glyph
  const int drawn = c.text({0, 0, 40, 20}, "I", white, Align::left, font);
  EXPECT_EQ(drawn, 6);
  int lit = 0;
  for (int y = 0; y < 20; ++y)
    for (int x = 0; x < 40; ++x) lit += c.pixel(x, y) == white ? 1 : 0;
  EXPECT_GT(lit, 6);   // a capital I is a few pixels tall...
  EXPECT_LT(lit, 40);  // ...and narrow
  // Spaces draw nothing.
  c.clear(black);
  c.text({0, 0, 40, 20}, "   ", white, Align::left, font);
  for (int y = 0; y < 20; ++y)
    for (int x = 0; x < 40; ++x) EXPECT_EQ(c.pixel(x, y), black);
}

TEST(Canvas, LargerScalesPickLargerGlyphs) {
  EXPECT_LT(Font::pick(1.0f).height(), Font::pick(2.0f).height());
  EXPECT_LE(Font::pick(2.0f).height(), Font::pick(3.0f).height());
}

}  // namespace
