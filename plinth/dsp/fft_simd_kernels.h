// Plinth DSP: the FFT engine's kernels (internal, see fft_simd.h). No include guard on
// purpose: fft_simd.h includes this file twice, into namespace simd_base (the baseline
// target) and into namespace simd_avx2 under an AVX2+FMA target pragma, so one source
// gives both instruction sets; everything here is templates instantiated per copy.

#define PLINTH_FFT_INLINE [[gnu::always_inline]] inline

template <class T, int W>
struct Simd;
template <>
struct Simd<float, 4> {
  typedef float type __attribute__((vector_size(16)));
};
template <>
struct Simd<float, 8> {
  typedef float type __attribute__((vector_size(32)));
};
template <>
struct Simd<double, 2> {
  typedef double type __attribute__((vector_size(16)));
};
template <>
struct Simd<double, 4> {
  typedef double type __attribute__((vector_size(32)));
};

#define PLINTH_FFT_INLINE [[gnu::always_inline]] inline


template <class V, class T>
PLINTH_FFT_INLINE V load(const T* p) noexcept {
  V v;
  std::memcpy(&v, p, sizeof(V));
  return v;
}
template <class V, class T>
PLINTH_FFT_INLINE void store(T* p, V v) noexcept {
  std::memcpy(p, &v, sizeof(V));
}
// A lane fill, not V{} + s: adding a zero vector is not an identity for -0.0, so the
// compiler kept a scalar add before each broadcast.
template <class V, class T>
PLINTH_FFT_INLINE V splat(T s) noexcept {
  V v;
  for (int i = 0; i < static_cast<int>(sizeof(V) / sizeof(T)); ++i) v[i] = s;
  return v;
}

// Lane shuffles. Interleave two vectors (lo / hi halves), de-interleave (even / odd lanes),
// reverse the lanes.
template <int W, class V>
PLINTH_FFT_INLINE V zip_lo(V a, V b) noexcept {
  if constexpr (W == 2) return __builtin_shufflevector(a, b, 0, 2);
  else if constexpr (W == 4) return __builtin_shufflevector(a, b, 0, 4, 1, 5);
  else return __builtin_shufflevector(a, b, 0, 8, 1, 9, 2, 10, 3, 11);
}
template <int W, class V>
PLINTH_FFT_INLINE V zip_hi(V a, V b) noexcept {
  if constexpr (W == 2) return __builtin_shufflevector(a, b, 1, 3);
  else if constexpr (W == 4) return __builtin_shufflevector(a, b, 2, 6, 3, 7);
  else return __builtin_shufflevector(a, b, 4, 12, 5, 13, 6, 14, 7, 15);
}
template <int W, class V>
PLINTH_FFT_INLINE V unzip_even(V a, V b) noexcept {
  if constexpr (W == 2) return __builtin_shufflevector(a, b, 0, 2);
  else if constexpr (W == 4) return __builtin_shufflevector(a, b, 0, 2, 4, 6);
  else return __builtin_shufflevector(a, b, 0, 2, 4, 6, 8, 10, 12, 14);
}
template <int W, class V>
PLINTH_FFT_INLINE V unzip_odd(V a, V b) noexcept {
  if constexpr (W == 2) return __builtin_shufflevector(a, b, 1, 3);
  else if constexpr (W == 4) return __builtin_shufflevector(a, b, 1, 3, 5, 7);
  else return __builtin_shufflevector(a, b, 1, 3, 5, 7, 9, 11, 13, 15);
}
template <int W, class V>
PLINTH_FFT_INLINE V reverse(V a) noexcept {
  if constexpr (W == 2) return __builtin_shufflevector(a, a, 1, 0);
  else if constexpr (W == 4) return __builtin_shufflevector(a, a, 3, 2, 1, 0);
  else return __builtin_shufflevector(a, a, 7, 6, 5, 4, 3, 2, 1, 0);
}

