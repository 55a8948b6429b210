// Every processor in plinth/dsp fed NaN and +-infinity at random positions: the output
// stays finite at every sample (the bad sample itself included: it is treated as silence)
// and the processor recovers (a clean signal afterwards gives finite, non-silent output).
// Oscillators have no audio input; they get non-finite frequencies instead.
#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <functional>
#include <limits>
#include <numbers>
#include <span>
#include <string>
#include <vector>

#include "plinth/dsp/adsr.h"
#include "plinth/dsp/allpass.h"
#include "plinth/dsp/biquad.h"
#include "plinth/dsp/biquad_bank.h"
#include "plinth/dsp/bitcrusher.h"
#include "plinth/dsp/blep_osc.h"
#include "plinth/dsp/butterworth.h"
#include "plinth/dsp/chorus.h"
#include "plinth/dsp/comb.h"
#include "plinth/dsp/compressor.h"
#include "plinth/dsp/correlation.h"
#include "plinth/dsp/crossover.h"
#include "plinth/dsp/dc_blocker.h"
#include "plinth/dsp/envelope_follower.h"
#include "plinth/dsp/expander.h"
#include "plinth/dsp/fdn_reverb.h"
#include "plinth/dsp/fir.h"
#include "plinth/dsp/flanger.h"
#include "plinth/dsp/freeverb.h"
#include "plinth/dsp/gate.h"
#include "plinth/dsp/ladder.h"
#include "plinth/dsp/lfo.h"
#include "plinth/dsp/limiter.h"
#include "plinth/dsp/loudness.h"
#include "plinth/dsp/meters.h"
#include "plinth/dsp/multitap_delay.h"
#include "plinth/dsp/noise.h"
#include "plinth/dsp/one_pole.h"
#include "plinth/dsp/oversampler.h"
#include "plinth/dsp/phaser.h"
#include "plinth/dsp/ring_modulator.h"
#include "plinth/dsp/saturation.h"
#include "plinth/dsp/schroeder_reverb.h"
#include "plinth/dsp/sine_osc.h"
#include "plinth/dsp/smoother.h"
#include "plinth/dsp/svf.h"
#include "plinth/dsp/transient_shaper.h"
#include "plinth/dsp/tremolo.h"
#include "plinth/dsp/waveshaper.h"
#include "plinth/dsp/wavetable.h"

using namespace plinth::dsp;

namespace {
constexpr double kFs = 48000.0;
constexpr int kBlock = 64;
constexpr std::size_t kDirty = 8192;   // samples with bad values scattered in
constexpr std::size_t kClean = 48000;  // clean samples afterwards, to see recovery
using Block = std::function<void(std::span<float>)>;

// A 220 Hz sine plus small noise, with NaN, +inf and -inf at random positions (fixed seed).
std::vector<float> dirty_input(std::uint32_t seed, std::vector<std::size_t>& bad) {
  std::vector<float> x(kDirty + kClean);
  Pcg32 rng(seed);
  for (std::size_t n = 0; n < x.size(); ++n) {
    x[n] = 0.5f * static_cast<float>(std::sin(2 * std::numbers::pi * 220.0 * static_cast<double>(n) / kFs)) +
           0.01f * (static_cast<float>(rng.next() >> 8) / 16777216.0f - 0.5f);
  }
  const float kinds[3] = {std::numeric_limits<float>::quiet_NaN(), std::numeric_limits<float>::infinity(),
                          -std::numeric_limits<float>::infinity()};
  for (int i = 0; i < 24; ++i) {
    const std::size_t at = rng.next() % kDirty;
    x[at] = kinds[i % 3];
    bad.push_back(at);
  }
  return x;
}

// Runs the signal through in blocks; every output sample must be finite, and the last
// 4800 samples (clean input) must not be silent unless `silent_ok`.
void check(const std::string& name, const Block& process, bool silent_ok = false) {
  for (std::uint32_t seed : {1u, 2u, 3u}) {
    std::vector<std::size_t> bad;
    std::vector<float> x = dirty_input(seed, bad);
    for (std::size_t start = 0; start < x.size(); start += kBlock) {
      process(std::span<float>(x.data() + start, std::min<std::size_t>(kBlock, x.size() - start)));
    }
    std::size_t spread = 0, at_bad = 0, first_spread = x.size();
    for (std::size_t n = 0; n < x.size(); ++n) {
      if (std::isfinite(x[n])) continue;
      if (std::find(bad.begin(), bad.end(), n) != bad.end()) {
        ++at_bad;
      } else {
        ++spread;
        first_spread = std::min(first_spread, n);
      }
    }
    EXPECT_EQ(spread, 0u) << name << " seed " << seed << ": non-finite output after a bad sample, first at "
                          << first_spread;
    EXPECT_EQ(at_bad, 0u) << name << " seed " << seed << ": non-finite output at the bad samples";
    double energy = 0;
    for (std::size_t n = x.size() - 4800; n < x.size(); ++n) energy += double(x[n]) * x[n];
    if (!silent_ok) {
      EXPECT_GT(energy, 1e-6) << name << " seed " << seed << ": silent after recovery";
    }
  }
}

// A processor with the per-channel block API (prepare(rate, block, channels),
// process(span, channel)), made, prepared for one channel, set up and checked.
template <class P, class Setup>
void check_channel(const std::string& name, Setup setup) {
  P p;
  p.prepare(kFs, kBlock, 1);
  setup(p);
  check(name, [&p](std::span<float> b) { p.process(b, 0); });
}
template <class P>
void check_channel(const std::string& name) {
  check_channel<P>(name, [](P&) {});
}

// For processors with a per-channel block API process(span, channel).
template <class P>
Block channel0(P& p) {
  return [&p](std::span<float> b) { p.process(b, 0); };
}
template <class P>
Block mono(P& p) {
  return [&p](std::span<float> b) { p.process(b); };
}
}  // namespace

