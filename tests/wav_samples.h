#pragma once
// The interleaved samples of a float WAV such as `plinth render` writes (walks the RIFF
// chunks; empty when the file is not one).
#include <algorithm>
#include <cstdint>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <vector>

namespace plinth::test {

inline std::vector<float> wav_samples(const std::filesystem::path& path, int& channels) {
  std::ifstream in(path, std::ios::binary);
  std::vector<char> bytes((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  std::vector<float> samples;
  channels = 0;
  for (std::size_t pos = 12; bytes.size() >= 12 && pos + 8 <= bytes.size();) {
    std::uint32_t size = 0;
    std::memcpy(&size, bytes.data() + pos + 4, 4);
    if (std::memcmp(bytes.data() + pos, "fmt ", 4) == 0) {
      std::uint16_t ch = 0;
      std::memcpy(&ch, bytes.data() + pos + 10, 2);
      channels = ch;
    } else if (std::memcmp(bytes.data() + pos, "data", 4) == 0) {
      samples.resize(std::min<std::size_t>(size, bytes.size() - pos - 8) / 4);
      std::memcpy(samples.data(), bytes.data() + pos + 8, samples.size() * 4);
    }
    pos += 8 + size + (size & 1);
  }
  return samples;
}

}  // namespace plinth::test
