#pragma once
// Parameters: declaration (ParamSpec), value mapping, text conversion, and the live
// value shared between threads (an atomic normalized value plus an audio-thread
// smoother). Format-neutral: the bridge maps these onto VST 3 ParameterInfo.

#include <algorithm>
#include <atomic>
#include <concepts>
#include <span>
#include <type_traits>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "plinth/dsp/smoother.h"

namespace plinth {

using ParamId = std::uint32_t;

// The id every effect's free bypass parameter gets.
inline constexpr ParamId bypass_param_id = 0x7fff0000;

enum class ParamKind : std::uint8_t {
  linear,       // plain = min + n * (max - min)
  logarithmic,  // equal ratios per equal travel (frequencies); min > 0
  decibel,      // linear in dB; smoothed as an amplitude, see Param::smoothed()
  integer,      // whole numbers from min to max
  list,         // one of `labels`, plain value is the index
  boolean,      // 0 or 1
};

struct ParamFlags {
  bool automatable = true;
  bool read_only = false;  // an output such as a meter
  bool hidden = false;
  bool bypass = false;
};

struct ParamSpec {
  ParamId id = 0;
  std::string name;
  std::string short_name;
  std::string unit;
  ParamKind kind = ParamKind::linear;
  double min = 0.0;
  double max = 1.0;
  double default_value = 0.0;  // plain
  int precision = 2;           // decimals shown by to_text for continuous kinds
  double smoothing_ms = 0.0;   // 0: no smoothing
  ParamFlags flags;
  std::vector<std::string> labels;  // list kind only
  std::int32_t group = 0;           // the parameter group (a VST 3 unit) it belongs to; 0 = root

  static ParamSpec linear(ParamId id, std::string name, double min, double max, double def);
  static ParamSpec logarithmic(ParamId id, std::string name, double min, double max, double def);
  static ParamSpec decibel(ParamId id, std::string name, double min_db, double max_db, double def_db);
  static ParamSpec integer(ParamId id, std::string name, int min, int max, int def);
  static ParamSpec list(ParamId id, std::string name, std::vector<std::string> labels, int def_index);
  static ParamSpec boolean(ParamId id, std::string name, bool def);

  ParamSpec&& with_unit(std::string u) && {
    unit = std::move(u);
    return std::move(*this);
  }
  ParamSpec&& with_short_name(std::string s) && {
    short_name = std::move(s);
    return std::move(*this);
  }
  ParamSpec&& with_precision(int p) && {
    precision = p;
    return std::move(*this);
  }
  ParamSpec&& with_smoothing(double ms) && {
    smoothing_ms = ms;
    return std::move(*this);
  }
  ParamSpec&& read_only() && {
    flags.read_only = true;
    flags.automatable = false;
    return std::move(*this);
  }
  ParamSpec&& in_group(std::int32_t group_id) && {
    group = group_id;
    return std::move(*this);
  }
  ParamSpec&& hidden() && {
    flags.hidden = true;
    return std::move(*this);
  }
  ParamSpec&& not_automatable() && {
    flags.automatable = false;
    return std::move(*this);
  }

  // Number of discrete steps (0 for continuous), as hosts expect it.
  [[nodiscard]] int step_count() const noexcept;
  // Plain <-> normalized mapping; inputs are clamped, NaN maps to the default.
  [[nodiscard]] double to_plain(double normalized) const noexcept;
  [[nodiscard]] double to_normalized(double plain) const noexcept;
  [[nodiscard]] double default_normalized() const noexcept { return to_normalized(default_value); }

  // Text for a plain value, without the unit (hosts show the unit beside it).
  [[nodiscard]] std::string to_text(double plain) const;
  // Plain value for text such as "-6", "-6 dB", "1.5k", "1.5 kHz", "On", a list label.
  [[nodiscard]] std::optional<double> from_text(std::string_view text) const;

  // Empty when the declaration is usable, else what is wrong with it.
  [[nodiscard]] std::string check() const;
};

// A live parameter. Any thread may read or set the value; only the audio thread
// touches the smoother.
class Param {
public:
  explicit Param(ParamSpec spec);
  Param(const Param&) = delete;
  Param& operator=(const Param&) = delete;

  [[nodiscard]] const ParamSpec& spec() const noexcept { return spec_; }
  [[nodiscard]] ParamId id() const noexcept { return spec_.id; }

  [[nodiscard]] double normalized() const noexcept { return normalized_.load(std::memory_order_relaxed); }
  [[nodiscard]] double value() const noexcept { return spec_.to_plain(normalized()); }
  // For a boolean (bypass every block) the normalized value answers without the mapping.
  [[nodiscard]] bool is_on() const noexcept {
    return spec_.kind == ParamKind::boolean ? normalized() >= 0.5 : value() >= 0.5;
  }
  // Clamped to [0, 1]; NaN is ignored.
  void set_normalized(double n) noexcept;
  // Framework use: a counter this parameter bumps on every change, so the audio thread
  // can tell in one load whether any parameter moved since its last block.
  void count_changes_in(std::atomic<std::uint32_t>* counter) noexcept { changes_ = counter; }
  void set_value(double plain) noexcept { set_normalized(spec_.to_normalized(plain)); }

  // Audio thread: the smoothed value for the next sample. For decibel parameters this
  // is the linear amplitude (10^(dB/20)), which is what a gain stage multiplies by and
  // the domain where a ramp sounds smooth.
  double smoothed() noexcept { return smoother_.next(); }
  // Audio thread: the next n smoothed values at once (n <= the prepared block size), for
  // loops the compiler can vectorize: `auto g = gain.smoothed_block<T>(block.num_samples);`
  template <std::floating_point T>
  std::span<const T> smoothed_block(int n) noexcept {
    std::vector<T>& buffer = block_buffer<T>();
    const auto count =
        static_cast<std::size_t>(n < 0 ? 0 : std::min<std::size_t>(static_cast<std::size_t>(n), buffer.size()));
    smoother_.fill(std::span<T>(buffer.data(), count));
    return {buffer.data(), count};
  }
  // Audio thread: advance n samples without reading.
  double skip_smoothing(std::int32_t n) noexcept {
    smoother_.skip(n);
    return smoother_.current();
  }
  [[nodiscard]] bool is_smoothing() const noexcept { return smoother_.is_smoothing(); }

  // Framework use: configure at prepare, retarget when the value changes, snap on reset.
  void prepare_smoothing(double sample_rate, int max_block_size);
  // Cheap when the value has not moved since the last call (the usual case per block).
  void retarget() noexcept {
    const double n = normalized();
    if (n == retargeted_from_) return;
    retargeted_from_ = n;
    smoother_.set_target(smoothing_target());
  }
  void snap() noexcept {
    retargeted_from_ = normalized();
    smoother_.set_current_and_target(smoothing_target());
  }

private:
  [[nodiscard]] double smoothing_target() const noexcept;
  template <std::floating_point T>
  std::vector<T>& block_buffer() noexcept {
    if constexpr (std::is_same_v<T, float>)
      return block_f_;
    else
      return block_d_;
  }

  ParamSpec spec_;
  std::atomic<double> normalized_;
  std::atomic<std::uint32_t>* changes_ = nullptr;
  dsp::LinearSmoother<double> smoother_;  // the DSP layer's smoother: one for both layers
  double retargeted_from_ = -1.0;         // audio thread: the normalized value the smoother aims at
  std::vector<float> block_f_;            // smoothed_block's output, sized at prepare
  std::vector<double> block_d_;
};

}  // namespace plinth