TEST(NonFinite, Filters) {
  check_channel<Biquad<float>>("Biquad", [](auto& p) { p.set_parameters(BiquadType::LowPass, 1000.0, 0.707); });

  // The mono signal read as interleaved frames of 4 lanes (blocks are multiples of 4).
  BiquadBank<float, 4> bank;
  for (std::size_t c = 0; c < 4; ++c) bank.set_parameters(c, BiquadType::LowPass, kFs, 2000.0, 0.707);
  check("BiquadBank", [&](std::span<float> b) { bank.process_interleaved(b); });

  check_channel<StateVariableFilter<float>>("StateVariableFilter");
  check_channel<OnePole<float>>("OnePole");
  check_channel<DcBlocker<float>>("DcBlocker");
  check_channel<Butterworth<float>>("Butterworth");
  check_channel<LadderFilter<float>>("LadderFilter", [](auto& p) { p.set_resonance(0.9); p.set_drive(4.0); });

  FirFilter<float> fir;
  const float kernel[] = {0.25f, 0.5f, 0.25f};
  fir.set_kernel(kernel);
  fir.prepare(kFs, kBlock, 1);
  check("FirFilter", channel0(fir));

  LinkwitzRiley2Band<float> lr2;
  lr2.prepare(kFs, kBlock, 1);
  std::vector<float> low(kBlock), high(kBlock);
  check("LinkwitzRiley2Band", [&](std::span<float> b) {
    lr2.process(b, std::span(low).first(b.size()), std::span(high).first(b.size()), 0);
    for (std::size_t i = 0; i < b.size(); ++i) b[i] = low[i] + high[i];
  });

  LinkwitzRiley3Band<float> lr3;
  lr3.prepare(kFs, kBlock, 1);
  std::vector<float> mid(kBlock);
  check("LinkwitzRiley3Band", [&](std::span<float> b) {
    lr3.process(b, std::span(low).first(b.size()), std::span(mid).first(b.size()), std::span(high).first(b.size()), 0);
    for (std::size_t i = 0; i < b.size(); ++i) b[i] = low[i] + mid[i] + high[i];
  });
}

TEST(NonFinite, Delays) {
  SchroederAllpass<float> allpass;
  allpass.prepare(1024);
  allpass.set_delay(441);
  allpass.set_gain(0.7f);
  check("SchroederAllpass", mono(allpass));

  FeedforwardComb<float> ff;
  ff.prepare(1024);
  ff.set_delay(300);
  ff.set_gain(0.5f);
  check("FeedforwardComb", mono(ff));

  FeedbackComb<float> fb;
  fb.prepare(1024);
  fb.set_delay(300);
  fb.set_gain(0.9f);
  fb.set_damping(0.3f);
  check("FeedbackComb", mono(fb));

  MultitapDelay<float> taps;
  taps.prepare(kFs, kBlock, 2);
  taps.set_num_taps(2);
  taps.set_tap(0, 0.05, 0.7f, -0.5f);
  taps.set_tap(1, 0.11, 0.5f, 0.5f);
  taps.set_feedback(0.6f);
  taps.set_dry_level(1.0f);
  check("MultitapDelay", mono(taps));
}

TEST(NonFinite, Modulation) {
  check_channel<Chorus<float>>("Chorus");
  check_channel<Flanger<float>>("Flanger", [](auto& p) { p.set_feedback(0.9f); });
  check_channel<Phaser<float>>("Phaser");
  check_channel<Tremolo<float>>("Tremolo");
  check_channel<RingModulator<float>>("RingModulator", [](auto& p) { p.set_frequency(300.0); });
}

TEST(NonFinite, Dynamics) {
  check_channel<Compressor<float>>("Compressor", [](auto& p) { p.set_threshold(-20.0); p.set_ratio(4.0); });

  Limiter<float> limiter;
  limiter.prepare(kFs, kBlock, 1);
  limiter.set_ceiling(-6.0);
  check("Limiter", mono(limiter));

  check_channel<Expander<float>>("Expander");
  check_channel<Gate<float>>("Gate");
  check_channel<TransientShaper<float>>("TransientShaper");
  check_channel<EnvelopeFollower<float>>("EnvelopeFollower");
}