// In-register W x W transpose: v[i] lane j becomes v[j] lane i. 256-bit widths use the
// in-lane unpack / shuffle / 128-bit swap sequence (cheap on AVX); 128-bit widths zip.
template <class T, int W, class V>
PLINTH_FFT_INLINE void transpose(V* v) noexcept {
  if constexpr (W == 2) {
    const V a = zip_lo<2>(v[0], v[1]), b = zip_hi<2>(v[0], v[1]);
    v[0] = a;
    v[1] = b;
  } else if constexpr (W == 4 && sizeof(T) == 4) {
    const V t0 = zip_lo<4>(v[0], v[2]), t1 = zip_hi<4>(v[0], v[2]);
    const V t2 = zip_lo<4>(v[1], v[3]), t3 = zip_hi<4>(v[1], v[3]);
    v[0] = zip_lo<4>(t0, t2);
    v[1] = zip_hi<4>(t0, t2);
    v[2] = zip_lo<4>(t1, t3);
    v[3] = zip_hi<4>(t1, t3);
  } else if constexpr (W == 4) {  // 4 doubles
    const V t0 = __builtin_shufflevector(v[0], v[1], 0, 4, 2, 6), t1 = __builtin_shufflevector(v[0], v[1], 1, 5, 3, 7);
    const V t2 = __builtin_shufflevector(v[2], v[3], 0, 4, 2, 6), t3 = __builtin_shufflevector(v[2], v[3], 1, 5, 3, 7);
    v[0] = __builtin_shufflevector(t0, t2, 0, 1, 4, 5);
    v[1] = __builtin_shufflevector(t1, t3, 0, 1, 4, 5);
    v[2] = __builtin_shufflevector(t0, t2, 2, 3, 6, 7);
    v[3] = __builtin_shufflevector(t1, t3, 2, 3, 6, 7);
  } else {  // 8 floats
    V t[8], u[8];
    for (int i = 0; i < 4; ++i) {
      t[2 * i] = __builtin_shufflevector(v[2 * i], v[2 * i + 1], 0, 8, 1, 9, 4, 12, 5, 13);
      t[2 * i + 1] = __builtin_shufflevector(v[2 * i], v[2 * i + 1], 2, 10, 3, 11, 6, 14, 7, 15);
    }
    for (int i = 0; i < 2; ++i) {
      u[4 * i + 0] = __builtin_shufflevector(t[4 * i], t[4 * i + 2], 0, 1, 8, 9, 4, 5, 12, 13);
      u[4 * i + 1] = __builtin_shufflevector(t[4 * i], t[4 * i + 2], 2, 3, 10, 11, 6, 7, 14, 15);
      u[4 * i + 2] = __builtin_shufflevector(t[4 * i + 1], t[4 * i + 3], 0, 1, 8, 9, 4, 5, 12, 13);
      u[4 * i + 3] = __builtin_shufflevector(t[4 * i + 1], t[4 * i + 3], 2, 3, 10, 11, 6, 7, 14, 15);
    }
    for (int i = 0; i < 4; ++i) {
      v[i] = __builtin_shufflevector(u[i], u[i + 4], 0, 1, 2, 3, 8, 9, 10, 11);
      v[i + 4] = __builtin_shufflevector(u[i], u[i + 4], 4, 5, 6, 7, 12, 13, 14, 15);
    }
  }
}

// In-place 4-point DFT (forward, natural order) of a, b, c, d.
template <class V>
PLINTH_FFT_INLINE void dft4(V& ar, V& ai, V& br, V& bi, V& cr, V& ci, V& dr, V& di) noexcept {
  const V pr = ar + cr, pi = ai + ci, mr = ar - cr, mi = ai - ci;
  const V qr = br + dr, qi = bi + di, nr = br - dr, ni = bi - di;
  ar = pr + qr;
  ai = pi + qi;
  cr = pr - qr;
  ci = pi - qi;
  br = mr + ni;  // m - i n
  bi = mi - nr;
  dr = mr - ni;  // m + i n
  di = mi + nr;
}

