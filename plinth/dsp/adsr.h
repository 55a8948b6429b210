// Plinth DSP: ADSR envelope generator.
//
// Stage times are exact to the sample: a stage of t seconds lasts n = round(t * sample_rate)
// samples and its n-th sample is exactly the stage's target (attack: 1, decay: sustain,
// release: 0). Counting from the note-on sample as sample 0, the attack's peak is at sample
// n_attack - 1 and the decay reaches the sustain level at n_attack + n_decay - 1. A stage of
// 0 samples is skipped. Times are durations, not rates: an attack that starts from a non-zero
// level (soft retrigger) or a release that starts mid-attack still takes its full time.
//
// Shapes per stage: linear, or exponential (the charging curve of an RC circuit,
// 1 - exp(-k x), rescaled so it lands exactly on the target at the stage's end; the
// curvature k defaults to 5, i.e. the curve covers 63 % of the way in the first 20 % of the
// stage). Retrigger modes for a note-on while the envelope is running:
//   from_current  attack restarts from the current level (no click, the default);
//   from_zero     hard retrigger: the level jumps to 0 and the attack starts again;
//   legato       while the gate is held nothing changes; from release, the attack resumes
//                from the current level.
//
// Ranges: attack/decay/release [0, 60] s; sustain [0, 1]; curvature [0.1, 20].
// Parameter changes take effect at the next stage start (sustain level: immediately).
//
//   plinth::dsp::Adsr<float> env;
//   env.prepare(48000.0, 512, 1);
//   env.set_attack(0.005); env.set_decay(0.2); env.set_sustain(0.6); env.set_release(0.5);
//   env.note_on();  ...  env.process(gainBlock);  ...  env.note_off();
#pragma once

#include <cmath>
#include <concepts>
#include <span>

namespace plinth::dsp {

enum class EnvelopeShape { linear, exponential };
enum class RetriggerMode { from_current, from_zero, legato };
enum class AdsrStage { idle, attack, decay, sustain, release };

template <std::floating_point T>
class Adsr {
public:
  static constexpr double kMaxSeconds = 60.0;

  // One envelope is one voice: max_block_size and channels are accepted for a uniform
  // interface and ignored.
  void prepare(double sample_rate, int /*max_block_size*/ = 0, int /*channels*/ = 1) noexcept {
    sample_rate_ = (std::isfinite(sample_rate) && sample_rate > 0.0) ? sample_rate : 48000.0;
    reset();
  }

  void reset() noexcept {
    stage_ = AdsrStage::idle;
    level_ = 0.0;
    remaining_ = 0;
  }

  void set_attack(double seconds) noexcept { attack_ = clamp_time(seconds); }
  void set_decay(double seconds) noexcept { decay_ = clamp_time(seconds); }
  void set_release(double seconds) noexcept { release_ = clamp_time(seconds); }
  void set_sustain(double level) noexcept {
    sustain_ = std::isfinite(level) ? (level < 0.0 ? 0.0 : (level > 1.0 ? 1.0 : level)) : 1.0;
    if (stage_ == AdsrStage::sustain) level_ = sustain_;
  }
  void set_attack_shape(EnvelopeShape s) noexcept { attack_shape_ = s; }
  void set_decay_shape(EnvelopeShape s) noexcept { decay_shape_ = s; }
  void set_release_shape(EnvelopeShape s) noexcept { release_shape_ = s; }
  void set_curvature(double k) noexcept {
    curvature_ = std::isfinite(k) ? (k < 0.1 ? 0.1 : (k > 20.0 ? 20.0 : k)) : 5.0;
  }
  void set_retrigger_mode(RetriggerMode m) noexcept { retrigger_ = m; }

  [[nodiscard]] double attack() const noexcept { return attack_; }
  [[nodiscard]] double decay() const noexcept { return decay_; }
  [[nodiscard]] double sustain() const noexcept { return sustain_; }
  [[nodiscard]] double release() const noexcept { return release_; }
  [[nodiscard]] double curvature() const noexcept { return curvature_; }

  // Stage lengths in samples, as used at the next stage start.
  [[nodiscard]] long samples_for(double seconds) const noexcept {
    return static_cast<long>(std::lround(seconds * sample_rate_));
  }

  void note_on() noexcept {
    const bool gate_held = stage_ == AdsrStage::attack || stage_ == AdsrStage::decay || stage_ == AdsrStage::sustain;
    if (retrigger_ == RetriggerMode::legato && gate_held) return;
    if (retrigger_ == RetriggerMode::from_zero) level_ = 0.0;
    enter(AdsrStage::attack);
  }