TEST(NonFinite, Reverbs) {
  Freeverb<float> freeverb;
  freeverb.prepare(kFs, kBlock, 2);
  freeverb.set_dry(0.5f);
  check("Freeverb mono", mono(freeverb));
  freeverb.reset();
  std::vector<float> right(kBlock);
  check("Freeverb stereo", [&](std::span<float> b) {
    std::copy(b.begin(), b.end(), right.begin());
    freeverb.process(b, std::span(right).first(b.size()));
    for (std::size_t i = 0; i < b.size(); ++i) b[i] += right[i];
  });
  freeverb.reset();
  check("Freeverb per sample", [&](std::span<float> b) {
    for (float& v : b) {
      float l, r;
      freeverb.process(v, v, l, r);
      v = l + r;
    }
  });

  FdnReverb<float> fdn;
  fdn.prepare(kFs, kBlock, 2);
  fdn.set_dry(0.5f);
  check("FdnReverb", mono(fdn));

  check_channel<SchroederReverb<float>>("SchroederReverb");
}

TEST(NonFinite, Distortion) {
  for (ShaperType type :
       {ShaperType::Tanh, ShaperType::SoftClip, ShaperType::HardClip, ShaperType::Foldback, ShaperType::Asymmetric}) {
    Waveshaper<float> shaper;
    shaper.prepare(kFs, kBlock, 1);
    shaper.set_type(type);
    shaper.set_drive_db(12.0);
    check("Waveshaper " + std::to_string(static_cast<int>(type)), mono(shaper));
  }

  check_channel<TubeSaturator<float>>("TubeSaturator");
  check_channel<TapeSaturator<float>>("TapeSaturator");
  check_channel<Bitcrusher<float>>("Bitcrusher", [](auto& p) { p.set_bits(6.0); });

  Oversampler<float> over(4);
  over.prepare(kFs, kBlock, 1);
  check("Oversampler", [&](std::span<float> b) { over.process(b, 0, [](float v) { return std::tanh(2.0f * v); }); });
}

TEST(NonFinite, Meters) {
  // Meters have no audio output: their readings must stay finite and recover.
  PeakMeter<float> peak;
  peak.prepare(kFs, kBlock, 1);
  RmsMeter<float> rms;
  rms.prepare(kFs, kBlock, 1);
  TruePeakMeter<float> true_peak;
  true_peak.prepare(kFs, kBlock, 1);
  CorrelationMeter<float> correlation;
  correlation.prepare(kFs, kBlock, 2);
  LoudnessMeter<float> loudness;
  loudness.prepare(kFs, kBlock, 1);
  check("meters", [&](std::span<float> b) {
    const std::span<const float> in(b.data(), b.size());
    peak.process(in, 0);
    rms.process(in, 0);
    true_peak.process(in, 0);
    correlation.process(in, in);
    loudness.process(in);
    // Loudness reads -inf for silence (documented); anything else must be finite.
    const double lufs = loudness.momentary_lufs();
    const float readings[] = {peak.peak(0), rms.rms(0), true_peak.true_peak(0), correlation.correlation(),
                              lufs == -std::numeric_limits<double>::infinity() ? 0.0f : static_cast<float>(lufs)};
    // A reading stands in for the block; the last one carries the energy check.
    for (float& v : b) v = 0.0f;
    bool finite = true;
    for (float r : readings) finite = finite && std::isfinite(r);
    b[b.size() - 1] = finite ? rms.rms(0) : std::numeric_limits<float>::quiet_NaN();
  });
}

// Oscillators and envelopes take no audio input: non-finite frequencies and times go in
// at random blocks instead; their output must stay finite.
TEST(NonFinite, Sources) {
  const double bad[] = {std::numeric_limits<double>::quiet_NaN(), std::numeric_limits<double>::infinity(),
                        -std::numeric_limits<double>::infinity()};
  auto source = [&](const std::string& name, auto& osc, auto&& set) {
    int block = 0;
    check(name, [&](std::span<float> b) {
      // Frequencies go bad on a few blocks in the dirty stretch, then back to 440 Hz.
      const bool dirty = block < static_cast<int>(kDirty / kBlock) && block % 17 == 3;
      set(dirty ? bad[block % 3] : 440.0);
      ++block;
      osc.process(b);
    });
  };
  SineOsc<float> sine;
  sine.prepare(kFs);
  source("SineOsc", sine, [&](double hz) { sine.set_frequency(hz); });

  BlepOsc<float> blep;
  blep.prepare(kFs);
  source("BlepOsc", blep, [&](double hz) { blep.set_frequency(hz); });

  Wavetable<float> table;
  const double harmonics[] = {1.0, 0.5, 0.25};
  table.load_from_harmonics(harmonics);
  WavetableOsc<float> wt;
  wt.prepare(kFs);
  wt.set_table(&table);
  source("WavetableOsc", wt, [&](double hz) { wt.set_frequency(hz); });

  Lfo<float> lfo;
  lfo.prepare(kFs);
  source("Lfo", lfo, [&](double hz) { lfo.set_frequency(hz); });
}
