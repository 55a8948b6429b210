// The output guard's finiteness check: every kind of value, at every position of blocks
// long and short enough to hit the vector body and the scalar tail of each build.
#include <cmath>
#include <limits>
#include <vector>

#include <gtest/gtest.h>

#include "plinth/core/plugin.h"

namespace {

template <class T>
class AllFinite : public ::testing::Test {};
using SampleTypes = ::testing::Types<float, double>;
TYPED_TEST_SUITE(AllFinite, SampleTypes);

TYPED_TEST(AllFinite, FindsEveryNonFiniteValueAtEveryPosition) {
  using T = TypeParam;
  using L = std::numeric_limits<T>;
  const T finite[] = {T(0),        -T(0),    T(1),      -T(1),           L::max(),
                      L::lowest(), L::min(), -L::min(), L::denorm_min(), -L::denorm_min(),
                      T(1e30),     T(-1e-30)};
  const T special[] = {L::infinity(), -L::infinity(), L::quiet_NaN(), -L::quiet_NaN(), L::signaling_NaN()};
  for (int n : {0, 1, 3, 7, 8, 9, 31, 64, 67, 512}) {
    std::vector<T> x(static_cast<std::size_t>(n));
    for (int i = 0; i < n; ++i)
      x[static_cast<std::size_t>(i)] = finite[static_cast<std::size_t>(i) % std::size(finite)];
    ASSERT_TRUE(plinth::all_finite(x.data(), n)) << "n " << n;
    for (int at = 0; at < n; ++at) {
      for (T bad : special) {
        const T keep = x[static_cast<std::size_t>(at)];
        x[static_cast<std::size_t>(at)] = bad;
        ASSERT_FALSE(plinth::all_finite(x.data(), n)) << "n " << n << " at " << at << " value " << bad;
        ASSERT_TRUE(plinth::all_finite(x.data(), at)) << "only the samples before it: n " << at;
        x[static_cast<std::size_t>(at)] = keep;
      }
    }
  }
}

// The bus form: one scan over several channels finds a bad sample in any of them, at
// any position, and skips channels the host left null.
TYPED_TEST(AllFinite, ScansEveryChannelOfABus) {
  using T = TypeParam;
  for (int n : {1, 5, 32, 64, 70}) {
    std::vector<std::vector<T>> data(3, std::vector<T>(static_cast<std::size_t>(n), T(0.5)));
    std::vector<const T*> channels{data[0].data(), nullptr, data[1].data(), data[2].data()};
    ASSERT_TRUE(plinth::all_finite(channels.data(), 4, n));
    for (std::size_t c = 0; c < data.size(); ++c)
      for (int at = 0; at < n; ++at) {
        data[c][static_cast<std::size_t>(at)] = std::numeric_limits<T>::quiet_NaN();
        ASSERT_FALSE(plinth::all_finite(channels.data(), 4, n)) << "channel " << c << " at " << at;
        // Only the channels counted are scanned.
        ASSERT_EQ(plinth::all_finite(channels.data(), 1, n), c != 0);
        data[c][static_cast<std::size_t>(at)] = T(0.5);
      }
  }
}

}  // namespace