// In-place 8-point forward DFT of re/im[0..8), natural order: even and odd halves, then
// the radix-2 step with W_8^r.
template <class T, class V>
PLINTH_FFT_INLINE void dft8(V* re, V* im) noexcept {
  {
    dft4(re[0], im[0], re[2], im[2], re[4], im[4], re[6], im[6]);
    dft4(re[1], im[1], re[3], im[3], re[5], im[5], re[7], im[7]);
    const T h = static_cast<T>(std::numbers::sqrt2 / 2);
    V orr[4], oi[4];
    orr[0] = re[1];
    oi[0] = im[1];
    orr[1] = (re[3] + im[3]) * h;  // (x + iy)(1 - i)/sqrt2
    oi[1] = (im[3] - re[3]) * h;
    orr[2] = im[5];  // (x + iy)(-i)
    oi[2] = -re[5];
    orr[3] = (im[7] - re[7]) * h;  // (x + iy)(-1 - i)/sqrt2
    oi[3] = -(re[7] + im[7]) * h;
    const V er[4] = {re[0], re[2], re[4], re[6]}, ei[4] = {im[0], im[2], im[4], im[6]};
    for (int r = 0; r < 4; ++r) {
      re[r] = er[r] + orr[r];
      im[r] = ei[r] + oi[r];
      re[r + 4] = er[r] - orr[r];
      im[r + 4] = ei[r] - oi[r];
    }
  }
}

// W-point forward DFT across v[0..W), natural order in and out.
template <class T, int W, class V>
PLINTH_FFT_INLINE void dft_across(V* re, V* im) noexcept {
  if constexpr (W == 2) {
    const V r0 = re[0], i0 = im[0];
    re[0] = r0 + re[1];
    im[0] = i0 + im[1];
    re[1] = r0 - re[1];
    im[1] = i0 - im[1];
  } else if constexpr (W == 4) {
    dft4(re[0], im[0], re[1], im[1], re[2], im[2], re[3], im[3]);
  } else {
    dft8<T>(re, im);
  }
}

// Where a pass reads complex vectors from: split arrays, or interleaved (std::complex
// layout) with real and imaginary parts optionally swapped (the inverse transforms).
enum class Layout { split, interleaved, interleaved_swapped };

// Loads complex vector at value index i (a multiple of W): from xr / xi, or from the
// interleaved array xr (values 2i .. 2i + 2W).
template <Layout L, int W, class V, class T>
PLINTH_FFT_INLINE void load_complex(const T* xr, const T* xi, std::ptrdiff_t i, V& re, V& im) noexcept {
  if constexpr (L == Layout::split) {
    re = load<V>(xr + i);
    im = load<V>(xi + i);
  } else {
    const V lo = load<V>(xr + 2 * i), hi = load<V>(xr + 2 * i + W);
    re = unzip_even<W>(lo, hi);
    im = unzip_odd<W>(lo, hi);
    if constexpr (L == Layout::interleaved_swapped) std::swap(re, im);
  }
}

template <Layout L, int W, class V, class T>
PLINTH_FFT_INLINE void store_complex(T* yr, T* yi, std::ptrdiff_t i, V re, V im) noexcept {
  if constexpr (L == Layout::split) {
    store(yr + i, re);
    store(yi + i, im);
  } else {
    if constexpr (L == Layout::interleaved_swapped) std::swap(re, im);
    store(yr + 2 * i, zip_lo<W>(re, im));
    store(yr + 2 * i + W, zip_hi<W>(re, im));
  }
}

