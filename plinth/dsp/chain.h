// Plinth DSP: compose processors into one, with no virtual call per sample.
//
//   Chain<Biquad<float>, LadderFilter<float>, DcBlocker<float>> chain;
//   chain.get<0>().set_parameters(BiquadType::HighPass, 80.0, 0.7);
//   chain.prepare(48000.0, 512, 2);     // prepares every stage
//   chain.process(block, channel);      // each stage's block process in turn, in place
//   float y = chain.process(x, channel); // or per sample: stage3(stage2(stage1(x)))
//   chain.reset();
//
// Stages are held by value in a std::tuple and called through templates, so the whole
// chain inlines like hand-written code. A stage needs:
//   prepare(double sample_rate, int max_block_size, int channels)   (optional)
//   reset()                                                       (optional)
//   T process(T x, int channel)  or  T process(T x)               (per sample)
//   process(std::span<T> block, int channel) or process(std::span<T>) (per block;
//                                     if missing, the chain runs the per-sample call)
// A Chain is itself such a stage, so chains nest.
#pragma once

#include <concepts>
#include <cstddef>
#include <span>
#include <tuple>
#include <utility>

namespace plinth::dsp {

namespace detail {
template <typename P>
concept HasPrepare = requires(P& p) {
  p.prepare(double{}, int{}, int{});
};
template <typename P>
concept HasReset = requires(P& p) {
  p.reset();
};
template <typename P, typename T>
concept SampleWithChannel = requires(P& p, T x) {
  { p.process(x, int{}) } -> std::convertible_to<T>;
};
template <typename P, typename T>
concept SampleOnly = requires(P& p, T x) {
  { p.process(x) } -> std::convertible_to<T>;
};
template <typename P, typename T>
concept BlockWithChannel = requires(P& p, std::span<T> b) {
  p.process(b, int{});
};
template <typename P, typename T>
concept BlockOnly = requires(P& p, std::span<T> b) {
  p.process(b);
};

template <typename P>
inline void prepare_stage(P& p, double sample_rate, int max_block_size, int channels) {
  if constexpr (HasPrepare<P>) p.prepare(sample_rate, max_block_size, channels);
}

template <typename P>
inline void reset_stage(P& p) noexcept {
  if constexpr (HasReset<P>) p.reset();
}

template <typename T, typename P>
inline T process_sample(P& p, T x, int channel) noexcept {
  if constexpr (SampleWithChannel<P, T>)
    return static_cast<T>(p.process(x, channel));
  else {
    static_assert(SampleOnly<P, T>, "chain stage has no per-sample process(T[, int])");
    return static_cast<T>(p.process(x));
  }
}

template <typename T, typename P>
inline void process_block(P& p, std::span<T> block, int channel) noexcept {
  if constexpr (BlockWithChannel<P, T>)
    p.process(block, channel);
  else if constexpr (BlockOnly<P, T>)
    p.process(block);
  else
    for (T& x : block) x = process_sample(p, x, channel);
}
}  // namespace detail

template <typename... Stages>
class Chain {
public:
  static constexpr std::size_t size = sizeof...(Stages);

  Chain() = default;
  explicit Chain(Stages... stages) : stages_(std::move(stages)...) {}

  void prepare(double sample_rate, int max_block_size, int channels) {
    std::apply([&](auto&... s) { (detail::prepare_stage(s, sample_rate, max_block_size, channels), ...); }, stages_);
  }

  void reset() noexcept {
    std::apply([](auto&... s) { (detail::reset_stage(s), ...); }, stages_);
  }

  // One sample through every stage, first to last.
  template <std::floating_point T>
  [[nodiscard]] T process(T x, int channel = 0) noexcept {
    std::apply([&](auto&... s) { ((x = detail::process_sample(s, x, channel)), ...); }, stages_);
    return x;
  }

  // A block through every stage in turn, in place.
  template <std::floating_point T>
  void process(std::span<T> block, int channel = 0) noexcept {
    std::apply([&](auto&... s) { (detail::process_block(s, block, channel), ...); }, stages_);
  }

  template <std::size_t I>
  [[nodiscard]] auto& get() noexcept {
    return std::get<I>(stages_);
  }
  template <std::size_t I>
  [[nodiscard]] const auto& get() const noexcept {
    return std::get<I>(stages_);
  }

private:
  std::tuple<Stages...> stages_;
};

}  // namespace plinth::dsp
