// Plinth DSP: decibel <-> linear amplitude conversions.
//
// Amplitude (field) decibels: dB = 20 log10(gain). A floor stands for minus infinity so
// silence maps to a finite number and back to exact zero.
#pragma once

#include <cmath>
#include <concepts>

namespace plinth::dsp {

// Default floor: -100 dB is below 16-bit noise and far below anything audible.
inline constexpr double kMinusInfinityDb = -100.0;

// 10^(dB/20); exact 0 at or below the floor (and for NaN).
template <std::floating_point T>
[[nodiscard]] inline T decibels_to_gain(T db, T minus_infinity_db = T(kMinusInfinityDb)) noexcept {
  if (!(db > minus_infinity_db)) return T(0);
  return std::pow(T(10), db * T(0.05));
}

// 20 log10(|gain|), never below the floor (0, negative zero and NaN give the floor).
template <std::floating_point T>
[[nodiscard]] inline T gain_to_decibels(T gain, T minus_infinity_db = T(kMinusInfinityDb)) noexcept {
  const T magnitude = std::abs(gain);
  if (!(magnitude > T(0))) return minus_infinity_db;
  const T db = T(20) * std::log10(magnitude);
  return db > minus_infinity_db ? db : minus_infinity_db;
}

// Power decibels (10 log10), for energies such as mean squares.
template <std::floating_point T>
[[nodiscard]] inline T power_to_decibels(T power, T minus_infinity_db = T(kMinusInfinityDb)) noexcept {
  if (!(power > T(0))) return minus_infinity_db;
  const T db = T(10) * std::log10(power);
  return db > minus_infinity_db ? db : minus_infinity_db;
}

}  // namespace plinth::dsp
