// Plinth DSP: wavetable with band-limited mip-maps, and an oscillator that plays it.
//
// A Wavetable holds one single-cycle waveform as a set of levels, one per octave: level L
// contains harmonics 1..(1024 >> L) only (level 10 is a pure sine), synthesized additively
// when the table is loaded. The oscillator picks, for its frequency, the level with the most
// harmonics whose highest harmonic stays at or below Nyquist, so nothing aliases; the price
// is that the top octave of a note may lack its highest harmonics (bandwidth between fs/4 and
// fs/2). Levels are at least 4x oversampled (>= 256 points), read with linear interpolation.
//
// Loading allocates and costs O(harmonics * points): do it off the audio thread.
//
//   plinth::dsp::Wavetable<float> table;
//   table.load_from_harmonics(amplitudes);          // amplitudes[h-1] of sin(2 pi h phase)
//   plinth::dsp::WavetableOsc<float> osc;
//   osc.prepare(48000.0, 512, 1);
//   osc.set_table(&table);
//   osc.set_frequency(220.0);
//   osc.process(block);
#pragma once

#include <algorithm>
#include <cmath>
#include <concepts>
#include <cstddef>
#include <span>
#include <vector>

namespace plinth::dsp {

template <std::floating_point T>
class Wavetable {
public:
  static constexpr int kLevels = 11;
  static constexpr int kMaxHarmonics = 1024;
  static constexpr int kMinPoints = 256;

  // Highest harmonic kept in a level.
  [[nodiscard]] static constexpr int harmonics_in_level(int level) noexcept {
    return level < 0 ? kMaxHarmonics : (level >= kLevels ? 1 : kMaxHarmonics >> level);
  }
  [[nodiscard]] static constexpr int points_in_level(int level) noexcept {
    const int n = 4 * harmonics_in_level(level);
    return n < kMinPoints ? kMinPoints : n;
  }

  // The level to use for a phase increment (frequency / sample_rate): the first one whose
  // highest harmonic h satisfies h * increment <= 0.5.
  [[nodiscard]] static int level_for_increment(double increment) noexcept {
    int level = 0;
    while (level < kLevels - 1 && harmonics_in_level(level) * increment > 0.5) ++level;
    return level;
  }

  // amplitudes[h-1] and (optionally) phases[h-1] in turns of sin(2 pi (h p + phase)).
  // Harmonics beyond kMaxHarmonics are ignored.
  void load_from_harmonics(std::span<const double> amplitudes, std::span<const double> phases = {}) {
    const std::size_t count = std::min<std::size_t>(amplitudes.size(), kMaxHarmonics);
    std::vector<double> a(amplitudes.begin(), amplitudes.begin() + static_cast<std::ptrdiff_t>(count));
    std::vector<double> ph(count, 0.0);
    for (std::size_t i = 0; i < count && i < phases.size(); ++i) ph[i] = phases[i];
    for (double& v : a)
      if (!std::isfinite(v)) v = 0.0;
    for (double& v : ph)
      if (!std::isfinite(v)) v = 0.0;
    // Store as cosine/sine pairs: a sin(x + phi) = a sin(phi) cos(x) + a cos(phi) sin(x).
    std::vector<double> c(count), s(count);
    for (std::size_t i = 0; i < count; ++i) {
      c[i] = a[i] * std::sin(kTwoPi * ph[i]);
      s[i] = a[i] * std::cos(kTwoPi * ph[i]);
    }
    synthesize(c, s);
  }

  // Any single cycle of at least 2 samples (one period, no repeated end point). Its
  // harmonics are measured with a direct DFT (no FFT needed at load time) and resynthesized.
  void load_from_cycle(std::span<const T> cycle) {
    const std::size_t n = cycle.size();
    if (n < 2) {
      std::vector<double> none;
      synthesize(none, none);
      return;
    }
    const std::size_t count = std::min<std::size_t>((n - 1) / 2, kMaxHarmonics);
    std::vector<double> c(count, 0.0), s(count, 0.0);
    std::vector<double> cos_table(n), sin_table(n), v(n);
    for (std::size_t i = 0; i < n; ++i) {
      cos_table[i] = std::cos(kTwoPi * static_cast<double>(i) / static_cast<double>(n));
      sin_table[i] = std::sin(kTwoPi * static_cast<double>(i) / static_cast<double>(n));
      const double x = static_cast<double>(cycle[i]);
      v[i] = std::isfinite(x) ? x : 0.0;
    }
    for (std::size_t h = 1; h <= count; ++h) {
      double re = 0.0, im = 0.0;
      std::size_t k = 0;  // h*i mod n, kept exact as an integer
      for (std::size_t i = 0; i < n; ++i) {
        re += v[i] * cos_table[k];
        im += v[i] * sin_table[k];
        k += h;
        if (k >= n) k -= n;
      }
      c[h - 1] = 2.0 * re / static_cast<double>(n);
      s[h - 1] = 2.0 * im / static_cast<double>(n);
    }
    synthesize(c, s);
  }

  [[nodiscard]] bool empty() const noexcept { return data_.empty(); }
  [[nodiscard]] std::span<const T> level(int index) const noexcept {
    if (data_.empty()) return {};
    index = std::clamp(index, 0, kLevels - 1);
    return {data_.data() + offsets_[static_cast<std::size_t>(index)], static_cast<std::size_t>(points_in_level(index))};
  }

