#pragma once
// Parameters: declaration (ParamSpec), value mapping, text conversion, and the live
// value shared between threads (an atomic normalized value plus an audio-thread
// smoother). Format-neutral: the bridge maps these onto VST 3 ParameterInfo.

#include <algorithm>
#include <atomic>
#include <bit>
#include <concepts>
#include <span>
#include <type_traits>
#include <cstddef>
#include <cstdint>
#include <functional>
#include <initializer_list>
#include <new>
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
  frequency,    // Hz, logarithmic; text "440 Hz" / "1.20 kHz"
  time,         // ms, logarithmic (linear when min is 0); text "12.5 ms" / "1.20 s"
  percent,      // a fraction 0..1 shown as "50 %"
  pan,          // -1 (left) .. +1 (right) shown as "L50" / "C" / "R50"
  note,         // MIDI note number shown as "C4" (C4 = 60, so 0 = "C-1", 127 = "G9")
  custom,       // a mapping the plugin supplied (with_mapping)
};

struct ParamFlags {
  bool automatable = true;
  bool read_only = false;  // an output such as a meter
  bool hidden = false;
  bool bypass = false;
};

struct ParamSpec;

// One direction of a mapping, held without allocation because Param::value() calls it on
// the audio thread: a lambda taking (double) or (double, const ParamSpec&), which may
// capture a few numbers by value (trivially copyable, at most 32 bytes; checked at compile
// time). It must not throw, allocate or lock.
class MapFn {
public:
  static constexpr std::size_t capacity = 32;

  MapFn() = default;
  template <class F>
  requires(!std::is_same_v<std::remove_cvref_t<F>, MapFn> &&
           (std::is_invocable_r_v<double, const F&, double, const ParamSpec&> ||
            std::is_invocable_r_v<double, const F&, double>)) MapFn(F f)
  noexcept {  // NOLINT(google-explicit-constructor): lambdas convert implicitly
    static_assert(std::is_trivially_copyable_v<F>,
                  "capture numbers by value only (no strings, vectors, pointers you free)");
    static_assert(sizeof(F) <= capacity && alignof(F) <= alignof(std::max_align_t), "capture at most 32 bytes");
    ::new (static_cast<void*>(storage_)) F(f);
    call_ = &call<F>;
  }

  explicit operator bool() const noexcept { return call_ != nullptr; }
  double operator()(double x, const ParamSpec& spec) const noexcept { return call_(storage_, x, spec); }

private:
  template <class F>
  static double call(const unsigned char* storage, double x, const ParamSpec& spec) noexcept {
    const F& f = *std::launder(reinterpret_cast<const F*>(storage));
    if constexpr (std::is_invocable_r_v<double, const F&, double, const ParamSpec&>)
      return f(x, spec);
    else
      return f(x);
  }

  alignas(std::max_align_t) unsigned char storage_[capacity]{};
  double (*call_)(const unsigned char*, double, const ParamSpec&) noexcept = nullptr;
};

// How normalized [0, 1] travel maps to plain values. The framework handles NaN, clamping
// and the ends (to_plain(0) is min and to_plain(1) is max exactly), so the functions only
// see n in (0, 1) and plain in (min, max).
struct ParamMapping {
  MapFn to_plain;
  MapFn to_normalized;  // empty: inverted numerically (to_plain must be monotonic)
  MapFn to_smoothed;    // empty: the smoother ramps the plain value (decibel: amplitude)
  int steps = 0;        // 0: continuous, else the number of steps as hosts count them
};

// Text both ways: main thread only, so any function object will do.
using FormatFn = std::function<std::string(double plain, const ParamSpec&)>;
using ParseFn = std::function<std::optional<double>(std::string_view text, const ParamSpec&)>;

// Text helpers for a plugin's own formatters.
namespace param_text {
// Fixed decimals, never "-0.00".
std::string fixed(double value, int decimals);
// `digits` significant digits, at least none after the point: significant(1234, 3) == "1234".
std::string significant(double value, int digits);
// A number, optionally followed by one of `suffixes` (case-insensitive, spaces allowed);
// nullopt for anything else or a non-finite number.
std::optional<double> number(std::string_view text, std::initializer_list<std::string_view> suffixes = {});
// MIDI note number for "C4", "c#4", "Db3", "B#3" (C4 = 60), or nullopt.
std::optional<int> note_number(std::string_view text);
std::string note_name(int note);
}  // namespace param_text

// Which tempo-synced divisions a division list offers besides the straight ones.
struct DivisionSet {
  bool dotted = true;
  bool triplet = true;
  int longest = 1;    // 1/1
  int shortest = 32;  // 1/32
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
  std::vector<double> beats;        // division lists: each label's length in quarter notes
  std::int32_t group = 0;           // the parameter group (a VST 3 unit) it belongs to; 0 = root
  ParamMapping mapping;             // set by every constructor; with_mapping replaces it
  FormatFn format;                  // set by every constructor; with_text replaces it
  ParseFn parse;
  bool author_defined = false;  // with_mapping/with_text used: check() tests the round trips

