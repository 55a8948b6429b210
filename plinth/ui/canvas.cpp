#include "plinth/ui/canvas.h"

#include <algorithm>
#include <cmath>
#include <numbers>

namespace plinth::ui {

namespace {

float clamp01(float v) { return std::clamp(v, 0.0f, 1.0f); }

// Signed distance from p to a rounded box centred at the origin (negative inside).
float round_box_distance(float px, float py, float half_w, float half_h, float radius) {
  const float qx = std::fabs(px) - half_w + radius;
  const float qy = std::fabs(py) - half_h + radius;
  const float ox = std::max(qx, 0.0f);
  const float oy = std::max(qy, 0.0f);
  return std::sqrt(ox * ox + oy * oy) + std::min(std::max(qx, qy), 0.0f) - radius;
}

float segment_distance(float px, float py, float x0, float y0, float x1, float y1) {
  const float dx = x1 - x0, dy = y1 - y0;
  const float len2 = dx * dx + dy * dy;
  const float t = len2 > 0 ? std::clamp(((px - x0) * dx + (py - y0) * dy) / len2, 0.0f, 1.0f) : 0.0f;
  const float ex = px - (x0 + t * dx), ey = py - (y0 + t * dy);
  return std::sqrt(ex * ex + ey * ey);
}

// Decodes one UTF-8 code point; malformed bytes come back as '?'.
std::uint32_t next_code_point(std::string_view s, std::size_t& i) {
  const auto b0 = static_cast<unsigned char>(s[i++]);
  if (b0 < 0x80) return b0;
  int extra = b0 >= 0xF0 ? 3 : b0 >= 0xE0 ? 2 : b0 >= 0xC0 ? 1 : -1;
  if (extra < 0) return '?';
  std::uint32_t cp = b0 & (0x3F >> extra);
  for (; extra > 0; --extra) {
    if (i >= s.size() || (static_cast<unsigned char>(s[i]) & 0xC0) != 0x80) return '?';
    cp = (cp << 6) | (static_cast<unsigned char>(s[i++]) & 0x3F);
  }
  return cp;
}

}  // namespace

Font Font::pick(float scale) noexcept {
  if (scale < 1.4f) return {&font_small, 1};
  if (scale < 2.6f) return {&font_large, 1};
  return {&font_large, static_cast<int>(std::lround(scale / 1.6f))};
}

void Canvas::resize(int width, int height) {
  width_ = std::max(width, 0);
  height_ = std::max(height, 0);
  pixels_.assign(static_cast<std::size_t>(width_) * static_cast<std::size_t>(height_), 0xFF000000u);
}

void Canvas::clear(Color c) { std::fill(pixels_.begin(), pixels_.end(), c | 0xFF000000u); }

void Canvas::blend(int x, int y, Color c, float alpha) noexcept {
  const float a = alpha * static_cast<float>(c >> 24) / 255.0f;
  if (a <= 0.0f) return;
  std::uint32_t& d = pixels_[static_cast<std::size_t>(y * width_ + x)];
  if (a >= 1.0f) {
    d = c | 0xFF000000u;
    return;
  }
  auto mix = [a](std::uint32_t s, std::uint32_t t) {
    return static_cast<std::uint32_t>(std::lround(static_cast<float>(s) * a + static_cast<float>(t) * (1.0f - a)));
  };
  const std::uint32_t r = mix((c >> 16) & 0xFF, (d >> 16) & 0xFF);
  const std::uint32_t g = mix((c >> 8) & 0xFF, (d >> 8) & 0xFF);
  const std::uint32_t b = mix(c & 0xFF, d & 0xFF);
  d = 0xFF000000u | (r << 16) | (g << 8) | b;
}

// Covers each pixel of `bounds` by how far its centre lies inside the shape: a signed
// distance of -0.5 or less is fully inside, +0.5 or more fully outside (one pixel of
// antialiasing ramp, which is what keeps edges clean at any scale).
template <class Distance>
void Canvas::coverage(Rect bounds, Color c, Distance distance) {
  const int x0 = std::max(0, static_cast<int>(std::floor(bounds.x - 1)));
  const int y0 = std::max(0, static_cast<int>(std::floor(bounds.y - 1)));
  const int x1 = std::min(width_, static_cast<int>(std::ceil(bounds.right() + 1)));
  const int y1 = std::min(height_, static_cast<int>(std::ceil(bounds.bottom() + 1)));
  for (int y = y0; y < y1; ++y)
    for (int x = x0; x < x1; ++x) {
      const float d = distance(static_cast<float>(x) + 0.5f, static_cast<float>(y) + 0.5f);
      const float alpha = clamp01(0.5f - d);
      if (alpha > 0.0f) blend(x, y, c, alpha);
    }
}

void Canvas::fill_rect(Rect r, Color c) {
  // Pixel-aligned rects (the common case) fill exactly; fractional edges are covered.
  coverage(r, c, [r](float px, float py) {
    return std::max(std::max(r.x - px, px - r.right()), std::max(r.y - py, py - r.bottom()));
  });
}

void Canvas::fill_round_rect(Rect r, float radius, Color c) {
  radius = std::clamp(radius, 0.0f, std::min(r.w, r.h) * 0.5f);
  coverage(r, c, [r, radius](float px, float py) {
    return round_box_distance(px - r.cx(), py - r.cy(), r.w * 0.5f, r.h * 0.5f, radius);
  });
}

void Canvas::stroke_round_rect(Rect r, float radius, float line_width, Color c) {
  radius = std::clamp(radius, 0.0f, std::min(r.w, r.h) * 0.5f);
  const float half = line_width * 0.5f;
  // The stroke is centred on the rect's edge inset by half the line width.
  const float hw = r.w * 0.5f - half, hh = r.h * 0.5f - half, rr = std::max(radius - half, 0.0f);
  coverage(r, c, [=](float px, float py) {
    return std::fabs(round_box_distance(px - r.cx(), py - r.cy(), hw, hh, rr)) - half;
  });
}

void Canvas::fill_circle(float cx, float cy, float radius, Color c) {
  coverage({cx - radius, cy - radius, radius * 2, radius * 2}, c, [=](float px, float py) {
    return std::hypot(px - cx, py - cy) - radius;
  });
}

void Canvas::line(float x0, float y0, float x1, float y1, float line_width, Color c) {
  const float half = line_width * 0.5f;
  const Rect bounds{std::min(x0, x1) - half, std::min(y0, y1) - half, std::fabs(x1 - x0) + line_width,
                    std::fabs(y1 - y0) + line_width};
  coverage(bounds, c, [=](float px, float py) { return segment_distance(px, py, x0, y0, x1, y1) - half; });
}

void Canvas::arc(float cx, float cy, float radius, float from, float to, float line_width, Color c) {
  if (to < from) std::swap(from, to);
  const float half = line_width * 0.5f;
  const float ex0 = cx + radius * std::sin(from), ey0 = cy - radius * std::cos(from);
  const float ex1 = cx + radius * std::sin(to), ey1 = cy - radius * std::cos(to);
  const float outer = radius + half;
  coverage({cx - outer, cy - outer, outer * 2, outer * 2}, c, [=](float px, float py) {
    const float dx = px - cx, dy = py - cy;
    const float angle = std::atan2(dx, -dy);  // 0 at 12 o'clock, clockwise, in [-pi, pi]
    if (angle >= from && angle <= to) return std::fabs(std::hypot(dx, dy) - radius) - half;
    // Outside the sweep: the distance to the nearer round cap.
    return std::min(std::hypot(px - ex0, py - ey0), std::hypot(px - ex1, py - ey1)) - half;
  });
}

int Canvas::text_width(std::string_view utf8, Font font) {
  int n = 0;
  for (std::size_t i = 0; i < utf8.size();) {
    next_code_point(utf8, i);
    ++n;
  }
  return n * font.advance();
}

int Canvas::text(Rect box, std::string_view utf8, Color c, Align align, Font font) {
  const int w = text_width(utf8, font);
  float x = box.x;
  if (align == Align::center) x = box.cx() - static_cast<float>(w) * 0.5f;
  if (align == Align::right) x = box.right() - static_cast<float>(w);
  const int left = static_cast<int>(std::lround(x));
  const int top = static_cast<int>(std::lround(box.cy() - static_cast<float>(font.height()) * 0.5f));
  const int clip_x0 = std::max(0, static_cast<int>(box.x)), clip_x1 = std::min(width_, static_cast<int>(box.right()));
  const int clip_y0 = std::max(0, static_cast<int>(box.y)),
            clip_y1 = std::min(height_, static_cast<int>(std::ceil(box.bottom())));
  const FontData& f = *font.data;
  int pen = left;
  for (std::size_t i = 0; i < utf8.size();) {
    std::uint32_t cp = next_code_point(utf8, i);
    if (cp < static_cast<std::uint32_t>(font_first_code) || cp > static_cast<std::uint32_t>(font_last_code)) cp = '?';
    const auto& rows = f.glyphs[cp - font_first_code];
    for (int gy = 0; gy < f.height; ++gy)
      for (int gx = 0; gx < f.width; ++gx) {
        if (((rows[gy] >> gx) & 1) == 0) continue;
        for (int zy = 0; zy < font.zoom; ++zy)
          for (int zx = 0; zx < font.zoom; ++zx) {
            const int px = pen + gx * font.zoom + zx, py = top + gy * font.zoom + zy;
            if (px >= clip_x0 && px < clip_x1 && py >= clip_y0 && py < clip_y1) blend(px, py, c, 1.0f);
          }
      }
    pen += font.advance();
  }
  return w;
}

}  // namespace plinth::ui