  // Linear interpolation of level `index` at phase in [0, 1).
  [[nodiscard]] T read(int index, double phase) const noexcept {
    const T* table = data_.data() + offsets_[static_cast<std::size_t>(index)];
    const double x = phase * points_in_level(index);
    const int i = static_cast<int>(x);
    const T f = static_cast<T>(x - i);
    // Each level carries one guard point (a copy of its first), so i + 1 is valid.
    return table[i] + f * (table[i + 1] - table[i]);
  }

private:
  static constexpr double kTwoPi = 6.283185307179586476925286766559;

  void synthesize(const std::vector<double>& cosines, const std::vector<double>& sines) {
    std::size_t total = 0;
    for (int l = 0; l < kLevels; ++l) {
      offsets_[static_cast<std::size_t>(l)] = total;
      total += static_cast<std::size_t>(points_in_level(l)) + 1;
    }
    data_.assign(total, T(0));
    const int available = static_cast<int>(cosines.size());
    for (int l = 0; l < kLevels; ++l) {
      const int points = points_in_level(l);
      const int harmonics = std::min(harmonics_in_level(l), available);
      T* out = data_.data() + offsets_[static_cast<std::size_t>(l)];
      std::vector<double> cos_table(static_cast<std::size_t>(points)), sin_table(static_cast<std::size_t>(points));
      for (int i = 0; i < points; ++i) {
        cos_table[static_cast<std::size_t>(i)] = std::cos(kTwoPi * i / points);
        sin_table[static_cast<std::size_t>(i)] = std::sin(kTwoPi * i / points);
      }
      std::vector<double> acc(static_cast<std::size_t>(points), 0.0);
      for (int h = 1; h <= harmonics; ++h) {
        const double ch = cosines[static_cast<std::size_t>(h - 1)];
        const double sh = sines[static_cast<std::size_t>(h - 1)];
        if (ch == 0.0 && sh == 0.0) continue;
        int k = 0;  // h*i mod points, exact
        for (int i = 0; i < points; ++i) {
          acc[static_cast<std::size_t>(i)] +=
              ch * cos_table[static_cast<std::size_t>(k)] + sh * sin_table[static_cast<std::size_t>(k)];
          k += h;
          if (k >= points) k -= points;
        }
      }
      for (int i = 0; i < points; ++i) out[i] = static_cast<T>(acc[static_cast<std::size_t>(i)]);
      out[points] = out[0];
    }
  }

  std::vector<T> data_;
  std::size_t offsets_[kLevels] = {};
};

template <std::floating_point T>
class WavetableOsc {
public:
  void prepare(double sample_rate, int /*max_block_size*/ = 0, int /*channels*/ = 1) noexcept {
    sample_rate_ = (std::isfinite(sample_rate) && sample_rate > 0.0) ? sample_rate : 48000.0;
    set_frequency(frequency_);
    reset();
  }
  void reset() noexcept { phase_ = start_phase_; }

  // The table must outlive the oscillator's use of it; nullptr (or an empty table) gives
  // silence. Swap tables from the audio thread only by pointer, never reload a table in use.
  void set_table(const Wavetable<T>* table) noexcept { table_ = table; }

  // Clamped to [0, 0.5 * sample_rate]; picks the mip-map level.
  void set_frequency(double hz) noexcept {
    const double nyquist = 0.5 * sample_rate_;
    if (!std::isfinite(hz)) hz = 0.0;
    frequency_ = hz < 0.0 ? 0.0 : (hz > nyquist ? nyquist : hz);
    increment_ = frequency_ / sample_rate_;
    level_ = Wavetable<T>::level_for_increment(increment_);
  }
  [[nodiscard]] double frequency() const noexcept { return frequency_; }
  [[nodiscard]] int current_level() const noexcept { return level_; }

  void set_phase(double turns) noexcept { phase_ = wrap(turns); }
  void set_start_phase(double turns) noexcept { start_phase_ = wrap(turns); }

  [[nodiscard]] T process() noexcept {
    if (table_ == nullptr || table_->empty()) return T(0);
    const T y = table_->read(level_, phase_);
    phase_ += increment_;
    if (phase_ >= 1.0) phase_ -= 1.0;
    return y;
  }

  void process(std::span<T> out) noexcept {
    if (table_ == nullptr || table_->empty()) {
      std::fill(out.begin(), out.end(), T(0));
      return;
    }
    // Level pointer and size fetched once per block.
    const std::span<const T> level = table_->level(level_);
    const T* table = level.data();
    const double points = static_cast<double>(level.size());
    for (T& o : out) {
      const double x = phase_ * points;
      const int i = static_cast<int>(x);
      const T f = static_cast<T>(x - i);
      o = table[i] + f * (table[i + 1] - table[i]);  // guard point makes i + 1 valid
      phase_ += increment_;
      if (phase_ >= 1.0) phase_ -= 1.0;
    }
  }

private:
  static double wrap(double t) noexcept {
    if (!std::isfinite(t)) return 0.0;
    t -= std::floor(t);
    return t >= 1.0 ? 0.0 : t;
  }

  const Wavetable<T>* table_ = nullptr;
  double sample_rate_ = 48000.0;
  double frequency_ = 440.0;
  double increment_ = 440.0 / 48000.0;
  double phase_ = 0.0;
  double start_phase_ = 0.0;
  int level_ = 0;
};

}  // namespace plinth::dsp
