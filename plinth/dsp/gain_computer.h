// Plinth DSP: static gain computers of the dynamics processors (compressor, expander, gate).
//
// Levels in dB. Soft knees are the quadratic ones of Giannoulis, Massberg & Reiss, "Digital
// Dynamic Range Compressor Design - A Tutorial and Analysis" (JAES 2012), with threshold T,
// ratio R and knee width W:
//   compressor  y = x                                  for 2(x - T) < -W
//               y = x + (1/R - 1)(x - T + W/2)^2 / (2W) for |2(x - T)| <= W
//               y = T + (x - T)/R                      for 2(x - T) > W
//   expander    y = x                                  for 2(x - T) > W
//   (downward)  y = x - (R - 1)(x - T - W/2)^2 / (2W)  for |2(x - T)| <= W
//               y = T + R(x - T)                       for 2(x - T) < -W
// The *GainDb functions return y - x (<= 0). The conversions use log2/exp2 (cheaper than
// log10/pow, same accuracy).
#pragma once

#include <cmath>
#include <concepts>

namespace plinth::dsp {

namespace dynamics_detail {
// Parameter clamp shared by the dynamics processors: NaN/inf fall back to `fallback`.
[[nodiscard]] inline double clamp_param(double v, double lo, double hi, double fallback) noexcept {
  if (!std::isfinite(v)) return fallback;
  return v < lo ? lo : (v > hi ? hi : v);
}
[[nodiscard]] inline double sanitize_rate(double sample_rate) noexcept {
  return (std::isfinite(sample_rate) && sample_rate > 0.0) ? sample_rate : 48000.0;
}
}  // namespace dynamics_detail

struct GainComputer {
  // 20 / log2(10) and its inverse.
  static constexpr double kDbPerOctave = 6.0205999132796239042;
  static constexpr double kOctavesPerDb = 0.16609640474436811740;
  // Floor for silence: -240 dB, below any float signal's resolution of interest.
  static constexpr double kFloorDb = -240.0;

  template <std::floating_point T>
  [[nodiscard]] static T amplitude_to_db(T amplitude) noexcept {
    if (!(amplitude > static_cast<T>(1e-12))) return static_cast<T>(kFloorDb);
    return static_cast<T>(kDbPerOctave) * std::log2(amplitude);
  }
  template <std::floating_point T>
  [[nodiscard]] static T db_to_amplitude(T db) noexcept {
    return std::exp2(db * static_cast<T>(kOctavesPerDb));
  }

  template <std::floating_point T>
  [[nodiscard]] static T compressor_output_db(T x, T threshold, T ratio, T knee) noexcept {
    const T over = x - threshold;
    if (2 * over <= -knee) return x;  // '<=': with knee 0 one of these two always applies
    if (2 * over > knee) return threshold + over / ratio;
    const T a = over + knee / 2;
    return x + (T(1) / ratio - T(1)) * a * a / (2 * knee);
  }
  template <std::floating_point T>
  [[nodiscard]] static T compressor_gain_db(T x, T threshold, T ratio, T knee) noexcept {
    return compressor_output_db(x, threshold, ratio, knee) - x;
  }

  template <std::floating_point T>
  [[nodiscard]] static T expander_output_db(T x, T threshold, T ratio, T knee) noexcept {
    const T under = x - threshold;
    if (2 * under >= knee) return x;  // '>=': with knee 0 one of these two always applies
    if (2 * under < -knee) return threshold + under * ratio;
    const T a = under - knee / 2;
    return x - (ratio - T(1)) * a * a / (2 * knee);
  }
  template <std::floating_point T>
  [[nodiscard]] static T expander_gain_db(T x, T threshold, T ratio, T knee) noexcept {
    return expander_output_db(x, threshold, ratio, knee) - x;
  }
};

}  // namespace plinth::dsp