// One Stockham radix-8 pass over vectors: sub-transform length n, stride s (vectors).
// Twiddle false: the last pass (n = 8), whose only column's twiddles are all 1.
template <class T, int W, Layout In, bool Twiddle = true>
PLINTH_FFT_INLINE void radix8_pass(int n, int s, const T* tw, const T* xr, const T* xi, T* yr, T* yi) noexcept {
  using V = typename Simd<T, W>::type;
  const int n8 = n / 8;
  const std::ptrdiff_t q_end = static_cast<std::ptrdiff_t>(s) * W;
  const std::ptrdiff_t eighth = static_cast<std::ptrdiff_t>(s) * n8 * W;
  for (int p = 0; p < n8; ++p) {
    const std::ptrdiff_t in = static_cast<std::ptrdiff_t>(s) * p * W;
    const std::ptrdiff_t out = static_cast<std::ptrdiff_t>(s) * 8 * p * W;
    const T* t = tw + 14 * p;
    for (std::ptrdiff_t q = 0; q < q_end; q += W) {
      V re[8], im[8];
      for (int j = 0; j < 8; ++j) load_complex<In, W>(xr, xi, in + j * eighth + q, re[j], im[j]);
      dft8<T>(re, im);
      store(yr + out + q, re[0]);
      store(yi + out + q, im[0]);
      for (int j = 1; j < 8; ++j) {
        if constexpr (Twiddle) {
          const V wr = splat<V>(t[2 * j - 2]), wi = splat<V>(t[2 * j - 1]);
          store(yr + out + j * q_end + q, re[j] * wr - im[j] * wi);
          store(yi + out + j * q_end + q, re[j] * wi + im[j] * wr);
        } else {
          store(yr + out + j * q_end + q, re[j]);
          store(yi + out + j * q_end + q, im[j]);
        }
      }
    }
  }
}

// One Stockham radix-4 pass over vectors: sub-transform length n, stride s (vectors).
template <class T, int W, Layout In, bool Twiddle = true>
PLINTH_FFT_INLINE void radix4_pass(int n, int s, const T* tw, const T* xr, const T* xi, T* yr, T* yi) noexcept {
  using V = typename Simd<T, W>::type;
  const int n4 = n / 4;
  const std::ptrdiff_t q_end = static_cast<std::ptrdiff_t>(s) * W;
  const std::ptrdiff_t quarter = static_cast<std::ptrdiff_t>(s) * n4 * W;
  for (int p = 0; p < n4; ++p) {
    const std::ptrdiff_t in = static_cast<std::ptrdiff_t>(s) * p * W;
    const std::ptrdiff_t out = static_cast<std::ptrdiff_t>(s) * 4 * p * W;
    const T* t = tw + 6 * p;
    const V w1r = splat<V>(t[0]), w1i = splat<V>(t[1]), w2r = splat<V>(t[2]), w2i = splat<V>(t[3]);
    const V w3r = splat<V>(t[4]), w3i = splat<V>(t[5]);
    for (std::ptrdiff_t q = 0; q < q_end; q += W) {
      V ar, ai, br, bi, cr, ci, dr, di;
      load_complex<In, W>(xr, xi, in + q, ar, ai);
      load_complex<In, W>(xr, xi, in + quarter + q, br, bi);
      load_complex<In, W>(xr, xi, in + 2 * quarter + q, cr, ci);
      load_complex<In, W>(xr, xi, in + 3 * quarter + q, dr, di);
      dft4(ar, ai, br, bi, cr, ci, dr, di);
      store(yr + out + q, ar);
      store(yi + out + q, ai);
      if constexpr (Twiddle) {
        store(yr + out + q_end + q, br * w1r - bi * w1i);
        store(yi + out + q_end + q, br * w1i + bi * w1r);
        store(yr + out + 2 * q_end + q, cr * w2r - ci * w2i);
        store(yi + out + 2 * q_end + q, cr * w2i + ci * w2r);
        store(yr + out + 3 * q_end + q, dr * w3r - di * w3i);
        store(yi + out + 3 * q_end + q, dr * w3i + di * w3r);
      } else {
        store(yr + out + q_end + q, br);
        store(yi + out + q_end + q, bi);
        store(yr + out + 2 * q_end + q, cr);
        store(yi + out + 2 * q_end + q, ci);
        store(yr + out + 3 * q_end + q, dr);
        store(yi + out + 3 * q_end + q, di);
      }
    }
  }
}

