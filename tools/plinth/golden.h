#pragma once
// `plinth render --golden REF.wav --tolerance DB`: a render compared with a reference.
//
// The difference is the largest |render - reference| over every sample of every channel,
// in dB relative to the reference's peak (or to full scale, 1.0, when the reference is
// silent): 20 log10(max|out - ref| / max|ref|). The render matches when that is at or
// below -DB, so `--tolerance 90` allows differences up to 90 dB below the reference's
// peak; a NaN in the render never matches. Another length, channel count or sample rate
// is an error, not a difference.

#include <string>
#include <vector>

namespace plinth::tool {

// Prints one line (a match on stderr, or the error) and returns the exit code.
int compare_golden(const std::string& reference, const std::vector<float>& interleaved, int channels, double rate,
                   double tolerance_db);

}  // namespace plinth::tool
