// Plinth state: save -> load -> save is byte-identical and every parameter reads back
// exactly, for every parameter kind and random values; the version-1 format (plain
// values) still loads; the reader refuses what version 2 can never contain.
#include "plinth/core/state.h"

#include <cmath>
#include <cstring>
#include <random>
#include <vector>

#include <gtest/gtest.h>

#include "core/state_blob.h"

#include "plinth/core/plugin.h"

namespace {

using plinth::test::add_state_value;
using plinth::test::state_header;

// One parameter of every kind, plus extra data the plugin accepts only when it is the
// 4-byte tag it writes itself.
class Kinds : public plinth::Plugin<Kinds> {
public:
  static constexpr plinth::PluginInfo info{.name = "Kinds",
                                           .vendor = "Tests",
                                           .processor_id = "00000000000000000000000000000011",
                                           .controller_id = "00000000000000000000000000000012"};

  plinth::Param& lin = declare(plinth::ParamSpec::linear(1, "Linear", -3.0, 7.0, 0.1));
  plinth::Param& freq = declare(plinth::ParamSpec::logarithmic(2, "Freq", 20.0, 20000.0, 1000.0).with_unit("Hz"));
  plinth::Param& attack = declare(plinth::ParamSpec::logarithmic(3, "Attack", 0.1, 500.0, 2.0000000000000004));
  plinth::Param& gain = declare(plinth::ParamSpec::decibel(4, "Gain", -60.0, 24.0, -6.1));
  plinth::Param& steps = declare(plinth::ParamSpec::integer(5, "Steps", -4, 12, 3));
  plinth::Param& mode = declare(plinth::ParamSpec::list(6, "Mode", {"A", "B", "C", "D", "E"}, 2));
  plinth::Param& flag = declare(plinth::ParamSpec::boolean(7, "Flag", true));
  std::uint32_t tag = 0xC0FFEE;

  void save_extra(std::vector<std::uint8_t>& out) const override {
    for (int i = 0; i < 4; ++i) out.push_back(static_cast<std::uint8_t>(tag >> (8 * i)));
  }
  bool load_extra(std::span<const std::uint8_t> data) override {
    if (data.size() != 4) return false;
    tag = 0;
    for (int i = 0; i < 4; ++i) tag |= std::uint32_t{data[static_cast<std::size_t>(i)]} << (8 * i);
    return true;
  }

  template <std::floating_point T>
  void process(const plinth::ProcessBlock<T>&) {}
};

std::unique_ptr<Kinds> make_kinds() {
  auto core = plinth::create_checked(std::make_unique<Kinds>());
  return std::unique_ptr<Kinds>(static_cast<Kinds*>(core.release()));
}

std::vector<double> normalized_values(const plinth::PluginCore& p) {
  std::vector<double> out;
  for (const plinth::Param* param : p.params()) out.push_back(param->normalized());
  return out;
}

TEST(StateExact, DefaultStateResavesByteIdentical) {
  auto a = make_kinds();
  const auto first = plinth::save_state(*a);
  auto b = make_kinds();
  ASSERT_EQ(plinth::load_state(*b, first), plinth::StateError::none);
  EXPECT_EQ(plinth::save_state(*b), first);
  // The log-scaled default that used to come back as 2.0000000000000013.
  EXPECT_EQ(b->attack.normalized(), a->attack.normalized());
}

TEST(StateExact, RandomStatesResaveByteIdenticalAndReadBackExactly) {
  std::mt19937_64 rng(20261129);
  std::uniform_real_distribution<double> unit(0.0, 1.0);
  for (int round = 0; round < 3000; ++round) {
    auto a = make_kinds();
    for (plinth::Param* p : a->params()) {
      // Half the time a normalized value as a host sends it, half a plain value as the
      // plugin's own code or a text entry would set it.
      if (round % 2 == 0)
        p->set_normalized(unit(rng));
      else
        p->set_value(p->spec().min + unit(rng) * (p->spec().max - p->spec().min));
    }
    a->tag = static_cast<std::uint32_t>(rng());
    const auto first = plinth::save_state(*a);
    auto b = make_kinds();
    ASSERT_EQ(plinth::load_state(*b, first), plinth::StateError::none) << "round " << round;
    const auto second = plinth::save_state(*b);
    ASSERT_EQ(second, first) << "round " << round;
    ASSERT_EQ(normalized_values(*b), normalized_values(*a)) << "round " << round;
    for (std::size_t i = 0; i < a->params().size(); ++i)
      ASSERT_EQ(b->params()[i]->value(), a->params()[i]->value()) << "round " << round << " param " << i;
    ASSERT_EQ(b->tag, a->tag);
  }
}

TEST(StateExact, RepeatedCyclesDoNotDrift) {
  auto a = make_kinds();
  a->freq.set_value(1234.5678);
  a->attack.set_value(3.3);
  a->gain.set_value(-17.3);
  const auto first = plinth::save_state(*a);
  auto bytes = first;
  for (int cycle = 0; cycle < 100; ++cycle) {
    auto b = make_kinds();
    ASSERT_EQ(plinth::load_state(*b, bytes), plinth::StateError::none);
    bytes = plinth::save_state(*b);
  }
  EXPECT_EQ(bytes, first);
}


TEST(StateExact, Version1PlainValuesStillLoad) {
  auto p = make_kinds();
  auto v = state_header(1, 3, 4);
  add_state_value(v, 2, 440.0);  // Hz
  add_state_value(v, 4, -12.0);  // dB
  add_state_value(v, 6, 4.0);    // list index
  v.insert(v.end(), {1, 0, 0, 0});
  ASSERT_EQ(plinth::load_state(*p, v), plinth::StateError::none);
  EXPECT_NEAR(p->freq.value(), 440.0, 1e-9);
  EXPECT_NEAR(p->gain.value(), -12.0, 1e-12);
  EXPECT_EQ(p->mode.value(), 4.0);
  EXPECT_EQ(p->lin.normalized(), p->lin.spec().default_normalized());  // missing -> default
  EXPECT_EQ(p->tag, 1u);
  // Saved again, it is version 2.
  const auto again = plinth::save_state(*p);
  EXPECT_EQ(again[4], plinth::state_format_version);
}

TEST(StateExact, Version2RefusesNormalizedValuesOutsideTheUnitRange) {
  for (double bad : {-0.001, 1.5, 1e300, -1e-300}) {
    auto p = make_kinds();
    p->lin.set_normalized(0.3);
    auto v = state_header(2, 1, 4);
    add_state_value(v, 1, bad);
    v.insert(v.end(), {1, 0, 0, 0});
    EXPECT_EQ(plinth::load_state(*p, v), plinth::StateError::bad_value) << bad;
    EXPECT_EQ(p->lin.normalized(), 0.3);
    EXPECT_EQ(p->tag, 0xC0FFEEu);
  }
}

TEST(StateExact, SizeFromHeaderMatchesWhatSaveWrites) {
  auto p = make_kinds();
  const auto bytes = plinth::save_state(*p);
  std::size_t total = 0;
  ASSERT_EQ(plinth::state_size(std::span(bytes).first(plinth::state_header_size), total), plinth::StateError::none);
  EXPECT_EQ(total, bytes.size());
  EXPECT_EQ(plinth::state_size(std::span(bytes).first(10), total), plinth::StateError::truncated);
  EXPECT_EQ(plinth::state_size({}, total), plinth::StateError::empty);
  auto huge = state_header(2, 1u << 20, 0);
  EXPECT_EQ(plinth::state_size(huge, total), plinth::StateError::too_large);
}

}  // namespace
