#pragma once
// Golden renders: a render compared with tests/golden/<name>.f32 (channels interleaved,
// little-endian float32) within an absolute tolerance per sample. PLINTH_UPDATE_GOLDEN=1
// writes the reference instead (review and commit it). Both example harnesses use this.
#include <cmath>
#include <cstddef>
#include <cstdlib>
#include <fstream>
#include <limits>
#include <string>
#include <vector>

#include <gtest/gtest.h>

namespace plinth::test {

inline void check_golden_interleaved(const std::string& name, const std::vector<float>& got, std::size_t channels,
                                     float tolerance) {
  const std::string path = std::string(PLINTH_GOLDEN_DIR) + "/" + name + ".f32";
  const char* update = std::getenv("PLINTH_UPDATE_GOLDEN");
  if (update != nullptr && std::string(update) == "1") {
    std::ofstream f(path, std::ios::binary);
    f.write(reinterpret_cast<const char*>(got.data()), static_cast<std::streamsize>(got.size() * sizeof(float)));
    ASSERT_TRUE(f.good()) << "could not write " << path;
    GTEST_SKIP() << "wrote golden reference " << path;
  }
  std::ifstream f(path, std::ios::binary);
  ASSERT_TRUE(f.good()) << "golden reference " << path
                        << " is missing: run this test with PLINTH_UPDATE_GOLDEN=1 to write it, then commit it";
  std::vector<float> want(got.size());
  f.read(reinterpret_cast<char*>(want.data()), static_cast<std::streamsize>(want.size() * sizeof(float)));
  ASSERT_EQ(f.gcount(), static_cast<std::streamsize>(want.size() * sizeof(float)))
      << path << " is shorter than the render (" << got.size() << " samples)";
  ASSERT_EQ(f.peek(), std::char_traits<char>::eof()) << path << " is longer than the render";
  std::size_t worst = 0;
  float err = 0.0f;
  for (std::size_t i = 0; i < got.size(); ++i)
    if (!(std::abs(got[i] - want[i]) <= err)) {  // also catches NaN
      err = std::isnan(got[i]) ? std::numeric_limits<float>::infinity() : std::abs(got[i] - want[i]);
      worst = i;
    }
  const std::size_t c = channels > 0 ? channels : 1;
  EXPECT_LE(err, tolerance) << name << ": render differs from " << path << " by " << err << " at frame " << worst / c
                            << " channel " << worst % c << " (got " << (got.empty() ? 0.0f : got[worst])
                            << ", reference " << (want.empty() ? 0.0f : want[worst]) << ")";
}

}  // namespace plinth::test