// A radix-2 pass, for l = 2 only (n = 2, stride 1, no twiddles).
template <class T, int W, Layout In>
PLINTH_FFT_INLINE void radix2_pass(int s, const T* xr, const T* xi, T* yr, T* yi) noexcept {
  using V = typename Simd<T, W>::type;
  const std::ptrdiff_t half = static_cast<std::ptrdiff_t>(s) * W;
  for (std::ptrdiff_t q = 0; q < half; q += W) {
    V ar, ai, br, bi;
    load_complex<In, W>(xr, xi, q, ar, ai);
    load_complex<In, W>(xr, xi, half + q, br, bi);
    store(yr + q, ar + br);
    store(yi + q, ai + bi);
    store(yr + half + q, ar - br);
    store(yi + half + q, ai - bi);
  }
}

// Step (2): twiddle lane l of vector k by W_m^(l k), transpose blocks, W-point DFTs,
// results scaled by sc and stored in layout Out.
template <class T, int W, Layout Out>
PLINTH_FFT_INLINE void combine_lanes(const EngineTables<T>& t, const T* xr, const T* xi, T* yr, T* yi, T sc) noexcept {
  using V = typename Simd<T, W>::type;
  const int l = t.l;
  const T* cr = t.comb_re.data();
  const T* ci = t.comb_im.data();
  const V scale = splat<V>(sc);
  for (int k0 = 0; k0 < l; k0 += W) {
    V re[W], im[W];
    for (int i = 0; i < W; ++i) {
      const std::ptrdiff_t o = static_cast<std::ptrdiff_t>(k0 + i) * W;
      const V ar = load<V>(xr + o), ai = load<V>(xi + o), wr = load<V>(cr + o) * scale, wi = load<V>(ci + o) * scale;
      re[i] = ar * wr - ai * wi;
      im[i] = ar * wi + ai * wr;
    }
    transpose<T, W>(re);
    transpose<T, W>(im);
    dft_across<T, W>(re, im);
    for (int r = 0; r < W; ++r) store_complex<Out, W>(yr, yi, k0 + static_cast<std::ptrdiff_t>(l) * r, re[r], im[r]);
  }
}

// The complex engine. Input: split (xr, xi), or interleaved at xr; it may be the scratch
// pair (r0, i0). Output scaled by sc: interleaved at yr, or split into the scratch pair
// whose index is returned (yr, yi unused). The scratch pairs (r0, i0), (r1, i1) hold m
// values each and are clobbered.
template <class T, int W, Layout In, Layout Out>
PLINTH_FFT_INLINE int run_engine(const EngineTables<T>& t, const T* xr, const T* xi, T* yr, T* yi, T sc, T* r0, T* i0,
                                  T* r1, T* i1) noexcept {
  T* br[2] = {r0, r1};
  T* bi[2] = {i0, i1};
  // The first pass reads the input and writes pair 1 (pair 0 may be the input).
  int cur = 0;
  const T* tw = t.pass_tw.data();
  int n = t.l, s = 1;
  bool first = true;
  for (const int radix : t.radices) {
    const T* sr = first ? xr : br[cur];
    const T* si = first ? xi : bi[cur];
    T* dr = br[cur ^ 1];
    T* di = bi[cur ^ 1];
    if (first) {
      if (radix == 8) radix8_pass<T, W, In>(n, s, tw, sr, si, dr, di);
      else if (radix == 4) radix4_pass<T, W, In>(n, s, tw, sr, si, dr, di);
      else radix2_pass<T, W, In>(s, sr, si, dr, di);
    } else if (n == radix) {  // the last pass: no twiddles
      if (radix == 8) radix8_pass<T, W, Layout::split, false>(n, s, tw, sr, si, dr, di);
      else if (radix == 4) radix4_pass<T, W, Layout::split, false>(n, s, tw, sr, si, dr, di);
      else radix2_pass<T, W, Layout::split>(s, sr, si, dr, di);
    } else {
      if (radix == 8) radix8_pass<T, W, Layout::split>(n, s, tw, sr, si, dr, di);
      else if (radix == 4) radix4_pass<T, W, Layout::split>(n, s, tw, sr, si, dr, di);
      else radix2_pass<T, W, Layout::split>(s, sr, si, dr, di);
    }
    first = false;
    tw += 2 * (radix - 1) * (n / radix);
    n /= radix;
    s *= radix;
    cur ^= 1;
  }
  if constexpr (Out == Layout::split) {
    combine_lanes<T, W, Out>(t, br[cur], bi[cur], br[cur ^ 1], bi[cur ^ 1], sc);
    return cur ^ 1;
  } else {
    combine_lanes<T, W, Out>(t, br[cur], bi[cur], yr, yi, sc);
    return -1;
  }
}