  static ParamSpec linear(ParamId id, std::string name, double min, double max, double def);
  static ParamSpec logarithmic(ParamId id, std::string name, double min, double max, double def);
  static ParamSpec decibel(ParamId id, std::string name, double min_db, double max_db, double def_db);
  static ParamSpec integer(ParamId id, std::string name, int min, int max, int def);
  static ParamSpec list(ParamId id, std::string name, std::vector<std::string> labels, int def_index);
  static ParamSpec boolean(ParamId id, std::string name, bool def);
  // The unit is part of the text for these ("1.20 kHz", "12.5 ms", "50 %"), so `unit` stays
  // empty and a host never shows it twice.
  static ParamSpec frequency(ParamId id, std::string name, double min_hz, double max_hz, double def_hz);
  static ParamSpec time(ParamId id, std::string name, double min_ms, double max_ms, double def_ms);
  static ParamSpec percent(ParamId id, std::string name, double def, double min = 0.0, double max = 1.0);
  static ParamSpec pan(ParamId id, std::string name, double def = 0.0);
  static ParamSpec note(ParamId id, std::string name, int def, int min = 0, int max = 127);
  // "1/32T" .. "1/1." ordered by length; Param::beats() / seconds_at(tempo) read the length.
  static ParamSpec division(ParamId id, std::string name, std::string_view def_label, DivisionSet set = {});

  // Replace the mapping: `to_plain` and optionally its inverse and a step count.
  ParamSpec&& with_mapping(MapFn to_plain_fn, MapFn to_normalized_fn = {}, int steps = 0) && {
    mapping = ParamMapping{to_plain_fn, to_normalized_fn, mapping.to_smoothed, steps};
    kind = ParamKind::custom;
    author_defined = true;
    return std::move(*this);
  }
  // Put `centre` at mid-travel with a power curve (min < centre < max).
  ParamSpec&& centered_at(double centre) &&;
  // Replace the text: `format` is (double) or (double, const ParamSpec&) -> std::string,
  // `parse` is (std::string_view) or (std::string_view, const ParamSpec&) ->
  // std::optional<double>. Parsed values are clamped (and snapped to steps) afterwards.
  template <class Format, class Parse>
  ParamSpec&& with_text(Format format_fn, Parse parse_fn) && {
    format = [fn = std::move(format_fn)](double v, const ParamSpec& s) -> std::string {
      if constexpr (std::is_invocable_v<const Format&, double, const ParamSpec&>)
        return fn(v, s);
      else
        return fn(v);
    };
    parse = [fn = std::move(parse_fn)](std::string_view t, const ParamSpec& s) -> std::optional<double> {
      if constexpr (std::is_invocable_v<const Parse&, std::string_view, const ParamSpec&>)
        return fn(t, s);
      else
        return fn(t);
    };
    author_defined = true;
    return std::move(*this);
  }
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
  [[nodiscard]] int step_count() const noexcept { return mapping.steps; }
  // Plain <-> normalized mapping; inputs are clamped, NaN maps to the default. Audio-thread safe.
  [[nodiscard]] double to_plain(double normalized) const noexcept;
  [[nodiscard]] double to_normalized(double plain) const noexcept;
  [[nodiscard]] double default_normalized() const noexcept { return to_normalized(default_value); }
  // What the smoother ramps for a plain value (the plain value unless the mapping says).
  [[nodiscard]] double to_smoothed(double plain) const noexcept {
    return mapping.to_smoothed ? mapping.to_smoothed(plain, *this) : plain;
  }
  // Division lists: the length in quarter notes of the entry at a plain value (0 otherwise).
  [[nodiscard]] double beats_at(double plain) const noexcept;

  // Text for a plain value. Without the unit for the first six kinds (hosts show `unit`
  // beside it); the newer kinds carry their own ("1.20 kHz") and leave `unit` empty.
  [[nodiscard]] std::string to_text(double plain) const;
  // Plain value for text such as "-6", "-6 dB", "1.5k", "1.5 kHz", "On", a list label;
  // clamped to the range; nullopt when the text means nothing.
  [[nodiscard]] std::optional<double> from_text(std::string_view text) const;

  // Empty when the declaration is usable, else what is wrong with it. For author-defined
  // mappings and text it also walks the range: monotonic, inverse consistent, text stable.
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
  // Division lists: the chosen length in quarter notes, and in seconds at a tempo (bpm).
  [[nodiscard]] double beats() const noexcept { return spec_.beats_at(value()); }
  [[nodiscard]] double seconds_at(double tempo_bpm) const noexcept {
    return tempo_bpm > 0.0 ? beats() * 60.0 / tempo_bpm : 0.0;
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
    // Settled (the usual block): the buffer still holds this value from an earlier block,
    // so it is not written again. Compared as bits, so -0 and 0 are told apart.
    Held<T>& held = held_value<T>();
    if (!smoother_.is_smoothing()) {
      const T v = static_cast<T>(smoother_.current());
      if (held.count >= count && std::bit_cast<decltype(held.bits)>(v) == held.bits) return {buffer.data(), count};
      std::fill_n(buffer.data(), count, v);
      held = {count, std::bit_cast<decltype(held.bits)>(v)};
      return {buffer.data(), count};
    }
    smoother_.fill(std::span<T>(buffer.data(), count));
    held.count = 0;
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
  // How many leading samples of a block buffer hold one settled value, and its bits.
  template <std::floating_point T>
  struct Held {
    std::size_t count = 0;
    std::conditional_t<sizeof(T) == 4, std::uint32_t, std::uint64_t> bits = 0;
  };
  template <std::floating_point T>
  Held<T>& held_value() noexcept {
    if constexpr (std::is_same_v<T, float>)
      return held_f_;
    else
      return held_d_;
  }

  ParamSpec spec_;
  std::atomic<double> normalized_;
  std::atomic<std::uint32_t>* changes_ = nullptr;
  dsp::LinearSmoother<double> smoother_;  // the DSP layer's smoother: one for both layers
  double retargeted_from_ = -1.0;         // audio thread: the normalized value the smoother aims at
  std::vector<float> block_f_;            // smoothed_block's output, sized at prepare
  std::vector<double> block_d_;
  Held<float> held_f_;
  Held<double> held_d_;
};

}  // namespace plinth
