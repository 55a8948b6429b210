// State: round trips and malformed input.
#include "plinth/host/checks/common.h"

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <limits>
#include <random>
#include <string>
#include <vector>

namespace plinth::host::checks {

namespace {

void state_round_trip(Module& module, const ClassInfo& cls, CheckResult& result) {
  Ctx ck{module, cls, result};
  auto a = ck.make();
  if (!a) return;
  const auto params = writable(a->parameters());
  const auto bypass = a->bypass_id();
  if (!bypass) ck.note("no bypass parameter (kIsBypass)");
  if (!ck.start(*a, 48000.0, 256, false)) return;

  for (int round = 0; round < 2; ++round) {
    // Round 0: bypass on; round 1: bypass off, other values, and the outputs compared.
    auto changes = odd_values(params, round == 0 ? 0.37 : 0.61);
    if (bypass) changes.push_back({*bypass, 0, round == 0 ? 1.0 : 0.0});
    for (const auto& c : changes) a->set_normalized(c.id, c.normalized);
    long ta = 0;
    fill_sine(*a, 256, ta);
    ta += 256;
    ck.expect_ok(a->process(256, changes), "process with new parameter values");
    auto state = a->save_state_checked();
    if (!ck.expect(state.has_value(), "get_state failed")) return;

    auto b = ck.make();
    if (!b) return;
    if (!ck.expect_ok(b->load_state_result(*state), "set_state with the state another instance saved")) return;
    for (const auto& c : changes) {
      const auto info = std::find_if(params.begin(), params.end(), [&](const auto& x) { return x.id == c.id; });
      const double got = b->get_normalized(c.id);
      ck.expect(std::abs(got - c.normalized) <= tolerance(*info),
                param_name(*info) + (info->is_bypass() ? " [bypass]" : "") + " saved as " + fmt(c.normalized) +
                    " comes back as " + fmt(got) + " after loading the state into a fresh instance");
    }
    auto again = b->save_state_checked();
    if (again && *again != *state) ck.note("a loaded state saved again differs byte-wise from the original");

    if (round == 1) {
      if (!ck.start(*b, 48000.0, 256, false)) return;
      long tb = ta;
      double worst = 0.0;
      for (int k = 0; k < 40; ++k) {
        if (!run_blocks(ck, *a, 1, 256, ta, "original instance") ||
            !run_blocks(ck, *b, 1, 256, tb, "restored instance")) {
          return;
        }
        if (k < 30) continue;  // let smoothing settle
        for (int bus = 0; bus < a->audio_outputs(); ++bus) {
          for (int ch = 0; ch < a->channels(abi::kOutput, bus); ++ch) {
            for (int i = 0; i < 256; ++i) {
              worst = std::max(worst, std::abs(output_sample(*a, bus, ch, i) - output_sample(*b, bus, ch, i)));
            }
          }
        }
      }
      ck.expect(worst < 1e-4,
                "a fresh instance loaded with the state sounds different (difference up to " + fmt(worst) + ")");
    }
  }
}

void state_malformed(Module& module, const ClassInfo& cls, CheckResult& result) {
  Ctx ck{module, cls, result};
  auto p = ck.make();
  if (!p) return;
  const auto all = p->parameters();
  const auto params = writable(all);
  if (!ck.start(*p, 44100.0, 256, false)) return;
  auto changes = odd_values(params, 0.29);
  for (const auto& c : changes) p->set_normalized(c.id, c.normalized);
  long t = 0;
  fill_sine(*p, 256, t);
  ck.expect_ok(p->process(256, changes), "process with new parameter values");
  const auto good = p->save_state_checked();
  if (!ck.expect(good.has_value(), "get_state failed")) return;
  const auto controller_before = controller_values(*p, all);

  std::mt19937 rng(99);
  auto random_bytes = [&rng](std::size_t n) {
    std::vector<std::uint8_t> v(n);
    for (auto& x : v) x = static_cast<std::uint8_t>(rng());
    return v;
  };
  std::vector<std::pair<std::string, std::vector<std::uint8_t>>> bad;
  bad.emplace_back("an empty stream", std::vector<std::uint8_t>{});
  bad.emplace_back("one byte", std::vector<std::uint8_t>{good->empty() ? std::uint8_t{1} : (*good)[0]});
  if (good->size() > 1) {
    bad.emplace_back("the state truncated to half",
                     std::vector<std::uint8_t>(good->begin(), good->begin() + static_cast<long>(good->size() / 2)));
    bad.emplace_back("the state less its last byte", std::vector<std::uint8_t>(good->begin(), good->end() - 1));
  }
  if (good->size() >= 4) {
    auto v = *good;
    for (int i = 0; i < 4; ++i) v[static_cast<std::size_t>(i)] ^= 0xFF;
    bad.emplace_back("the state with its first 4 bytes inverted", v);
  }
  bad.emplace_back("16 random bytes", random_bytes(16));
  bad.emplace_back("4096 random bytes", random_bytes(4096));
  bad.emplace_back("1 MiB of random bytes", random_bytes(1 << 20));
  bad.emplace_back("1 KiB of 0xFF", std::vector<std::uint8_t>(1024, 0xFF));

  for (const auto& [what, bytes] : bad) {
    if (bytes == *good) continue;
    auto stream = make_object<MemoryStream>(bytes);
    const abi::tresult r = p->component()->set_state(stream.get());
    ck.expect(r != abi::kResultOk, "component set_state accepted " + what);
    const auto after = p->save_state_checked();
    ck.expect(after.has_value() && *after == *good, "component state changed after set_state with " + what);
    if (p->controller() != nullptr) {
      auto cstream = make_object<MemoryStream>(bytes);
      p->controller()->set_component_state(cstream.get());
      ck.expect(controller_values(*p, all) == controller_before,
                "controller parameter values changed after set_component_state with " + what);
      auto sstream = make_object<MemoryStream>(bytes);
      p->controller()->set_state(sstream.get());  // the controller's own state: must not crash
      ck.expect(controller_values(*p, all) == controller_before,
                "controller parameter values changed after controller set_state with " + what);
    }
    if (!run_blocks(ck, *p, 1, 256, t, "after set_state with " + what)) return;
  }
  // And the good state still loads.
  ck.expect(p->load_state(*good), "the good state no longer loads after the malformed ones");
}

}  // namespace

std::vector<Check> state_checks() {
  return {
      {"state.round_trip", "state (bypass included) restores a fresh instance, which then sounds the same",
       state_round_trip},
      {"state.malformed", "empty, truncated and random state refused without changing anything", state_malformed},
  };
}

}  // namespace plinth::host::checks