  void note_off() noexcept {
    if (stage_ != AdsrStage::idle && stage_ != AdsrStage::release) enter(AdsrStage::release);
  }

  [[nodiscard]] AdsrStage stage() const noexcept { return stage_; }
  [[nodiscard]] bool is_active() const noexcept { return stage_ != AdsrStage::idle; }
  [[nodiscard]] T level() const noexcept { return static_cast<T>(level_); }

  [[nodiscard]] T process() noexcept {
    if (remaining_ > 0) {
      --remaining_;
      ++done_;
      if (remaining_ == 0) {
        level_ = to_;  // land exactly on the target
        next();
      } else if (shape_ == EnvelopeShape::linear) {
        level_ = from_ + span_ * static_cast<double>(done_) * inverse_length_;
      } else {
        power_ *= ratio_;
        level_ = from_ + span_ * (1.0 - power_) * scale_;
      }
    }
    return static_cast<T>(level_);
  }

  void process(std::span<T> out) noexcept {
    for (T& o : out) o = process();
  }

private:
  static double clamp_time(double s) noexcept {
    if (!std::isfinite(s)) return 0.0;
    return s < 0.0 ? 0.0 : (s > kMaxSeconds ? kMaxSeconds : s);
  }

  // Starts a stage; zero-length stages are passed through at once.
  void enter(AdsrStage s) noexcept {
    for (;;) {
      stage_ = s;
      double target = 0.0;
      long length = 0;
      switch (s) {
        case AdsrStage::attack:
          target = 1.0;
          length = samples_for(attack_);
          shape_ = attack_shape_;
          break;
        case AdsrStage::decay:
          target = sustain_;
          length = samples_for(decay_);
          shape_ = decay_shape_;
          break;
        case AdsrStage::release:
          target = 0.0;
          length = samples_for(release_);
          shape_ = release_shape_;
          break;
        case AdsrStage::sustain:
          level_ = sustain_;
          remaining_ = 0;
          return;
        case AdsrStage::idle:
        default:
          level_ = 0.0;
          remaining_ = 0;
          return;
      }
      if (length > 0) {
        begin(target, length);
        return;
      }
      level_ = target;
      s = following(s);
    }
  }

  static AdsrStage following(AdsrStage s) noexcept {
    switch (s) {
      case AdsrStage::attack: return AdsrStage::decay;
      case AdsrStage::decay: return AdsrStage::sustain;
      case AdsrStage::release: return AdsrStage::idle;
      default: return s;
    }
  }

  void next() noexcept {
    const AdsrStage s = following(stage_);
    if (s == AdsrStage::sustain || s == AdsrStage::idle) {
      stage_ = s;
      remaining_ = 0;
      if (s == AdsrStage::sustain) level_ = sustain_;
      return;
    }
    enter(s);
  }

  void begin(double target, long length) noexcept {
    from_ = std::isfinite(level_) ? level_ : 0.0;
    to_ = target;
    span_ = to_ - from_;
    remaining_ = length;
    done_ = 0;
    inverse_length_ = 1.0 / static_cast<double>(length);
    // Exponential: y(i) = from + span * (1 - r^i) / (1 - r^n), r = exp(-k/n); y(n) = target.
    ratio_ = std::exp(-curvature_ * inverse_length_);
    power_ = 1.0;
    scale_ = 1.0 / (1.0 - std::exp(-curvature_));
  }

  double sample_rate_ = 48000.0;
  double attack_ = 0.01, decay_ = 0.1, sustain_ = 0.7, release_ = 0.2, curvature_ = 5.0;
  EnvelopeShape attack_shape_ = EnvelopeShape::linear;
  EnvelopeShape decay_shape_ = EnvelopeShape::exponential;
  EnvelopeShape release_shape_ = EnvelopeShape::exponential;
  RetriggerMode retrigger_ = RetriggerMode::from_current;

  AdsrStage stage_ = AdsrStage::idle;
  EnvelopeShape shape_ = EnvelopeShape::linear;
  double level_ = 0.0, from_ = 0.0, to_ = 0.0, span_ = 0.0;
  double inverse_length_ = 0.0, ratio_ = 1.0, power_ = 1.0, scale_ = 1.0;
  long remaining_ = 0, done_ = 0;
};

}  // namespace plinth::dsp
