#pragma once
// Building Plinth state blobs by hand (the layout plinth/core/state.h documents), for
// the tests that feed the reader what save_state would never write.
#include <cstdint>
#include <cstring>
#include <vector>

namespace plinth::test {

// "PLNT", format version, parameter count, extra size: the 16-byte header.
inline std::vector<std::uint8_t> state_header(std::uint32_t version, std::uint32_t count, std::uint32_t extra) {
  std::vector<std::uint8_t> v{'P', 'L', 'N', 'T'};
  for (std::uint32_t x : {version, count, extra})
    for (int i = 0; i < 4; ++i) v.push_back(static_cast<std::uint8_t>(x >> (8 * i)));
  return v;
}

// One { u32 id, f64 value } entry.
inline void add_state_value(std::vector<std::uint8_t>& v, std::uint32_t id, double value) {
  for (int i = 0; i < 4; ++i) v.push_back(static_cast<std::uint8_t>(id >> (8 * i)));
  std::uint64_t bits;
  std::memcpy(&bits, &value, 8);
  for (int i = 0; i < 8; ++i) v.push_back(static_cast<std::uint8_t>(bits >> (8 * i)));
}

}  // namespace plinth::test