// Complex transform of interleaved data (std::complex layout). Inverse: swapped arrays.
template <class T, int W>
PLINTH_FFT_INLINE void complex_transform(const EngineTables<T>& t, const T* in, T* out, bool inverse, T scale, T* r0,
                                         T* i0, T* r1, T* i1) noexcept {
  if (inverse)
    run_engine<T, W, Layout::interleaved_swapped, Layout::interleaved_swapped>(t, in, nullptr, out, nullptr, scale, r0,
                                                                               i0, r1, i1);
  else
    run_engine<T, W, Layout::interleaved, Layout::interleaved>(t, in, nullptr, out, nullptr, scale, r0, i0, r1, i1);
}

// Real forward: N = 2m samples in, m + 1 interleaved complex bins out. Scratch buffers
// hold m + W values each.
template <class T, int W>
PLINTH_FFT_INLINE void real_forward(const EngineTables<T>& t, const T* in, T* out, T* r0, T* i0, T* r1,
                                    T* i1) noexcept {
  using V = typename Simd<T, W>::type;
  const std::ptrdiff_t m = t.m;
  // z[j] = x[2j] + i x[2j+1] is the input read as interleaved complex.
  const int res = run_engine<T, W, Layout::interleaved, Layout::split>(t, in, nullptr, nullptr, nullptr, T(1), r0, i0,
                                                                       r1, i1);
  T* zr = res ? r1 : r0;
  T* zi = res ? i1 : i0;
  zr[m] = zr[0];  // Z[m] = Z[0], so the reversed loads below need no special case
  zi[m] = zi[0];
  const V half = splat<V>(T(0.5));
  // X[k] = E + W^k O, X[m-k] = conj(E - W^k O), E = (Z[k] + conj Z[m-k]) / 2,
  // O = (Z[k] - conj Z[m-k]) / 2i; k in [0, m/2).
  for (std::ptrdiff_t k = 0; k < m / 2; k += W) {
    const V ar = load<V>(zr + k), ai = load<V>(zi + k);
    const V br = reverse<W>(load<V>(zr + m - k - W + 1)), bi = reverse<W>(load<V>(zi + m - k - W + 1));
    const V er = (ar + br) * half, ei = (ai - bi) * half;
    const V orr = (ai + bi) * half, oi = (br - ar) * half;
    const V wr = load<V>(t.real_re.data() + k), wi = load<V>(t.real_im.data() + k);
    const V pr = wr * orr - wi * oi, pi = wr * oi + wi * orr;
    const V xr = er + pr, xi = ei + pi;
    const V yr = reverse<W>(er - pr), yi = reverse<W>(pi - ei);
    store(out + 2 * k, zip_lo<W>(xr, xi));
    store(out + 2 * k + W, zip_hi<W>(xr, xi));
    store(out + 2 * (m - k - W + 1), zip_lo<W>(yr, yi));
    store(out + 2 * (m - k - W + 1) + W, zip_hi<W>(yr, yi));
  }
  out[m] = zr[m / 2];  // X[m/2] = conj Z[m/2]
  out[m + 1] = -zi[m / 2];
  out[1] = T(0);  // DC and Nyquist are real
  out[2 * m + 1] = T(0);
}

