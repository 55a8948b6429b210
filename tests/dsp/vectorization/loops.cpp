// Instantiates, for float, every loop that plinth/dsp marks "// vectorized:" (the loops the
// docs say are vectorized). tools/check_vectorized.py compiles this file with g++ and clang
// and fails unless each marked loop is reported vectorized. Not linked into anything.
#include <span>

#include "plinth/dsp/buffer.h"
#include "plinth/dsp/compressor.h"
#include "plinth/dsp/envelope_follower.h"
#include "plinth/dsp/fast_math.h"
#include "plinth/dsp/fir.h"
#include "plinth/dsp/lfo.h"
#include "plinth/dsp/sine_osc.h"
#include "plinth/dsp/smoother.h"

namespace pd = plinth::dsp;

// Each function is a separate entry point so nothing is folded away.
void buffer_ops(std::span<float> a, std::span<float> b, std::span<const float> c, float g) {
  pd::add(c, a);
  pd::subtract(c, a);
  pd::scale(a, g);
  pd::copy_with_gain(c, a, g);
  pd::add_with_gain(c, a, g);
  pd::mix(c, g, std::span<const float>(b), g, a);
  pd::apply_gain_ramp(a, g, 2 * g);
  pd::add_with_gain_ramp(c, a, g, 2 * g);
  pd::left_right_to_mid_side(a, b);
  pd::mid_side_to_left_right(a, b);
  pd::deinterleave_stereo(c, a, b);
  pd::interleave_stereo(std::span<const float>(a), std::span<const float>(b), std::span<float>(a));
}
float buffer_reductions(std::span<const float> c) { return pd::sum_of_squares(c) + (pd::all_finite(c) ? 1.f : 0.f); }

void fast_math_loops(float* __restrict y, const float* __restrict x, int n) {
  // vectorized: fast_exp2 (float)
  for (int i = 0; i < n; ++i) y[i] = pd::fast_exp2(x[i]);
  // vectorized: fast_log2 (float)
  for (int i = 0; i < n; ++i) y[i] += pd::fast_log2(x[i]);
  // vectorized: tanh_rational (float)
  for (int i = 0; i < n; ++i) y[i] += pd::tanh_rational(x[i]);
}

void sine_block(pd::SineOsc<float>& osc, std::span<float> out) { osc.process(out); }
void compressor_block(pd::Compressor<float>& c, std::span<float> block) { c.process(block, 0); }
void compressor_stereo(pd::Compressor<float>& c, std::span<float> l, std::span<float> r) { c.process(l, r); }
// The gain loop's two compiled copies (the compressor picks one in prepare()).
void compressor_gains(std::span<float> level, const pd::detail::CompressorCurve<float>& curve) {
  pd::detail::compressor_gains_baseline<float>(level.data(), level.size(), 6.0f, curve);
#if defined(PLINTH_COMPRESSOR_AVX2)
  pd::detail::compressor_gains_avx2<float>(level.data(), level.size(), 6.0f, curve);
#endif
}
void follower_block(pd::EnvelopeFollower<float>& f, std::span<float> block) { f.process(block, 0); }
void fir_block(pd::FirFilter<float>& f, std::span<float> block) { f.process(block, 0); }
void smoother_fill(pd::LinearSmoother<float>& s, std::span<float> out) { s.fill(out); }
void block_sine_fill(pd::BlockSine& s, float* out, int n) { s.fill(out, n); }
