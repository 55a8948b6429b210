#include "plinth/host/checks/common.h"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <cstring>

namespace plinth::host::checks {

namespace {
constexpr double kPi = 3.14159265358979323846;
}  // namespace

std::string fmt(double v) {
  char buf[48];
  std::snprintf(buf, sizeof buf, "%.9g", v);
  return buf;
}

std::string fmt_short(double v) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%.3g", v);
  return buf;
}

std::string result_name(abi::tresult r) {
  switch (r) {
    case abi::kNoInterface: return "kNoInterface";
    case abi::kResultOk: return "kResultOk";
    case abi::kResultFalse: return "kResultFalse";
    case abi::kInvalidArgument: return "kInvalidArgument";
    case abi::kNotImplemented: return "kNotImplemented";
    case abi::kInternalError: return "kInternalError";
    case abi::kNotInitialized: return "kNotInitialized";
    case abi::kOutOfMemory: return "kOutOfMemory";
    default: return std::to_string(r);
  }
}

// A different sine per channel, continuing from sample index `t0`.
void fill_sine(PluginInstance& p, int n, long t0, double amplitude) {
  const double rate = p.sample_rate() > 0.0 ? p.sample_rate() : 44100.0;
  for (int b = 0; b < p.audio_inputs(); ++b) {
    for (int c = 0; c < p.channels(abi::kInput, b); ++c) {
      const double f = 220.0 * (1 + c + 2 * b);
      auto s32 = p.input(b, c);
      auto s64 = p.input64(b, c);
      for (int i = 0; i < n && i < static_cast<int>(s32.size()); ++i) {
        const double v = amplitude * std::sin(2.0 * kPi * f * static_cast<double>(t0 + i) / rate);
        s32[static_cast<std::size_t>(i)] = static_cast<float>(v);
        s64[static_cast<std::size_t>(i)] = v;
      }
    }
  }
}

void fill_inputs(PluginInstance& p, int n, double value, std::uint32_t noise_seed) {
  std::uint32_t x = noise_seed;
  for (int b = 0; b < p.audio_inputs(); ++b) {
    for (int c = 0; c < p.channels(abi::kInput, b); ++c) {
      auto s32 = p.input(b, c);
      auto s64 = p.input64(b, c);
      for (int i = 0; i < n && i < static_cast<int>(s32.size()); ++i) {
        double v = value;
        if (noise_seed != 0) {
          x = x * 1664525u + 1013904223u;  // cheap LCG: this runs in timed loops
          v = value * (static_cast<double>(x >> 8) / 8388608.0 - 1.0);
        }
        s32[static_cast<std::size_t>(i)] = static_cast<float>(v);
        s64[static_cast<std::size_t>(i)] = v;
      }
    }
  }
}

// Fills every output channel with `value` (to see what the plugin writes).
void fill_outputs(PluginInstance& p, double value) {
  for (int b = 0; b < p.audio_outputs(); ++b) {
    for (int c = 0; c < p.channels(abi::kOutput, b); ++c) {
      auto s32 = p.output(b, c);
      auto s64 = p.output64(b, c);
      std::fill(s32.begin(), s32.end(), static_cast<float>(value));
      std::fill(s64.begin(), s64.end(), value);
    }
  }
}

// Index of the first non-finite output sample in the first n, or "" if all finite.
std::string non_finite_output(PluginInstance& p, int n) {
  for (int b = 0; b < p.audio_outputs(); ++b) {
    for (int c = 0; c < p.channels(abi::kOutput, b); ++c) {
      for (int i = 0; i < n; ++i) {
        const double v = p.double_precision() ? p.output64(b, c)[static_cast<std::size_t>(i)]
                                              : p.output(b, c)[static_cast<std::size_t>(i)];
        if (!std::isfinite(v)) {
          return "output bus " + std::to_string(b) + " channel " + std::to_string(c) + " sample " + std::to_string(i) +
                 " is " + fmt(v);
        }
      }
    }
  }
  return "";
}

double output_sample(PluginInstance& p, int b, int c, int i) {
  return p.double_precision() ? p.output64(b, c)[static_cast<std::size_t>(i)]
                              : p.output(b, c)[static_cast<std::size_t>(i)];
}

// Runs `blocks` blocks of `n` samples of sine; false after the first failure.
bool run_blocks(Ctx& ck, PluginInstance& p, int blocks, int n, long& t, const std::string& what) {
  for (int k = 0; k < blocks; ++k) {
    fill_sine(p, n, t);
    t += n;
    step(what + ": process(" + std::to_string(n) + " samples)");
    const abi::tresult r = p.process(n);
    if (!ck.expect_ok(r, what + ": process(" + std::to_string(n) + ")")) return false;
    const std::string bad = non_finite_output(p, n);
    if (!ck.expect(bad.empty(), what + ": " + bad)) return false;
  }
  return true;
}

// A normalized value away from `from`, on the parameter's step grid.
double other_value(const ParameterInfo& info, double from, double shift) {
  double v = from + shift;
  if (v > 1.0) v -= 1.0;
  if (info.step_count > 0) {
    const double steps = info.step_count;
    v = std::round(v * steps) / steps;
    if (std::abs(v - from) < 0.5 / steps)
      v = (std::round(from * steps) >= 1.0 ? std::round(from * steps) - 1.0 : 1.0) / steps;
  }
  return std::clamp(v, 0.0, 1.0);
}

double quantize(const ParameterInfo& info, double v) {
  if (info.step_count <= 0) return v;
  return std::round(v * info.step_count) / info.step_count;
}

double tolerance(const ParameterInfo& info) { return info.step_count > 0 ? 0.5 / info.step_count : 1e-5; }

std::vector<ParameterInfo> writable(const std::vector<ParameterInfo>& params) {
  std::vector<ParameterInfo> out;
  for (const auto& p : params) {
    if (!p.is_read_only() && (p.flags & abi::ParameterInfo::kIsProgramChange) == 0) out.push_back(p);
  }
  return out;
}

std::string param_name(const ParameterInfo& info) {
  return "parameter " + std::to_string(info.id) + " (" + info.title + ")";
}

// The controller values after pushing `state` into its set_component_state.
bool controller_sees(PluginInstance& p, const std::vector<std::uint8_t>& state) {
  auto stream = make_object<MemoryStream>(state);
  return p.controller() != nullptr && p.controller()->set_component_state(stream.get()) == abi::kResultOk;
}

// Values away from the defaults for every writable parameter, on their step grids.
std::vector<ParamChange> odd_values(const std::vector<ParameterInfo>& params, double shift) {
  std::vector<ParamChange> out;
  for (const auto& info : params) {
    if (info.is_bypass()) continue;
    out.push_back({info.id, 0, other_value(info, info.default_normalized, shift)});
  }
  return out;
}

std::vector<double> controller_values(PluginInstance& p, const std::vector<ParameterInfo>& params) {
  std::vector<double> out;
  for (const auto& info : params) out.push_back(p.get_normalized(info.id));
  return out;
}

namespace {
char* g_step = nullptr;  // in an isolated child: the parent's page for the last step
}  // namespace

void set_step_page(char* page) noexcept { g_step = page; }

void step(std::string_view what) {
  if (g_step == nullptr) return;
  const std::size_t n = std::min(what.size(), kStepBytes - 1);
  std::memcpy(g_step, what.data(), n);
  g_step[n] = '\0';
}

}  // namespace plinth::host::checks
