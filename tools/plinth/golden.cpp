#include "golden.h"

#include <sndfile.h>

#include <cmath>
#include <cstdio>
#include <limits>

#include "commands.h"
#include "sndfile_error.h"

namespace plinth::tool {

int compare_golden(const std::string& reference, const std::vector<float>& out, int channels, double rate,
                   double tolerance_db) {
  SF_INFO info{};
  SNDFILE* file = sf_open(reference.c_str(), SFM_READ, &info);
  if (file == nullptr) return fail("cannot read golden reference " + reference + ": " + sndfile_error(nullptr));
  const auto frames = out.size() / static_cast<std::size_t>(channels);
  std::vector<float> ref;
  if (info.channels == channels && info.frames == static_cast<sf_count_t>(frames)) {
    ref.resize(out.size());
    if (sf_readf_float(file, ref.data(), info.frames) != info.frames) ref.clear();
  }
  sf_close(file);
  if (info.channels != channels) {
    return fail("golden reference " + reference + " has " + std::to_string(info.channels) +
                " channels, the render " + std::to_string(channels));
  }
  if (info.frames != static_cast<sf_count_t>(frames)) {
    return fail("golden reference " + reference + " has " + std::to_string(info.frames) + " frames, the render " +
                std::to_string(frames));
  }
  if (info.samplerate != static_cast<int>(std::lround(rate))) {
    return fail("golden reference " + reference + " is at " + std::to_string(info.samplerate) + " Hz, the render at " +
                std::to_string(std::lround(rate)) + " Hz");
  }
  if (ref.size() != out.size()) return fail("cannot read golden reference " + reference);

  float peak = 0.0f;
  for (float v : ref) peak = std::max(peak, std::abs(v));
  double worst = 0.0;
  std::size_t at = 0;
  for (std::size_t i = 0; i < out.size(); ++i) {
    const double d = std::abs(static_cast<double>(out[i]) - static_cast<double>(ref[i]));
    if (!(d <= worst)) {  // a NaN is the worst difference there is
      worst = std::isnan(d) ? std::numeric_limits<double>::infinity() : d;
      at = i;
    }
  }
  const double scale = peak > 0.0f ? static_cast<double>(peak) : 1.0;
  const double db = worst > 0.0 ? 20.0 * std::log10(worst / scale) : -std::numeric_limits<double>::infinity();
  char where[96] = "";
  if (worst > 0.0) {
    std::snprintf(where, sizeof where, " at frame %zu, channel %zu", at / static_cast<std::size_t>(channels),
                  at % static_cast<std::size_t>(channels) + 1);
  }
  char line[512];
  if (db <= -tolerance_db) {
    std::snprintf(line, sizeof line, "plinth: golden: matches %s: largest difference %.1f dB re its peak%s (tolerance -%g dB)\n",
                  reference.c_str(), db, where, tolerance_db);
    std::fputs(line, stderr);
    return 0;
  }
  std::snprintf(line, sizeof line, "render differs from %s by %.1f dB re its peak%s, beyond the tolerance of -%g dB",
                reference.c_str(), db, where, tolerance_db);
  return fail(line);
}

}  // namespace plinth::tool