// Real inverse: m + 1 interleaved bins in, 2m samples out, scaled by 1 / (2m).
template <class T, int W>
PLINTH_FFT_INLINE void real_inverse(const EngineTables<T>& t, const T* in, T* out, T* r0, T* i0, T* r1,
                                    T* i1) noexcept {
  using V = typename Simd<T, W>::type;
  const std::ptrdiff_t m = t.m;
  const T s = T(1) / static_cast<T>(2 * m);
  const V sc = splat<V>(s);
  // Z[k] = E + i O, Z[m-k] = conj E + i conj O, E = X[k] + conj X[m-k],
  // O = (X[k] - conj X[m-k]) conj W^k (times 1/N here, folding in the final scale).
  // Written with real and imaginary arrays swapped: the engine then runs the inverse.
  T* zr = i0;
  T* zi = r0;
  for (std::ptrdiff_t k = 0; k < m / 2; k += W) {
    const V x0 = load<V>(in + 2 * k), x1 = load<V>(in + 2 * k + W);
    const V y0 = load<V>(in + 2 * (m - k - W + 1)), y1 = load<V>(in + 2 * (m - k - W + 1) + W);
    const V xr = unzip_even<W>(x0, x1) * sc, xi = unzip_odd<W>(x0, x1) * sc;
    const V yr = reverse<W>(unzip_even<W>(y0, y1)) * sc, yi = reverse<W>(unzip_odd<W>(y0, y1)) * sc;
    const V er = xr + yr, ei = xi - yi, dr = xr - yr, di = xi + yi;
    const V wr = load<V>(t.real_re.data() + k), wi = load<V>(t.real_im.data() + k);
    const V orr = dr * wr + di * wi, oi = di * wr - dr * wi;
    store(zr + k, er - oi);
    store(zi + k, ei + orr);
    store(zr + m - k - W + 1, reverse<W>(er + oi));
    store(zi + m - k - W + 1, reverse<W>(orr - ei));
  }
  zr[m / 2] = 2 * s * in[m];  // Z[m/2] = 2 conj X[m/2]
  zi[m / 2] = -2 * s * in[m + 1];
  // Block k = 0 wrote Z[m] (an alias of Z[0]) into the padding and Z[0] from X[0] alone:
  // redo Z[0] = (X[0] + X[m]) + i (X[0] - X[m]) from the real parts only.
  zr[0] = s * (in[0] + in[2 * m]);
  zi[0] = s * (in[0] - in[2 * m]);
  // Swapped back on the way out: x[2j] = Re z[j], x[2j+1] = Im z[j].
  run_engine<T, W, Layout::split, Layout::interleaved_swapped>(t, r0, i0, out, nullptr, T(1), r0, i0, r1, i1);
}

// The entry points for one (T, W): the kernels above are always inlined into these, so
// they are compiled for whatever target this copy of the file is included under.
template <class T, int W>
struct Kernels {
  static void complex(const EngineTables<T>& t, const T* in, T* out, bool inv, T sc, T* a, T* b, T* c,
                      T* d) noexcept {
    complex_transform<T, W>(t, in, out, inv, sc, a, b, c, d);
  }
  static void real_fwd(const EngineTables<T>& t, const T* in, T* out, T* a, T* b, T* c, T* d) noexcept {
    real_forward<T, W>(t, in, out, a, b, c, d);
  }
  static void real_inv(const EngineTables<T>& t, const T* in, T* out, T* a, T* b, T* c, T* d) noexcept {
    real_inverse<T, W>(t, in, out, a, b, c, d);
  }
};

#undef PLINTH_FFT_INLINE
