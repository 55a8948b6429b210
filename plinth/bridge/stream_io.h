#pragma once
// Whole-stream reads and writes over IBStream, with a size cap so a hostile or
// broken stream cannot make us allocate without bound. Main thread only.

#include <cstdint>
#include <algorithm>
#include <optional>
#include <span>
#include <vector>

#include "plinth/abi/stream.h"

namespace plinth::bridge {

// Reads from the current position to the end. Empty optional if the stream fails or
// holds more than `limit` bytes.
std::optional<std::vector<std::uint8_t>> read_all(abi::IBStream* stream, std::size_t limit);

// Writes every byte; false if the stream takes fewer.
bool write_all(abi::IBStream* stream, std::span<const std::uint8_t> bytes);

}  // namespace plinth::bridge
