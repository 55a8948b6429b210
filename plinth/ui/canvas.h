#pragma once
// A software canvas: 32-bit pixels (0xAARRGGBB, the layout of a 24/32-bit X11 image on
// little-endian machines) and an antialiased rasterizer of its own, so an editor draws
// the same pixels on every machine and needs no graphics library.

#include <cstdint>
#include <string_view>
#include <vector>

#include "plinth/ui/font_data.h"

namespace plinth::ui {

using Color = std::uint32_t;  // 0xAARRGGBB

constexpr Color rgb(std::uint32_t r, std::uint32_t g, std::uint32_t b, std::uint32_t a = 255) {
  return (a << 24) | (r << 16) | (g << 8) | b;
}

struct Rect {
  float x = 0, y = 0, w = 0, h = 0;
  [[nodiscard]] bool contains(float px, float py) const noexcept {
    return px >= x && py >= y && px < x + w && py < y + h;
  }
  [[nodiscard]] float right() const noexcept { return x + w; }
  [[nodiscard]] float bottom() const noexcept { return y + h; }
  [[nodiscard]] float cx() const noexcept { return x + w * 0.5f; }
  [[nodiscard]] float cy() const noexcept { return y + h * 0.5f; }
};

enum class Align { left, center, right };

// A bitmap font at an integer zoom; pick() chooses the one that reads best at a UI scale.
struct Font {
  const FontData* data = &font_small;
  int zoom = 1;
  [[nodiscard]] int advance() const noexcept { return data->width * zoom; }
  [[nodiscard]] int height() const noexcept { return data->height * zoom; }
  static Font pick(float scale) noexcept;
};

class Canvas {
public:
  void resize(int width, int height);
  [[nodiscard]] int width() const noexcept { return width_; }
  [[nodiscard]] int height() const noexcept { return height_; }
  [[nodiscard]] const std::uint32_t* pixels() const noexcept { return pixels_.data(); }
  [[nodiscard]] Color pixel(int x, int y) const noexcept { return pixels_[static_cast<std::size_t>(y * width_ + x)]; }

  void clear(Color c);
  void fill_rect(Rect r, Color c);
  void fill_round_rect(Rect r, float radius, Color c);
  void stroke_round_rect(Rect r, float radius, float line_width, Color c);
  void fill_circle(float cx, float cy, float radius, Color c);
  void line(float x0, float y0, float x1, float y1, float line_width, Color c);
  // An arc of a circle with round caps; angles in radians, 0 at 12 o'clock, clockwise.
  void arc(float cx, float cy, float radius, float from, float to, float line_width, Color c);

  // Draws UTF-8 text (Latin-1 glyphs; others as '?') with its cell vertically centred
  // in [y, y + h); clipped to the box. Returns the width drawn.
  int text(Rect box, std::string_view utf8, Color c, Align align, Font font);
  [[nodiscard]] static int text_width(std::string_view utf8, Font font);

private:
  template <class Distance>
  void coverage(Rect bounds, Color c, Distance distance);
  void blend(int x, int y, Color c, float alpha) noexcept;

  int width_ = 0;
  int height_ = 0;
  std::vector<std::uint32_t> pixels_;
};

}  // namespace plinth::ui
