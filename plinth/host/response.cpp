#include "plinth/host/response.h"

#include <algorithm>
#include <cmath>
#include <complex>
#include <limits>
#include <numbers>

namespace plinth::host {
namespace {

// sum x[n] e^(-j w n). The phasor advances by multiplication and is reset to the exact
// value every 1024 samples, so rounding cannot build up over a long response.
std::complex<double> dtft(std::span<const double> x, double w) {
  const std::complex<double> step(std::cos(w), -std::sin(w));
  std::complex<double> sum = 0.0;
  std::complex<double> z = 1.0;
  for (std::size_t n = 0; n < x.size(); ++n) {
    if ((n & 1023u) == 0) z = std::polar(1.0, -w * static_cast<double>(n));
    sum += x[n] * z;
    z *= step;
  }
  return sum;
}

double to_db(double ratio) {
  return ratio > 0.0 ? 20.0 * std::log10(ratio) : -std::numeric_limits<double>::infinity();
}

}  // namespace

bool run_mono(PluginInstance& p, std::span<const double> input, std::size_t frames,
              std::vector<std::vector<double>>& out, std::string& error) {
  const int ins = p.audio_inputs() > 0 ? p.channels(abi::kInput, 0) : 0;
  const int outs = p.audio_outputs() > 0 ? p.channels(abi::kOutput, 0) : 0;
  const auto block = static_cast<std::size_t>(std::max(1, p.max_block()));
  const bool wide = p.double_precision();
  out.assign(static_cast<std::size_t>(outs), std::vector<double>(frames, 0.0));
  for (std::size_t pos = 0; pos < frames;) {
    const std::size_t n = std::min(block, frames - pos);
    for (int c = 0; c < ins; ++c) {
      for (std::size_t i = 0; i < n; ++i) {
        const double v = pos + i < input.size() ? input[pos + i] : 0.0;
        if (wide) {
          p.input64(0, c)[i] = v;
        } else {
          p.input(0, c)[i] = static_cast<float>(v);
        }
      }
    }
    const abi::tresult r = p.process(static_cast<int>(n));
    if (r != abi::kResultOk) {
      error = "process failed at sample " + std::to_string(pos) + " (result " + std::to_string(r) + ")";
      return false;
    }
    for (int c = 0; c < outs; ++c) {
      auto& dst = out[static_cast<std::size_t>(c)];
      for (std::size_t i = 0; i < n; ++i) dst[pos + i] = wide ? p.output64(0, c)[i] : p.output(0, c)[i];
    }
    pos += n;
  }
  return true;
}

bool measure_impulse(PluginInstance& p, double amplitude, double min_seconds, double max_seconds,
                     ImpulseResponse& out, std::string& error) {
  constexpr std::size_t chunk = 8192;
  const double rate = p.sample_rate();
  out = ImpulseResponse{};
  out.sample_rate = rate;
  out.amplitude = amplitude;
  out.latency = p.latency_samples();
  // A reported tail (a delay's echoes may start after silence) extends the minimum.
  std::size_t min_frames = static_cast<std::size_t>(std::llround(min_seconds * rate));
  const std::uint32_t tail = p.tail_samples();
  const auto max_frames = static_cast<std::size_t>(std::llround(max_seconds * rate)) + out.latency;
  if (tail != abi::kInfiniteTail) min_frames = std::max<std::size_t>(min_frames, tail);
  min_frames = std::min(min_frames + out.latency, max_frames);

  std::vector<std::vector<double>> all;
  std::vector<std::vector<double>> part;
  const std::vector<double> impulse{amplitude};
  double peak = 0.0;
  for (std::size_t done = 0; done < max_frames;) {
    const std::size_t n = std::min(chunk, max_frames - done);
    if (!run_mono(p, done == 0 ? std::span<const double>(impulse) : std::span<const double>(), n, part, error)) {
      return false;
    }
    if (all.empty()) all.resize(part.size());
    double last = 0.0;
    for (std::size_t c = 0; c < part.size(); ++c) {
      for (double v : part[c]) {
        if (!std::isfinite(v)) {
          error = "the plugin's output is not finite (NaN or infinity) in its impulse response";
          return false;
        }
        last = std::max(last, std::abs(v));
      }
      all[c].insert(all[c].end(), part[c].begin(), part[c].end());
    }
    peak = std::max(peak, last);
    done += n;
    if (done >= min_frames && last <= peak * 1e-7) {
      out.decayed = true;
      break;
    }
  }
  for (auto& ch : all) {
    ch.erase(ch.begin(), ch.begin() + static_cast<std::ptrdiff_t>(std::min<std::size_t>(out.latency, ch.size())));
    for (double& v : ch) v /= amplitude;
  }
  out.channels = std::move(all);
  return true;
}

std::vector<double> log_frequencies(double lo, double hi, int per_octave) {
  std::vector<double> hz;
  if (!(lo > 0.0) || !(hi >= lo) || per_octave < 1) return hz;
  const auto first = static_cast<long>(std::ceil(std::log2(lo / 1000.0) * per_octave - 1e-9));
  const auto last = static_cast<long>(std::floor(std::log2(hi / 1000.0) * per_octave + 1e-9));
  for (long k = first; k <= last; ++k) hz.push_back(1000.0 * std::exp2(static_cast<double>(k) / per_octave));
  return hz;
}

FrequencyResponse frequency_response(const ImpulseResponse& ir, std::span<const double> hz) {
  FrequencyResponse r;
  r.hz.assign(hz.begin(), hz.end());
  for (const auto& h : ir.channels) {
    std::vector<double> mag, phase;
    for (double f : hz) {
      const std::complex<double> v = dtft(h, 2.0 * std::numbers::pi * f / ir.sample_rate);
      mag.push_back(to_db(std::abs(v)));
      double deg = std::arg(v) * 180.0 / std::numbers::pi;
      if (deg <= -180.0) deg += 360.0;
      phase.push_back(deg);
    }
    r.magnitude_db.push_back(std::move(mag));
    r.phase_deg.push_back(std::move(phase));
  }
  return r;
}

bool measure_sine_response(PluginInstance& p, std::span<const double> hz, double level_dbfs, double settle_seconds,
                           FrequencyResponse& out, std::string& error,
                           const std::function<void(std::size_t, std::size_t)>& progress) {
  const double rate = p.sample_rate();
  const double amplitude = std::pow(10.0, level_dbfs / 20.0);
  const auto settle = static_cast<std::size_t>(std::llround(settle_seconds * rate));
  const double latency = p.latency_samples();
  out = FrequencyResponse{};
  out.hz.assign(hz.begin(), hz.end());
  std::vector<double> sine, hann, windowed;
  std::vector<std::vector<double>> y;
  for (double f : hz) {
    const double w = 2.0 * std::numbers::pi * f / rate;
    const auto n = static_cast<std::size_t>(std::max(4096.0, std::ceil(20.0 * rate / f)));
    sine.resize(settle + n);
    for (std::size_t i = 0; i < sine.size(); ++i) sine[i] = amplitude * std::sin(w * static_cast<double>(i));
    if (!run_mono(p, sine, sine.size(), y, error)) return false;
    // Hann: the image at -f and what is left of the onset leak far below what is measured.
    hann.resize(n);
    windowed.resize(n);
    for (std::size_t i = 0; i < n; ++i)
      hann[i] = 0.5 - 0.5 * std::cos(2.0 * std::numbers::pi * static_cast<double>(i) / static_cast<double>(n));
    for (std::size_t i = 0; i < n; ++i) windowed[i] = hann[i] * sine[settle + i];
    const std::complex<double> x = dtft(windowed, w);
    out.magnitude_db.resize(y.size());
    out.phase_deg.resize(y.size());
    for (std::size_t c = 0; c < y.size(); ++c) {
      for (std::size_t i = 0; i < n; ++i) windowed[i] = hann[i] * y[c][settle + i];
      const std::complex<double> h = dtft(windowed, w) / x * std::polar(1.0, w * latency);
      out.magnitude_db[c].push_back(to_db(std::abs(h)));
      double deg = std::arg(h) * 180.0 / std::numbers::pi;
      if (deg <= -180.0) deg += 360.0;
      out.phase_deg[c].push_back(deg);
    }
    if (progress) progress(out.magnitude_db.empty() ? 0 : out.magnitude_db[0].size(), hz.size());
  }
  return true;
}

bool measure_harmonics(PluginInstance& p, double hz, double level_dbfs, int count, double settle_seconds,
                       Harmonics& out, std::string& error) {
  const double rate = p.sample_rate();
  // A quarter-second window; the fundamental moved to its nearest bin so every harmonic
  // is a whole number of periods too.
  const auto n = static_cast<std::size_t>(std::max(64L, std::lround(rate * 0.25)));
  const auto bin = static_cast<std::size_t>(std::max(1L, std::lround(hz * static_cast<double>(n) / rate)));
  const auto settle = static_cast<std::size_t>(std::llround(settle_seconds * rate));
  const double amplitude = std::pow(10.0, level_dbfs / 20.0);
  std::vector<double> sine(settle + n);
  for (std::size_t i = 0; i < sine.size(); ++i) {
    // The phase reduced modulo the window keeps it exact for long settles.
    const auto k = (bin * i) % n;
    sine[i] = amplitude * std::sin(2.0 * std::numbers::pi * static_cast<double>(k) / static_cast<double>(n));
  }
  std::vector<std::vector<double>> y;
  if (!run_mono(p, sine, sine.size(), y, error)) return false;

  out = Harmonics{};
  out.hz = static_cast<double>(bin) * rate / static_cast<double>(n);
  out.level_dbfs = level_dbfs;
  for (const auto& ch : y) {
    const std::span<const double> window(ch.data() + settle, n);
    std::vector<double> amp;
    for (int k = 1; k <= count && static_cast<std::size_t>(k) * bin < n / 2; ++k) {
      const double w = 2.0 * std::numbers::pi * static_cast<double>(static_cast<std::size_t>(k) * bin) /
                       static_cast<double>(n);
      amp.push_back(2.0 * std::abs(dtft(window, w)) / static_cast<double>(n));
    }
    std::vector<double> db;
    double power = 0.0;
    for (std::size_t k = 0; k < amp.size(); ++k) {
      db.push_back(k == 0 ? to_db(amp[0] / amplitude) : to_db(amp[k] / amp[0]));
      if (k > 0) power += amp[k] * amp[k];
    }
    out.db.push_back(std::move(db));
    out.thd.push_back(amp.empty() || amp[0] <= 0.0 ? std::numeric_limits<double>::infinity()
                                                   : std::sqrt(power) / amp[0]);
  }
  return true;
}

}  // namespace plinth::host
