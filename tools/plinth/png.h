#pragma once
// A minimal PNG writer for screenshots: 8-bit RGB, uncompressed deflate blocks.
#include <cstdint>
#include <span>
#include <string>

namespace plinth::tool {

// `pixels` are 0x00RRGGBB, row by row. False when the file cannot be written.
bool write_png(const std::string& path, int width, int height, std::span<const std::uint32_t> pixels);

}  // namespace plinth::tool
